"""Bringing an organisation into a territory's consortium, and taking it out."""

from django.db import transaction

from organisations.emails import InvitationEmail
from organisations.enums import MemberRole
from organisations.models import CharterSignature, Invitation, Organisation


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


@transaction.atomic
def invite_member(*, organisation: Organisation, email: str, role: str, invited_by) -> Invitation:
    """Invite someone to join the organisation; a new invitation to the same address replaces a pending one."""
    email = email.strip().lower()
    organisation.invitations.filter(email__iexact=email, accepted_at__isnull=True).delete()
    invitation = Invitation.objects.create(organisation=organisation, email=email, role=role, invited_by=invited_by)
    InvitationEmail(invitation=invitation).queue()
    return invitation


def add_to_territory(*, organisation: Organisation, territory) -> None:
    """A partner organisation of another territory joins this one's consortium too."""
    organisation.territories.add(territory)


class LastAdministrator(Exception):
    """The organisation would be left without anyone to run it."""


def remove_member(*, membership) -> None:
    """Takes a person out of the organisation; never its last administrator (raises LastAdministrator).

    The administrators are locked, so that two of them removing each other at the same time still leave one.
    """
    with transaction.atomic():
        admins = list(
            membership.organisation.memberships.select_for_update()
            .filter(role=MemberRole.ADMIN)
            .values_list("pk", flat=True)
        )
        if admins == [membership.pk]:
            raise LastAdministrator
        membership.delete()


def cancel_invitation(*, invitation: Invitation) -> None:
    """Its link no longer works."""
    invitation.delete()


def sign_charter(*, organisation: Organisation, charter, by):
    """An administrator signs the charter for the organisation: its offers may reach youths."""
    return CharterSignature.objects.create(organisation=organisation, charter=charter, signed_by=by)
