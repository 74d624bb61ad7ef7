import uuid

import phonenumbers
from django import forms
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html

from contact_requests.enums import ContactChannel
from core.forms import BoussoleForm

# Mobile numbers of metropolitan France and of the overseas départements, typed the French way (06…, 0696…).
PHONE_REGIONS = ["FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "NC", "PF", "WF"]
# Email and mobile: one of the two is needed, so neither is marked "optionnel" (the fieldset says it).
CHANNEL_FIELD_TEMPLATE = "contact_requests/channel_field.html"
YOUTH_CHANNELS = [
    (ContactChannel.EMAIL, "Par e-mail"),
    (ContactChannel.PHONE, "Par téléphone"),
    (ContactChannel.SMS, "Par SMS"),
]


def parse_mobile(text: str) -> phonenumbers.PhoneNumber | None:
    """A French or overseas mobile number, whatever the spacing or prefix (06…, +33 6…, 0696…, +596 696…)."""
    for region in PHONE_REGIONS:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        ):
            return number
    return None


def consent_label():
    return format_html(
        "J’accepte que mes coordonnées et mes réponses soient transmises à la structure qui propose cette offre, "
        'pour qu’elle me contacte (<a href="{}" target="_blank" rel="noopener" title="Données personnelles - '
        'nouvelle fenêtre">en savoir plus sur mes données</a>).',
        reverse_lazy("personal_data"),
    )


class ContactForm(BoussoleForm):
    first_name = forms.CharField(label="Ton prénom", max_length=60, required=False)
    email = forms.EmailField(
        label="Ton adresse e-mail",
        required=False,
        help_text="Format attendu : nom@domaine.fr",
        error_messages={"invalid": "Cette adresse e-mail n’est pas complète : vérifie le format nom@domaine.fr."},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        template_name=CHANNEL_FIELD_TEMPLATE,
    )
    phone = forms.CharField(
        label="Ton numéro de portable",
        required=False,
        max_length=30,
        help_text="Par exemple : 06 12 34 56 78",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
        template_name=CHANNEL_FIELD_TEMPLATE,
    )
    preferred_channel = forms.ChoiceField(
        label="Comment préfères-tu être contacté·e ?", choices=YOUTH_CHANNELS, widget=forms.RadioSelect
    )
    message = forms.CharField(
        label="Un message pour le ou la professionnel·le",
        required=False,
        max_length=1000,
        help_text="Par exemple : tes disponibilités. 1 000 caractères au plus.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Ton message est trop long : 1 000 caractères au plus (il en a %(show_value)d)."},
    )
    consent = forms.BooleanField(
        label=lazy(consent_label, str)(),
        error_messages={"required": "Coche cette case pour que la structure puisse te contacter."},
    )
    # Left empty by people; robots fill every field.
    website = forms.CharField(
        label="Ne pas remplir ce champ",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def clean_phone(self):
        text = self.cleaned_data["phone"].strip()
        if not text:
            return None
        number = parse_mobile(text)
        if number is None:
            raise forms.ValidationError(
                "Ce numéro de portable n’est pas valable : écris-le comme 06 12 34 56 78 "
                "(ou 0696 12 34 56 en outre-mer)."
            )
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError("Ce champ doit rester vide.")
        return ""

    def clean(self):
        data = super().clean()
        email, phone, channel = data.get("email"), data.get("phone"), data.get("preferred_channel")
        if not email and not phone and "email" not in self.errors and "phone" not in self.errors:
            message = "Donne ton e-mail ou ton numéro de portable (au moins un des deux) pour qu’on te contacte."
            self.add_error("email", message)
            self.add_error("phone", message)
        elif channel == ContactChannel.EMAIL and not email and "email" not in self.errors:
            self.add_error("email", "Tu préfères être contacté·e par e-mail : écris ici ton adresse e-mail.")
        elif channel in (ContactChannel.PHONE, ContactChannel.SMS) and not phone and "phone" not in self.errors:
            way = "par SMS" if channel == ContactChannel.SMS else "par téléphone"
            self.add_error("phone", f"Tu préfères être contacté·e {way} : écris ici ton numéro de portable.")
        return data
