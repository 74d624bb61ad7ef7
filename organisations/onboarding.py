"""Bringing an organisation into a territory's consortium, and taking it out."""

from django.db import transaction

from organisations.emails import InvitationEmail
from organisations.enums import MemberRole
from organisations.models import Invitation, Organisation


@transaction.atomic
def invite_organisation(*, organisation: Organisation, territory, administrator_email: str, invited_by) -> Invitation:
    """Record a new partner organisation in the territory and invite its first administrator.

    The administrator accepts the invitation, then signs the charter for the organisation: until then, the
    organisation reaches no youth.
    """
    organisation.save()
    organisation.territories.add(territory)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=administrator_email.strip().lower(),
        role=MemberRole.ADMIN,
        invited_by=invited_by,
    )
    InvitationEmail(invitation=invitation).queue()
    return invitation
