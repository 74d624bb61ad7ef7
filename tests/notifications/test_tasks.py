import datetime
import logging

import pytest
from django.db import transaction
from django.utils import timezone

from notifications.enums import EmailStatus
from notifications.models import Email, retry_delay
from notifications.tasks import deliver_email, requeue_unsent, requeue_unsent_emails, send_email
from tests.conftest import celery_conf
from tests.notifications.conftest import UNREACHABLE_BROKER
from tests.notifications.emails import WelcomeEmail
from tests.notifications.factories import EmailFactory
from tests.notifications.mail_peers import brevo_email_api, smtp_server

pytestmark = pytest.mark.django_db


def test_a_task_run_twice_sends_one_email(mailoutbox):
    email = EmailFactory(recipients=["lea@example.fr"], subject="Ta demande est enregistrée")

    send_email.delay(email.pk)
    send_email.delay(email.pk)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Ta demande est enregistrée"
    assert mailoutbox[0].to == ["lea@example.fr"]
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 1


def test_a_sent_or_failed_email_is_not_sent_again(mailoutbox):
    sent = EmailFactory(sent=True)
    failed = EmailFactory(failed=True)

    assert deliver_email(sent.pk) is None
    assert deliver_email(failed.pk) is None

    assert mailoutbox == []
    failed.refresh_from_db()
    assert failed.status == EmailStatus.FAILED


def test_a_deleted_email_is_skipped(mailoutbox):
    email = EmailFactory()
    email_id = email.pk
    email.delete()

    send_email.delay(email_id)

    assert mailoutbox == []


def test_a_provider_error_is_counted_and_the_next_attempt_delayed(failing_smtp):
    email = EmailFactory()
    before = timezone.now()

    assert deliver_email(email.pk) == 60
    assert deliver_email(email.pk) == 120

    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    assert email.attempts == 2
    assert "Connection refused" in email.last_error
    assert email.last_attempt_at >= before
    assert email.scheduled_at == email.last_attempt_at + datetime.timedelta(seconds=120)


def test_in_process_a_provider_error_makes_one_attempt_per_run(failing_smtp, mailoutbox, caplog):
    email = EmailFactory()

    # Eager: no synchronous retry loop, and no exception for the caller.
    send_email.delay(email.pk)

    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    assert email.attempts == 1
    assert email.last_error.startswith("ConnectionRefusedError: ")
    assert email.scheduled_at == email.last_attempt_at + datetime.timedelta(seconds=60)
    assert "not handed to Celery" not in caplog.text
    assert mailoutbox == []


def test_a_failing_email_is_retried_by_the_sweep_then_marked_failed(failing_smtp, mailoutbox):
    email = EmailFactory()
    send_email.delay(email.pk)
    now = timezone.now()

    handed = [requeue_unsent(now=now + datetime.timedelta(hours=hours)) for hours in range(1, 8)]

    assert handed == [1, 1, 1, 1, 0, 0, 0]
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.attempts == 5
    assert email.failed_at is not None
    assert email.last_error.startswith("ConnectionRefusedError: ")
    assert list(Email.objects.failed()) == [email]
    assert mailoutbox == []


def test_the_number_of_attempts_is_a_setting(failing_smtp, settings):
    settings.EMAIL_MAX_ATTEMPTS = 2
    email = EmailFactory()

    deliver_email(email.pk)
    assert deliver_email(email.pk) is None

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.FAILED, 2)


def test_the_delay_between_attempts_doubles_and_is_capped(settings):
    assert [retry_delay(attempts) for attempts in range(1, 8)] == [60, 120, 240, 480, 960, 1800, 1800]
    settings.EMAIL_RETRY_DELAY_SECONDS = 1
    assert [retry_delay(attempts) for attempts in range(1, 4)] == [1, 2, 4]


def test_an_anymail_provider_response_is_kept(settings, mailoutbox):
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    email = EmailFactory(recipients=["lea@example.fr"])

    send_email.delay(email.pk)

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.provider_message_id == "0"  # anymail's test backend numbers the messages it has "sent"
    assert email.provider_response == {
        "status": ["sent"],
        "recipients": {"lea@example.fr": {"message_id": 0, "status": "sent"}},
    }


def test_only_the_emails_whose_task_was_lost_are_requeued():
    now = timezone.now()
    long_ago = now - datetime.timedelta(minutes=6)
    lost = EmailFactory(created_at=long_ago, scheduled_at=long_ago)
    EmailFactory(created_at=now - datetime.timedelta(minutes=2), scheduled_at=now - datetime.timedelta(minutes=2))
    # Attempted long ago, but its retry is due later: left to that retry.
    EmailFactory(created_at=long_ago, attempts=4, scheduled_at=now + datetime.timedelta(minutes=5))
    EmailFactory(sent=True, created_at=long_ago, scheduled_at=long_ago)
    EmailFactory(failed=True, created_at=long_ago, scheduled_at=long_ago)

    assert list(Email.objects.to_requeue(now)) == [lost]


