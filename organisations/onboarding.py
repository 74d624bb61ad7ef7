"""Bringing an organisation into a territory's consortium, and taking it out."""

from typing import NamedTuple

from django.db import transaction

from organisations.emails import (
    AttachmentAccepted,
    AttachmentRefused,
    AttachmentRequested,
    InvitationEmail,
    OrganisationChangeEmail,
    OrganisationDeactivated,
    OrganisationReactivated,
    TerritoriesLeft,
)
from organisations.enums import MemberRole
from organisations.models import AttachmentRequest, CharterSignature, Invitation, Organisation


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


def _tell(email: OrganisationChangeEmail) -> None:
    """Queue the email when someone besides who acted is concerned: a change nobody else follows needs none."""
    if email.get_recipients():
        email.queue()


@transaction.atomic
def attach_to_territory(*, organisation: Organisation, territory, by) -> AttachmentRequest:
    """An animator brings a partner organisation into their territory; returns the request, accepted or waiting.

    An organisation of no territory yet joins at once, and so does one whose joining this person decides (national
    staff, an animator of one of its territories, one of its administrators). Otherwise the request waits for those
    who decide (`decide_attachment`): until then, the requesting animator sees only its public profile. A request
    already waiting for this territory is returned as it is.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    waiting = organisation.attachment_requests.pending().filter(territory=territory).first()
    if waiting:
        return waiting
    attachment = AttachmentRequest.objects.create(organisation=organisation, territory=territory, requested_by=by)
    at_once = (
        not organisation.territories.exists()
        or Organisation.objects.attachments_decided_by(by).filter(pk=organisation.pk).exists()
    )
    if at_once:
        attachment.decide(accepted=True, by=by)
        email = AttachmentAccepted
    else:
        email = AttachmentRequested
    _tell(email(organisation=organisation, by=by, territories=[territory], attachment_request=attachment))
    return attachment


@transaction.atomic
def decide_attachment(*, attachment_request: AttachmentRequest, accepted: bool, by) -> bool:
    """Accept or refuse the request, and tell the organisation and the animators of both sides. False when it was
    already decided (a double click, or someone else just before)."""
    if not attachment_request.decide(accepted=accepted, by=by):
        return False
    email = AttachmentAccepted if accepted else AttachmentRefused
    _tell(
        email(
            organisation=attachment_request.organisation,
            by=by,
            territories=[attachment_request.territory],
            attachment_request=attachment_request,
        )
    )
    return True


class Withdrawal(NamedTuple):
    left: list  # the territories it left, staying in its other ones
    deactivated: bool


@transaction.atomic
def withdraw_from_territories(*, organisation: Organisation, territories, by) -> Withdrawal:
    """What an animator's "désactiver" does: the organisation leaves the territories they animate (`territories`)
    and keeps its other ones, where it stays active, with its members and offers.

    When those are all its territories, it is deactivated instead and keeps them: taken out of every territory, it
    would be run by nobody and its animators could no longer bring it back. Deactivated, its offers leave the youth
    side everywhere, and the animators of its territories still see it and may reactivate it
    (`reactivate_organisation`). National staff, who animate every territory, thus deactivate an organisation
    everywhere.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    own = list(organisation.territories.order_by("name"))
    leaving = list(organisation.territories.filter(pk__in=territories).order_by("name"))
    if leaving and len(leaving) < len(own):
        organisation.territories.remove(*leaving)
        _tell(TerritoriesLeft(organisation=organisation, by=by, territories=leaving))
        return Withdrawal(left=leaving, deactivated=False)
    if (own and not leaving) or not organisation.is_active:
        return Withdrawal(left=[], deactivated=False)
    organisation.deactivate()
    _tell(OrganisationDeactivated(organisation=organisation, by=by))
    return Withdrawal(left=[], deactivated=True)


@transaction.atomic
def reactivate_organisation(*, organisation: Organisation, by) -> bool:
    """Its published offers reach youths again (once its charter is signed). False when it was already active."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.is_active:
        return False
    organisation.reactivate()
    _tell(OrganisationReactivated(organisation=organisation, by=by))
    return True


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
