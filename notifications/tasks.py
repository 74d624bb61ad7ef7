"""Sending the outbox: a Celery task per email, retried with backoff, and a periodic sweep for lost tasks.

The tasks are thin: the logic is in plain functions that tests call directly.
"""

import datetime
import logging
import time
import uuid
from functools import partial
from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from notifications.enums import EmailStatus
from notifications.models import Email, without_addresses

logger = logging.getLogger(__name__)


# After the broker failed to take an email, this process leaves it alone for this long: a hung broker then costs one
# timeout to the page that met it, not one per email; the requeue sweep sends what was left queued.
BROKER_PAUSE_SECONDS = 30
_broker_paused_until = 0.0


def resume_broker():
    """Hand emails to the broker again at once (tests)."""
    global _broker_paused_until
    _broker_paused_until = 0.0


def enqueue_email(email_id: int) -> bool:
    """Hand an email to Celery. When the broker cannot take it, log and return False: never raise.

    The row stays queued and `requeue_unsent_emails` hands it over again a few minutes later.
    """
    global _broker_paused_until
    if time.monotonic() < _broker_paused_until:
        logger.warning("E-mail %s left queued for the requeue sweep: the broker failed a moment ago.", email_id)
        return False
    try:
        send_email.delay(email_id)
    except OperationalError:
        _broker_paused_until = time.monotonic() + BROKER_PAUSE_SECONDS
        logger.warning(
            "E-mail %s not handed to Celery: it stays queued for the requeue sweep.", email_id, exc_info=True
        )
        return False
    except Exception:
        # In eager mode, an error of the task itself.
        logger.warning(
            "E-mail %s not handed to Celery: it stays queued for the requeue sweep.", email_id, exc_info=True
        )
        return False
    return True


# The header under which a provider's API takes an idempotency key, for the providers that have one.
IDEMPOTENCY_HEADERS = {"brevo": "idempotencyKey"}


def idempotency_key(email: Email) -> str:
    """The same for every attempt at one outbox email, different for every email (a UUID, as Brevo requires)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/outbox/{email.pk}"))


def build_message(email: Email) -> EmailMultiAlternatives:
    key = idempotency_key(email)
    headers = {"Message-ID": f"<{key}@{urlsplit(settings.SITE_URL).hostname}>"}
    if settings.EMAIL_PROVIDER in IDEMPOTENCY_HEADERS:
        headers[IDEMPOTENCY_HEADERS[settings.EMAIL_PROVIDER]] = key
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=email.from_email,
        to=email.recipients,
        reply_to=email.reply_to,
        headers=headers,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


def provider_details(message: EmailMultiAlternatives) -> dict:
    """What an anymail backend said about the message (empty for Django's own backends)."""
    status = getattr(message, "anymail_status", None)
    if status is None:
        return {}
    message_id = status.message_id
    if isinstance(message_id, set):
        message_id = ", ".join(sorted(str(one) for one in message_id))
    return {
        "provider_message_id": "" if message_id is None else str(message_id),
        "provider_response": {
            "status": sorted(status.status or []),
            "recipients": {
                address: {"message_id": recipient.message_id, "status": recipient.status}
                for address, recipient in status.recipients.items()
            },
        },
    }


def deliver_email(email_id: int) -> int | None:
    """Send one queued email through the configured backend, once.

    The attempt is recorded and committed before the email is handed to the provider ("sending"), and its outcome
    after: a task delivered twice finds the email sending or sent and does nothing. A worker killed while the provider
    handles the email leaves it "sending"; after EMAIL_REQUEUE_AFTER_MINUTES the requeue sweep sends it again with
    the same idempotency key and Message-ID (see `build_message`), which a provider that supports idempotency
    (Brevo) drops as a duplicate. With any other backend that window, as long as the provider's answer, may still
    give a second copy; mail clients that collapse equal Message-IDs show one.
    Returns the seconds to wait before trying again, or None when there is nothing more to do (sent, failed for good,
    already handled or deleted).
    """
    now = timezone.now()
    interrupted_before = now - datetime.timedelta(minutes=settings.EMAIL_REQUEUE_AFTER_MINUTES)
    with transaction.atomic():
        try:
            email = Email.objects.select_for_update().get(pk=email_id)
        except Email.DoesNotExist:
            logger.warning("E-mail %s does not exist (deleted?): nothing to send.", email_id)
            return None
        interrupted = email.status == EmailStatus.SENDING and email.last_attempt_at <= interrupted_before
        if email.status != EmailStatus.QUEUED and not interrupted:
            return None
        email.start_attempt(at=now)
    try:
        message = build_message(email)
        message.send()
    except Exception as error:
        # A refused recipient is quoted by the provider: the address goes neither to the logs nor to the row.
        reason = without_addresses(f"{type(error).__name__}: {error}")
        with transaction.atomic():
            retry_in = email.record_failed_attempt(at=now, error=reason)
        if retry_in is None:
            logger.error("E-mail %s failed after %s attempts: %s", email.pk, email.attempts, reason)
        else:
            logger.warning(
                "E-mail %s not sent (attempt %s), next try in %ss: %s", email.pk, email.attempts, retry_in, reason
            )
        return retry_in
    email.mark_sent(at=timezone.now(), **provider_details(message))
    return None


@shared_task(bind=True, name="notifications.tasks.send_email", max_retries=None, ignore_result=True)
def send_email(self, email_id: int) -> None:
    """Send an outbox email; on error retry with backoff until EMAIL_MAX_ATTEMPTS (counted on the row, not here).

    The attempt is committed by `deliver_email` before `retry` publishes the next one.
    Run in-process (CELERY_TASK_ALWAYS_EAGER, `apply()`), Celery cannot wait for a countdown: with eager propagation
    `retry` raises into the caller, without it the retry runs at once, hammering the provider inside a web request.
    So in-process there is one attempt per run; the row stays queued and the requeue sweep makes the next one when due.
    """
    retry_in = deliver_email(email_id)
    if retry_in is None or self.request.is_eager:
        return
    raise self.retry(countdown=retry_in)


def requeue_unsent(*, now) -> int:
    """Hand again to Celery every email whose task was lost (see `EmailQuerySet.to_requeue`); returns how many."""
    email_ids = list(Email.objects.to_requeue(now).order_by("scheduled_at").values_list("pk", flat=True))
    # Marked first, so that the next sweeps leave them to this one (and an eager retry keeps its own schedule).
    Email.objects.filter(pk__in=email_ids).update(scheduled_at=now)
    handed = 0
    for email_id in email_ids:
        try:
            send_email.delay(email_id)
        except OperationalError:
            logger.warning("Broker unreachable: %s e-mails left for the next sweep.", len(email_ids) - handed)
            break
        except Exception:
            # Only in eager mode, where the task runs here: one broken email must not stop the others.
            logger.exception("E-mail %s could not be handed to Celery.", email_id)
            continue
        handed += 1
    return handed


@shared_task(name="notifications.tasks.requeue_unsent_emails", ignore_result=True)
def requeue_unsent_emails() -> int:
    """Periodic (CELERY_BEAT_SCHEDULE): re-queue the emails still unsent after a few minutes."""
    return requeue_unsent(now=timezone.now())


def resend_failed(emails) -> int:
    """Put the failed emails among `emails` (a queryset) back in the queue and send them after commit."""
    now = timezone.now()
    with transaction.atomic():
        failed = list(emails.failed().select_for_update())
        for email in failed:
            email.requeue(at=now)
            transaction.on_commit(partial(enqueue_email, email.pk))
    return len(failed)
