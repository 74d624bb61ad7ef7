"""The figures of a statistics page, each computed in the database: a fixed number of queries whatever the rows.

Percentiles are read with an ordered offset (`ORDER BY … LIMIT 2 OFFSET k`), interpolated as `percentile_cont` does:
the same SQL and the same result on SQLite and PostgreSQL, two rows read per percentile.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from contact_requests.enums import EventKind, Outcome
from contact_requests.models import RequestEvent
from stats.scopes import Period, Scope

NOT_FINISHED = "en cours"
MONTH_NAMES = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]


@dataclass
class Bar:
    label: str
    value: int
    share: float  # of the largest value of its chart, in percent: the length of its bar


def bars(rows: list[tuple[str, int]]) -> list[Bar]:
    largest = max((value for _, value in rows), default=0)
    return [Bar(label, value, round(100 * value / largest, 1) if largest else 0.0) for label, value in rows]


def percentile(queryset: QuerySet, field_name: str, fraction: float, count: int) -> float | None:
    """The continuous percentile of a column over `count` non-null rows (`percentile_cont` in PostgreSQL)."""
    if not count:
        return None
    rank = fraction * (count - 1)
    low = math.floor(rank)
    values = list(
        queryset.filter(**{f"{field_name}__isnull": False})
        .order_by(field_name)
        .values_list(field_name, flat=True)[low : low + 2]
    )
    if rank == low or len(values) == 1:
        return float(values[0])
    return values[0] + (values[1] - values[0]) * (rank - low)


# Contacted within the committed delay.
ON_TIME = Q(contacted_at__lte=F("due_at"))


def settled_condition(now) -> Q:
    """Requests whose delay is put to the test: contacted, or past their due date.

    A request withdrawn or closed before its due date without a contact never had its delay put to the test and
    counts in neither the on-time requests nor the whole.
    """
    return Q(contacted_at__isnull=False) | (Q(due_at__lt=now) & ~Q(finished_at__lte=F("due_at")))


def on_time_counts(requests: QuerySet, *, now) -> dict:
    """How many requests were contacted within their committed delay, among those whose delay is settled."""
    return requests.aggregate(settled=Count("pk", filter=settled_condition(now)), on_time=Count("pk", filter=ON_TIME))


def working_days_text(days: float | None) -> str:
    """ "1,5 jour ouvré", "3 jours ouvrés"; a dash when nobody was contacted."""
    if days is None:
        return "—"
    number = f"{days:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{number} jour{'s' if days >= 2 else ''} ouvré{'s' if days >= 2 else ''}"


def share(part: int, whole: int) -> int | None:
    """A rounded percentage; None when there is nothing to divide."""
    return round(100 * part / whole) if whole else None


@dataclass
class YouthAnswers:
    outcome: str
    said_contacted: int
    said_not_contacted: int


@dataclass
class SearchesOfTheme:
    theme: str
    total: int
    no_result: int
    one_result: int

    @property
    def several_results(self) -> int:
        return self.total - self.no_result - self.one_result


@dataclass
class Figures:
    received: int
    contacted: int
    escalated: int
    reported_not_contacted: int
    on_time: int
    settled: int
    median_days: float | None
    p90_days: float | None
    per_month: list[Bar]
    per_theme: list[Bar]
    per_organisation: list[Bar]
    outcomes: list[Bar]
    youth_answers: list[YouthAnswers]
    searches: list[SearchesOfTheme] = field(default_factory=list)

    @property
    def on_time_share(self) -> int | None:
        return share(self.on_time, self.settled)

    @property
    def on_time_share_text(self) -> str:
        return "—" if self.on_time_share is None else f"{self.on_time_share} %"

    @property
    def on_time_detail(self) -> str:
        return f"{self.on_time} sur {self.settled}" if self.settled else ""

    @property
    def median_days_text(self) -> str:
        return working_days_text(self.median_days)

    @property
    def p90_days_text(self) -> str:
        return working_days_text(self.p90_days)

    @property
    def searches_total(self) -> int:
        return sum(row.total for row in self.searches)

    @property
    def searches_without_result(self) -> int:
        return sum(row.no_result for row in self.searches)


def month_label(day) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def requests_per_month(requests: QuerySet, period: Period) -> list[Bar]:
    """One filtered count per month in a single query: plain comparisons on the indexed date, no function per row."""
    zone = timezone.get_current_timezone()
    months = period.months()
    start, end = period.bounds
    edges = [start, *(datetime.datetime.combine(month, datetime.time.min, tzinfo=zone) for month in months[1:]), end]
    counts = requests.aggregate(
        **{
            f"month_{index}": Count("pk", filter=Q(created_at__gte=edges[index], created_at__lt=edges[index + 1]))
            for index in range(len(months))
        }
    )
    return bars([(month_label(month), counts[f"month_{index}"]) for index, month in enumerate(months)])


def counted_by(requests: QuerySet, name_field: str) -> list[tuple[str, int]]:
    rows = requests.values(name_field).annotate(count=Count("pk")).order_by("-count", name_field)
    return [(row[name_field], row["count"]) for row in rows]


def outcome_label(value: str) -> str:
    return Outcome(value).label if value else NOT_FINISHED


def youth_answers(requests: QuerySet) -> list[YouthAnswers]:
    """What youths answered to the question sent after the due date, beside what the professional declared."""
    rows = (
        RequestEvent.objects.filter(
            request__in=requests.values("pk"), kind__in=[EventKind.YOUTH_CONTACTED, EventKind.YOUTH_NOT_CONTACTED]
        )
        .values("request__outcome", "kind")
        .annotate(count=Count("request", distinct=True))
    )
    table: dict[str, YouthAnswers] = {}
    for row in rows:
        label = outcome_label(row["request__outcome"])
        answers = table.setdefault(label, YouthAnswers(label, 0, 0))
        if row["kind"] == EventKind.YOUTH_CONTACTED:
            answers.said_contacted += row["count"]
        else:
            answers.said_not_contacted += row["count"]
    return sorted(table.values(), key=lambda answers: answers.outcome)


def searches_per_theme(searches: QuerySet) -> list[SearchesOfTheme]:
    rows = (
        searches.values("theme__name", "theme__order")
        .annotate(
            total=Count("pk"),
            no_result=Count("pk", filter=Q(result_count=0)),
            one_result=Count("pk", filter=Q(result_count=1)),
        )
        .order_by("theme__order", "theme__name")
    )
    return [SearchesOfTheme(row["theme__name"], row["total"], row["no_result"], row["one_result"]) for row in rows]


def figures_for(scope: Scope, period: Period, *, now=None) -> Figures:
    now = now or timezone.now()
    requests = scope.requests_in(period)
    summary = requests.aggregate(
        received=Count("pk"),
        contacted=Count("pk", filter=Q(contacted_at__isnull=False)),
        escalated=Count("pk", filter=Q(escalated_at__isnull=False)),
        measured=Count("working_days_to_contact"),
    )
    timing = on_time_counts(requests, now=now)
    answers = youth_answers(requests)
    return Figures(
        received=summary["received"],
        contacted=summary["contacted"],
        escalated=summary["escalated"],
        reported_not_contacted=sum(row.said_not_contacted for row in answers),
        on_time=timing["on_time"],
        settled=timing["settled"],
        median_days=percentile(requests, "working_days_to_contact", 0.5, summary["measured"]),
        p90_days=percentile(requests, "working_days_to_contact", 0.9, summary["measured"]),
        per_month=requests_per_month(requests, period),
        per_theme=bars(counted_by(requests, "theme__name")),
        per_organisation=bars(counted_by(requests, "organisation__name")),
        outcomes=bars([(outcome_label(value), count) for value, count in counted_by(requests, "outcome")]),
        youth_answers=answers,
        searches=searches_per_theme(scope.searches_in(period)),
    )
