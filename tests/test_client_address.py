import pytest
from django.test import RequestFactory

from core.http import client_address


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.2"),  # no proxy: the header is the client's, never read
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "1.2.3.4, 203.0.113.5", "203.0.113.5"),  # the client wrote 1.2.3.4
        (2, "1.2.3.4, 203.0.113.5, 172.16.0.9", "203.0.113.5"),  # two proxies: the second from the right
        (2, "203.0.113.5", "10.0.0.2"),  # fewer entries than proxies: not from our proxies
        (1, "", "10.0.0.2"),
        (1, "pas une adresse", "10.0.0.2"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_read_from_the_right_of_the_forwarded_header(settings, proxies, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)

    assert client_address(request) == expected


def test_with_the_cache_unreachable_each_process_still_counts(settings):
    from core import ratelimit

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }

    assert [ratelimit.hit("essai", limit=2, window=60) for _ in range(4)] == [False, False, True, True]
