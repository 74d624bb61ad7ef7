"""Orientations between partners: which structures send youths to which, how many of these youths were contacted in
the promised delay, how many found the service they were sent to. Read by a territory's animators and national staff,
on the statistics page and in its export; every count under SMALL_COUNT is shown as a band, as everywhere."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from contact_requests.enums import Outcome
from stats import kept
from stats.scopes import Period, Scope, scope_of
from stats.small_counts import grouped
from stats.summary import ON_TIME

MOBILISED = Q(outcome=Outcome.SERVICE_MOBILISED)
# Who may read them: the consortium of a territory, and France as a whole.
SCOPE_KINDS = ("territory", "france")


@dataclass(frozen=True)
class OrientationLine:
    """The youths one structure oriented to another (or all of them, for the total)."""

    from_name: str
    to_name: str
    count: int
    on_time: int
    mobilised: int

    @property
    def count_text(self) -> str:
        return grouped(self.count)

    @property
    def on_time_text(self) -> str:
        return grouped(self.on_time)

    @property
    def mobilised_text(self) -> str:
        return grouped(self.mobilised)


@dataclass(frozen=True)
class Network:
    lines: list[OrientationLine]
    total: OrientationLine


def oriented(requests: QuerySet) -> QuerySet:
    """The requests a professional filed for a youth they oriented."""
    return requests.filter(oriented_from__isnull=False)


def pair_counts(requests: QuerySet) -> QuerySet:
    """Per pair of structures among `requests`, busiest first: the youths oriented, contacted in time, mobilised."""
    return (
        oriented(requests)
        .values_list("oriented_from__name", "organisation__name")
        .annotate(count=Count("pk"), on_time=Count("pk", filter=ON_TIME), mobilised=Count("pk", filter=MOBILISED))
        .order_by("-count", "oriented_from__name", "organisation__name")
    )


def orientation_network(requests: QuerySet) -> Network:
    """Who orients to whom among `requests`, busiest pairs first: one query."""
    return network_of(pair_counts(requests))


def scope_network(scope: Scope, period: Period) -> Network:
    """`orientation_network` of a scope's requests over a period, its statement built once per kind of scope
    (`stats.kept`): the statistics page reads it on every visit."""
    values = {"bounds": period.bounds, **({} if scope.pk is None else {"scope": scope.pk})}
    return network_of(kept.rows(network_statement, (scope.kind,), values))


def network_statement(shape: tuple, values: dict) -> QuerySet:
    """The pairs of a scope of a kind (`shape`) between two moments (`values`)."""
    (kind,) = shape
    return pair_counts(scope_of(kind, values.get("scope")).requests_between(*values["bounds"]))


def network_of(rows) -> Network:
    """The network of the rows of `pair_counts`, with their total."""
    lines = [OrientationLine(*row) for row in rows]
    total = OrientationLine(
        from_name="Toutes les structures",
        to_name="Toutes les structures",
        count=sum(line.count for line in lines),
        on_time=sum(line.on_time for line in lines),
        mobilised=sum(line.mobilised for line in lines),
    )
    return Network(lines=lines, total=total)


ORIENTATION_HEADER = [
    "structure qui oriente",
    "structure qui reçoit",
    "jeunes orienté·es",
    "contacté·es dans le délai",
    "service mobilisé",
]


def orientation_rows(network: Network) -> tuple[list[str], list[list]]:
    """The export of the network: the same bands as the page."""
    rows = [
        [line.from_name, line.to_name, line.count_text, line.on_time_text, line.mobilised_text]
        for line in [*network.lines, network.total]
    ]
    return ORIENTATION_HEADER, rows
