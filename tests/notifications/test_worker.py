"""The outbox with a real Celery worker, through the Redis of REDIS_URL, on the test database (PostgreSQL)."""

import datetime
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection, transaction

from notifications.enums import EmailStatus
from notifications.models import Email
from notifications.tasks import send_email
from tests.conftest import celery_conf
from tests.notifications.emails import WelcomeEmail

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = [
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


def test_database_url() -> str:
    database = connection.settings_dict
    credentials = quote(database["USER"], safe="")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"], safe="")
    host = database["HOST"] or "localhost"
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(database['NAME'], safe='')}"


test_database_url.__test__ = False  # a helper, not a test


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


def wait_for_status(email: Email, status: str, timeout: float = 60) -> Email:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        email.refresh_from_db()
        if email.status == status:
            return email
        time.sleep(0.2)
    raise AssertionError(f"e-mail {email.pk} still {email.status} after {timeout}s (attempts: {email.attempts})")


def test_a_real_worker_sends_a_queued_email_once(worker, tmp_path):
    queue = worker(EMAIL_PROVIDER="file", EMAIL_FILE_PATH=str(tmp_path))

    with celery_conf(task_default_queue=queue) as app:
        assert not app.conf.task_always_eager
        with transaction.atomic():
            email = WelcomeEmail(to=["lea@example.fr"]).queue()

        wait_for_status(email, EmailStatus.SENT)
        [sent] = tmp_path.iterdir()
        assert "To: lea@example.fr" in sent.read_text()
        assert email.attempts == 1

        # The same task delivered again (a redelivery, a sweep racing the first task) sends nothing more.
        result = send_email.apply_async((email.pk,), ignore_result=False)
        result.get(timeout=60)

    assert result.successful()
    assert len(list(tmp_path.iterdir())) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)


def test_a_real_worker_retries_with_backoff_then_marks_the_email_failed(worker):
    queue = worker(
        EMAIL_PROVIDER="smtp",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT="1",
        EMAIL_MAX_ATTEMPTS="3",
        EMAIL_RETRY_DELAY_SECONDS="1",
    )

    with celery_conf(task_default_queue=queue):
        with transaction.atomic():
            email = WelcomeEmail(to=["lea@example.fr"]).queue()

        wait_for_status(email, EmailStatus.FAILED)

    assert email.attempts == 3
    assert email.last_error.startswith("ConnectionRefusedError: ")
    # Two retries, after 1 s then 2 s.
    assert email.failed_at - email.created_at >= datetime.timedelta(seconds=3)
