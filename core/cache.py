"""The cache speeds pages up but is never needed: when it is unreachable, callers compute as if it were empty.

A cache server that hangs costs one timeout (CACHES' socket timeouts), then the cache is left alone for
UNREACHABLE_PAUSE_SECONDS in this process: pages are built from the database without waiting on it call after call.
"""

import collections
import contextlib
import functools
import hashlib
import logging
import threading
import time

from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.handlers.exception import response_for_exception
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, ResolverMatch, get_resolver, get_urlconf
from django.utils import timezone
from django.utils.cache import get_conditional_response, has_vary_header
from django.utils.http import quote_etag, urlencode

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


def cache_bump(key):
    """Makes every entry built on a version number stale: now, and again once the transaction commits.

    The second bump matters: a reader that ran between the first one and the commit read the previous rows and cached
    them under the new number.
    """
    _bump(key)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(key))


def _bump(key):
    known = getattr(_page_versions, "numbers", None)
    if known is not None:
        known.pop(key, None)
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


# Public pages, cached whole -------------------------------------------------------------------------------------

SITE_VERSION_KEY = "boussole:site:version"
PAGE_TIMEOUT = 600
# How long a browser or a reverse proxy may reuse a page before asking again (with its ETag).
PAGE_MAX_AGE = 60
PAGE_CACHE_CONTROL = f"public, max-age={PAGE_MAX_AGE}"


# The version numbers a public page is being built on (`cached_page`), for what the view reads under the same keys:
# its questionnaires, the layout. One round trip to the cache for all of them, and one set of numbers for the page.
_page_versions = threading.local()


def _version_numbers(keys) -> dict | None:
    known = getattr(_page_versions, "numbers", None)
    if known is not None and all(key in known for key in keys):
        return known
    if not _reachable():
        return None
    try:
        found = cache.get_many(keys)
        missing = {key: time.time_ns() for key in keys if key not in found}
        if missing:
            cache.set_many(missing, timeout=None)
            found.update(missing)
    except Exception:
        _failed("lecture des versions", ",".join(keys))
        return None
    return found


def cache_versions(keys) -> str | None:
    """The current numbers of these version keys, in one round trip; None when the cache is unreachable.

    A missing number starts from the clock rather than from 1, so that it never comes back to a value that entries
    still in the cache were built on. Within a public page (`cached_page`), the numbers it is built on.
    """
    found = _version_numbers(keys)
    if found is None:
        return None
    return "-".join(str(found[key]) for key in keys)


@contextlib.contextmanager
def versions_read_once(keys):
    """Reads these version numbers in one round trip (None when the cache is unreachable); within the block, what
    is cached under them is read under these numbers without asking again. For a page that reads several versioned
    values."""
    numbers = _version_numbers(keys)
    _page_versions.numbers = None if numbers is None else dict(numbers)
    try:
        yield numbers
    finally:
        _page_versions.numbers = None


def page_version(key: str):
    """The number of `key` the public page being built read, or None outside such a page (or if it read none)."""
    known = getattr(_page_versions, "numbers", None)
    return None if known is None else known.get(key)


def current_version(version_key: str) -> str | None:
    """The number that entries built on `version_key` are kept under; None when the cache is unreachable."""
    return cache_versions([version_key])


class _DeferredWrites(threading.local):
    """What `versioned` computed while answering a request, written to the cache once the response is sent: the
    server sends `request_finished` after the last byte, so the visitor never waits for these round trips (a results
    page is tens of kilobytes). Read back by the same request meanwhile; written at once outside a request (tasks,
    commands). A value written late is kept under the version numbers it was computed on: never stale."""

    pending: dict | None = None

    def get(self, key):
        return None if self.pending is None else self.pending.get(key, (None,))[0]

    def set(self, key, value, *, timeout):
        if self.pending is None:
            cache_set(key, value, timeout=timeout)
        else:
            self.pending[key] = (value, timeout)

    def start(self, **kwargs):
        self.pending = {}

    def write(self, **kwargs):
        pending, self.pending = self.pending, None
        for key, (value, timeout) in (pending or {}).items():
            cache_set(key, value, timeout=timeout)


_deferred = _DeferredWrites()
defer_writes_during_requests = _deferred.start
write_deferred = _deferred.write


