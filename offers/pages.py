"""The offer's public page beyond its view: what it reads, when its cached copy is stale, and the page of an offer
youths no longer see, which the contact form shows as well."""

import datetime
import functools
import itertools

from django.db import connection
from django.shortcuts import render
from django.utils import timezone

from core.cache import SITE_VERSION_KEY, cache_bump
from core.statements import KeptStatement, instance
from offers.models import Offer
from organisations.models import CharterSignature, CharterVersion, Organisation
from questionnaires.models import Theme
from territories.models import Commune


def offer_page_version_key(offer_pk) -> str:
    """The version of what an offer's public page shows: the offer and its organisation."""
    return f"offers:offer:{offer_pk}:version"


# What the offer's page shows of the offer and of its organisation, of its theme and of the organisation's town (its
# address, and the département whose holidays delay the contact). The theme's questionnaire is kept in memory.
PAGE_OFFER_FIELDS = (
    "id",
    "organisation_id",
    "theme_id",
    "title",
    "summary",
    "description",
    "how_it_happens",
    "format",
    "place",
    "delay_days",
    "age_min",
    "age_max",
    "criteria",
)
PAGE_ORGANISATION_FIELDS = (
    "id",
    "name",
    "kind",
    "address",
    "commune_id",
    "website",
    "phone",
    "email",
    "contacts_visible_to_youths",
    "opening_hours",
)
# The theme and the town are joined: the statement is planned once by each connection (`prepared`), and a join runs
# in fewer steps than a subquery for each value.
PAGE_THEME_FIELDS = ("name", "slug")
PAGE_TOWN_FIELDS = ("name", "department_id")
# Its place among the statement's parameters is that of the offer asked for.
_SAMPLE_PK = 123_456_789


@functools.lru_cache(maxsize=2)
def _offer_page_statement(vendor: str, day: datetime.date) -> KeptStatement:
    """The SQL reading an offer that youths see on `day` with what its page shows, built once a day by each process.

    The ORM takes longer to build it (the liveness conditions: dates, organisation, charter) than the database takes
    to run it: a few milliseconds on each page whose cached copy misses. The statement still comes from `live`, the
    one definition, and reads the offer, its organisation and the charters when it runs.
    """
    offers = (
        Offer.objects.live(day)
        .filter(pk=_SAMPLE_PK)
        .order_by()
        .values_list(
            *PAGE_OFFER_FIELDS,
            *(f"organisation__{field}" for field in PAGE_ORGANISATION_FIELDS),
            *(f"theme__{field}" for field in PAGE_THEME_FIELDS),
            *(f"organisation__commune__{field}" for field in PAGE_TOWN_FIELDS),
        )
    )
    return KeptStatement.of(offers, prepared=True, pk=_SAMPLE_PK)


def live_offer_for_page(pk: int) -> Offer | None:
    """The offer with its theme, its organisation and the organisation's town, when youths see it today (`live`);
    None otherwise. One query."""
    statement = _offer_page_statement(connection.vendor, timezone.localdate())
    rows = statement.rows(pk=pk)
    if not rows:
        return None
    values = iter(rows[0])

    def read(model, fields, **known):
        values_read = itertools.islice(values, len(fields))
        return instance(model, (*known, *fields), (*known.values(), *values_read), using=statement.using)

    offer = read(Offer, PAGE_OFFER_FIELDS)
    offer.organisation = read(Organisation, PAGE_ORGANISATION_FIELDS)
    offer.theme = read(Theme, PAGE_THEME_FIELDS, id=offer.theme_id)
    offer.organisation.commune = read(Commune, PAGE_TOWN_FIELDS, id=offer.organisation.commune_id)
    return offer


def forget_offer_pages(sender, instance, **kwargs):
    """An offer, its coverage, its organisation or the organisation's charter signature changed: its page is stale."""
    if isinstance(instance, Offer):
        offer_pks = [instance.pk]
    elif isinstance(instance, Organisation):
        offer_pks = list(instance.offers.values_list("pk", flat=True))
    elif isinstance(instance, CharterSignature):
        offer_pks = list(Offer.objects.filter(organisation_id=instance.organisation_id).values_list("pk", flat=True))
    elif isinstance(instance, CharterVersion):
        # A new charter to sign hides the offers of every organisation that has not signed it yet.
        cache_bump(SITE_VERSION_KEY)
        return
    else:  # the other side of a coverage link (a commune's offers…)
        offer_pks = kwargs.get("pk_set") or []
    for offer_pk in offer_pks:
        cache_bump(offer_page_version_key(offer_pk))


def offer_unavailable(request, pk):
    """A kind 404 for an offer youths no longer see (ended, not reviewed, organisation off the service): it helps
    the youth back to their results rather than leaving them on an error.
    """
    commune = Commune.objects.filter(insee_code=request.GET.get("commune", "")).first()
    theme = Theme.objects.filter(offers__pk=pk).first() if commune else None
    context = {"commune": commune, "theme": theme, "title": "Cette offre n’est plus proposée"}
    return render(request, "offers/offer_unavailable.html", context, status=404)
