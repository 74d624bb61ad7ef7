"""Sending the outbox: a Celery task per e-mail or SMS, retried with backoff, and periodic sweeps for lost tasks.

The tasks are thin: the logic is in plain functions that tests call directly.
"""

import datetime
import logging
import smtplib
import time
import uuid
import zoneinfo
from functools import partial
from urllib.parse import urlencode, urlsplit

from anymail.exceptions import AnymailAPIError, AnymailInvalidAddress, AnymailRecipientsRefused
from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from notifications.enums import MessageStatus
from notifications.models import Email, Sms, without_addresses, without_phone_numbers
from notifications.sending_hours import next_sending_time
from notifications.sms_backends import OutgoingSms, SmsError, SmsPermanentError, get_sms_backend

logger = logging.getLogger(__name__)


# After the broker failed to take a message, this process leaves it alone for this long: a hung broker then costs one
# timeout to the page that met it, not one per message; the requeue sweep sends what was left queued.
BROKER_PAUSE_SECONDS = 30
_broker_paused_until = 0.0


def resume_broker():
    """Hand messages to the broker again at once (tests)."""
    global _broker_paused_until
    _broker_paused_until = 0.0


def hand_over(task, message_id: int, label: str) -> bool:
    """Hand a message to Celery. When the broker cannot take it, log and return False: never raise.

    The row stays queued and the requeue sweep hands it over again a few minutes later.
    """
    global _broker_paused_until
    if time.monotonic() < _broker_paused_until:
        logger.warning("%s %s left queued for the requeue sweep: the broker failed a moment ago.", label, message_id)
        return False
    try:
        task.delay(message_id)
    except OperationalError:
        _broker_paused_until = time.monotonic() + BROKER_PAUSE_SECONDS
        logger.warning(
            "%s %s not handed to Celery: it stays queued for the requeue sweep.", label, message_id, exc_info=True
        )
        return False
    except Exception:
        # In eager mode, an error of the task itself.
        logger.warning(
            "%s %s not handed to Celery: it stays queued for the requeue sweep.", label, message_id, exc_info=True
        )
        return False
    return True


def enqueue_email(email_id: int) -> bool:
    return hand_over(send_email, email_id, "E-mail")


def enqueue_sms(sms_id: int) -> bool:
    return hand_over(send_sms, sms_id, "SMS")


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


# Answers of a provider's API that a person must fix (key, account, credits) or that ask to wait: retried, so that the
# emails leave once it is fixed. Any other 4xx refuses the message itself.
RETRIED_API_STATUSES = {401, 402, 403, 408, 429}


def is_permanent(error: Exception) -> bool:
    """A refusal of the message that no other try can change: a 5xx SMTP reply (550 unknown mailbox…), recipients
    refused or invalid, a 4xx API answer about the message. A wrong password or API key is not: once fixed, the
    retries send what waited."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return False
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    if isinstance(error, AnymailRecipientsRefused | AnymailInvalidAddress):
        return True
    if isinstance(error, AnymailAPIError):
        return (
            error.status_code is not None
            and 400 <= error.status_code < 500
            and error.status_code not in RETRIED_API_STATUSES
        )
    return False


def deliver_email(email_id: int) -> int | None:
    """Send one queued email through the configured backend, once.

    The attempt is recorded and committed before the email is handed to the provider ("sending"), and its outcome
    after: a task delivered twice finds the email sending or sent and does nothing. A worker killed while the provider
    handles the email leaves it "sending"; after EMAIL_REQUEUE_AFTER_MINUTES the requeue sweep sends it again with
    the same idempotency key and Message-ID (see `build_message`), which a provider that supports idempotency
    (Brevo) drops as a duplicate. With any other backend that window, as long as the provider's answer, may still
    give a second copy; mail clients that collapse equal Message-IDs show one.
    A permanent refusal (`is_permanent`) fails the email at once: trying again would only be refused again.
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
        interrupted = email.status == MessageStatus.SENDING and email.last_attempt_at <= interrupted_before
        if email.status != MessageStatus.QUEUED and not interrupted:
            return None
        email.start_attempt(at=now)
    try:
        message = build_message(email)
        message.send()
    except Exception as error:
        # A refused recipient is quoted by the provider: the address goes neither to the logs nor to the row.
        reason = without_addresses(f"{type(error).__name__}: {error}")
        with transaction.atomic():
            retry_in = email.record_failed_attempt(at=now, error=reason, permanent=is_permanent(error))
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


