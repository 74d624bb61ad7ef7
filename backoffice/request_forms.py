import functools

from django import forms

from contact_requests.enums import (
    ACTIVE_STATUSES,
    CONTACT_OUTCOMES,
    FINISHED_STATUSES,
    ContactChannel,
    EventKind,
    Outcome,
    RequestStatus,
)
from core.cache import cache_bump, versioned
from core.forms import BoussoleForm
from offers.enums import Closeness
from offers.models import Offer

# The tabs of the request list: what still needs work, what is over, and everything (the "this month" tile).
TABS = {"en-cours": "En cours", "terminees": "Terminées", "toutes": "Toutes"}
DEFAULT_TAB = "en-cours"


class RequestListForm(forms.Form):
    """The tab of the request list, and the shortcuts that the counters of the home page link to. Each is read on its
    own: a value that makes no sense drops that one alone."""

    onglet = forms.ChoiceField(choices=list(TABS.items()), required=False)
    echeance = forms.ChoiceField(choices=[("aujourdhui", "à contacter aujourd’hui")], required=False)
    signalees = forms.BooleanField(required=False)
    recues = forms.ChoiceField(choices=[("mois", "reçues ce mois-ci")], required=False)

    def __init__(self, data):
        super().__init__(data=data)
        self.full_clean()  # `cleaned_data` keeps the fields that make sense, whatever the others say

    @property
    def tab(self) -> str:
        return self.cleaned_data.get("onglet") or DEFAULT_TAB

    def filter(self, requests, *, now):
        if self.tab == "en-cours":
            requests = requests.active()
        elif self.tab == "terminees":
            requests = requests.finished()
        if self.cleaned_data.get("echeance"):
            requests = requests.due_today(now)
        if self.cleaned_data.get("signalees"):
            requests = requests.reported_not_contacted()
        if self.cleaned_data.get("recues"):
            requests = requests.received_this_month()
        return requests


