"""Addresses of the site's pages for the pages built most often, without walking the URL patterns each time."""

import functools
import re

from django.urls import get_script_prefix, get_urlconf, reverse

# Never an id nor a slug of ours: the route's address is made with it, then split around it.
_SAMPLE = 987_654_321


def address_with_id(viewname: str, pk: int) -> str:
    """`reverse(viewname, args=[pk])`, for a route whose one value is an id.

    Each process makes the route's address once, around a sample id. `reverse` walks the URL patterns and checks its
    result against the route: on a page built for its first visitor, that took longer than the rest of its link.
    """
    return _with_value(viewname, str(int(pk)))


# What Django's `slug` path converter accepts: characters an address holds as they are.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def address_with_slug(viewname: str, slug: str) -> str:
    """`reverse(viewname, args=[slug])`, for a route whose one value is a slug (`<slug:…>`), made as `address_with_id`
    makes its own. Anything but a slug goes through `reverse`, which refuses it as the route does."""
    if not _SLUG.fullmatch(slug):
        return reverse(viewname, args=[slug])
    return _with_value(viewname, slug)


def _with_value(viewname: str, value: str) -> str:
    """The route's address made once by each process around the sample, with `value` in the sample's place."""
    before, after = _around_sample(viewname, get_urlconf(), get_script_prefix())
    return f"{before}{value}{after}"


@functools.lru_cache(maxsize=64)
def _around_sample(viewname: str, urlconf, script_prefix: str) -> tuple[str, str]:
    before, after = reverse(viewname, args=[_SAMPLE], urlconf=urlconf).split(str(_SAMPLE))
    return before, after
