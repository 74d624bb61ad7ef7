"""What the first visitor after an edit waits for: a public page whose kept copy is gone, the rest of the cache warm.

The site runs here on a Redis cache of its own (a database number that nothing else uses, emptied first), so that the
bench can drop the kept pages between two requests without touching anything else the site keeps: version numbers,
places, questionnaires, sessions.
"""

import os

import redis

# The kept pages (`core.cache.cached_page`) and the kept results (`core.cache.cached_html`).
KEPT_PAGES = ("*boussole:page:*", "*boussole:html:*")
DEFAULT_URL = "redis://127.0.0.1:6379/15"


def redis_url() -> str:
    return os.environ.get("BENCH_CACHE_MISS_REDIS_URL", DEFAULT_URL)


class KeptPages:
    """The Redis database the site keeps its pages in, for the bench to empty of pages only."""

    def __init__(self, url):
        self.client = redis.Redis.from_url(url, socket_timeout=2)

    def reachable(self) -> bool:
        try:
            return bool(self.client.ping())
        except redis.RedisError:
            return False

    def empty(self):
        self.client.flushdb()

    def forget_pages(self) -> int:
        keys = [key for pattern in KEPT_PAGES for key in self.client.scan_iter(match=pattern, count=1000)]
        if keys:
            self.client.delete(*keys)
        return len(keys)
