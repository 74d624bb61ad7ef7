"""The figures of a statistics page, each computed in the database: a fixed number of queries whatever the rows.

The days the nightly summary covers (`stats.summary`) are read from it: a few rows per day, and a year of searches
in twelve months. The other days (today, the days not summarised yet, the days of requests changed since the last
refresh) are read live, as `live_figures` reads the whole period: one aggregate for every count (key figures, delays
kept, months), and one count per theme × organisation × outcome × working days to first contact, added up per
dimension. Both give the same figures, which tests compare field by field. Percentiles are interpolated from the
count per number of days as `percentile_cont` does: the delay is a whole number of days, so a dozen groups hold the
whole distribution, and the result is the same on SQLite and PostgreSQL.

`cached_figures` keeps them for a few minutes, which is what a page read again and again (changing of tab, of period
and back, downloading the figures) needs.
"""

import datetime
import heapq
import math
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.text import Truncator

from contact_requests.enums import EventKind, Outcome
from contact_requests.models import RequestEvent, contacted_condition, escalated_condition
from core.cache import cache_get, cache_set
from organisations.models import Organisation
from questionnaires.models import Theme
from stats import areas, kept, queries, summary
from stats.queries import COUNTS, GROUPS, on_time_aggregates, searches_counts
from stats.scopes import Period, Scope
from territories import working_days

NOT_FINISHED = "en cours"
# The busiest organisations drawn on the page (a territory has a hundred, France thousands).
ORGANISATIONS_ON_PAGE = 20
MONTH_NAMES = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]


# The longest bar of a chart, and the longest label drawn beside it (the table beside the chart has it whole).
BAR_LENGTH = 260
LABEL_LENGTH = 40


@dataclass
class Bar:
    label: str
    value: int
    share: float  # of the largest value of its chart, in percent: the length of its bar

    @property
    def length(self) -> str:
        """The bar's length in the drawing, rounded as `widthratio` rounds; text, which no locale formats."""
        return str(round(self.share / 100 * BAR_LENGTH))

    @property
    def short_label(self) -> str:
        """The label drawn, as `truncatechars` cuts it (which a label short enough spares the work of)."""
        return self.label if len(self.label) <= LABEL_LENGTH else Truncator(self.label).chars(LABEL_LENGTH)


def bars(rows: list[tuple[str, int]]) -> list[Bar]:
    largest = max((value for _, value in rows), default=0)
    return [Bar(label, value, round(100 * value / largest, 1) if largest else 0.0) for label, value in rows]


def percentile(counts: list[tuple[int, int]], fraction: float) -> float | None:
    """The continuous percentile (`percentile_cont` in PostgreSQL) of whole numbers given as (value, how many rows
    have it), smallest value first."""
    total = sum(count for _, count in counts)
    if not total:
        return None
    rank = fraction * (total - 1)
    low = math.floor(rank)

    def value_at(position):
        seen = 0
        for value, count in counts:
            seen += count
            if position < seen:
                return value
        return counts[-1][0]

    below, above = value_at(low), value_at(min(low + 1, total - 1))
    return float(below + (above - below) * (rank - low))


def on_time_counts(requests: QuerySet, *, now) -> dict:
    """How many requests were contacted within their committed delay, among those whose delay is settled."""
    return requests.aggregate(**on_time_aggregates(now))


def working_days_text(days: float | None) -> str:
    """ "1,5 jour ouvré", "3 jours ouvrés"; a dash when nobody was contacted."""
    return "—" if days is None else working_days.in_words(days)


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
    per_organisation: list[Bar]  # the busiest, which the page draws (`busiest`)
    outcomes: list[Bar]
    youth_answers: list[YouthAnswers]
    searches: list[SearchesOfTheme] = field(default_factory=list)
    computed_at: datetime.datetime | None = None
    # Every organisation's requests, by id: a national service has thousands, which the export names.
    organisation_counts: dict[int, int] = field(default_factory=dict)

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
    def other_organisations(self) -> tuple[int, int]:
        """How many organisations the page leaves to the export, and their requests."""
        others = len(self.organisation_counts) - len(self.per_organisation)
        return others, sum(self.organisation_counts.values()) - sum(bar.value for bar in self.per_organisation)

    @property
    def searches_total(self) -> int:
        return sum(row.total for row in self.searches)

    @property
    def searches_without_result(self) -> int:
        return sum(row.no_result for row in self.searches)


