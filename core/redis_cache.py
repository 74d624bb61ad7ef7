"""Django's Redis cache, reusing its client between calls.

Django builds a new `redis.Redis` for each cache call, and redis-py fills a table of about 170 reply handlers for each
new client: a fifth of a millisecond per call, several calls per page. The clients here are made once per connection
pool and shared, as redis-py means them to be (they are safe to share between threads).
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _ReusedClients(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class ReusedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClients
