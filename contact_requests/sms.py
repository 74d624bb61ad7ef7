"""The SMS a youth receives about their request (templates under templates/sms/contact_requests/).

Who receives them (`gets_sms`): a youth who gave a mobile and no e-mail, or who chose "par SMS" (then by e-mail too),
or whose e-mail never arrived (the provider said it bounced). A youth who gave an e-mail keeps it as their channel.
What they say: the reference, the structure's name, a date and the short link to the tracking page (short_links.py);
never the youth's answers nor the offer's title, which may tell a need (a psychologist, a disability) on a lock screen.
When: as the e-mails, on the organisation's clock, never at night (deferred to 08:00), at most SMS_MAX_PER_RELATED
per request; past its territory's SMS_MONTHLY_CAP_PER_TERRITORY segments in the month, only the acknowledgement.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from contact_requests.emails import (
    RequestAcknowledgement,
    RequestClosedWithoutContact,
    RequestFollowUp,
    SmsCapReached,
    TrackingLinkAgain,
)
from contact_requests.enums import ContactChannel, EventKind
from contact_requests.short_links import short_url
from notifications import gsm7
from notifications.messages import render_template
from notifications.models import Email, Sms
from notifications.sms import BaseSms, fold_spaces
from territories import working_days

logger = logging.getLogger(__name__)

TEMPLATES = "sms/contact_requests"
# Whose budget pays for the SMS of a request made outside the open territories (a national offer).
NO_TERRITORY = "hors-territoire"


def gets_sms(*, email: str, phone, preferred_channel: str, email_undelivered: bool = False) -> bool:
    """Whether a youth who gave this contact receives SMS about their request."""
    return bool(phone) and (not email or preferred_channel == ContactChannel.SMS or email_undelivered)


def reached_by_sms(contact_request) -> bool:
    """`gets_sms` for a request: its e-mail counts as undelivered once the provider said so (see undelivered.py)."""
    if contact_request.anonymised_at is not None or not contact_request.phone:
        return False
    email_undelivered = (
        bool(contact_request.email)
        and contact_request.preferred_channel != ContactChannel.SMS
        and contact_request.events.filter(kind=EventKind.YOUTH_UNDELIVERED, data__channel="email").exists()
    )
    return gets_sms(
        email=contact_request.email,
        phone=contact_request.phone,
        preferred_channel=contact_request.preferred_channel,
        email_undelivered=email_undelivered,
    )


def charged_to(contact_request) -> str:
    """The budget that pays for a request's SMS: its territory's."""
    return contact_request.territory.slug if contact_request.territory_id else NO_TERRITORY


def month_start():
    """The first instant of the current month, in the site's time zone (the admin counts months so)."""
    return timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def over_monthly_cap(contact_request) -> bool:
    """Whether the request's territory has spent its SMS_MONTHLY_CAP_PER_TERRITORY segments this month; national
    staff are then told, once per territory and month."""
    since = month_start()
    budget = charged_to(contact_request)
    if Sms.objects.segments_charged_to(budget, since=since) < settings.SMS_MONTHLY_CAP_PER_TERRITORY:
        return False
    logger.warning("SMS cap of %s reached this month: only acknowledgements leave.", budget)
    territory = contact_request.territory
    with transaction.atomic():
        told = Email.objects.filter(kind=SmsCapReached.kind, created_at__gte=since)
        if territory is not None:
            # Two requests of the territory passing the cap at once tell staff once.
            list(type(territory).objects.select_for_update().filter(pk=territory.pk).values_list("pk", flat=True))
            told = told.filter(related_type=territory._meta.label_lower, related_id=territory.pk)
        else:
            told = told.filter(related_type="")
        if not told.exists():
            SmsCapReached(territory=territory, charged_to=budget, month=since).queue()
    return True


