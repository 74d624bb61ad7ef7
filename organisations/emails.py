"""The emails of partner organisations."""

from django.conf import settings
from django.contrib.auth import get_user_model
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


class OrganisationChangeEmail(BaseEmail):
    """A change of an organisation's territories or activity, told to the people it concerns: its active
    administrators and the animators of its territories and of the territories concerned, except who made it.

    `body` names its text template under emails/organisations/. No youth's data: names of organisations, territories
    and of the professional who acted, and a link to the professional space.
    """

    body = ""
    text_template = "emails/organisations/change.txt"
    html_template = "emails/organisations/change.html"

    def __init__(self, *, organisation, by, territories=(), attachment_request=None):
        self.organisation = organisation
        self.by = by
        # Territories concerned besides the organisation's own: the one it is asked to join, those it left.
        self.territories = list(territories)
        self.attachment_request = attachment_request
        self.subject_template = f"emails/organisations/{self.body}_subject.txt"

    def get_recipients(self):
        territories = {*self.organisation.territories.values_list("pk", flat=True)}
        territories.update(territory.pk for territory in self.territories)
        animators = (
            get_user_model()
            .objects.filter(is_active=True, animated_territories__in=territories)
            .exclude(email="")
            .order_by("email")
            .values_list("email", flat=True)
            .distinct()
        )
        actor = self.by.email.lower() if self.by else None
        return [
            address
            for address in dict.fromkeys([*self.organisation.administrator_emails(), *animators])
            if address.lower() != actor
        ]

    def get_reply_to(self):
        return [self.by.email] if self.by else []

    def get_context(self):
        context = {
            "organisation": self.organisation,
            "by": self.by,
            "by_staff": bool(self.by and self.by.is_staff),
            "territories": self.territories,
            "body_template": f"emails/organisations/{self.body}.txt",
        }
        if self.attachment_request:
            context["attachment"] = self.attachment_request
            context["attachment_url"] = settings.SITE_URL + reverse(
                "backoffice:attachment_request", args=[self.attachment_request.pk]
            )
        return context

    def get_related(self):
        return self.organisation


class AttachmentRequested(OrganisationChangeEmail):
    """An animator asks that the organisation joins their territory: who may decide hears of it."""

    kind = "organisation_attachment_requested"
    body = "attachment_requested"


class AttachmentAccepted(OrganisationChangeEmail):
    """The organisation joined a territory, on request or at once (it belonged to none, or the animator runs one of
    its territories)."""

    kind = "organisation_attachment_accepted"
    body = "attachment_accepted"


class AttachmentRefused(OrganisationChangeEmail):
    kind = "organisation_attachment_refused"
    body = "attachment_refused"


class TerritoriesLeft(OrganisationChangeEmail):
    """An animator took the organisation out of their territories; it keeps the others."""

    kind = "organisation_territories_left"
    body = "territories_left"


class OrganisationDeactivated(OrganisationChangeEmail):
    kind = "organisation_deactivated"
    body = "deactivated"


class OrganisationReactivated(OrganisationChangeEmail):
    kind = "organisation_reactivated"
    body = "reactivated"
