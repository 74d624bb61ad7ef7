"""What the providers report after sending: a message delivered, bounced, refused. Both webhooks answer 403 and change
nothing when they fail authentication; an unknown message is acknowledged (the provider would otherwise retry) and
left alone.

- E-mails: django-anymail's Brevo tracking webhook, authenticated with HTTP basic auth (ANYMAIL["WEBHOOK_SECRET"],
  "user:password", written in the URL given to Brevo: https://user:password@site/anymail/brevo/tracking/).
  Its normalised events reach `record_email_event` through anymail's `tracking` signal.
- SMS: the `webUrl` that each SMS gives Brevo, /webhooks/sms/brevo/<SMS_WEBHOOK_TOKEN>/?sms=<key of the SMS>.
"""

import json
import logging
import uuid

from anymail.exceptions import AnymailWebhookValidationFailure
from anymail.signals import EventType
from anymail.webhooks.brevo import BrevoTrackingWebhookView
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from notifications.enums import DeliveryStatus
from notifications.models import Email, Sms
from notifications.signals import message_undelivered

logger = logging.getLogger(__name__)

EMAIL_STATUSES = {
    EventType.DELIVERED: DeliveryStatus.DELIVERED,
    EventType.BOUNCED: DeliveryStatus.BOUNCED,
    EventType.REJECTED: DeliveryStatus.REJECTED,
    # Brevo's "error": the provider could not send it.
    EventType.FAILED: DeliveryStatus.REJECTED,
    EventType.COMPLAINED: DeliveryStatus.COMPLAINED,
}

# Brevo's `msg_status` (webhook) or `event` (events report) for an SMS. "sent" and "accepted" say only that Brevo has
# it (blank: no delivery news); a soft bounce is a phone that stayed unreachable until the SMS expired.
SMS_STATUSES = {
    "sent": "",
    "accepted": "",
    "delivered": DeliveryStatus.DELIVERED,
    "hard_bounce": DeliveryStatus.BOUNCED,
    "hardbounce": DeliveryStatus.BOUNCED,
    "soft_bounce": DeliveryStatus.BOUNCED,
    "softbounce": DeliveryStatus.BOUNCED,
    "rejected": DeliveryStatus.REJECTED,
    "blocked": DeliveryStatus.REJECTED,
    "skip": DeliveryStatus.REJECTED,
}


class EmailTrackingWebhookView(BrevoTrackingWebhookView):
    """Anymail's Brevo tracking webhook, which answers 403 to a request without the right basic auth (anymail answers
    400), and refuses everything while no ANYMAIL["WEBHOOK_SECRET"] is set (anymail would accept anything)."""

    warn_if_no_basic_auth = False

    def post(self, request, *args, **kwargs):
        try:
            if not self.basic_auth:
                raise AnymailWebhookValidationFailure("No ANYMAIL WEBHOOK_SECRET: the webhook is closed.")
            return super().post(request, *args, **kwargs)
        except AnymailWebhookValidationFailure as failure:
            logger.warning("E-mail tracking webhook refused: %s", failure)
            return HttpResponseForbidden()


def record_email_event(sender, event, esp_name, **kwargs):
    """Receiver of anymail's `tracking` signal: the outbox e-mail the event is about records it."""
    status = EMAIL_STATUSES.get(event.event_type)
    if status is None or not event.message_id:
        return
    at = event.timestamp or timezone.now()
    with transaction.atomic():
        emails = list(Email.objects.with_provider_message_id(event.message_id).select_for_update())
        if not emails:
            logger.info("%s event %s for an e-mail the outbox does not know.", esp_name, event.event_type)
        for email in emails:
            if email.record_delivery(status=status, recipient=event.recipient or "", at=at):
                message_undelivered.send(sender=Email, message=email, recipient=event.recipient or "")


def find_reported_sms(*, key: str, provider_message_id: str):
    """The SMS a report is about: by the key in its address, else by the provider's message id."""
    sms = Sms.objects.select_for_update()
    try:
        return sms.get(key=uuid.UUID(key))
    except (ValueError, Sms.DoesNotExist):
        pass
    if provider_message_id:
        return sms.filter(provider_message_id=provider_message_id).first()
    return None


def record_sms_report(report: dict, *, key: str, at) -> Sms | None:
    """Record a delivery report on its SMS; returns the SMS, or None when the report is about no SMS of ours."""
    status = SMS_STATUSES.get(str(report.get("msg_status") or report.get("event") or "").lower())
    if status is None:
        return None
    message_id = str(report.get("messageId") or "")
    with transaction.atomic():
        sms = find_reported_sms(key=key, provider_message_id=message_id)
        if sms is None:
            logger.info("SMS report %s for an SMS the outbox does not know.", report.get("msg_status"))
            return None
        # What the provider said, without the phone number.
        kept = {name: value for name, value in report.items() if name not in {"to", "phoneNumber"}}
        if sms.record_delivery(status=status, at=at, provider_message_id=message_id, report=kept):
            message_undelivered.send(sender=Sms, message=sms, recipient=sms.recipient)
    return sms


@csrf_exempt
@login_not_required
@require_POST
def sms_delivery_report(request, token):
    """Brevo's report on one SMS (POST, JSON), authenticated by the secret token in the address."""
    if not settings.SMS_WEBHOOK_TOKEN or not constant_time_compare(token, settings.SMS_WEBHOOK_TOKEN):
        logger.warning("SMS delivery report refused: wrong token.")
        return HttpResponseForbidden()
    try:
        report = json.loads(request.body)
    except ValueError:
        return HttpResponseBadRequest()
    if not isinstance(report, dict):
        return HttpResponseBadRequest()
    record_sms_report(report, key=request.GET.get("sms", ""), at=timezone.now())
    return HttpResponse()
