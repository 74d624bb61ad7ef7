"""What `versioned` computes while answering a request is written to the cache once the response is sent."""

from django.core.cache import cache

from core.cache import defer_writes_during_requests, versioned, write_deferred


def kept(fragment: str) -> list[str]:
    """The keys of the cache holding `fragment`."""
    if isinstance(cache._cache, dict):  # LocMemCache
        return [key for key in cache._cache if fragment in key]
    return [key.decode() for key in cache._cache.get_client().scan_iter(f"*{fragment}*")]


def test_outside_a_request_a_computed_value_is_written_at_once():
    assert versioned("essai:valeur", ["essai:version"], lambda: 42, timeout=60) == 42

    assert len(kept("essai:valeur@")) == 1


def test_during_a_request_a_computed_value_is_written_once_the_response_is_sent():
    computed = []

    def compute():
        computed.append(1)
        return {"résultat": 42}

    defer_writes_during_requests()
    try:
        assert versioned("essai:valeur", ["essai:version"], compute, timeout=60) == {"résultat": 42}
        assert kept("essai:valeur@") == []  # the visitor does not wait for it
        # Read again by the same request: not computed twice.
        assert versioned("essai:valeur", ["essai:version"], compute, timeout=60) == {"résultat": 42}
        assert len(computed) == 1
    finally:
        write_deferred()

    assert len(kept("essai:valeur@")) == 1
    assert versioned("essai:valeur", ["essai:version"], compute, timeout=60) == {"résultat": 42}
    assert len(computed) == 1
