"""Every territory side by side, for national staff: where the deployment stands and how each territory keeps its
promise.

The figures are those of the other pages, read with the same definitions: partner organisations are those that
reach youths (`Organisation.objects.reaching_youths()`: active, current charter signed); live offers are
`Offer.objects.live()` covering the territory as `covering_territories` reads coverage (its communes and their
arrondissements, their EPCI and départements, the territories sharing a commune); requests and the share contacted
in time are `on_time_counts_by_territory`, which the public statistics use. Seven queries whatever the number of
territories: the coverage of every territory is read once and matched in memory, instead of one
`covering_territories` per territory.
"""

import datetime
from dataclasses import dataclass

from django.db.models import CharField, Count, Value
from django.db.models.functions import Cast
from django.utils import timezone

from contact_requests.models import ContactRequest
from offers.models import Offer
from organisations.models import Organisation
from stats.figures import share
from stats.public import on_time_counts_by_territory
from territories.models import Commune, Territory

STATUS_ORDER = {"open": 0, "engaged": 1, "closed": 2}


@dataclass
class TerritoryLine:
    territory: Territory
    partners: int
    live_offers: int
    requests: int
    on_time: int
    settled: int

    @property
    def on_time_share(self) -> int | None:
        return share(self.on_time, self.settled)

    @property
    def on_time_text(self) -> str:
        return "—" if self.on_time_share is None else f"{self.on_time_share} %"


@dataclass
class TerritoryTable:
    lines: list[TerritoryLine]
    national_offers: int  # live offers open to the whole country, seen in every open territory besides its own
    computed_at: datetime.datetime


def _places():
    """Per territory, the communes it holds (with the arrondissements of its cities), their EPCI and départements."""
    links = list(
        Territory.communes.through.objects.values_list(
            "territory_id", "commune_id", "commune__epci_id", "commune__department_id"
        ).order_by()
    )
    arrondissements = {}
    for parent, pk, epci, department in Commune.objects.filter(
        parent__in={commune for _, commune, _, _ in links}
    ).values_list("parent_id", "pk", "epci_id", "department_id"):
        arrondissements.setdefault(parent, []).append((pk, epci, department))
    places: dict[int, dict[str, set]] = {}
    for territory, commune, epci, department in links:
        found = places.setdefault(territory, {"communes": set(), "epcis": set(), "departments": set()})
        for pk, its_epci, its_department in [(commune, epci, department), *arrondissements.get(commune, [])]:
            found["communes"].add(pk)
            found["epcis"].add(its_epci)
            found["departments"].add(its_department)
    return places


def _live_coverage(day: datetime.date) -> dict[str, list[tuple[int, int]]]:
    """(offer, place) of the local live offers, per kind of coverage: one query."""
    live = Offer.objects.live(day).filter(is_national=False).values("pk")
    through = {name: getattr(Offer, name).through for name in ("territories", "communes", "epcis", "departments")}
    column = {
        "territories": "territory_id",
        "communes": "commune_id",
        "epcis": "epci_id",
        "departments": "department_id",
    }
    parts = [
        model.objects.filter(offer__in=live)
        .order_by()
        .values_list(Value(name, output_field=CharField()), "offer_id", Cast(column[name], CharField()))
        for name, model in through.items()
    ]
    found = {name: [] for name in through}
    for kind, offer, place in parts[0].union(*parts[1:], all=True):
        found[kind].append((offer, place))  # as text: the ids of territories and communes, the codes of the others
    return found


def _live_offers(territory_ids, places, day) -> dict[int, int]:
    """How many local live offers cover each territory, by the rule of `OfferQuerySet.covering_territories`."""
    coverage = _live_coverage(day)
    by_place = {kind: {} for kind in coverage}
    for kind, pairs in coverage.items():
        for offer, place in pairs:
            by_place[kind].setdefault(place, set()).add(offer)
    sharing: dict[int, set[int]] = {}  # commune → territories holding it
    for territory, found in places.items():
        for commune in found["communes"]:
            sharing.setdefault(commune, set()).add(territory)
    counts = {}
    for territory in territory_ids:
        found = places.get(territory, {"communes": set(), "epcis": set(), "departments": set()})
        neighbours = {territory} | {other for commune in found["communes"] for other in sharing.get(commune, ())}
        offers = set()
        for kind, keys in (
            ("territories", neighbours),
            ("communes", found["communes"]),
            ("epcis", found["epcis"]),
            ("departments", found["departments"]),
        ):
            for key in keys:
                offers |= by_place[kind].get(str(key), set())
        counts[territory] = len(offers)
    return counts


def territory_table(*, now=None) -> TerritoryTable:
    """Each territory's status, opening date, partner organisations, local live offers, requests and share contacted
    in time, open ones first: six queries whatever the number of territories."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    territories = sorted(
        Territory.objects.all(), key=lambda territory: (STATUS_ORDER[territory.status], territory.name)
    )
    ids = [territory.pk for territory in territories]
    partners = dict(
        Organisation.territories.through.objects.filter(
            organisation__in=Organisation.objects.reaching_youths().values("pk")
        )
        .values_list("territory_id")
        .annotate(count=Count("organisation_id"))
        .order_by()
    )
    requests = {
        row["territory"]: row
        for row in on_time_counts_by_territory(ContactRequest.objects.filter(territory__isnull=False), now=now)
    }
    offers = _live_offers(ids, _places(), day)
    lines = [
        TerritoryLine(
            territory=territory,
            partners=partners.get(territory.pk, 0),
            live_offers=offers[territory.pk],
            requests=requests.get(territory.pk, {}).get("received", 0),
            on_time=requests.get(territory.pk, {}).get("on_time", 0),
            settled=requests.get(territory.pk, {}).get("settled", 0),
        )
        for territory in territories
    ]
    return TerritoryTable(lines, Offer.objects.live(day).national().count(), now)


COLUMNS = [
    "Territoire",
    "État",
    "Date d’ouverture",
    "Structures partenaires (charte signée)",
    "Offres locales en ligne",
    "Demandes reçues",
    "Demandes dont le délai est échu ou tenu",
    "Contactées dans le délai promis",
    "Part contactée dans le délai (%)",
]


def territory_rows(table: TerritoryTable) -> tuple[list[str], list[list]]:
    """The table as a CSV file's header and rows (`stats.exports.csv_lines`)."""
    return COLUMNS, [
        [
            line.territory.name,
            line.territory.get_status_display(),
            line.territory.opening_date,
            line.partners,
            line.live_offers,
            line.requests,
            line.settled,
            line.on_time,
            line.on_time_share,
        ]
        for line in table.lines
    ]