class YouthSms(BaseSms):
    """An SMS to the youth of a request; `body` names its template under templates/sms/contact_requests/."""

    body = ""
    contains_private_link = True
    # Past the territory's monthly cap, only what must still leave (the acknowledgement).
    sent_past_the_cap = False

    def __init__(self, *, contact_request):
        self.request = contact_request
        self.template = f"{TEMPLATES}/{self.body}.txt"

    def get_recipient(self):
        return self.request.phone

    def get_context(self):
        # Rendered when queued: the short link is renewed for as long as a link sent now works.
        return {
            "request": self.request,
            "organisation": self.request.organisation,
            "short_url": short_url(self.request, now=timezone.now()) if self.contains_private_link else "",
        }

    def get_related(self):
        return self.request

    def get_time_zone(self):
        return working_days.time_zone(self.request.department)

    def get_charged_to(self):
        return charged_to(self.request)

    def queue(self) -> Sms | None:
        """Writes nothing unless SMS is one of the youth's channels (`reached_by_sms`), nor past the territory's
        monthly cap unless `sent_past_the_cap`; else as BaseSms.queue."""
        if not reached_by_sms(self.request):
            return None
        if not self.sent_past_the_cap and over_monthly_cap(self.request):
            return None
        return super().queue()


class Acknowledgement(YouthSms):
    """The promise of the offer page in one segment: the date in the same words ("au plus tard le 8/12"), and the day
    the request is read when it is later than today, if the text still fits ("sera lue lundi matin")."""

    kind = "contact_request_acknowledgement"
    body = "acknowledgement"
    sent_past_the_cap = True
    # Whether the text says when the request is read; dropped when it would take a second segment.
    says_read_on = True

    # For an orientation: whether the structures' names are cut, when whole they would take a second segment.
    short_names = False

    def __init__(self, *, contact_request):
        if contact_request.is_orientation:
            # Who sent the youth there, instead of when it is read.
            self.body, self.says_read_on = "oriented_acknowledgement", False
        super().__init__(contact_request=contact_request)

    def get_context(self):
        promise = self.request.promise()
        return {
            **super().get_context(),
            "deadline": f"au plus tard le {date_format(promise.due_on, 'j/m')}",
            "read_on": promise.read_on if self.says_read_on else "",
            "short_names": self.short_names,
        }

    def render(self) -> gsm7.SmsText:
        text = gsm7.encode(fold_spaces(render_template(self.template, self.template_context(), autoescape=False)))
        if text.segments == 1:
            return text
        self.says_read_on, self.short_names = False, True
        return super().render()


class NoContactQuestion(YouthSms):
    """After the due date: "as-tu été contacté·e ?", answered on the tracking page."""

    kind = "contact_request_no_contact_question"
    body = "no_contact_question"


class Closed(YouthSms):
    kind = "contact_request_closed"
    body = "closed"


class Withdrawn(YouthSms):
    kind = "contact_request_withdrawn"
    body = "withdrawn"
    contains_private_link = False


class LinkAgain(YouthSms):
    """The link, sent again because a request was made again with this mobile."""

    kind = "contact_request_tracking_link_again"
    body = "tracking_link_again"

    def queue(self) -> Sms | None:
        # Sent to the mobile of the request whatever the youth's channels: the request was made again with it.
        if not self.request.phone or self.request.anonymised_at is not None:
            return None
        if over_monthly_cap(self.request):
            return None
        return BaseSms.queue(self)


# A youth's e-mail that bounced, and the SMS that says the same.
INSTEAD_OF_EMAIL = {
    RequestAcknowledgement.kind: Acknowledgement,
    RequestFollowUp.kind: NoContactQuestion,
    RequestClosedWithoutContact.kind: Closed,
    TrackingLinkAgain.kind: LinkAgain,
}


def instead_of_email(email_kind: str, contact_request) -> Sms | None:
    """The SMS that replaces a youth's e-mail that never arrived, unless the youth already received it by SMS."""
    sms_class = INSTEAD_OF_EMAIL.get(email_kind)
    if sms_class is None or Sms.objects.related_to(contact_request).filter(kind=sms_class.kind).exists():
        return None
    return sms_class(contact_request=contact_request).queue()
