import io

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Tests are independent of order: nothing cached by one is seen by the next."""
    from questionnaires.journey import forget_questionnaires

    cache.clear()
    forget_questionnaires()
    yield
    cache.clear()
    forget_questionnaires()


@pytest.fixture(scope="session", autouse=True)
def all_communes(django_db_setup, django_db_blocker):
    """Every French commune, loaded once for the session (browser tests, which flush, load the few they need)."""
    from django.core.management import call_command

    from territories.models import Commune

    with django_db_blocker.unblock():
        if Commune.objects.count() < 35_000:
            call_command("import_communes", verbosity=0, stdout=io.StringIO())
