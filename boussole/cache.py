"""The cache speeds pages up but is never needed: when it is unreachable, callers compute as if it were empty."""

import functools
import hashlib
import logging
import time

from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag

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
    """Makes every entry built on a version number stale: now, and again once the transaction commits.

    The second bump matters: a reader that ran between the first one and the commit read the previous rows and cached
    them under the new number.
    """
    _bump(key)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(key))


def _bump(key):
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


# Public pages, cached whole -------------------------------------------------------------------------------------

SITE_VERSION_KEY = "boussole:site:version"
PAGE_TIMEOUT = 600
# How long a browser or a reverse proxy may reuse a page before asking again (with its ETag).
PAGE_MAX_AGE = 60


def cache_versions(keys) -> str | None:
    """The current numbers of these version keys, in one round trip; None when the cache is unreachable.

    A missing number starts from the clock rather than from 1, so that it never comes back to a value that entries
    still in the cache were built on.
    """
    try:
        found = cache.get_many(keys)
        missing = {key: time.time_ns() for key in keys if key not in found}
        if missing:
            cache.set_many(missing, timeout=None)
            found.update(missing)
    except Exception:
        logger.warning("Cache injoignable : versions %s lues sans cache", keys, exc_info=True)
        return None
    return "-".join(str(found[key]) for key in keys)


@functools.cache
def _release() -> str:
    """Changes with every build of the static files: a page cached before a deployment names files that are gone."""
    return getattr(staticfiles_storage, "manifest_hash", "") or ""


def cached_page(version_keys=lambda request, **kwargs: []):
    """Caches a public page whole, as an anonymous visitor sees it, until the data it shows changes.

    `version_keys(request, **view_kwargs)` names the version keys of that data (the site's layout is always one):
    bumping any of them (`cache_bump`) makes the page stale. The view runs without the visitor's session, so it
    reads none and the page is the same for everyone; responses that set a cookie or hold a CSRF token are not kept.
    Each page carries an ETag and may be reused by browsers and proxies for PAGE_MAX_AGE seconds.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            request.user = AnonymousUser()
            versions = cache_versions([SITE_VERSION_KEY, *version_keys(request, **kwargs)])
            key = None
            if versions is not None:
                address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
                key = f"boussole:page:{_release()}:{timezone.localdate()}:{versions}:{address}"
                response = cache_get(key)
                if response is not None:
                    return get_conditional_response(request, etag=response["ETag"], response=response)
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
                return response
            if hasattr(response, "render"):
                response.render()
            response["ETag"] = quote_etag(hashlib.md5(response.content, usedforsecurity=False).hexdigest())
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE)
            if key is not None:
                cache_set(key, response, timeout=PAGE_TIMEOUT)
            return get_conditional_response(request, etag=response["ETag"], response=response)

        return wrapper

    return decorator
