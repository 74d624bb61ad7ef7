import contextlib
import importlib
import io
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import current_app
from celery.result import allow_join_result
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from boussole.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _empty_cache():
    """Tests are independent of order: nothing cached by one is seen by the next."""
    from core.cache import forget_failures
    from core.ratelimit import forget_local_counts
    from notifications.tasks import resume_broker
    from questionnaires.journey import forget_questionnaires

    forget_failures()
    forget_local_counts()
    resume_broker()
    cache.clear()
    forget_questionnaires()
    yield
    forget_failures()
    resume_broker()
    cache.clear()
    forget_questionnaires()


# The reference data that data migrations create: the site's configuration, the themes, their questionnaires, the
# charter. Browser tests flush the database after each test, which removes it.
REFERENCE_DATA = [
    ("boussole.migrations.0001_site_config", "create_site_config"),
    ("questionnaires.migrations.0002_themes", "create_themes"),
    ("questionnaires.migrations.0004_questionnaires", "create_questionnaires"),
    ("questionnaires.migrations.0006_choice_urgent_need", "mark_urgent_needs"),
]


def load_reference_data():
    """Creates again, in an emptied database, what the data migrations created."""
    from django.apps import apps

    from organisations.models import CharterVersion

    for module, function in REFERENCE_DATA:
        getattr(importlib.import_module(module), function)(apps, None)
    # The charter's data migration predates the organisations app, whose models now hold it.
    charter = importlib.import_module("offers.migrations.0005_charter_v1")
    CharterVersion.objects.get_or_create(version=1, defaults={"text": charter.CHARTER_V1})


@pytest.fixture(scope="session", autouse=True)
def all_communes(django_db_setup, django_db_blocker):
    """Every French commune, loaded once for the session (browser tests, which flush, load the few they need); and
    the reference data, when a database kept from an earlier run (`--reuse-db`) was left flushed by browser tests."""
    from django.core.management import call_command

    from questionnaires.models import Theme
    from territories.models import Commune

    with django_db_blocker.unblock():
        if not Theme.objects.exists():
            load_reference_data()
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
            # Eager tasks run from several threads at once (the live server's, the parallel-write tests) can leave
            # Celery's process-wide "inside a task" flag set, as each call saves and restores it: a test that waits
            # for a real worker's result is allowed to.
            with allow_join_result():
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


def test_database_url() -> str:
    database = connection.settings_dict
    credentials = quote(database["USER"], safe="")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"], safe="")
    host = database["HOST"] or "localhost"
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(database['NAME'], safe='')}"


test_database_url.__test__ = False  # a helper, not a test


# The marks of a module whose tests start a real worker: it needs Redis as its broker, and a database it can share
# with the test (PostgreSQL, committed transactions).
REAL_WORKER_MARKS = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not settings.REDIS_URL, reason="REDIS_URL n’est pas défini : pas de courtier pour un vrai worker"
    ),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="le worker partage la base de test : il faut PostgreSQL (DATABASE_URL), pas un fichier SQLite",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def worker():
    """Start a real worker on a queue of its own, with extra environment variables; stopped after the test."""
    processes = []

    def start(**environment) -> str:
        queue = f"test-{uuid.uuid4().hex}"
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "--app", "boussole", "worker", "--pool", "solo", "--queues", queue],
            cwd=ROOT,
            env={
                **os.environ,
                "PYTHONWARNINGS": "ignore",
                "DATABASE_URL": test_database_url(),
                "CONN_MAX_AGE": "0",
                **environment,
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        processes.append(process)
        return queue

    yield start
    for process in processes:
        process.terminate()
        output, _ = process.communicate(timeout=30)
        print(output)


def wait_for_status(email, status: str, timeout: float = 60):
    """Polls an outbox email until it reaches `status` (a real worker sends it in another process)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        email.refresh_from_db()
        if email.status == status:
            return email
        time.sleep(0.2)
    raise AssertionError(f"e-mail {email.pk} still {email.status} after {timeout}s (attempts: {email.attempts})")


@pytest.fixture(scope="session")
def oidc_provider_process():
    """The local OpenID Connect provider, configured like ProConnect, for the test client's service (testserver)."""
    from tests.oidc_provider import start_provider

    with start_provider(site_url="http://testserver") as provider:
        yield provider


@pytest.fixture
def proconnect(oidc_provider_process, settings):
    """ProConnect configured, pointing to the local provider, which knows no account yet."""
    from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET

    settings.PROCONNECT_CLIENT_ID = CLIENT_ID
    settings.PROCONNECT_CLIENT_SECRET = CLIENT_SECRET
    settings.PROCONNECT_DISCOVERY_URL = oidc_provider_process.discovery_url
    oidc_provider_process.reset()
    return oidc_provider_process
