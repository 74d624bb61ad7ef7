"""Values `versioned(..., in_process=True)` keeps in the process: read without the cache server, never stale, the
least recently read dropped first."""

import pytest
from django.core.cache import cache

from core import cache as kept_values
from core.cache import cache_bump, versioned

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_process():
    kept_values._process_values.clear()
    yield
    kept_values._process_values.clear()


def _read(name, computed):
    def compute():
        computed.append(name)
        return {"valeur": name}

    return versioned(f"essai:{name}", ["essai:version"], compute, timeout=60, in_process=True)


def test_a_value_kept_in_the_process_is_read_without_the_cache_server():
    computed = []
    _read("a", computed)
    cache.delete_many(list(kept_values._process_values))  # only the process holds it now

    assert _read("a", computed) == {"valeur": "a"}
    assert computed == ["a"]


def test_a_value_kept_in_the_process_is_computed_again_once_its_version_moves():
    computed = []
    _read("a", computed)

    cache_bump("essai:version")

    assert _read("a", computed) == {"valeur": "a"}
    assert computed == ["a", "a"]


def test_the_value_read_least_recently_is_dropped_first(monkeypatch):
    monkeypatch.setattr(kept_values, "VALUES_KEPT_IN_PROCESS", 2)
    computed = []
    _read("a", computed)
    _read("b", computed)
    _read("a", computed)  # read again: "b" is now the least recent
    _read("c", computed)
    version = kept_values.current_version("essai:version")
    cache.delete_many([f"essai:{name}@{version}" for name in "abc"])  # what is not in the process is computed again

    _read("a", computed)
    _read("b", computed)

    assert computed == ["a", "b", "c", "b"]
