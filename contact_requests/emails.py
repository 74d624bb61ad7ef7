"""The emails of a request's life. Each body is one text template, shown as text and as simple HTML."""

from django.conf import settings
from django.urls import reverse

from contact_requests.enums import EscalationReason
from notifications.emails import BaseEmail

TEMPLATES = "emails/contact_requests"


class RequestEmail(BaseEmail):
    """An email about one request; `body` names its text template under emails/contact_requests/."""

    body = ""
    text_template = f"{TEMPLATES}/wrapper.txt"
    html_template = f"{TEMPLATES}/wrapper.html"

    def __init__(self, *, contact_request):
        self.request = contact_request
        self.subject_template = f"{TEMPLATES}/{self.body}_subject.txt"

    def get_context(self):
        request = self.request
        return {
            "request": request,
            "offer": request.offer,
            "organisation": request.organisation,
            "body_template": f"{TEMPLATES}/{self.body}.txt",
            "tracking_url": settings.SITE_URL + request.tracking_url(),
            "professional_url": settings.SITE_URL + reverse("login"),
        }

    def get_related(self):
        return self.request


class ToOrganisation(RequestEmail):
    def get_recipients(self):
        return self.request.organisation_recipients()

    def get_reply_to(self):
        return [self.request.email] if self.request.email else []


class ToYouth(RequestEmail):
    def get_recipients(self):
        return [self.request.email] if self.request.email else []

    def get_reply_to(self):
        return [self.request.organisation.email] if self.request.organisation.email else []


class RequestAlert(ToOrganisation):
    kind = "contact_request_alert"
    body = "alert"


class RequestAcknowledgement(ToYouth):
    kind = "contact_request_acknowledgement"
    body = "acknowledgement"

    def get_context(self):
        return {**super().get_context(), "organisation_reached": bool(self.request.organisation_recipients())}


class TrackingLinkAgain(ToYouth):
    """The private link, sent again because a request was made again with this email."""

    kind = "contact_request_tracking_link_again"
    body = "tracking_link_again"


class RequestReminder(ToOrganisation):
    kind = "contact_request_reminder"
    body = "reminder"


class RequestWithdrawn(ToOrganisation):
    kind = "contact_request_withdrawn"
    body = "withdrawn"


class RequestTransferred(ToYouth):
    kind = "contact_request_transferred"
    body = "transferred"


class RequestFollowUp(ToYouth):
    kind = "contact_request_follow_up"
    body = "follow_up"


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
