"""The emails of partner organisations."""

from django.conf import settings
from django.urls import reverse

from notifications.emails import BaseEmail
from organisations.models import INVITATION_DAYS


class InvitationEmail(BaseEmail):
    """To a colleague invited by an organisation administrator: the personal link to join."""

    kind = "organisation_invitation"
    contains_private_link = True
    subject_template = "emails/organisations/invitation_subject.txt"
    text_template = "emails/organisations/invitation.txt"
    html_template = "emails/organisations/invitation.html"

    def __init__(self, *, invitation):
        self.invitation = invitation

    def get_recipients(self):
        return [self.invitation.email]

    def get_reply_to(self):
        invited_by = self.invitation.invited_by
        return [invited_by.email] if invited_by else []

    def get_context(self):
        return {
            "invitation": self.invitation,
            "organisation": self.invitation.organisation,
            "invited_by": self.invitation.invited_by,
            "accept_url": settings.SITE_URL + reverse("backoffice:invitation", args=[self.invitation.token]),
            "valid_days": INVITATION_DAYS,
            # The first administrator of an organisation also signs the charter in its name.
            "first_administrator": not self.invitation.organisation.memberships.exists(),
        }

    def get_related(self):
        return self.invitation
