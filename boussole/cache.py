"""The cache speeds pages up but is never needed: when it is unreachable, callers compute as if it were empty.

A cache server that hangs costs one timeout (CACHES' socket timeouts), then the cache is left alone for
UNREACHABLE_PAUSE_SECONDS in this process: pages are built from the database without waiting on it call after call.
"""

import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)

UNREACHABLE_PAUSE_SECONDS = 30
_unreachable_until = 0.0


def _reachable() -> bool:
    return time.monotonic() >= _unreachable_until


def _failed(what: str, key: str):
    global _unreachable_until
    _unreachable_until = time.monotonic() + UNREACHABLE_PAUSE_SECONDS
    logger.warning("Cache injoignable : %s de %s ignorée", what, key, exc_info=True)


def forget_failures():
    """Use the cache again at once (tests, and after a server change)."""
    global _unreachable_until
    _unreachable_until = 0.0


def cache_get(key, default=None):
    if not _reachable():
        return default
    try:
        return cache.get(key, default)
    except Exception:
        _failed("lecture", key)
        return default


def cache_set(key, value, timeout):
    if not _reachable():
        return
    try:
        cache.set(key, value, timeout=timeout)
    except Exception:
        _failed("écriture", key)


def cache_get_or_set(key, default, timeout=None):
    """The cached value, or `default` (stored when possible)."""
    if not _reachable():
        return None
    try:
        return cache.get_or_set(key, default, timeout=timeout)
    except Exception:
        _failed("lecture", key)
        return None


def cache_bump(key):
    """Increments a version number, so that every entry built on the previous one is ignored."""
    if not _reachable():
        return
    try:
        cache.incr(key)
    except ValueError:  # no version yet: nothing was cached under it
        pass
    except Exception:
        _failed("incrément", key)


def cache_delete(key):
    if not _reachable():
        return
    try:
        cache.delete(key)
    except Exception:
        _failed("effacement", key)


def cache_count(key, *, window: int) -> int | None:
    """Adds one to a counter that lives `window` seconds from its first hit; returns the new count, atomically.

    None when the cache cannot be reached.
    """
    if not _reachable():
        return None
    try:
        cache.add(key, 0, timeout=window)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr: a new window starts
            cache.add(key, 0, timeout=window)
            return cache.incr(key)
    except Exception:
        _failed("comptage", key)
        return None


def cache_uncount(key):
    """Takes one back from a counter of `cache_count`."""
    if not _reachable():
        return
    try:
        cache.decr(key)
    except ValueError:  # the window is over: nothing to take back
        pass
    except Exception:
        _failed("décompte", key)
