"""The emails of a request's life. Each body is one text template, shown as text and as simple HTML."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from contact_requests.enums import ANSWER_ANCHOR, EscalationReason
from notifications.emails import BaseEmail

TEMPLATES = "emails/contact_requests"


class RequestEmail(BaseEmail):
    """An email about one request; `body` names its text template under emails/contact_requests/.

    Emails to professionals carry only what DESIGN allows in shared mailboxes: reference, offer, commune, due date and
    the link to the request page (through the login when needed), where the contact details and answers are read.
    """

    body = ""
    # The link that the HTML version shows as a button: the request page for professionals.
    button_link = "request_url"
    button_label = "Ouvrir la demande"
    text_template = f"{TEMPLATES}/wrapper.txt"
    html_template = f"{TEMPLATES}/wrapper.html"

    def __init__(self, *, contact_request):
        self.request = contact_request
        self.subject_template = f"{TEMPLATES}/{self.body}_subject.txt"

    def get_context(self):
        request = self.request
        context = {
            "request": request,
            "offer": request.offer,
            "organisation": request.organisation,
            "body_template": f"{TEMPLATES}/{self.body}.txt",
            "tracking_url": settings.SITE_URL + request.tracking_url(),
            "request_url": settings.SITE_URL + reverse("backoffice:request", kwargs={"pk": request.pk}),
        }
        context["button"] = (context[self.button_link], self.button_label)
        return context

    def get_related(self):
        return self.request


class ToOrganisation(RequestEmail):
    """To the organisation's addresses, often a shared mailbox: no reply goes to the youth from there (the professional
    reaches them from the request page, where each display of their contact details is recorded)."""

    def get_recipients(self):
        return self.request.organisation_recipients()


class ToYouth(RequestEmail):
    button_link = "tracking_url"
    button_label = "Voir ma demande"

    def get_recipients(self):
        return [self.request.email] if self.request.email else []

    def get_reply_to(self):
        """The organisation's address only where it chose to show it to youths (`youth_email`)."""
        address = self.request.organisation.youth_email
        return [address] if address else []


class RequestAlert(ToOrganisation):
    kind = "contact_request_alert"
    body = "alert"


class RequestAcknowledgement(ToYouth):
    """The promise of the offer page; for a youth oriented by a professional, who oriented them, and where."""

    kind = "contact_request_acknowledgement"
    body = "acknowledgement"

    def __init__(self, *, contact_request):
        if contact_request.is_orientation:
            self.body = "oriented_acknowledgement"
        super().__init__(contact_request=contact_request)

    def get_context(self):
        context = {**super().get_context(), "organisation_reached": bool(self.request.organisation_recipients())}
        if self.request.is_orientation:
            context["orienter"] = str(self.request.oriented_by or "Un·e professionnel·le")
        return context


class TrackingLinkAgain(ToYouth):
    """The private link, sent again because a request was made again with this email."""

    kind = "contact_request_tracking_link_again"
    body = "tracking_link_again"


class AlertRerouted(RequestEmail):
    """An alert about the request never reached the organisation (its address bounced): the next people who can act
    receive it at once, its members, or else the territory's animators."""

    kind = "contact_request_alert_rerouted"
    body = "alert_rerouted"

    def __init__(self, *, contact_request, recipients, undelivered_address, to_animators):
        super().__init__(contact_request=contact_request)
        self.recipients = list(recipients)
        self.undelivered_address = undelivered_address
        self.to_animators = to_animators

    def get_recipients(self):
        return self.recipients

    def get_context(self):
        return {
            **super().get_context(),
            "undelivered_address": self.undelivered_address,
            "to_animators": self.to_animators,
        }


class RequestReminder(ToOrganisation):
    kind = "contact_request_reminder"
    body = "reminder"


class RequestWithdrawn(ToOrganisation):
    kind = "contact_request_withdrawn"
    body = "withdrawn"


class RequestTransferred(ToYouth):
    kind = "contact_request_transferred"
    body = "transferred"


class RequestClosedWithoutContact(ToYouth):
    """The organisation closed the request without having reached the youth: they are told, and where to turn."""

    kind = "contact_request_closed_without_contact"
    body = "closed_without_contact"

    def get_context(self):
        return {**super().get_context(), "search_url": settings.SITE_URL + reverse("home")}


class RequestFollowUp(ToYouth):
    """After the due date, "has someone called?": its link lands on the answer buttons, not at the top of the page."""

    kind = "contact_request_follow_up"
    body = "follow_up"

    def get_context(self):
        context = super().get_context()
        context["tracking_url"] += f"#{ANSWER_ANCHOR}"
        context["button"] = (context["tracking_url"], "Répondre")
        return context


class RequestEscalation(RequestEmail):
    """To the territory's animators: a youth is still waiting."""

    kind = "contact_request_escalation"
    body = "escalation"

    def __init__(self, *, contact_request, because=EscalationReason.OVERDUE):
        super().__init__(contact_request=contact_request)
        self.because = EscalationReason(because)

    def get_recipients(self):
        return self.request.animator_recipients()

    def get_context(self):
        return {**super().get_context(), "because": self.because.value}


class FromProfessional(RequestEmail):
    """To the organisation that holds the request, from a named professional or animator, who receives the replies."""

    def __init__(self, *, contact_request, by):
        super().__init__(contact_request=contact_request)
        self.by = by

    def get_recipients(self):
        return self.request.organisation_recipients()

    def get_reply_to(self):
        return [self.by.email] if self.by is not None else []

    def get_context(self):
        return {**super().get_context(), "sender": self.by}


class RequestHandedOver(FromProfessional):
    """The alert of the organisation that receives a request handed over by another organisation or an animator."""

    kind = "contact_request_handed_over"
    body = "handed_over"

    def __init__(self, *, contact_request, by, with_note=False):
        super().__init__(contact_request=contact_request, by=by)
        self.with_note = with_note

    def get_context(self):
        return {**super().get_context(), "with_note": self.with_note}


class AnimatorReminder(FromProfessional):
    """The territorial animator asks the organisation to contact the youth now."""

    kind = "contact_request_animator_reminder"
    body = "animator_reminder"


class SmsCapReached(BaseEmail):
    """To national staff: a territory sent its SMS_MONTHLY_CAP_PER_TERRITORY segments this month; until the next
    month, its youths receive only the acknowledgement by SMS."""

    kind = "sms_monthly_cap_reached"
    subject_template = f"{TEMPLATES}/sms_cap_reached_subject.txt"
    text_template = f"{TEMPLATES}/sms_cap_reached.txt"

    def __init__(self, *, territory, charged_to, month):
        self.territory = territory
        self.charged_to = charged_to
        self.month = month

    def get_recipients(self):
        staff = get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="").order_by("pk")
        return list(staff.values_list("email", flat=True))

    def get_context(self):
        return {
            "territory": self.territory,
            "month": self.month,
            "cap": settings.SMS_MONTHLY_CAP_PER_TERRITORY,
            "sms_url": settings.SITE_URL
            + reverse("admin:notifications_sms_changelist")
            + f"?{urlencode({'charged_to': self.charged_to})}",
        }

    def get_related(self):
        return self.territory
