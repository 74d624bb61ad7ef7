import uuid

import phonenumbers
from django import forms
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html

from contact_requests.enums import ContactChannel
from core.email_typos import COMMON_DOMAINS, KNOWN_TYPOS, OTHER_REAL_DOMAINS, suggested_address
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


class YouthEmailField(forms.EmailField):
    """An e-mail address written in plain letters: one with an accent ("léa@…") is almost always a slip, and few mail
    servers would take it. The message names the letters, before the format is checked."""

    def clean(self, value):
        text = self.to_python(value)
        special = sorted({letter for letter in text if not letter.isascii()})
        if special:
            raise forms.ValidationError(
                f"Une adresse e-mail s’écrit sans accent ni lettre spéciale : enlève {', '.join(special)} "
                "(par exemple lea@… et non léa@…)."
            )
        return super().clean(value)


class ContactChannelsMixin:
    """The e-mail and the mobile of a youth, as the youth's own form and a professional's orientation ask them: a
    likely typo in the address's domain questioned once, at least one of the two, the one of the preferred channel.
    Each form words the messages for whom it speaks to."""

    typo_message: str  # with {suggestion}
    neither_message: str
    email_for_channel_message: str
    phone_for_channel_message: str  # with {way}: "par téléphone" or "par SMS"

    # The address with the common domain the typed one likely meant, once `clean` found one.
    email_suggestion = ""

    def clean_email(self):
        email = self.cleaned_data["email"]
        suggestion = suggested_address(email) if email else ""
        if suggestion and email.lower() != self.data.get("email_checked", "").strip().lower():
            self.email_suggestion = suggestion
            # Sent again unchanged, the address is then the sender's choice. (Bound data is kept, not cleaned data.)
            self.data = self.data.copy()
            self.data["email_checked"] = email
            raise forms.ValidationError(self.typo_message.format(suggestion=suggestion))
        return email

    def clean(self):
        data = super().clean()
        email, phone, channel = data.get("email"), data.get("phone"), data.get("preferred_channel")
        if not email and not phone and "email" not in self.errors and "phone" not in self.errors:
            self.add_error("email", self.neither_message)
            self.add_error("phone", self.neither_message)
        elif channel == ContactChannel.EMAIL and not email and "email" not in self.errors:
            self.add_error("email", self.email_for_channel_message)
        elif channel in (ContactChannel.PHONE, ContactChannel.SMS) and not phone and "phone" not in self.errors:
            way = "par SMS" if channel == ContactChannel.SMS else "par téléphone"
            self.add_error("phone", self.phone_for_channel_message.format(way=way))
        return data


class ContactForm(ContactChannelsMixin, BoussoleForm):
    first_name = forms.CharField(label="Ton prénom", max_length=60, required=False)
    email = YouthEmailField(
        label="Ton adresse e-mail",
        required=False,
        help_text="Format attendu : nom@domaine.fr",
        error_messages={"invalid": "Cette adresse e-mail n’est pas complète : vérifie le format nom@domaine.fr."},
        widget=forms.EmailInput(
            attrs={
                "autocomplete": "email",
                # What the page's script needs to suggest, as the youth types, what the form suggests on submit.
                "data-email-domains": " ".join(COMMON_DOMAINS),
                "data-email-real": " ".join(sorted(OTHER_REAL_DOMAINS)),
                "data-email-typos": " ".join(f"{typo}:{domain}" for typo, domain in KNOWN_TYPOS.items()),
            }
        ),
        template_name=CHANNEL_FIELD_TEMPLATE,
    )
    # The address the youth kept after its domain was questioned: sent again as it is, it is taken.
    email_checked = forms.CharField(required=False, widget=forms.HiddenInput)
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

    typo_message = (
        "Vérifie ton adresse : voulais-tu écrire {suggestion} ? Corrige-la, ou si elle est juste, renvoie ta demande "
        "telle quelle."
    )
    neither_message = "Donne ton e-mail ou ton numéro de portable (au moins un des deux) pour qu’on te contacte."
    email_for_channel_message = "Tu préfères être contacté·e par e-mail : écris ici ton adresse e-mail."
    phone_for_channel_message = "Tu préfères être contacté·e {way} : écris ici ton numéro de portable."
