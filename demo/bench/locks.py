"""How long a job holds locks on a table, seen from a second connection that reads `pg_locks` every few milliseconds.

For each transaction of the watched backend holding a lock on the table, the longest time from the start of that
transaction to a sample that still saw the lock: an upper bound of how long the lock was held (a transaction may take
it after it starts), to within the sampling period. Read locks (ACCESS SHARE: a SELECT) block only a schema change;
write locks (ROW EXCLUSIVE and row locks: an UPDATE, a SELECT … FOR UPDATE) block whoever writes the same rows.
"""

import threading
import time

import psycopg
from django.db import connection

SAMPLE_SECONDS = 0.005
READ_MODES = {"AccessShareLock"}

SAMPLE = """
SELECT a.xact_start, l.mode, extract(epoch FROM clock_timestamp() - a.xact_start)
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.pid = %s AND l.granted AND l.relation = %s::regclass AND a.xact_start IS NOT NULL
"""


class LockWatch:
    """`with LockWatch(table) as watch:` around a job run on Django's connection; then `watch.longest_read`,
    `watch.longest_write` (seconds) and `watch.transactions` (how many transactions took a lock on the table)."""

    def __init__(self, table: str):
        self.table = table
        self.longest = {}  # (transaction start, read or write) → seconds
        self.samples = 0
        self._stop = threading.Event()

    def __enter__(self):
        connection.ensure_connection()
        self.pid = connection.connection.info.backend_pid
        db = connection.settings_dict
        self._watcher = psycopg.connect(
            dbname=db["NAME"],
            user=db["USER"],
            password=db["PASSWORD"],
            host=db["HOST"],
            port=db["PORT"] or None,
            autocommit=True,
        )
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._watcher.close()

    def _watch(self):
        while not self._stop.is_set():
            for start, mode, seconds in self._watcher.execute(SAMPLE, [self.pid, self.table]).fetchall():
                key = (start, "read" if mode in READ_MODES else "write")
                self.longest[key] = max(self.longest.get(key, 0.0), float(seconds))
            self.samples += 1
            time.sleep(SAMPLE_SECONDS)

    def _longest(self, kind) -> float:
        return max((seconds for (_, held), seconds in self.longest.items() if held == kind), default=0.0)

    @property
    def longest_read(self) -> float:
        return self._longest("read")

    @property
    def longest_write(self) -> float:
        return self._longest("write")

    @property
    def transactions(self) -> int:
        return len({start for start, _ in self.longest})
