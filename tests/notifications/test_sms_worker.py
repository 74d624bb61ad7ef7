"""The SMS outbox with a real Celery worker (Redis of REDIS_URL, PostgreSQL test database) and the local Brevo."""

import datetime
import os
import signal
import subprocess
import sys
import uuid

import pytest
from django.db import transaction
from django.utils import timezone

from notifications.enums import DeliveryStatus, MessageStatus
from notifications.models import Sms
from notifications.tasks import requeue_unsent_sms_at, send_sms
from tests.conftest import REAL_WORKER_MARKS, ROOT, celery_conf, test_database_url, wait_for_status
from tests.notifications.sms import DAYTIME, AcknowledgementSms, zone_where_it_is
from tests.sms_provider import API_KEY

pytestmark = REAL_WORKER_MARKS


@pytest.fixture
def sms_worker(sms_provider):
    """Start real workers sending SMS to the local Brevo, on a queue of their own; `kill()` one as a crash would."""
    queue = f"test-{uuid.uuid4().hex}"
    processes = []

    def start(**environment) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "--app", "boussole", "worker", "--pool", "solo", "--queues", queue],
            cwd=ROOT,
            env={
                **os.environ,
                "PYTHONWARNINGS": "ignore",
                "DATABASE_URL": test_database_url(),
                "CONN_MAX_AGE": "0",
                "SMS_PROVIDER": "brevo",
                "SMS_BREVO_API_URL": sms_provider.url,
                "SMS_BREVO_API_KEY": API_KEY,
                "SMS_WEBHOOK_TOKEN": "un-jeton-de-test-long-et-secret",
                **environment,
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        processes.append(process)
        return process

    with celery_conf(task_default_queue=queue):
        yield start
    for process in processes:
        if process.poll() is None:
            process.terminate()
        output, _ = process.communicate(timeout=30)
        print(output)


def write_sms() -> Sms:
    with transaction.atomic():
        return AcknowledgementSms(to="06 12 34 56 78", time_zone=zone_where_it_is(DAYTIME)).queue()


def test_a_real_worker_sends_a_queued_sms_once(sms_worker, sms_provider):
    sms_worker()

    sms = write_sms()
    wait_for_status(sms, MessageStatus.SENT)
    # The same task delivered again (a redelivery, a sweep racing the first task) sends nothing more.
    send_sms.apply_async((sms.pk,), ignore_result=False).get(timeout=60)

    [received] = sms_provider.received
    assert received.body["recipient"] == "33612345678"
    sms.refresh_from_db()
    assert (sms.attempts, sms.provider_message_id) == (1, str(received.message_id))


def test_a_real_worker_retries_a_provider_in_trouble_with_backoff(sms_worker, sms_provider):
    sms_provider.fail_next(503)
    sms_provider.fail_next(429)
    sms_worker(SMS_RETRY_DELAY_SECONDS="1")

    sms = write_sms()
    wait_for_status(sms, MessageStatus.SENT)

    assert [received.status for received in sms_provider.received] == [503, 429, 201]
    assert sms.attempts == 3
    # Two retries, after 1 s then 2 s.
    assert sms.sent_at - sms.created_at >= datetime.timedelta(seconds=3)


def test_a_real_worker_gives_up_after_a_refusal(sms_worker, sms_provider):
    sms_provider.fail_next(402)
    sms_worker(SMS_RETRY_DELAY_SECONDS="1")

    sms = write_sms()
    wait_for_status(sms, MessageStatus.FAILED)

    assert len(sms_provider.received) == 1
    assert sms.last_error == "Brevo a répondu 402 : not_enough_credits Not enough credits to send SMS"


def test_a_worker_killed_while_the_provider_has_the_sms_never_makes_it_go_twice(sms_worker, sms_provider, client):
    sms_provider.hold_next()
    worker = sms_worker()

    sms = write_sms()
    # The provider has the SMS (it will send it) and has not answered yet: the worker dies.
    sms_provider.wait_for(1)
    wait_for_status(sms, MessageStatus.SENDING)
    worker.send_signal(signal.SIGKILL)
    worker.wait(30)
    sms_provider.release()

    # Another worker; the task is delivered again, then the sweeps come, minutes later.
    sms_worker()
    send_sms.apply_async((sms.pk,), ignore_result=False).get(timeout=60)
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (MessageStatus.SENDING, 1)
    assert requeue_unsent_sms_at(now=timezone.now()) == 0
    Sms.objects.filter(pk=sms.pk).update(last_attempt_at=timezone.now() - datetime.timedelta(minutes=6))
    assert requeue_unsent_sms_at(now=timezone.now()) == 1

    wait_for_status(sms, MessageStatus.FAILED)
    assert "le SMS est peut-être parti" in sms.last_error
    assert len(sms_provider.received) == 1

    # Brevo reports what became of it, at the address the SMS gave it: it was sent, once.
    path, report = sms_provider.report(sms_provider.received[0], "delivered")
    assert client.post(path, data=report, content_type="application/json").status_code == 200
    sms.refresh_from_db()
    assert (sms.status, sms.delivery_status) == (MessageStatus.SENT, DeliveryStatus.DELIVERED)
    assert len(sms_provider.received) == 1