def delivery_report_url(sms: Sms) -> str:
    """Where the provider reports what became of the SMS: the secret token in the path, the SMS's key in the query.
    Empty without SMS_WEBHOOK_TOKEN (no report is then asked)."""
    if not settings.SMS_WEBHOOK_TOKEN:
        return ""
    path = reverse("notifications:sms_delivery_report", kwargs={"token": settings.SMS_WEBHOOK_TOKEN})
    return f"{settings.SITE_URL}{path}?{urlencode({'sms': sms.key})}"


def outgoing(sms: Sms) -> OutgoingSms:
    return OutgoingSms(
        sender=sms.sender,
        recipient=sms.recipient,
        body=sms.body,
        encoding=sms.encoding,
        kind=sms.kind,
        key=str(sms.key),
        report_url=delivery_report_url(sms),
    )


def start_sms_attempt(sms_id: int, *, now: datetime.datetime, idempotent: bool) -> Sms | None:
    """Lock the SMS and record that it is being sent; None when it is not to be sent now.

    An SMS already sending (a task delivered twice, a sweep racing its task), sent or failed is left alone. One still
    "sending" long after its attempt started was interrupted while the provider had it: sent again only to a provider
    that drops duplicates, else given up, for a person to check the provider's logs: a youth must not get it twice.
    An SMS whose time comes at night waits for the morning (the requeue sweep hands it over then).
    """
    with transaction.atomic():
        try:
            sms = Sms.objects.select_for_update().get(pk=sms_id)
        except Sms.DoesNotExist:
            logger.warning("SMS %s does not exist (deleted?): nothing to send.", sms_id)
            return None
        if sms.was_interrupted(now) and not idempotent:
            sms.give_up_interrupted(at=now)
            logger.error("SMS %s interrupted while the provider had it: not sent again (key %s).", sms.pk, sms.key)
            return None
        if sms.status != MessageStatus.QUEUED and not sms.was_interrupted(now):
            return None
        if sms.not_before is not None and sms.not_before > now:
            return None
        morning = next_sending_time(now, zoneinfo.ZoneInfo(sms.time_zone))
        if morning is not None:
            sms.defer(until=morning)
            return None
        sms.start_attempt(at=now)
    return sms


def deliver_sms(sms_id: int, *, now: datetime.datetime | None = None) -> int | None:
    """Send one queued SMS through the configured provider, at most once.

    As for e-mails, the attempt is recorded and committed before the SMS is handed to the provider ("sending"), and
    the provider's message id after ("sent"). Errors that another try may cure (provider unreachable, too slow, 429,
    5xx) are retried with backoff up to SMS_MAX_ATTEMPTS; any other refusal (4xx) fails the SMS at once.
    Returns the seconds to wait before trying again, or None when there is nothing more to do.
    """
    now = now or timezone.now()
    backend = get_sms_backend()
    sms = start_sms_attempt(sms_id, now=now, idempotent=backend.idempotent)
    if sms is None:
        return None
    try:
        sent = backend.send(outgoing(sms))
    except SmsError as error:
        reason = without_phone_numbers(str(error))
        with transaction.atomic():
            retry_in = sms.record_failed_attempt(at=now, error=reason, permanent=isinstance(error, SmsPermanentError))
        if retry_in is None:
            logger.error("SMS %s failed after %s attempts: %s", sms.pk, sms.attempts, reason)
        else:
            logger.warning("SMS %s not sent (attempt %s), next try in %ss: %s", sms.pk, sms.attempts, retry_in, reason)
        return retry_in
    sms.mark_sent(
        at=timezone.now(), provider_message_id=sent.provider_message_id, provider_response=sent.provider_response
    )
    return None


