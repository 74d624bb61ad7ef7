"""The published organisations and offers as open data, in the national data·inclusion schema (`structures`,
`services`), under the Licence Ouverte 2.0 (Etalab).

Only what youths see is published: the offers that are live today (`Offer.objects.live()`) and the organisations that
reach youths (active, current charter signed). Nothing about youths, requests or the people of an organisation goes
out; an organisation's phone and email go out only where it chose to show them to youths on its offers
(`contacts_visible_to_youths`): public from then on.

Pages are read as data·inclusion's own API serves them: `?page=1&size=…`, answered with `items`, `total`, `page`,
`size` and `pages`, in a stable order (by identifier). A page is a fixed number of queries whatever its size.
"""

import datetime
import math
from collections.abc import Iterator

import phonenumbers
from django.conf import settings
from django.db.models import Prefetch, QuerySet

from offers.enums import OfferFormat
from offers.models import Offer
from organisations.enums import OrganisationKind
from organisations.models import Organisation
from questionnaires.journey import questionnaire_for
from territories.models import Commune, Territory

SOURCE = "boussole-des-jeunes"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
DEFAULT_PAGE_SIZE = 500
MAX_PAGE_SIZE = 1000
NAME_LENGTH = 150
DESCRIPTION_LENGTH = 10_000

# data·inclusion's `reseaux_porteurs` for the kinds of organisation that belong to a national network.
NETWORKS = {
    OrganisationKind.MISSION_LOCALE: "mission-locale",
    OrganisationKind.INFO_JEUNES: "reseau-information-jeunesse",
    OrganisationKind.CAF: "caf",
    OrganisationKind.CPAM: "cpam",
    OrganisationKind.FRANCE_TRAVAIL: "france-travail",
}
# data·inclusion's `thematiques` closest to each of our themes; a theme not listed publishes none.
THEMATIQUES = {
    "emploi": ["trouver-un-emploi--repondre-a-des-offres-demploi"],
    "formation": ["se-former--trouver-sa-formation"],
    "logement": [
        "logement-hebergement--louer-un-logement",
        "logement-hebergement--rechercher-une-solution-dhebergement-temporaire",
    ],
    "sante": ["sante--acces-aux-soins"],
    "mobilite-internationale": ["souvrir-a-linternational--connaitre-les-opportunites-demploi-a-letranger"],
}
MODES_ACCUEIL = {
    OfferFormat.ON_SITE: ["en-presentiel"],
    OfferFormat.REMOTE: ["a-distance"],
    OfferFormat.BOTH: ["en-presentiel", "a-distance"],
}


class PageError(ValueError):
    """`page` or `size` is not a whole number in range."""


def structures() -> QuerySet:
    return (
        Organisation.objects.reaching_youths()
        .select_related("commune")
        .only(
            "name",
            "siret",
            "kind",
            "address",
            "website",
            "phone",
            "email",
            "contacts_visible_to_youths",
            "created_at",
            "updated_at",
            "commune__name",
            "commune__insee_code",
            "commune__postal_codes",
        )
        .order_by("pk")
    )


def services() -> QuerySet:
    codes = Commune.objects.only("insee_code")
    return (
        Offer.objects.live()
        .select_related("organisation__commune", "theme")
        .prefetch_related(
            Prefetch("communes", queryset=codes),
            "epcis",
            "departments",
            Prefetch("territories", queryset=Territory.objects.prefetch_related(Prefetch("communes", queryset=codes))),
        )
        .order_by("pk")
    )


def structure_id(organisation_pk: int) -> str:
    return f"{SOURCE}--{organisation_pk}"


