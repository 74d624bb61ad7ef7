"""Django's PostgreSQL backend, with a health check that costs no round trip, and prepared statements on demand.

A connection kept between requests (`CONN_MAX_AGE`) is checked before a request first uses it (`CONN_HEALTH_CHECKS`):
Django asks the server `SELECT 1`, a round trip as long as a page's own query. A connection that the server closed
(a restart, a terminated backend, a failover, an idle timeout) has something to read while idle: the server's last
message or the end of the stream. Only then is the server asked; otherwise the connection is used as it is.

Django's cursors bind values on the client side, which the server cannot prepare. `prepared_cursor` binds them on the
server side: with the connection's `prepare_threshold` at 0 and `plan_cache_mode` at `force_generic_plan` (settings),
each statement it runs is prepared the first time on the connection and planned then, once for every value. Only the
statements that `core.statements` keeps and marks so run there; the others are neither prepared nor planned ahead.
"""

import select

import psycopg
from django.db.backends.postgresql import base
from django.utils.asyncio import async_unsafe


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        if self.connection is None or self.connection.closed:
            return False
        try:
            idle = select.poll()
            idle.register(self.connection.fileno(), select.POLLIN)
            if not idle.poll(0):
                return True
        except (OSError, ValueError):  # no socket any more
            return False
        # Something came while the connection was idle: most likely its end. Django's check reads it.
        return super().is_usable()

    @async_unsafe
    def prepared_cursor(self):
        """A cursor like `cursor()` (transactions, errors, queries logged), whose values are bound by the server."""
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            cursor = psycopg.Cursor(self.connection)
            # As `create_cursor` does: moments read in the connection's time zone.
            loader = self.connection.adapters.get_loader(base.TIMESTAMPTZ_OID, base.Format.TEXT)
            if self.timezone != loader.timezone:
                base.register_tzloader(self.timezone, cursor)
            return self._prepare_cursor(cursor)
