"""The form of a professional who orients a youth to a partner's offer (contact_requests/orientation.py)."""

import uuid

import phonenumbers
from django import forms

from backoffice.organisation_forms import CommuneField
from contact_requests.enums import ContactChannel
from contact_requests.forms import CHANNEL_FIELD_TEMPLATE, ContactChannelsMixin, parse_mobile
from contact_requests.orientation import NO_CONSENT
from contact_requests.submission import Contact
from core.forms import BoussoleForm

CHANNELS = [
    (ContactChannel.EMAIL, "Par e-mail"),
    (ContactChannel.PHONE, "Par téléphone"),
    (ContactChannel.SMS, "Par SMS"),
]


class OrientationForm(ContactChannelsMixin, BoussoleForm):
    first_name = forms.CharField(label="Prénom du ou de la jeune", max_length=60)
    email = forms.EmailField(
        label="Son adresse e-mail",
        required=False,
        help_text="Format attendu : nom@domaine.fr",
        error_messages={"invalid": "Cette adresse e-mail n’est pas complète : vérifiez le format nom@domaine.fr."},
        template_name=CHANNEL_FIELD_TEMPLATE,
    )
    # The address kept after its domain was questioned: sent again as it is, it is taken.
    email_checked = forms.CharField(required=False, widget=forms.HiddenInput)
    phone = forms.CharField(
        label="Son numéro de portable",
        required=False,
        max_length=30,
        help_text="Par exemple : 06 12 34 56 78",
        widget=forms.TextInput(attrs={"inputmode": "tel", "type": "tel"}),
        template_name=CHANNEL_FIELD_TEMPLATE,
    )
    preferred_channel = forms.ChoiceField(
        label="Comment préfère-t-il ou elle être contacté·e ?", choices=CHANNELS, widget=forms.RadioSelect
    )
    commune = CommuneField(
        label="Commune où il ou elle habite", help_text="Son nom ou son code INSEE, par exemple « Reims » ou « 51454 »."
    )
    message = forms.CharField(
        label="Pourquoi cette offre",
        max_length=1000,
        help_text="Pour le ou la professionnel·le qui reçoit la demande : ce que vous savez de son besoin, ce qui a "
        "déjà été fait. Le ou la jeune ne le lit pas. 1 000 caractères au plus.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Dites en quelques mots pourquoi cette offre lui convient."},
    )
    consent = forms.BooleanField(
        label="Le ou la jeune est d’accord pour que je transmette ses coordonnées à cette structure, qui le ou la "
        "contactera",
        error_messages={"required": NO_CONSENT},
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def clean_phone(self):
        text = self.cleaned_data["phone"].strip()
        if not text:
            return None
        number = parse_mobile(text)
        if number is None:
            raise forms.ValidationError(
                "Ce numéro de portable n’est pas valable : écrivez-le comme 06 12 34 56 78 (ou 0696 12 34 56 en "
                "outre-mer)."
            )
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    typo_message = (
        "Vérifiez l’adresse : vouliez-vous écrire {suggestion} ? Corrigez-la, ou si elle est juste, envoyez le "
        "formulaire tel quel."
    )
    neither_message = "Donnez son e-mail ou son numéro de portable (au moins un des deux) pour qu’on le ou la contacte."
    email_for_channel_message = "Il ou elle préfère être contacté·e par e-mail : écrivez ici son adresse e-mail."
    phone_for_channel_message = "Il ou elle préfère être contacté·e {way} : écrivez ici son portable."

    def contact(self) -> Contact:
        data = self.cleaned_data
        return Contact(
            first_name=data["first_name"],
            email=data["email"],
            phone=data["phone"],
            preferred_channel=data["preferred_channel"],
            message=data["message"],
        )