# Values `versioned(..., in_process=True)` keeps in each process as well, under their versions: what many pages read
# (a few kilobytes at most: the open territories, a commune), without a round trip to the cache server nor unpickling
# it again. The least recently read go first; those of former versions are never read again.
VALUES_KEPT_IN_PROCESS = 2048
_process_values: collections.OrderedDict = collections.OrderedDict()


def versioned(key: str, version_keys: list[str], compute, *, timeout: int, in_process: bool = False):
    """The value of `compute()`, kept under `key` until one of `version_keys` moves (`cache_bump`).

    The one way to cache rows: the version numbers are read before the rows, and bumped again after the commit of
    whatever changed them, so that no reader keeps stale rows under a new number. Scope the version keys as narrowly
    as the data (one organisation, one offer), so that one change drops only what it touched. Computed each time
    when the cache is unreachable. `in_process` also keeps the value in the process's memory, for small values that
    most pages read: never stale, since it is found only under the current version numbers.
    """
    versions = cache_versions(version_keys)
    if versions is None:
        return compute()
    full_key = f"{key}@{versions}"
    if in_process:
        value = _process_values.get(full_key)
        if value is not None:
            with contextlib.suppress(KeyError):  # dropped meanwhile by another thread
                _process_values.move_to_end(full_key)
            return value
    value = _deferred.get(full_key)
    if value is None:
        value = cache_get(full_key)
    if value is None:
        value = compute()
        _deferred.set(full_key, value, timeout=timeout)
    if in_process:
        _process_values[full_key] = value
        while len(_process_values) > VALUES_KEPT_IN_PROCESS:
            with contextlib.suppress(KeyError):
                _process_values.popitem(last=False)
    return value


@functools.cache
def release() -> str:
    """Changes with every build of the static files: a page cached before a deployment names files that are gone."""
    return getattr(staticfiles_storage, "manifest_hash", "") or ""


def _page_key(request, params) -> str:
    """The page's address with only the query parameters it reads: `?x=1`, `?x=2`… are the same page, kept once."""
    read = sorted((name, request.GET.getlist(name)) for name in params if name in request.GET)
    address = hashlib.sha256(f"{request.path}?{urlencode(read, doseq=True) if read else ''}".encode()).hexdigest()
    return f"boussole:page:{release()}:{address}"


def _cached_page(request) -> tuple[tuple[str, ...], list[str], ResolverMatch] | None:
    """The query parameters read by the page at this address, its version keys and its view, if `cached_page` marks
    it; None otherwise."""
    route = _page_route(get_resolver(get_urlconf()), request.path_info)
    if route is None:
        return None
    params, version_keys, match = route
    return params, version_keys(request, **match.kwargs), match


@functools.lru_cache(maxsize=4096)
def _page_route(resolver, path) -> tuple | None:
    """What `_cached_page` needs of the view at this address, the address resolved once by each process: every request
    asks, kept pages included, and Django resolves it again for a page to build."""
    try:
        match = resolver.resolve(path)
    except Resolver404:
        return None
    params = getattr(match.func, "cached_page_params", None)
    # Kept for everyone and built past the login layer: public pages only, whatever the decorator says.
    if params is None or getattr(match.func, "login_required", True):
        return None
    return params, match.func.cached_page_version_keys, match


def _entry_and_versions(key, version_keys) -> tuple:
    """A kept page and the current numbers of the version keys, in one round trip; (None, None) when the cache is
    unreachable."""
    if not _reachable():
        return None, None
    try:
        found = cache.get_many([key, *version_keys])
        entry = found.pop(key, None)
        missing = {version_key: time.time_ns() for version_key in version_keys if version_key not in found}
        if missing:
            cache.set_many(missing, timeout=None)
            found.update(missing)
    except Exception:
        _failed("lecture", key)
        return None, None
    return entry, found