def _clipped(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _phone(number: str) -> str | None:
    """E.164 when the number reads as French (what data·inclusion prefers), as typed otherwise."""
    if not number:
        return None
    try:
        parsed = phonenumbers.parse(number, "FR")
    except phonenumbers.NumberParseException:
        return number
    if not phonenumbers.is_valid_number(parsed):
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _place(commune: Commune) -> dict:
    return {
        "commune": commune.name,
        "code_insee": commune.insee_code,
        "code_postal": commune.postal_codes[0] if commune.postal_codes else None,
    }


def _contacts(organisation: Organisation) -> dict:
    if not organisation.contacts_visible_to_youths:
        return {"telephone": None, "courriel": None}
    return {"telephone": _phone(organisation.phone), "courriel": organisation.email or None}


def _last_change(*moments) -> str:
    """The day in UTC: after midnight in Paris it is still yesterday there, and a consumer checking `date_maj` against
    its own today (the schema refuses a date in the future) never sees tomorrow."""
    return max(moment.astimezone(datetime.UTC).date() for moment in moments if moment).isoformat()


def structure(organisation: Organisation) -> dict:
    network = NETWORKS.get(organisation.kind)
    return {
        "source": SOURCE,
        "id": structure_id(organisation.pk),
        "nom": _clipped(organisation.name, NAME_LENGTH),
        "date_maj": _last_change(organisation.created_at, organisation.updated_at),
        "siret": organisation.siret,
        "adresse": organisation.address,
        **_place(organisation.commune),
        **_contacts(organisation),
        "site_web": organisation.website or None,
        "reseaux_porteurs": [network] if network else None,
    }


def _zone(offer: Offer) -> list[str]:
    """Where youths must live: INSEE codes of communes, EPCI SIREN numbers, département codes, or all of France."""
    if offer.is_national:
        return ["france"]
    codes = [commune.insee_code for commune in offer.communes.all()]
    codes += [epci.code for epci in offer.epcis.all()]
    codes += [department.code for department in offer.departments.all()]
    codes += [commune.insee_code for territory in offer.territories.all() for commune in territory.communes.all()]
    return sorted(set(codes))


def _conditions(offer: Offer) -> str | None:
    """The answers the offer accepts, per question, in the words of the questionnaire."""
    questions = {question.key: question for question in questionnaire_for(offer.theme).questions}
    lines = [
        f"{questions[key].criterion_label} : {questions[key].describe(accepted)}."
        for key, accepted in offer.criteria.items()
        if key in questions
    ]
    return " ".join(lines) or None


def service(offer: Offer) -> dict:
    url = settings.SITE_URL + offer.get_absolute_url()
    on_site = offer.format != OfferFormat.REMOTE
    organisation = offer.organisation
    where = {"adresse": None, "commune": None, "code_insee": None, "code_postal": None}
    # A place of its own is free text (its commune unknown); met at the organisation's address, its commune is known.
    if on_site and offer.place and offer.place.strip().casefold() != organisation.address.strip().casefold():
        where["adresse"] = offer.place
    elif on_site:
        where = {"adresse": organisation.address, **_place(organisation.commune)}
    return {
        "source": SOURCE,
        "structure_id": structure_id(organisation.pk),
        "id": f"{SOURCE}--{offer.pk}",
        "nom": _clipped(offer.title, NAME_LENGTH),
        "description": _clipped(
            f"{offer.summary}\n\n{offer.description}\n\n{offer.how_it_happens}", DESCRIPTION_LENGTH
        ),
        "lien_source": url,
        "date_maj": _last_change(offer.updated_at),
        "thematiques": THEMATIQUES.get(offer.theme.slug),
        "publics": ["jeunes"],
        "publics_precisions": f"Jeunes de {offer.age_min} à {offer.age_max} ans.",
        "conditions_acces": _conditions(offer),
        **where,
        **_contacts(organisation),
        "modes_accueil": MODES_ACCUEIL[offer.format],
        "zone_eligibilite": _zone(offer),
        # A youth asks to be contacted on the offer's page; a professional of the organisation answers.
        "lien_mobilisation": url,
        "modes_mobilisation": ["utiliser-lien-mobilisation"],
        "mobilisable_par": ["usagers"],
        "mobilisation_precisions": (
            f"Le ou la jeune laisse ses coordonnées sur la page de l’offre ; la structure s’engage à le ou la "
            f"contacter sous {offer.delay_in_words}."
        ),
    }


def whole_number(value: str | None, *, default: int, low: int, high: int | None = None) -> int:
    if value is None:
        return default
    # "²" and other Unicode digits pass isdigit() but are no number int() reads.
    if not (value.isascii() and value.isdigit()):
        raise PageError(value)
    number = int(value)
    if number < low or (high is not None and number > high):
        raise PageError(value)
    return number


def page_of(queryset: QuerySet, serialise, *, page: str | None, size: str | None) -> dict:
    """One page, data·inclusion's way: a page past the last one is empty, not an error."""
    page_number = whole_number(page, default=1, low=1)
    page_size = whole_number(size, default=DEFAULT_PAGE_SIZE, low=1, high=MAX_PAGE_SIZE)
    total = queryset.count()
    start = (page_number - 1) * page_size
    items = [serialise(record) for record in queryset[start : start + page_size]] if start < total else []
    return {
        "items": items,
        "total": total,
        "page": page_number,
        "size": page_size,
        "pages": math.ceil(total / page_size),
    }


# The columns of the CSV files: the fields of `structure` and `service`, in their order (a test keeps them in step).
STRUCTURE_FIELDS = [
    "source",
    "id",
    "nom",
    "date_maj",
    "siret",
    "adresse",
    "commune",
    "code_insee",
    "code_postal",
    "telephone",
    "courriel",
    "site_web",
    "reseaux_porteurs",
]
SERVICE_FIELDS = [
    "source",
    "structure_id",
    "id",
    "nom",
    "description",
    "lien_source",
    "date_maj",
    "thematiques",
    "publics",
    "publics_precisions",
    "conditions_acces",
    "adresse",
    "commune",
    "code_insee",
    "code_postal",
    "telephone",
    "courriel",
    "modes_accueil",
    "zone_eligibilite",
    "lien_mobilisation",
    "modes_mobilisation",
    "mobilisable_par",
    "mobilisation_precisions",
]


def csv_table(records: QuerySet, serialise, fields: list[str]) -> tuple[list[str], Iterator[list]]:
    """The same records as the JSON, one line each: a list becomes its values separated by commas."""

    def rows():
        # Prefetched in batches by `iterator`, as a page of the JSON is: memory stays flat however many records.
        for record in records.iterator(chunk_size=DEFAULT_PAGE_SIZE):
            item = serialise(record)
            yield [", ".join(value) if isinstance(value, list) else value for value in map(item.get, fields)]

    return fields, rows()
