"""A change to a published offer, kept apart until an animator publishes it.

Why a JSON of the changed fields on the offer rather than a second copy of the offer: the live row keeps serving
youths untouched (matching, caches, requests all read it as before), there is at most one change waiting per offer,
and the before/after the animator reads is the live value next to the proposed one. The history (`OfferEvent`)
keeps each proposed change with who sent, published or sent it back.

Values are stored as JSON: foreign keys and many-to-many as primary keys, dates as ISO strings.
"""

import datetime
from dataclasses import dataclass

from django.db import models

from questionnaires.journey import questionnaire_for
from questionnaires.models import Theme
from territories import working_days

# The fields an organisation edits, in the order its form asks them.
EDITABLE_FIELDS = (
    "theme",
    "title",
    "summary",
    "description",
    "how_it_happens",
    "format",
    "place",
    "territories",
    "departments",
    "epcis",
    "communes",
    "age_min",
    "age_max",
    "criteria",
    "delay_days",
    "alert_emails",
    "valid_from",
    "valid_until",
)
# Fields youths never see: an organisation changes them at once, even on a published offer.
DIRECT_FIELDS = ("alert_emails",)
# The others, which an animator validates once the offer is published.
REVIEWED_FIELDS = tuple(name for name in EDITABLE_FIELDS if name not in DIRECT_FIELDS)
MANY_TO_MANY = ("territories", "departments", "epcis", "communes")
DATES = ("valid_from", "valid_until")
LABELS = {
    "theme": "Thème",
    "title": "Titre",
    "summary": "L’offre en une phrase",
    "description": "C’est quoi ?",
    "how_it_happens": "Comment ça se passe ?",
    "format": "Le rendez-vous a lieu",
    "place": "Adresse du rendez-vous",
    "territories": "Territoires",
    "departments": "Départements",
    "epcis": "Intercommunalités",
    "communes": "Communes",
    "age_min": "Âge minimum",
    "age_max": "Âge maximum",
    "criteria": "Pour qui",
    "delay_days": "Délai de contact",
    "valid_from": "Visible à partir du",
    "valid_until": "Visible jusqu’au",
}


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, models.QuerySet | list | tuple | set):
        return sorted(_plain(item) for item in value)
    return value


def normalise(values: dict) -> dict:
    """The reviewed fields among `values` (model instances, querysets, dates…) as JSON values."""
    plain = {name: _plain(values[name]) for name in REVIEWED_FIELDS if name in values}
    if "criteria" in plain:
        plain["criteria"] = {key: sorted(accepted) for key, accepted in sorted((plain["criteria"] or {}).items())}
    return plain


def snapshot(offer) -> dict:
    """The offer's reviewed fields as they are now (what youths see, for a published offer)."""
    values = {name: getattr(offer, name) for name in REVIEWED_FIELDS if name not in MANY_TO_MANY}
    values["theme"] = offer.theme_id
    for name in MANY_TO_MANY:
        values[name] = list(getattr(offer, name).values_list("pk", flat=True)) if offer.pk else []
    return normalise(values)


def changes_between(current: dict, proposed: dict) -> dict:
    return {name: value for name, value in proposed.items() if current.get(name) != value}


def apply(offer, changes: dict):
    """Writes the changes on the offer (the caller saves it); many-to-many links are set at once."""
    for name, value in changes.items():
        if name in MANY_TO_MANY:
            getattr(offer, name).set(value)
        elif name == "theme":
            offer.theme_id = value
        elif name in DATES:
            setattr(offer, name, datetime.date.fromisoformat(value) if value else None)
        else:
            setattr(offer, name, value)


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


def describe(offer, changes: dict) -> list[FieldChange]:
    """What a change does, field by field, in words: the published value next to the proposed one."""
    current = snapshot(offer)
    theme_after = changes.get("theme", offer.theme_id)
    return [
        FieldChange(
            LABELS[name],
            _in_words(offer, name, current.get(name), theme_id=offer.theme_id),
            _in_words(offer, name, value, theme_id=theme_after),
        )
        for name, value in changes.items()
        if name in LABELS
    ]


def _in_words(offer, name, value, *, theme_id) -> str:
    if value in (None, "", []) and name != "criteria":
        return "—"
    field = offer._meta.get_field(name)
    if name == "theme":
        theme = Theme.objects.filter(pk=value).first()
        return theme.name if theme else "—"
    if name in MANY_TO_MANY:
        rows = field.related_model.objects.filter(pk__in=value)
        return ", ".join(sorted(getattr(row, "label", str(row)) for row in rows))
    if name in DATES:
        return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
    if name == "criteria":
        if not value:
            return "Toutes les réponses"
        theme = Theme.objects.get(pk=theme_id)
        questions = {question.key: question for question in questionnaire_for(theme).questions}
        return " ; ".join(
            f"{questions[key].criterion_label} : {questions[key].describe(accepted)}" if key in questions else key
            for key, accepted in value.items()
        )
    if name == "delay_days":
        return working_days.in_words(value)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    return str(value)


def describe_offer(offer) -> list[tuple[str, str]]:
    """The offer's reviewed fields in words, as the animator reads a new offer before publishing it."""
    return [
        (LABELS[name], _in_words(offer, name, value, theme_id=offer.theme_id))
        for name, value in snapshot(offer).items()
    ]