class RequestFilterForm(BoussoleForm):
    recherche = forms.CharField(label="Référence ou prénom", max_length=60, required=False)
    statut = forms.ChoiceField(label="État", required=False)
    offre = forms.ModelChoiceField(label="Offre", queryset=Offer.objects.none(), required=False, empty_label="Toutes")
    en_retard = forms.BooleanField(label="En retard seulement", required=False)

    def __init__(self, *args, offers, tab="toutes", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offre"].queryset = offers
        # Only the states the tab can show.
        statuses = {"en-cours": ACTIVE_STATUSES, "terminees": FINISHED_STATUSES}
        self.fields["statut"].choices = [("", "Tous")] + [
            (status.value, status.label.capitalize()) for status in statuses.get(tab, RequestStatus)
        ]

    def filter(self, requests, *, now):
        """The requests that the filters keep; all of them while a filter says something that makes no sense."""
        if not self.is_bound or not self.is_valid():
            return requests
        if status := self.cleaned_data["statut"]:
            requests = requests.filter(status=status)
        if offer := self.cleaned_data["offre"]:
            requests = requests.filter(offer=offer)
        if self.cleaned_data["en_retard"]:
            requests = requests.overdue(now)
        if search := self.cleaned_data["recherche"]:
            requests = requests.search(search)
        return requests

    @property
    def search(self) -> str:
        return self.cleaned_data["recherche"] if self.is_bound and self.is_valid() else ""

    @property
    def selected_offer(self):
        return self.cleaned_data.get("offre") if self.is_bound and self.is_valid() else None


class SlippedFilterForm(forms.Form):
    """The animators' list of slipped requests: all of them, or only those the youth reported as not contacted
    ("signalées", as in the organisation's list, `RequestListForm`)."""

    signalees = forms.BooleanField(required=False)

    def __init__(self, data):
        super().__init__(data=data)
        self.full_clean()  # `cleaned_data` keeps the fields that make sense, whatever the others say

    @property
    def reported_only(self) -> bool:
        return bool(self.cleaned_data.get("signalees"))


OFFER_CHOICES_TIMEOUT = 3600


def offer_choices_version_key(*, organisation=None, territory=None) -> str:
    """The version of the offer filter's choices for one organisation, one territory, or staff (neither)."""
    if organisation is not None:
        return f"backoffice:offer-choices:organisation:{organisation}:version"
    if territory is not None:
        return f"backoffice:offer-choices:territory:{territory}:version"
    return "backoffice:offer-choices:all:version"


def offer_choices(professional) -> list[tuple[int, str]]:
    """(pk, title) of the offers that received a request this person may read: the choices of the offer filter.

    Reading them walks every visible request; they are cached until a request or an offer of their scope changes.
    """
    if professional.is_staff:
        version_keys = [offer_choices_version_key()]
    else:
        organisations = [professional.organisation.pk] if professional.organisation else []
        version_keys = [offer_choices_version_key(organisation=pk) for pk in organisations] + [
            offer_choices_version_key(territory=pk) for pk in sorted(professional.animated)
        ]
    key = f"backoffice:offer-choices:{','.join(version_keys)}"
    return versioned(
        key,
        version_keys,
        lambda: list(professional.offers_with_requests().values_list("pk", "title")),
        timeout=OFFER_CHOICES_TIMEOUT,
    )


def forget_offer_choices(sender, instance, **kwargs):
    """A new or handed-over request, or a renamed offer, changes the choices of its organisation and territories."""
    from contact_requests.models import ContactRequest, RequestEvent

    if isinstance(instance, ContactRequest):
        organisations, territories = [instance.organisation_id], [instance.territory_id]
    elif isinstance(instance, RequestEvent):
        # A request handed over to another organisation leaves the choices of the one that held it.
        if instance.kind != EventKind.TRANSFERRED:
            return
        organisations, territories = [instance.data.get("from_organisation_id")], []
    else:  # an offer: its title shows in the choices of every scope that received a request for it
        requests = ContactRequest.objects.filter(offer=instance.pk)
        organisations = list(requests.values_list("organisation_id", flat=True).distinct())
        territories = list(requests.values_list("territory_id", flat=True).distinct())
    keys = [offer_choices_version_key()]
    keys += [offer_choices_version_key(organisation=pk) for pk in set(organisations) if pk]
    keys += [offer_choices_version_key(territory=pk) for pk in set(territories) if pk]
    for key in keys:
        cache_bump(key)


class ContactedForm(BoussoleForm):
    """The day and the way of a contact with the youth, a day where the organisation is: neither after its today nor
    before the request arrived (`ContactRequest.local_today`, `received_date`)."""

    # Drawn inside a fieldset of the request page.
    template_name = "backoffice/requests/fieldset_form.html"

    contacted_on = forms.DateField(
        label="Date du contact",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Indiquez la date du contact.", "invalid": "Date attendue : jj/mm/aaaa."},
    )
    channel = forms.ChoiceField(
        label="Comment ?",
        choices=ContactChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Indiquez comment vous avez contacté le ou la jeune."},
    )

    def __init__(self, *args, contact_request, **kwargs):
        super().__init__(*args, **kwargs)
        self.contact_request = contact_request

    def clean_contacted_on(self):
        day = self.cleaned_data["contacted_on"]
        if day is None:
            return day
        if day > self.contact_request.local_today():
            raise forms.ValidationError("La date du contact ne peut pas être dans le futur.")
        received_on = self.contact_request.received_date
        if day < received_on:
            raise forms.ValidationError(
                f"La date du contact ne peut pas être avant la réception de la demande, le {received_on:%d/%m/%Y}."
            )
        return day

    def contact(self) -> dict:
        """`contacted_at` and `channel` for the request's methods; empty when no contact is said."""
        day = self.cleaned_data.get("contacted_on")
        if day is None:
            return {}
        return {"contacted_at": self.contact_request.contact_moment(day), "channel": self.cleaned_data["channel"]}


class CloseForm(ContactedForm):
    """What happened, and when the youth was talked to if that was not recorded yet: "service mobilisé" and "orienté·e
    vers une autre structure" need it; without it, the youth is told that nobody could reach them."""

    outcome = forms.ChoiceField(label="Suite donnée", choices=Outcome.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ce qui a été fait ou proposé. Le ou la jeune ne le voit pas.",
    )
    field_order = ["outcome", "contacted_on", "channel", "comment"]

    def __init__(self, *args, **kwargs):
        # Shown on the request page beside the contact form, whose fields have the same names: other ids, so that each
        # label names its own field.
        kwargs.setdefault("auto_id", "id_cloture_%s")
        super().__init__(*args, **kwargs)
        if self.contact_request.contacted_at is not None:
            del self.fields["contacted_on"], self.fields["channel"]
            return
        self.fields["contacted_on"].required = self.fields["channel"].required = False
        self.fields["contacted_on"].label = "Date du contact avec le ou la jeune"
        self.fields["contacted_on"].help_text = (
            "Obligatoire pour « service mobilisé » et « orienté·e vers une autre structure ». "
            "Laissez vide si vous n’avez pas pu lui parler."
        )

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome == Outcome.OTHER and not data.get("comment", "").strip():
            self.add_error("comment", "Précisez la suite donnée quand vous choisissez « autre ».")
        if "contacted_on" not in self.fields or "contacted_on" in self.errors:
            return data
        if data.get("contacted_on") is None:
            if outcome in CONTACT_OUTCOMES:
                self.add_error(
                    "contacted_on",
                    f"Indiquez quand vous avez parlé au ou à la jeune : « {Outcome(outcome).label} » suppose un "
                    "contact.",
                )
        elif outcome == Outcome.NOT_REACHABLE:
            self.add_error(
                "contacted_on",
                "Vous avez choisi « injoignable » : laissez la date vide, ou choisissez une autre suite si vous avez "
                "parlé au ou à la jeune.",
            )
        elif not data.get("channel"):
            self.add_error("channel", self.fields["channel"].error_messages["required"])
        return data


class TakeOverForm(CloseForm):
    """The animator closes the request in the organisation's place: what was done must be said."""

    # Drawn on its own, not inside a fieldset.
    template_name = BoussoleForm.template_name

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = True
        self.fields["comment"].error_messages["required"] = "Dites ce qui a été fait pour le ou la jeune."
        self.fields["comment"].help_text = "Ce que vous avez fait ou proposé. La structure le lit ; le ou la jeune non."


# How an offer reaches the youth's commune, as professionals say it.
COVERAGE_IN_WORDS = {
    Closeness.COMMUNE: "couvre sa commune",
    Closeness.EPCI: "couvre son intercommunalité",
    Closeness.DEPARTMENT: "couvre son département",
    Closeness.TERRITORY: "couvre son territoire",
    Closeness.NATIONAL: "partout en France",
}


class HandoverForm(BoussoleForm):
    """Hand a request over to another live offer covering the youth's commune, with a note for its organisation.

    An offer of another theme than the request's must be confirmed: the youth asked about that theme.
    """

    offer = forms.ModelChoiceField(
        label="Offre qui reçoit la demande",
        queryset=Offer.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez l’offre qui reçoit la demande.",
            "invalid_choice": "Cette offre ne peut plus recevoir la demande : choisissez-en une autre.",
        },
    )
    note = forms.CharField(
        label="Note pour la structure qui reçoit la demande",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ce qui a déjà été fait, ce qu’il faut savoir. Elle la lit sur la page de la demande ; "
        "le ou la jeune ne la voit pas.",
    )
    other_theme = forms.BooleanField(
        label="Je confirme : l’offre choisie relève d’un autre thème que la demande", required=False
    )

    def __init__(self, *args, offers, theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme = theme
        self.fields["offer"].queryset = offers

    @functools.cached_property
    def offer_rows(self):
        """The offers to choose from, same theme first, each with its theme, its coverage and whether it is chosen."""
        chosen = str(self["offer"].value() or "")
        offers = sorted(self.fields["offer"].queryset, key=lambda offer: offer.theme_id != self.theme.pk)
        return [
            {
                "offer": offer,
                "other_theme": offer.theme_id != self.theme.pk,
                "coverage": COVERAGE_IN_WORDS[offer.closeness],
                "checked": chosen == str(offer.pk),
            }
            for offer in offers
        ]

    @property
    def has_other_themes(self) -> bool:
        return any(row["other_theme"] for row in self.offer_rows)

    def clean(self):
        data = super().clean()
        offer = data.get("offer")
        if offer is not None and offer.theme_id != self.theme.pk and not data.get("other_theme"):
            self.add_error(
                "other_theme",
                f"L’offre choisie relève du thème « {offer.theme} », la demande du thème « {self.theme} » : "
                "cochez la case pour confirmer.",
            )
        return data


class NoteForm(BoussoleForm):
    text = forms.CharField(
        label="Note",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Elle reste dans l’historique de la demande, lisible par la structure et l’animation territoriale.",
        error_messages={"required": "Écrivez la note avant de l’ajouter."},
    )