def month_label(day) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def month_aggregates(period: Period) -> dict:
    """One filtered count per month, to be read within a larger aggregate: plain comparisons on the date, no function
    per row."""
    zone = timezone.get_current_timezone()
    months = period.months()
    start, end = period.bounds
    edges = [start, *(datetime.datetime.combine(month, datetime.time.min, tzinfo=zone) for month in months[1:]), end]
    return {
        f"month_{index}": Count("pk", filter=Q(created_at__gte=edges[index], created_at__lt=edges[index + 1]))
        for index in range(len(months))
    }


def month_bars(counts: dict, period: Period) -> list[Bar]:
    return bars([(month_label(month), counts[f"month_{index}"]) for index, month in enumerate(period.months())])


def counted_by(requests: QuerySet, fields: list[str]) -> dict[str, list[tuple]]:
    """Per field, (value, number of requests), most frequent first: one scan grouped by all the fields at once, whose
    groups (a few themes × organisations × outcomes) are then added up per field."""
    rows = requests.values_list(*fields).annotate(count=Count("pk")).order_by()
    totals = {name: {} for name in fields}
    for *values, count in rows:
        for name, value in zip(fields, values, strict=True):
            totals[name][value] = totals[name].get(value, 0) + count
    return {name: sorted(counts.items(), key=lambda item: (-item[1], str(item[0]))) for name, counts in totals.items()}


def busiest(counts: dict[int, int]) -> list[tuple[int, int]]:
    """The organisations that may be among the ORGANISATIONS_ON_PAGE busiest, which are sorted by name among equal
    counts: every one with as many requests as the last drawn, or more. Only they are named (and sorted: France has
    thousands)."""
    if len(counts) <= ORGANISATIONS_ON_PAGE:
        return list(counts.items())
    least = heapq.nlargest(ORGANISATIONS_ON_PAGE, counts.values())[-1]
    return [(pk, count) for pk, count in counts.items() if count >= least]


def busiest_bars(candidates: list[tuple[int, int]], names: dict) -> list[Bar]:
    """The bars of the busiest organisations among `busiest`'s candidates."""
    return bars(named(candidates, names)[:ORGANISATIONS_ON_PAGE])


def all_organisations(figures: "Figures") -> list[Bar]:
    """Every organisation of the figures, named (one query), busiest first then by name: what the export lists."""
    names = dict(Organisation.objects.filter(pk__in=list(figures.organisation_counts)).values_list("pk", "name"))
    return bars(named(list(figures.organisation_counts.items()), names))


def named(counts: list[tuple], names: dict) -> list[tuple[str, int]]:
    """Counts per id, named, most frequent first then by name."""
    return sorted(((names[pk], count) for pk, count in counts), key=lambda item: (-item[1], item[0]))


def outcome_label(value: str) -> str:
    return Outcome(value).label if value else NOT_FINISHED


def youth_answer_rows(requests: QuerySet) -> QuerySet:
    """How many requests the youth said were, or were not, followed by a contact, per outcome."""
    answers = RequestEvent.objects.filter(request__in=requests.values("pk"))
    return (
        (answers.youth_said_contacted() | answers.filter(kind=EventKind.YOUTH_NOT_CONTACTED))
        .values("request__outcome", "kind")
        .annotate(count=Count("request", distinct=True))
    )


def youth_answers(requests: QuerySet) -> list[YouthAnswers]:
    """What youths answered to the question sent after the due date, beside what the professional declared."""
    table: dict[str, YouthAnswers] = {}
    for row in youth_answer_rows(requests):
        label = outcome_label(row["request__outcome"])
        answers = table.setdefault(label, YouthAnswers(label, 0, 0))
        if row["kind"] == EventKind.YOUTH_CONTACTED:
            answers.said_contacted += row["count"]
        else:
            answers.said_not_contacted += row["count"]
    return sorted(table.values(), key=lambda answers: answers.outcome)


