from django import forms
from django.utils import timezone

from boussole.cache import cache_bump, cache_get, cache_get_or_set, cache_set
from boussole.forms import BoussoleForm
from contact_requests.enums import ContactChannel, Outcome, RequestStatus
from offers.models import Offer

STATUS_FILTERS = [("", "Toutes")] + [(status.value, status.label.capitalize()) for status in RequestStatus]


class RequestFilterForm(BoussoleForm):
    statut = forms.ChoiceField(label="État", choices=STATUS_FILTERS, required=False)
    offre = forms.ModelChoiceField(label="Offre", queryset=Offer.objects.none(), required=False, empty_label="Toutes")
    en_retard = forms.BooleanField(label="En retard seulement", required=False)

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offre"].queryset = offers


OFFER_CHOICES_VERSION_KEY = "backoffice:offer-choices:version"
OFFER_CHOICES_TIMEOUT = 3600


def offer_choices(professional) -> list[tuple[int, str]]:
    """(pk, title) of the offers that received a request this person may read: the choices of the offer filter.

    Reading them walks every visible request; they are cached until a request or an offer changes.
    """
    version = cache_get_or_set(OFFER_CHOICES_VERSION_KEY, 1)
    organisations = sorted(membership.organisation_id for membership in professional.memberships)
    territories = sorted(professional.animated)
    scope = "all" if professional.is_staff else f"{organisations}{territories}"
    key = f"backoffice:offer-choices:{version}:{scope}"
    cached = cache_get(key) if version else None
    if cached is not None:
        return cached
    choices = list(professional.offers_with_requests().values_list("pk", "title"))
    if version:
        cache_set(key, choices, timeout=OFFER_CHOICES_TIMEOUT)
    return choices


def forget_offer_choices(**kwargs):
    """A new or handed-over request, or a renamed offer, changes the filter's choices."""
    cache_bump(OFFER_CHOICES_VERSION_KEY)


class ContactedForm(BoussoleForm):
    contacted_on = forms.DateField(
        label="Date du contact",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Indiquez la date du contact.", "invalid": "Date attendue : jj/mm/aaaa."},
    )
    channel = forms.ChoiceField(label="Comment ?", choices=ContactChannel.choices, widget=forms.RadioSelect)

    def clean_contacted_on(self):
        day = self.cleaned_data["contacted_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("La date du contact ne peut pas être dans le futur.")
        return day


class CloseForm(BoussoleForm):
    outcome = forms.ChoiceField(label="Suite donnée", choices=Outcome.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ce qui a été fait ou proposé. Le ou la jeune ne le voit pas.",
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Outcome.OTHER and not data.get("comment", "").strip():
            self.add_error("comment", "Précisez la suite donnée quand vous choisissez « autre ».")
        return data


class TransferForm(BoussoleForm):
    offer = forms.ModelChoiceField(
        label="Transmettre à l’offre", queryset=Offer.objects.none(), empty_label="Choisir une offre du territoire"
    )

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers
        self.fields["offer"].label_from_instance = lambda offer: f"{offer.title} — {offer.organisation.name}"
