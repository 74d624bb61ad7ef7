"""The figures the service publishes about itself: nothing on them can single out a youth.

Counts below SMALL_COUNT are shown as a band ("moins de 10"), and a share is only given over at least SMALL_COUNT
requests: a territory with three requests does not tell the world what happened to each of them.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, IntegerField, Min, Q, Sum, Value
from django.utils import timezone

from contact_requests.models import ContactRequest
from offers.models import SearchLog
from stats.figures import share
from stats.models import SearchDay, SummarisedDay
from stats.queries import on_time_aggregates
from stats.small_counts import SMALL_COUNT, grouped
from stats.summary import ON_TIME, settled_condition, site_zone
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


@dataclass
class PublicFigures:
    national: "PublicLine"
    territories: list["PublicLine"]
    since: datetime.date | None  # the first day with a search or a request
    computed_at: datetime.datetime
    # Youths a professional oriented to a partner's offer, in France.
    orientations: int = 0

    @property
    def orientations_text(self) -> str:
        return grouped(self.orientations)


def public_figures(*, now=None) -> PublicFigures:
    """France as a whole, then each open territory, since the service opened. Seven queries whatever the rows.

    The searches are those counted by the summary (`SearchDay`) and those of the days it has not counted yet, still in
    the search log.
    """
    now = now or timezone.now()
    territories = list(Territory.objects.open().prefetch_related("themes").order_by("name"))
    ids = [territory.pk for territory in territories]
    timing = ContactRequest.objects.aggregate(
        received=Count("pk"),
        first=Min("created_at"),
        orientations=Count("pk", filter=Q(oriented_from__isnull=False)),
        **on_time_aggregates(now),
    )
    requests = {
        row["territory"]: row
        for row in on_time_counts_by_territory(ContactRequest.objects.filter(territory__in=ids), now=now)
    }
    searches, first_search = national_searches()
    themes = sorted({theme.name for territory in territories for theme in territory.themes.all()})
    national = PublicLine(
        name="France entière",
        themes=themes,
        searches=searches,
        requests=timing["received"],
        on_time=timing["on_time"],
        settled=timing["settled"],
    )
    searches = searches_by_territory(ids)
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
    firsts = [
        day for day in [first_search, timing["first"] and timezone.localdate(timing["first"], site_zone())] if day
    ]
    return PublicFigures(
        national, lines, since=min(firsts, default=None), computed_at=now, orientations=timing["orientations"]
    )


def not_counted_yet():
    """The searches of the days the summary has not counted yet."""
    return SearchLog.objects.exclude(day__in=SummarisedDay.objects.values("day"))


def national_searches() -> tuple[int, datetime.date | None]:
    """Every search made, and the day of the first one: one query."""
    # Grouped by a constant: one row per table (none when it is empty), which a union can join.
    counted = (
        SearchDay.objects.annotate(one=Value(1))
        .values("one")
        .annotate(count=Sum("searches", output_field=IntegerField()), first=Min("day"))
        .values_list("count", "first")
        .order_by()
    )
    waiting = (
        not_counted_yet()
        .annotate(one=Value(1))
        .values("one")
        .annotate(count=Count("pk"), first=Min("day"))
        .values_list("count", "first")
        .order_by()
    )
    rows = list(counted.union(waiting, all=True))
    return sum(count or 0 for count, _ in rows), min((day for _, day in rows if day), default=None)


def searches_by_territory(ids: list[int]) -> dict[int, int]:
    """The searches made in each of these territories: one query."""
    counted = (
        SearchDay.objects.filter(commune__territories__in=ids)
        .values_list("commune__territories")
        .annotate(count=Sum("searches", output_field=IntegerField()))
        .order_by()
    )
    waiting = (
        not_counted_yet()
        .filter(commune__territories__in=ids)
        .values_list("commune__territories")
        .annotate(count=Count("pk"))
        .order_by()
    )
    found = {}
    for territory, count in counted.union(waiting, all=True):
        found[territory] = found.get(territory, 0) + count
    return found


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