@shared_task(bind=True, name="notifications.tasks.send_sms", max_retries=None, ignore_result=True)
def send_sms(self, sms_id: int) -> None:
    """Send an outbox SMS; on error retry with backoff until SMS_MAX_ATTEMPTS (counted on the row). In-process, one
    attempt per run, as for e-mails (see `send_email`)."""
    retry_in = deliver_sms(sms_id)
    if retry_in is None or self.request.is_eager:
        return
    raise self.retry(countdown=retry_in)


def requeue(model, task, *, now) -> int:
    """Hand again to Celery every message whose task was lost (see `to_requeue`); returns how many."""
    message_ids = list(model.objects.to_requeue(now).order_by("scheduled_at").values_list("pk", flat=True))
    # Marked first, so that the next sweeps leave them to this one (and an eager retry keeps its own schedule).
    model.objects.filter(pk__in=message_ids).update(scheduled_at=now)
    handed = 0
    for message_id in message_ids:
        try:
            task.delay(message_id)
        except OperationalError:
            left = len(message_ids) - handed
            logger.warning("Broker unreachable: %s %s left for the next sweep.", left, model._meta.verbose_name_plural)
            break
        except Exception:
            # Only in eager mode, where the task runs here: one broken message must not stop the others.
            logger.exception("%s %s could not be handed to Celery.", model._meta.verbose_name.capitalize(), message_id)
            continue
        handed += 1
    return handed


def requeue_unsent(*, now) -> int:
    """Hand again to Celery every email whose task was lost (see `EmailQuerySet.to_requeue`); returns how many."""
    return requeue(Email, send_email, now=now)


@shared_task(name="notifications.tasks.requeue_unsent_emails", ignore_result=True)
def requeue_unsent_emails() -> int:
    """Periodic (CELERY_BEAT_SCHEDULE): re-queue the emails still unsent after a few minutes."""
    return requeue_unsent(now=timezone.now())


def requeue_unsent_sms_at(*, now) -> int:
    """Hand again to Celery every SMS whose task was lost, or whose night is over (see `SmsQuerySet.to_requeue`)."""
    return requeue(Sms, send_sms, now=now)


@shared_task(name="notifications.tasks.requeue_unsent_sms", ignore_result=True)
def requeue_unsent_sms() -> int:
    """Periodic (CELERY_BEAT_SCHEDULE): re-queue the SMS still unsent after a few minutes, and those of the morning."""
    return requeue_unsent_sms_at(now=timezone.now())


def purge_old_messages(*, now) -> dict[str, int]:
    """Erases the e-mails and SMS kept past MESSAGE_RETENTION_MONTHS (see `OutboxQuerySet.to_purge`)."""
    return {"e-mails": Email.objects.to_purge(now).scrub(), "SMS": Sms.objects.to_purge(now).scrub()}


@shared_task(name="notifications.tasks.purge_messages", ignore_result=True)
def purge_messages() -> dict[str, int]:
    """Periodic (CELERY_BEAT_SCHEDULE): the outbox's retention."""
    done = purge_old_messages(now=timezone.now())
    logger.info("Messages effacés après la durée de conservation : %s", done)
    return done


def resend_failed(messages) -> int:
    """Put the failed messages among `messages` (a queryset of e-mails or SMS) back in the queue and send them after
    commit."""
    enqueue = enqueue_sms if messages.model is Sms else enqueue_email
    now = timezone.now()
    with transaction.atomic():
        failed = list(messages.failed().select_for_update())
        for message in failed:
            message.requeue(at=now)
            transaction.on_commit(partial(enqueue, message.pk))
    return len(failed)
