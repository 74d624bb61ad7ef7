"""Limits on how often one client may do something, counted atomically in the cache shared by every web process."""

from boussole.cache import cache_count, cache_uncount


def hit(key: str, *, limit: int, window: int) -> bool:
    """Counts one hit on `key`; returns True when it goes over `limit` hits within `window` seconds.

    The count is incremented in one atomic cache operation before it is compared, so parallel requests cannot all
    read the same count and pass together. The window starts at the first hit. Without a reachable cache, nobody is
    limited: the cache guards the site but is never needed to answer.
    """
    count = cache_count(f"ratelimit:{key}", window=window)
    return count is not None and count > limit


def forgive(key: str) -> None:
    """Takes back one hit on `key`, for an attempt that turned out not to count (the same form sent twice)."""
    cache_uncount(f"ratelimit:{key}")