def test_the_requeue_after_minutes_is_a_setting(settings):
    now = timezone.now()
    email = EmailFactory(scheduled_at=now - datetime.timedelta(minutes=2))

    assert not Email.objects.to_requeue(now).exists()
    settings.EMAIL_REQUEUE_AFTER_MINUTES = 1
    assert list(Email.objects.to_requeue(now)) == [email]


def test_the_sweep_sends_the_lost_emails_once(mailoutbox):
    long_ago = timezone.now() - datetime.timedelta(minutes=10)
    lost = EmailFactory(scheduled_at=long_ago, subject="Perdu")
    EmailFactory(subject="Encore dans la file")

    assert requeue_unsent_emails() == 1
    assert requeue_unsent_emails() == 0

    assert [message.subject for message in mailoutbox] == ["Perdu"]
    lost.refresh_from_db()
    assert lost.status == EmailStatus.SENT


def test_a_requeued_email_is_left_alone_by_the_next_sweeps(mailoutbox):
    now = timezone.now()
    email = EmailFactory(scheduled_at=now - datetime.timedelta(minutes=10))

    # Broker up but no worker (eager off): the task waits in the queue.
    with celery_conf(task_always_eager=False, broker_url="memory://"):
        assert requeue_unsent(now=now) == 1
        assert requeue_unsent(now=now + datetime.timedelta(minutes=1)) == 0
        assert requeue_unsent(now=now + datetime.timedelta(minutes=6)) == 1

    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    assert mailoutbox == []


def test_when_the_broker_is_down_at_commit_the_email_stays_queued_then_the_sweep_sends_it(
    django_capture_on_commit_callbacks, mailoutbox, caplog
):
    with celery_conf(broker_url=UNREACHABLE_BROKER, task_always_eager=False):
        with django_capture_on_commit_callbacks(execute=True) as callbacks, caplog.at_level(logging.WARNING):
            with transaction.atomic():
                email = WelcomeEmail(to=["lea@example.fr"]).queue()

    assert len(callbacks) == 1
    assert f"E-mail {email.pk} not handed to Celery" in caplog.text
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    assert email.attempts == 0
    assert mailoutbox == []

    # Minutes later, the broker is back (eager here) and the sweep finds the email.
    Email.objects.filter(pk=email.pk).update(scheduled_at=timezone.now() - datetime.timedelta(minutes=6))
    assert requeue_unsent_emails() == 1

    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Bienvenue Léa sur la Boussole"
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT


def test_the_sweep_stops_when_the_broker_is_down(caplog):
    long_ago = timezone.now() - datetime.timedelta(minutes=10)
    EmailFactory.create_batch(3, scheduled_at=long_ago)

    with celery_conf(broker_url=UNREACHABLE_BROKER, task_always_eager=False), caplog.at_level(logging.WARNING):
        assert requeue_unsent_emails() == 0

    assert "Broker unreachable: 3 e-mails left for the next sweep." in caplog.text
    assert Email.objects.queued().count() == 3


def use_smtp(settings, port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5


def test_a_mailbox_the_server_refuses_for_good_fails_the_email_at_once(settings, caplog):
    email = EmailFactory(recipients=["personne@ml-reims.example.fr"])
    with smtp_server(recipient_reply="550 5.1.1 <personne@ml-reims.example.fr>: mailbox unknown") as server:
        use_smtp(settings, server.port)

        send_email.delay(email.pk)
        handed = [requeue_unsent(now=timezone.now() + datetime.timedelta(hours=hours)) for hours in range(1, 4)]

    assert server.attempts == 1
    assert handed == [0, 0, 0]
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.FAILED, 1)
    assert email.last_error.startswith("SMTPRecipientsRefused: ")
    assert "personne@" not in email.last_error + caplog.text


def test_a_mailbox_the_server_refuses_for_now_is_tried_again(settings):
    email = EmailFactory()
    with smtp_server(recipient_reply="450 4.2.1 Mailbox busy, try again later") as server:
        use_smtp(settings, server.port)

        send_email.delay(email.pk)
        requeue_unsent(now=timezone.now() + datetime.timedelta(hours=1))

    assert server.attempts == 2
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.QUEUED, 2)


@pytest.mark.parametrize(
    ("status", "body", "attempts", "final"),
    [
        (400, {"code": "invalid_parameter", "message": "email is not valid in to"}, 1, EmailStatus.FAILED),
        (401, {"code": "unauthorized", "message": "Key not found"}, 2, EmailStatus.QUEUED),
        (503, {"code": "service_unavailable", "message": "Service temporarily unavailable"}, 2, EmailStatus.QUEUED),
    ],
)
def test_the_provider_s_permanent_refusal_fails_the_email_at_once_and_its_other_errors_are_retried(
    settings, status, body, attempts, final
):
    settings.EMAIL_BACKEND = "anymail.backends.brevo.EmailBackend"
    email = EmailFactory()
    with brevo_email_api(status=status, body=body) as api:
        settings.ANYMAIL = {"BREVO_API_KEY": "xkeysib-une-cle-de-test", "BREVO_API_URL": api.url}

        send_email.delay(email.pk)
        requeue_unsent(now=timezone.now() + datetime.timedelta(hours=1))

    assert api.attempts == attempts
    email.refresh_from_db()
    assert (email.status, email.attempts) == (final, attempts)