def searches_per_theme(searches: QuerySet) -> list[SearchesOfTheme]:
    """Counted per theme, then named."""
    counts = {row["theme"]: row for row in searches_counts(searches)}
    themes = Theme.objects.filter(pk__in=list(counts)).order_by("order", "name") if counts else []
    return [
        SearchesOfTheme(
            theme.name, counts[theme.pk]["total"], counts[theme.pk]["no_result"], counts[theme.pk]["one_result"]
        )
        for theme in themes
    ]


def live_figures(scope: Scope, period: Period, *, now=None) -> Figures:
    """Every figure from the live tables, whatever the summary holds: the reference `figures_for` equals (tests
    compare them field by field), at the cost of a scan of the period's requests and searches. The searches are those
    still in the search log: once counted and forgotten (`summary.refresh_and_forget_searches`), only the summary
    has them."""
    now = now or timezone.now()
    requests = scope.requests_in(period)
    totals = requests.aggregate(
        received=Count("pk"),
        contacted=Count("pk", filter=contacted_condition()),
        escalated=Count("pk", filter=escalated_condition()),
        **on_time_aggregates(now),
        **month_aggregates(period),
    )
    counts = counted_by(requests, ["theme", "organisation", "outcome", "working_days_to_contact"])
    delays = sorted((days, count) for days, count in counts["working_days_to_contact"] if days is not None)
    themes = dict(Theme.objects.filter(pk__in=[pk for pk, _ in counts["theme"]]).values_list("pk", "name"))
    organisation_counts = dict(counts["organisation"])
    candidates = busiest(organisation_counts)
    organisations = dict(Organisation.objects.filter(pk__in=[pk for pk, _ in candidates]).values_list("pk", "name"))
    answers = youth_answers(requests)
    return Figures(
        received=totals["received"],
        contacted=totals["contacted"],
        escalated=totals["escalated"],
        reported_not_contacted=sum(row.said_not_contacted for row in answers),
        on_time=totals["on_time"],
        settled=totals["settled"],
        median_days=percentile(delays, 0.5),
        p90_days=percentile(delays, 0.9),
        per_month=month_bars(totals, period),
        per_theme=bars(named(counts["theme"], themes)),
        per_organisation=busiest_bars(candidates, organisations),
        outcomes=bars([(outcome_label(value), count) for value, count in counts["outcome"]]),
        youth_answers=answers,
        searches=searches_per_theme(scope.search_logs_in(period)),
        computed_at=now,
        organisation_counts=organisation_counts,
    )


KEY_FIGURES = ["received", "contacted", "escalated", "on_time", "settled"]


@dataclass
class Tally:
    """The counts every figure is made of, added up from the summarised days and from the live remainder."""

    requests: dict = field(default_factory=lambda: dict.fromkeys(KEY_FIGURES, 0))
    months: dict = field(default_factory=dict)  # the month's index in the period → requests
    groups: dict = field(default_factory=lambda: {name: {} for name in GROUPS})  # field → value → requests
    youth: dict = field(default_factory=dict)  # outcome → [said contacted, said not contacted]
    searches: dict = field(default_factory=dict)  # theme id → [searches, without result, with one result]

    def add_key_figures(self, counts: dict, months: int):
        for name in KEY_FIGURES:
            self.requests[name] += counts[name] or 0
        for index in range(months):
            self.months[index] = self.months.get(index, 0) + (counts[f"month_{index}"] or 0)

    def add_group(self, name, value, count):
        self.groups[name][value] = self.groups[name].get(value, 0) + count

    def add_youth(self, outcome, said_contacted, said_not_contacted):
        answers = self.youth.setdefault(outcome, [0, 0])
        answers[0] += said_contacted or 0
        answers[1] += said_not_contacted or 0

    def add_searches(self, rows):
        """Adds up rows of (theme, searches, without result, with one result)."""
        for theme, *row in rows:
            counts = self.searches.setdefault(theme, [0, 0, 0])
            for index, count in enumerate(row):
                counts[index] += count

    def most_frequent(self, name) -> list[tuple]:
        return sorted(self.groups[name].items(), key=lambda item: (-item[1], str(item[0])))


