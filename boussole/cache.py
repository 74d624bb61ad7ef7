"""The cache speeds pages up but is never needed: when it is unreachable, callers compute as if it were empty."""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def cache_get(key, default=None):
    try:
        return cache.get(key, default)
    except Exception:
        logger.warning("Cache injoignable : lecture de %s ignorée", key, exc_info=True)
        return default


def cache_set(key, value, timeout):
    try:
        cache.set(key, value, timeout=timeout)
    except Exception:
        logger.warning("Cache injoignable : écriture de %s ignorée", key, exc_info=True)


def cache_get_or_set(key, default, timeout=None):
    """The cached value, or `default` (stored when possible)."""
    try:
        return cache.get_or_set(key, default, timeout=timeout)
    except Exception:
        logger.warning("Cache injoignable : %s calculé sans cache", key, exc_info=True)
        return None


def cache_bump(key):
    """Increments a version number, so that every entry built on the previous one is ignored."""
    try:
        cache.incr(key)
    except ValueError:  # no version yet: nothing was cached under it
        pass
    except Exception:
        logger.warning("Cache injoignable : %s non incrémenté", key, exc_info=True)


def cache_delete(key):
    try:
        cache.delete(key)
    except Exception:
        logger.warning("Cache injoignable : %s non effacé", key, exc_info=True)
