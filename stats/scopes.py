"""What a statistics page covers: a territory, an organisation or all of France, over a period."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from contact_requests.models import ContactRequest
from offers.models import SearchLog
from organisations.models import Organisation
from territories.models import Commune, Territory


@dataclass(frozen=True)
class Period:
    """Whole days, both included, in the site's time zone."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def last_twelve_months(cls, today: datetime.date | None = None) -> "Period":
        today = today or timezone.localdate()
        month, year = today.month - 11, today.year
        if month < 1:
            month, year = month + 12, year - 1
        return cls(datetime.date(year, month, 1), today)

    @property
    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone)
        end = datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
        return start, end

    def months(self) -> list[datetime.date]:
        """The first day of every month the period touches."""
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(day)
            day = (day + datetime.timedelta(days=32)).replace(day=1)
        return months


@dataclass(frozen=True)
class Scope:
    """The requests and searches one statistics page reads.

    Each filter applies alike to the live table and to its daily summary (`stats.models`), whose columns bear the
    same names.
    """

    kind: str  # "territory", "organisation" or "france"
    pk: int | None
    name: str
    request_filter: Q
    search_filter: Q

    @property
    def requests(self) -> QuerySet:
        return ContactRequest.objects.filter(self.request_filter)

    @property
    def searches(self) -> QuerySet:
        """The searches still in the search log: those of the days the summary has not counted yet."""
        return SearchLog.objects.filter(self.search_filter)

    @property
    def area(self) -> str:
        """Where the searches were made, as a whole: the gap table's rows that no commune may carry alone."""
        if self.kind == "organisation":
            names = Territory.objects.filter(organisations=self.pk).order_by("name").values_list("name", flat=True)
            return ", ".join(names) or "Vos territoires"
        return self.name

    def requests_in(self, period: Period) -> QuerySet:
        return self.requests_between(*period.bounds)

    def requests_between(self, start: datetime.datetime, end: datetime.datetime) -> QuerySet:
        return self.requests.filter(created_at__gte=start, created_at__lt=end)

    def search_logs_in(self, period: Period) -> QuerySet:
        return self.searches.filter(day__range=(period.start, period.end))

    def searches_in(self, period: Period) -> "Searches":
        """The searches of the period, wherever they are counted (see `Searches`)."""
        return Searches(self, period)


@dataclass(frozen=True)
class Searches:
    """The searches of a scope over a period: in the search log for the days the summary has not counted yet, in the
    summary for the others (their rows are deleted once counted). `stats.gaps` reads both."""

    scope: Scope
    period: Period


def territory_scope(territory: Territory) -> Scope:
    return Scope("territory", territory.pk, territory.name, *filters("territory", territory.pk))


def organisation_scope(organisation: Organisation) -> Scope:
    return Scope("organisation", organisation.pk, organisation.name, *filters("organisation", organisation.pk))


def scope_of(kind: str, pk: int | None) -> Scope:
    """A scope of a kind by its id alone, nameless: what a kept statement is built from (`stats.kept`)."""
    return Scope(kind, pk, "", *filters(kind, pk))


def filters(kind: str, pk: int | None) -> tuple[Q, Q]:
    """The requests and the searches of a scope: an organisation's are its requests and the searches made in the
    territories it belongs to."""
    if kind == "territory":
        return Q(territory=pk), Q(commune__in=Commune.objects.filter(territories=pk).values("pk"))
    if kind == "organisation":
        territories = Organisation(pk=pk).territories.values("pk")
        return Q(organisation=pk), Q(commune__in=Commune.objects.filter(territories__in=territories).values("pk"))
    return Q(), Q()


def france_scope() -> Scope:
    return Scope("france", None, "France entière", *filters("france", None))
