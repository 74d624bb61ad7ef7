"""The figures the service publishes about itself: nothing on them can single out a youth.

Counts below SMALL_COUNT are shown as a band ("moins de 10"), and a share is only given over at least SMALL_COUNT
requests: a territory with three requests does not tell the world what happened to each of them.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from contact_requests.models import ContactRequest
from offers.models import SearchLog
from stats.figures import ON_TIME, on_time_counts, settled_condition, share
from stats.small_counts import SMALL_COUNT, grouped
from territories.models import Territory


def grouped_share(part: int, whole: int) -> str:
    if whole < SMALL_COUNT:
        return "trop peu de demandes"
    return f"{share(part, whole)} %"


@dataclass
class PublicLine:
    name: str
    themes: list[str]
    searches: int
    requests: int
    on_time: int
    settled: int

    @property
    def searches_text(self) -> str:
        return grouped(self.searches)

    @property
    def requests_text(self) -> str:
        return grouped(self.requests)

    @property
    def on_time_text(self) -> str:
        return grouped_share(self.on_time, self.settled)


def public_figures(*, now=None) -> tuple[PublicLine, list[PublicLine]]:
    """France as a whole, then each open territory, since the service opened. Six queries whatever the rows."""
    now = now or timezone.now()
    territories = list(Territory.objects.open().prefetch_related("themes").order_by("name"))
    ids = [territory.pk for territory in territories]
    timing = on_time_counts(ContactRequest.objects.all(), now=now)
    requests = {
        row["territory"]: row
        for row in on_time_counts_by_territory(ContactRequest.objects.filter(territory__in=ids), now=now)
    }
    searches = dict(
        SearchLog.objects.filter(commune__territories__in=ids)
        .values_list("commune__territories")
        .annotate(count=Count("pk"))
        .order_by()
    )
    themes = sorted({theme.name for territory in territories for theme in territory.themes.all()})
    national = PublicLine(
        name="France entière",
        themes=themes,
        searches=SearchLog.objects.count(),
        requests=ContactRequest.objects.count(),
        on_time=timing["on_time"],
        settled=timing["settled"],
    )
    lines = [
        PublicLine(
            name=territory.name,
            themes=[theme.name for theme in territory.themes.all()],
            searches=searches.get(territory.pk, 0),
            requests=requests.get(territory.pk, {}).get("received", 0),
            on_time=requests.get(territory.pk, {}).get("on_time", 0),
            settled=requests.get(territory.pk, {}).get("settled", 0),
        )
        for territory in territories
    ]
    return national, lines


def on_time_counts_by_territory(requests, *, now):
    """`on_time_counts` per territory, with the number of requests received: one grouped query."""
    return (
        requests.values("territory")
        .annotate(
            received=Count("pk"),
            settled=Count("pk", filter=settled_condition(now)),
            on_time=Count("pk", filter=ON_TIME),
        )
        .order_by()
    )
