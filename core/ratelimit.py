"""Limits on how often one client may do something, counted atomically in the cache shared by every web process.

When the cache cannot be reached, each process counts on its own until it is back: the limit then holds per process
(a few times the limit for the site), never not at all, so that slowing Redis down does not open the gates.
"""

import threading
import time

from core.cache import cache_count, cache_uncount

_local_lock = threading.Lock()
_local_counts: dict[str, tuple[float, int]] = {}


def _count_locally(key: str, window: int) -> int:
    now = time.monotonic()
    with _local_lock:
        for stale in [name for name, (ends, _) in _local_counts.items() if ends <= now]:
            del _local_counts[stale]
        ends, count = _local_counts.get(key, (now + window, 0))
        _local_counts[key] = (ends, count + 1)
        return count + 1


def hit(key: str, *, limit: int, window: int) -> bool:
    """Counts one hit on `key`; returns True when it goes over `limit` hits within `window` seconds.

    The count is incremented in one atomic operation before it is compared, so parallel requests cannot all read
    the same count and pass together. The window starts at the first hit.
    """
    key = f"ratelimit:{key}"
    count = cache_count(key, window=window)
    if count is None:
        count = _count_locally(key, window)
    return count > limit


def forgive(key: str) -> None:
    """Takes back one hit on `key`, for an attempt that turned out not to count (the same form sent twice)."""
    key = f"ratelimit:{key}"
    cache_uncount(key)
    with _local_lock:
        if key in _local_counts:
            ends, count = _local_counts[key]
            _local_counts[key] = (ends, max(count - 1, 0))


def forget_local_counts():
    """Forget what this process counted on its own (tests)."""
    with _local_lock:
        _local_counts.clear()
