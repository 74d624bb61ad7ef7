"""Forms of an organisation's profile and people, and the two steps of an invitation (send, accept)."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import BaseUserCreationForm
from django.db import transaction
from django.utils import timezone

from boussole.forms import BoussoleForm
from organisations.emails import InvitationEmail
from organisations.enums import MemberRole
from organisations.models import Invitation, Membership, Organisation


class InvitationNotValid(Exception):
    """The invitation was accepted, cancelled or expired between the page and the click."""


class OrganisationForm(BoussoleForm, forms.ModelForm):
    """What an administrator may change; SIRET and territories are set by the territorial animation."""

    website = forms.URLField(
        label="Site internet",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="Format attendu : https://www.exemple.fr",
    )

    class Meta:
        model = Organisation
        fields = ["name", "address", "website", "phone", "email", "contacts_visible_to_peers"]
        labels = {
            "name": "Nom de la structure",
            "email": "E-mail de contact",
            "contacts_visible_to_peers": "Montrer notre téléphone, notre e-mail et notre site aux autres partenaires",
        }
        help_texts = {
            "email": "Une adresse d’accueil de la structure plutôt qu’une adresse personnelle.",
            "contacts_visible_to_peers": "Ils les voient dans l’annuaire du territoire, réservé aux partenaires.",
        }


class InvitationForm(BoussoleForm, forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role"]
        labels = {"email": "Adresse e-mail de votre collègue", "role": "Rôle"}
        help_texts = {
            "email": "Format attendu : nom@domaine.fr",
            "role": "Un membre traite les demandes et les offres ; "
            "un administrateur ou une administratrice gère aussi la structure et ses membres.",
        }
        widgets = {"role": forms.RadioSelect}

    def __init__(self, *args, organisation: Organisation, invited_by, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.invited_by = invited_by

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if self.organisation.memberships.filter(user__email__iexact=email).exists():
            raise forms.ValidationError("Cette personne fait déjà partie de la structure.")
        return email

    def save(self, commit=True):
        """Record the invitation and send its email; a new invitation to the same address replaces a pending one."""
        invitation = super().save(commit=False)
        invitation.organisation = self.organisation
        invitation.invited_by = self.invited_by
        with transaction.atomic():
            self.organisation.invitations.filter(email__iexact=invitation.email, accepted_at__isnull=True).delete()
            invitation.save()
            InvitationEmail(invitation=invitation).queue()
        return invitation


def accept_invitation(*, invitation: Invitation, user) -> Membership:
    """Make the user a member with the invited role and close the invitation. Call it inside a transaction.

    The invitation row is locked and checked again, so a double click or two tabs accept it once.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_valid:
        raise InvitationNotValid
    membership, created = Membership.objects.get_or_create(
        user=user, organisation_id=invitation.organisation_id, defaults={"role": invitation.role}
    )
    # Already a member: an invitation may raise the role, never lower it.
    if not created and invitation.role == MemberRole.ADMIN and not membership.is_admin:
        membership.role = MemberRole.ADMIN
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


class AcceptInvitationForm(BoussoleForm, BaseUserCreationForm):
    """Creates the account of an invited person (the e-mail is the invitation's) and their membership."""

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name"]
        labels = {"first_name": "Prénom", "last_name": "Nom"}

    def __init__(self, *args, invitation: Invitation, **kwargs):
        # The e-mail is on the instance before validation, so that the password may not resemble it.
        super().__init__(*args, instance=get_user_model()(email=invitation.email.lower()), **kwargs)
        self.invitation = invitation
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["password1"].label = "Mot de passe"
        self.fields["password2"].label = "Le même mot de passe, pour vérifier"
        self.fields["password2"].help_text = ""

    def save(self):
        with transaction.atomic():
            user = super().save()
            accept_invitation(invitation=self.invitation, user=user)
        return user