def add_request_counts(tally: Tally, rows: list[tuple], month_count: int):
    """Adds up the rows of `queries.request_statement`, per dimension: every count from the rows of the outcomes, the
    requests received from each dimension's rows."""
    names = [*COUNTS, *(f"month_{index}" for index in range(month_count))]
    for dimension, *row in rows:
        name, value = GROUPS[dimension], row[dimension]
        counts = dict(zip(names, row[len(GROUPS) :], strict=True))
        tally.add_group(name, value, counts["received"] or 0)
        if name == "outcome":
            tally.add_key_figures(counts, month_count)
            if counts["said_contacted"] or counts["said_not_contacted"]:
                tally.add_youth(value, counts["said_contacted"], counts["said_not_contacted"])


def names_of(*, themes: set, organisations: set) -> tuple[dict, dict]:
    """The names of themes (in their order) and of organisations, by id: one query."""
    values = {"themes": sorted(themes), "organisations": sorted(organisations)}
    ordered = sorted(kept.rows(queries.names_statement, (), values), key=lambda row: (row[0], row[1], row[3]))
    return (
        {pk: name for kind, _, pk, name in ordered if kind == "theme"},
        {pk: name for kind, _, pk, name in ordered if kind == "organisation"},
    )


def figures_for(scope: Scope, period: Period, *, now=None) -> Figures:
    """The figures of `live_figures`, read from the daily summary for the days it covers and from the live tables for
    the others (today, the days not summarised yet, the days of requests changed since): five queries, each built
    once per process for its shape (`stats.kept`)."""
    now = now or timezone.now()
    days = set(summary.all_days(period.start, period.end))
    # To the end of the last month: whether the summary of that month adds up days beyond the period.
    covered = summary.coverage(period.start, summary.month_end(period.end))
    tally = Tally()
    month_count = len(period.months())
    months = covered.request_months(period.start, period.end)
    scope_values = {} if scope.pk is None else {"scope": scope.pk}
    requests = request_values(scope, period, days - covered.request_days(), covered.request_days() & days, months)
    if requests:
        rows = kept.rows(queries.request_statement, (scope.kind, month_count), {**scope_values, "now": now, **requests})
        add_request_counts(tally, rows, month_count)
    if areas.scope_area(scope) and months:
        rows = kept.rows(queries.area_month_statement, (scope.kind,), {**scope_values, **area_values(months)})
        areas.add_months(tally, rows, period, now=now)
    if searches := search_values(period, days, covered):
        tally.add_searches(kept.rows(queries.search_statement, (scope.kind,), {**scope_values, **searches}))
    return figures_from(tally, period, now=now)


def request_values(scope: Scope, period: Period, live: set, request_days: set, months: dict) -> dict:
    """The parts of the requests' statement (`queries.request_statement`): the requests of the days read live, of
    the summarised days and of the months added up (`covered.request_months`), each with the edges of the months it
    touches. France and a territory read their months from their own rows instead (`areas.add_months`)."""
    edges = month_edges(period)
    values = {}
    if live:
        values["live"] = {
            "runs": [(summary.day_start(first), summary.day_start(after(last))) for first, last in summary.runs(live)],
            "months": {index: tuple(map(summary.day_start, edges[index])) for index in touched(period, live)},
            # Before the first of these requests, with a day to spare for clocks that differ between hosts.
            "answers_since": summary.day_start(min(live) - datetime.timedelta(days=1)),
        }
    request_days -= summary.days_of(months)
    if request_days:
        values["days"] = {
            "runs": summary.runs(request_days),
            "months": {index: edges[index] for index in touched(period, request_days)},
        }
    if months and not areas.scope_area(scope):
        values["months"] = {
            "rows": list(months.items()),
            "months": {index: edges[index] for index in touched(period, months)},
        }
    return values


