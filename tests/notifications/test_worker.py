"""The outbox with a real Celery worker, through the Redis of REDIS_URL, on the test database (PostgreSQL)."""

import datetime
from pathlib import Path

from django.db import transaction

from notifications.enums import EmailStatus
from notifications.tasks import send_email
from tests.conftest import REAL_WORKER_MARKS, celery_conf, wait_for_status
from tests.notifications.emails import WelcomeEmail

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = REAL_WORKER_MARKS


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
