"""Forms of an organisation's profile and people, and the two steps of an invitation (send, accept)."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import BaseUserCreationForm
from django.db import transaction

from backoffice.offer_forms import CommunesField
from core.forms import BoussoleForm
from organisations.models import Invitation, Organisation
from organisations.onboarding import invite_member
from organisations.validators import validate_siret
from territories.models import Commune


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
        fields = [
            "name",
            "address",
            "website",
            "phone",
            "email",
            "opening_hours",
            "contacts_visible_to_youths",
            "contacts_visible_to_peers",
        ]
        labels = {
            "name": "Nom de la structure",
            "phone": "Téléphone d’accueil",
            "email": "E-mail de contact",
            "opening_hours": "Horaires d’accueil",
            "contacts_visible_to_youths": "Montrer votre téléphone et votre e-mail aux jeunes, sur vos offres",
            "contacts_visible_to_peers": "Montrer votre téléphone, votre e-mail et votre site aux autres partenaires",
        }
        help_texts = {
            "phone": "Format attendu : 03 26 00 00 00",
            "email": "Une adresse d’accueil de la structure plutôt qu’une adresse personnelle.",
            "opening_hours": "Montrés aux jeunes sur vos offres. Par exemple : du lundi au vendredi, de 9 h à 12 h "
            "et de 14 h à 17 h.",
            "contacts_visible_to_youths": "Ils pourront vous appeler ou vous écrire sans attendre d’être contactés. "
            "Ils figurent alors aussi dans les données ouvertes de la Boussole (format data·inclusion, "
            "Licence Ouverte).",
            "contacts_visible_to_peers": "Ils les voient dans l’annuaire du territoire, réservé aux partenaires.",
        }
        widgets = {"opening_hours": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("contacts_visible_to_youths") and not (cleaned.get("phone") or cleaned.get("email")):
            self.add_error(
                "contacts_visible_to_youths",
                "Indiquez d’abord un téléphone ou un e-mail d’accueil à montrer aux jeunes.",
            )
        return cleaned


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
        """Record the invitation and send its email (`organisations.onboarding.invite_member`)."""
        return invite_member(
            organisation=self.organisation,
            email=self.cleaned_data["email"],
            role=self.cleaned_data["role"],
            invited_by=self.invited_by,
        )


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
            self.invitation.accept(user=user)
        return user


class CommuneField(CommunesField):
    """One commune typed by its name or INSEE code, shown back as "Reims (51)"."""

    widget = forms.TextInput

    def prepare_value(self, value):
        if isinstance(value, Commune):
            return value.label
        return super().prepare_value(value)

    def clean(self, value) -> Commune:
        communes = super().clean(value)
        if len(communes) != 1:
            raise forms.ValidationError("Indiquez une seule commune.", code="several")
        return communes[0]


class NewOrganisationForm(BoussoleForm, forms.ModelForm):
    """A partner organisation invited by the territorial animation, with the e-mail of its first administrator."""

    commune = CommuneField(label="Commune", help_text="Son nom ou son code INSEE, par exemple « Reims » ou « 51454 ».")
    # Longer than 14: people type or paste it with spaces, which `clean_siret` removes.
    siret = forms.CharField(
        label="SIRET",
        max_length=20,
        help_text="14 chiffres, sur l’avis de situation SIRENE ou sur annuaire-entreprises.data.gouv.fr.",
    )
    website = forms.URLField(
        label="Site internet",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="Format attendu : https://www.exemple.fr",
    )
    administrator_email = forms.EmailField(
        label="E-mail de la personne qui administrera la structure",
        help_text="Elle reçoit l’invitation, crée son compte et signe la charte au nom de la structure. "
        "Format attendu : nom@domaine.fr",
    )
    territory = forms.ModelChoiceField(label="Territoire", queryset=None, empty_label=None)

    class Meta:
        model = Organisation
        fields = ["name", "siret", "kind", "address", "commune", "phone", "email", "website"]
        labels = {
            "name": "Nom de la structure",
            "kind": "Type de structure",
            "address": "Adresse",
            "phone": "Téléphone d’accueil",
            "email": "E-mail de contact",
        }
        help_texts = {
            "email": "Une adresse d’accueil de la structure plutôt qu’une adresse personnelle.",
        }

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        self.fields["phone"].required = False
        self.fields["email"].required = False

    def clean_siret(self):
        siret = "".join(self.cleaned_data["siret"].split())
        validate_siret(siret)
        existing = Organisation.objects.filter(siret=siret).first()
        if existing:
            raise forms.ValidationError(
                f"Ce SIRET est celui de « {existing.name} », déjà partenaire de la Boussole : "
                "ajoutez-la à votre territoire plutôt que de la créer.",
                code="exists",
            )
        return siret

    def validate_unique(self):
        """The SIRET is checked with a clearer message in `clean_siret`."""


class ExistingOrganisationForm(BoussoleForm):
    """A partner organisation already known, found by its SIRET, asks to join one of the animator's territories."""

    siret = forms.CharField(
        label="SIRET de la structure",
        max_length=20,
        help_text="14 chiffres. La structure garde ses autres territoires, ses membres et ses offres.",
    )
    territory = forms.ModelChoiceField(label="Territoire", queryset=None, empty_label=None)

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories

    def clean(self):
        cleaned = super().clean()
        siret, territory = "".join(cleaned.get("siret", "").split()), cleaned.get("territory")
        if not siret:
            return cleaned
        organisation = Organisation.objects.filter(siret=siret).first()
        if organisation is None:
            self.add_error(
                "siret", "Aucune structure partenaire n’a ce SIRET : invitez-la comme nouvelle structure ci-dessus."
            )
        elif territory and organisation.territories.filter(pk=territory.pk).exists():
            self.add_error("siret", f"« {organisation.name} » fait déjà partie de {territory.name}.")
        elif territory and organisation.attachment_requests.pending().filter(territory=territory).exists():
            self.add_error(
                "siret",
                f"Une demande de rattachement de « {organisation.name} » à {territory.name} attend déjà une décision.",
            )
        cleaned["organisation"] = organisation
        return cleaned