def search_values(period: Period, days: set, covered: summary.Coverage) -> dict:
    """The parts of the searches' statement (`queries.search_statement`), which never change once made."""
    search_days = covered.search_days() & days
    values = {}
    if days - search_days:
        values["live"] = summary.runs(days - search_days)
    months = covered.months(period.start, period.end)
    search_days -= summary.days_of(months)
    if search_days:
        values["days"] = summary.runs(search_days)
    if months:
        values["months"] = list(months.items())
    return values


def area_values(months: dict) -> dict:
    """The months an area's statement reads (`areas.request_months`): month → last day, the first and the last,
    those in between that are left out (holding a day of requests changed since, read apart)."""
    first, last = min(months), max(months)
    between, month = [], after(summary.month_end(first))
    while month < last:
        if month not in months:
            between.append(month)
        month = after(summary.month_end(month))
    return {"rows": list(months.items()), "first": first, "last": last, "excluded": between}


def after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=1)


def month_edges(period: Period) -> list[tuple[datetime.date, datetime.date]]:
    """The first day of each month of the period, and the first day after it, within the period."""
    firsts = [period.start, *period.months()[1:], after(period.end)]
    return list(zip(firsts, firsts[1:], strict=False))


def touched(period: Period, days) -> list[int]:
    """The indexes of the period's months holding any of these days."""
    months = {day.replace(day=1) for day in days}
    return [index for index, month in enumerate(period.months()) if month in months]


def figures_from(tally: Tally, period: Period, *, now) -> Figures:
    """The figures of the counts added up, with the names of their themes and organisations (one query)."""
    month_count = len(period.months())
    organisation_counts = tally.groups["organisation"]
    candidates = busiest(organisation_counts)
    themes, organisations = names_of(
        themes={*tally.groups["theme"], *tally.searches}, organisations={pk for pk, _ in candidates}
    )
    delays = sorted(
        (delay, count) for delay, count in tally.groups["working_days_to_contact"].items() if delay is not None
    )
    answers = sorted(
        (YouthAnswers(outcome_label(outcome), *said) for outcome, said in tally.youth.items()),
        key=lambda answers: answers.outcome,
    )
    return Figures(
        received=tally.requests["received"],
        contacted=tally.requests["contacted"],
        escalated=tally.requests["escalated"],
        reported_not_contacted=sum(row.said_not_contacted for row in answers),
        on_time=tally.requests["on_time"],
        settled=tally.requests["settled"],
        median_days=percentile(delays, 0.5),
        p90_days=percentile(delays, 0.9),
        per_month=month_bars({f"month_{index}": tally.months.get(index, 0) for index in range(month_count)}, period),
        per_theme=bars(named(tally.most_frequent("theme"), themes)),
        per_organisation=busiest_bars(candidates, organisations),
        outcomes=bars([(outcome_label(value), count) for value, count in tally.most_frequent("outcome")]),
        youth_answers=answers,
        searches=[SearchesOfTheme(name, *tally.searches[pk]) for pk, name in themes.items() if pk in tally.searches],
        computed_at=now,
        organisation_counts=organisation_counts,
    )


# How long the figures of a scope and period are kept: a page read again within it costs no scan.
FIGURES_TIMEOUT = 600


def cached_figures(scope: Scope, period: Period) -> Figures:
    """`figures_for`, kept FIGURES_TIMEOUT seconds per scope and period (the page says when they were computed).

    Statistics are not a live view: a request contacted or a search made meanwhile shows within ten minutes.
    """
    key = f"boussole:stats:figures:{scope.kind}:{scope.pk}:{period.start}:{period.end}"
    figures = cache_get(key)
    if figures is None:
        figures = figures_for(scope, period)
        cache_set(key, figures, timeout=FIGURES_TIMEOUT)
    return figures
