"""Sending the outbox: a Celery task per email, retried with backoff, and a periodic sweep for lost tasks.

The tasks are thin: the logic is in plain functions that tests call directly.
"""

import logging
import time
from functools import partial

from celery import shared_task
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


def build_message(email: Email) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=email.from_email,
        to=email.recipients,
        reply_to=email.reply_to,
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
    """Send one queued email through the configured backend, at most once.

    The row is locked for the whole attempt, so a task delivered twice waits, then finds the email sent and does
    nothing. A sending error is counted and saved with the attempt (committed when this returns).
    Returns the seconds to wait before trying again, or None when there is nothing more to do (sent, failed for good,
    already handled or deleted).
    """
    with transaction.atomic():
        try:
            email = Email.objects.select_for_update().get(pk=email_id)
        except Email.DoesNotExist:
            logger.warning("E-mail %s does not exist (deleted?): nothing to send.", email_id)
            return None
        if email.status != EmailStatus.QUEUED:
            return None
        now = timezone.now()
        try:
            message = build_message(email)
            message.send()
        except Exception as error:
            # A refused recipient is quoted by the provider: the address goes neither to the logs nor to the row.
            reason = without_addresses(f"{type(error).__name__}: {error}")
            retry_in = email.record_failed_attempt(at=now, error=reason)
            if retry_in is None:
                logger.error("E-mail %s failed after %s attempts: %s", email.pk, email.attempts, reason)
            else:
                logger.warning(
                    "E-mail %s not sent (attempt %s), next try in %ss: %s", email.pk, email.attempts, retry_in, reason
                )
            return retry_in
        email.mark_sent(at=now, **provider_details(message))
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
