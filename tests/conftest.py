import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Tests are independent of order: nothing cached by one is seen by the next."""
    cache.clear()
    yield
    cache.clear()