def cached_page(version_keys=lambda request, **kwargs: [], *, params=()):
    """Marks a public page to be kept whole by PublicPageCacheMiddleware, as an anonymous visitor sees it.

    `version_keys(request, **view_kwargs)` names the version keys of the data the page shows (the site's layout is
    always one): bumping any of them (`cache_bump`) makes the page stale. They are read before the view reads its
    rows, so that a change made meanwhile is never kept under the new numbers. The view runs without the visitor's
    session, login, CSRF token or messages (PublicPageCacheMiddleware.build): it reads none, and the page is the same
    for everyone. `params` names the query parameters the view reads: the only ones that make another page (any other
    is ignored, and does not fill the cache).
    """

    def page_version_keys(request, **kwargs):
        return [SITE_VERSION_KEY, *version_keys(request, **kwargs)]

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            request.user = AnonymousUser()
            ignored = request.GET.keys() - params
            if ignored:
                request.GET = request.GET.copy()
                for name in ignored:
                    del request.GET[name]
            keys = page_version_keys(request, **kwargs)
            with versions_read_once(keys) as numbers:
                versions = None if numbers is None else "-".join(str(numbers[key]) for key in keys)
                response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                if hasattr(response, "render"):
                    response.render()
                response["ETag"] = quote_etag(hashlib.md5(response.content, usedforsecurity=False).hexdigest())
                if not response.has_header("Cache-Control"):
                    response["Cache-Control"] = PAGE_CACHE_CONTROL
                if versions is not None:
                    response.page_versions = (keys, versions)
            return response

        wrapper.cached_page_params = tuple(params)
        wrapper.cached_page_version_keys = page_version_keys
        return wrapper

    return decorator


def _period() -> str:
    """How long a kept page may show what it shows: the day (an offer's dates) and its half around 18:00, when the
    contact deadline promised on an offer moves to the next working day.
    """
    now = timezone.localtime()
    return f"{now.date()}:{'soir' if now.hour >= 18 else 'jour'}"


def cached_html(key: str, version_keys: list[str], render) -> str:
    """The HTML that `render()` returns, kept under `key` until one of `version_keys` or the site's layout moves.

    For a page that needs the visitor's session to know what to show (the results of their answers) but is then the
    same for everyone who gave the same answers: `key` says what it shows, and the caller renders it anonymously.
    """
    full_key = f"boussole:html:{release()}:{_period()}:{key}"
    return versioned(full_key, [SITE_VERSION_KEY, *version_keys], render, timeout=PAGE_TIMEOUT)


class PublicPageCacheMiddleware:
    """Serves the pages marked by `cached_page` from the cache, before sessions, CSRF, authentication or URL routing;
    on a miss, builds them past those layers.

    A kept page is served as long as the version keys it was built on have not moved and the day has not changed (an
    offer's validity dates). A page is kept only when nothing personal went into it: no cookie set, no session read,
    no CSRF token. Browsers and proxies that send back its ETag get a 304.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        page = _cached_page(request) if request.method in ("GET", "HEAD") else None
        if page is None:
            return self.get_response(request)
        params, version_keys, match = page
        key = _page_key(request, params)
        today = _period()
        # The kept page and the current version numbers in one round trip; on a miss, the view builds the page on
        # these numbers without asking for them again.
        entry, numbers = _entry_and_versions(key, version_keys)
        if entry is not None:
            keys, versions, day, content, headers = entry
            if day == today and keys == version_keys and "-".join(str(numbers[k]) for k in keys) == versions:
                response = HttpResponse(content, headers=headers)
                return get_conditional_response(request, etag=response["ETag"], response=response)
        _page_versions.numbers = None if numbers is None else dict(numbers)
        try:
            response = self.build(request, match)
        finally:
            _page_versions.numbers = None
        page_versions = getattr(response, "page_versions", None)
        if page_versions is None or response.status_code != 200:
            return response
        if not (
            response.cookies or has_vary_header(response, "Cookie") or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            keys, versions = page_versions
            entry = (keys, versions, today, response.content, dict(response.items()))
            # Kept once the page is sent (`_DeferredWrites`): the visitor does not wait for the round trip.
            _deferred.set(key, entry, timeout=PAGE_TIMEOUT)
        return get_conditional_response(request, etag=response["ETag"], response=response)

    def build(self, request, match):
        """The page as everyone sees it, from its view alone.

        The layers below this one serve a visitor (session, CSRF token, login, messages), and a page kept for everyone
        reads none of them: building it without them spares every page missed in the cache their work. A page whose
        form asked for a CSRF token after all is built again through them, so that its cookie is set; it is not
        kept.
        """
        request.resolver_match = match
        try:
            response = match.func(request, *match.args, **match.kwargs)
        except Exception as exc:
            # As Django answers for any view: the 404 page, the 500 page and its log.
            return response_for_exception(request, exc)
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return self.get_response(request)
        if not response.streaming and not response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
