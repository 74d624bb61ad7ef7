"""Orientations between partners: which structures send youths to which, how many of these youths were contacted in
the promised delay, how many found the service they were sent to. Read by a territory's animators and national staff,
on the statistics page and in its export; every count under SMALL_COUNT is shown as a band, as everywhere."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from contact_requests.enums import Outcome
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


def orientation_network(requests: QuerySet) -> Network:
    """Who orients to whom among `requests`, busiest pairs first: one query."""
    rows = (
        oriented(requests)
        .values("oriented_from__name", "organisation__name")
        .annotate(count=Count("pk"), on_time=Count("pk", filter=ON_TIME), mobilised=Count("pk", filter=MOBILISED))
        .order_by("-count", "oriented_from__name", "organisation__name")
    )
    lines = [
        OrientationLine(
            from_name=row["oriented_from__name"],
            to_name=row["organisation__name"],
            count=row["count"],
            on_time=row["on_time"],
            mobilised=row["mobilised"],
        )
        for row in rows
    ]
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
