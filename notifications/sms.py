"""The base of every SMS the service sends: one class per kind of SMS, in the app that owns what it says.

Example, in `contact_requests/sms.py`::

    from notifications.sms import BaseSms


    class Acknowledgement(BaseSms):
        kind = "contact_request_acknowledgement"
        template = "sms/contact_request_acknowledgement.txt"
        contains_private_link = True

        def __init__(self, *, contact_request):
            self.contact_request = contact_request

        def get_recipient(self):
            return self.contact_request.phone

        def get_context(self):
            return {"contact_request": self.contact_request}

        def get_related(self):
            return self.contact_request

        def get_time_zone(self):
            return working_days.time_zone(self.contact_request.commune.department)


    # In the flow's transaction: the row is saved with the request, the send is queued after commit.
    with transaction.atomic():
        contact_request = ContactRequest.objects.create(...)
        Acknowledgement(contact_request=contact_request).queue()

The template (under `templates/sms/`) is rendered without HTML escaping; spaces are folded, line breaks kept, and the
text is written in the GSM 7-bit alphabet when it can be (see gsm7.py). Every kind must fit one segment: a longer one
raises `SmsTooLong` in the tests (a warning, which the test suite turns into an error) and is logged and sent anyway
in production, where a youth's SMS in two segments is better than none.
No SMS leaves between 20:00 and 08:00 in the time zone of `get_time_zone()`: one written at night waits for 08:00.
At most SMS_MAX_PER_RELATED SMS are written about one related object; past that, `queue()` writes nothing.
"""

import logging
import warnings
import zoneinfo
from functools import partial

import phonenumbers
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from notifications import gsm7
from notifications.enums import MessageStatus
from notifications.messages import BaseMessage, render_template
from notifications.models import Sms
from notifications.sending_hours import next_sending_time
from notifications.tasks import enqueue_sms

logger = logging.getLogger(__name__)


class SmsTooLong(UserWarning):
    """A kind of SMS whose text takes more than one segment."""


MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def international_number(number) -> str:
    """`number` (a string or a PhoneNumber) in the international format, "+33612345678"; "" when it is no mobile
    number (a landline gets no SMS)."""
    if not number:
        return ""
    try:
        parsed = phonenumbers.parse(str(number), settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(parsed) or phonenumbers.number_type(parsed) not in MOBILE_TYPES:
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def fold_spaces(text: str) -> str:
    """An SMS's text: spaces folded, blank lines dropped, line breaks kept."""
    lines = (" ".join(line.split()) for line in text.strip().splitlines())
    return "\n".join(line for line in lines if line)


class BaseSms(BaseMessage):
    """One kind of SMS. Subclasses set `kind` and `template`, and implement `get_recipient()`.

    Hooks, besides BaseMessage's: `get_recipient()` (required, a mobile number: a string or a PhoneNumber),
    `get_time_zone()` (where the recipient lives, for the night: settings.TIME_ZONE by default), `get_charged_to()`
    (whose budget pays for it, a short label such as a territory's slug: costs are counted by it).
    """

    template: str = ""

    def get_recipient(self):
        raise NotImplementedError(f"{type(self).__name__} must say who receives it (get_recipient).")

    def get_time_zone(self) -> zoneinfo.ZoneInfo | str:
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def get_charged_to(self) -> str:
        return ""

    def render(self) -> gsm7.SmsText:
        text = gsm7.encode(fold_spaces(render_template(self.template, self.template_context(), autoescape=False)))
        if text.segments > 1:
            message = f"Le SMS « {self.kind} » prend {text.segments} segments ({text.length} caractères) au lieu d’un."
            logger.error(message)
            warnings.warn(message, SmsTooLong, stacklevel=2)
        return text

    def queue(self) -> Sms | None:
        """Save the SMS in the outbox and send it once the current transaction commits (at 08:00 if it is night).

        Call it inside the transaction that makes the SMS true. Returns None, writing nothing, when the related
        object already has SMS_MAX_PER_RELATED SMS. Without a valid number the SMS is saved as failed, visible in the
        admin, and nothing is queued.
        """
        if not (self.kind and self.template):
            raise NotImplementedError(f"{type(self).__name__} must set kind and template.")
        text = self.render()
        time_zone = self.get_time_zone()
        if isinstance(time_zone, str):
            time_zone = zoneinfo.ZoneInfo(time_zone)
        now = timezone.now()
        sms = Sms(
            kind=self.kind,
            sender=settings.SMS_SENDER,
            recipient=international_number(self.get_recipient()),
            body=text.text,
            encoding=text.encoding,
            segments=text.segments,
            time_zone=time_zone.key,
            not_before=next_sending_time(now, time_zone),
            contains_private_link=self.contains_private_link,
            charged_to=self.get_charged_to(),
            created_at=now,
            scheduled_at=now,
            **self.related_fields(),
        )
        with transaction.atomic():
            if self.over_the_cap():
                return None
            if not sms.recipient:
                sms.status = MessageStatus.FAILED
                sms.failed_at = now
                sms.last_error = "Pas de numéro de portable valide : le SMS n’a pas été envoyé."
                sms.save()
                logger.error("SMS %s (%s) has no valid number: saved as failed.", sms.pk, sms.kind)
                return sms
            sms.save()
        if sms.not_before is None:
            transaction.on_commit(partial(enqueue_sms, sms.pk))
        return sms

    def over_the_cap(self) -> bool:
        """Whether the related object already has its SMS_MAX_PER_RELATED SMS (its row is locked to count them)."""
        related = self.get_related()
        if related is None:
            return False
        # Two transactions writing about the same object count one after the other.
        list(type(related)._base_manager.select_for_update().filter(pk=related.pk).values_list("pk", flat=True))
        count = Sms.objects.related_to(related).count()
        if count < settings.SMS_MAX_PER_RELATED:
            return False
        logger.warning(
            "SMS %s not written: %s %s already has %s SMS.", self.kind, related._meta.label_lower, related.pk, count
        )
        return True
