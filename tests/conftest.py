import contextlib
import io

import pytest
from celery import current_app
from django.core.cache import cache

from boussole.celery import app as celery_app


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


@contextlib.contextmanager
def celery_conf(**changes):
    """Change the Celery app's configuration for a block, then restore it (and its broker connections)."""
    saved = {key: celery_app.conf[key] for key in changes}

    def reset_connections():
        # The connection and producer pools are built from broker_url once; drop them so the change applies.
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    celery_app.conf.update(changes)
    reset_connections()
    try:
        yield celery_app
    finally:
        celery_app.conf.update(saved)
        reset_connections()


@pytest.fixture(autouse=True)
def eager_celery(request):
    """Tasks run in-process, as in the quick start, even when REDIS_URL is set; the worker tests opt out.

    Shared tasks run on the *current* Celery app, and any `Celery()` built by another test becomes current: the
    project's app is made current again for each test here.
    """
    previous_app = current_app._get_current_object()
    celery_app.set_current()
    try:
        if request.node.get_closest_marker("worker"):
            yield
        else:
            with celery_conf(task_always_eager=True):
                yield
    finally:
        previous_app.set_current()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing a password the production way takes a noticeable time per user: tests do not need that strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
