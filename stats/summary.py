"""The daily summary of requests and searches (`stats.models`): what it covers, and its nightly refresh.

A day is counted whole: its requests are read in one aggregate statement, its rows deleted and written again inside
one transaction (`values().annotate()`, then `bulk_create`), so a refresh run twice counts the same; no transaction
holds the requests table longer than the reading of one day (`refresh`). The refresh counts:
- the days never counted, up to yesterday (today is still being written);
- the days of the requests whose history grew since the last refresh (contacted, closed, escalated, answered by the
  youth, transferred, anonymised…): every change to a request writes a `RequestEvent` in the same transaction, and
  `recorded_at` says when it was written;
- the days whose counts still wait on a due date that has now passed (`RequestDay.settles_at`), so that the rows
  which waited on it are merged into the others.

The retention purge anonymises requests without deleting them and keeps every field counted here: a day counted
again after it gives the same counts. Searches are only ever added, on the day they are made; once their day is
counted (`SearchDay`, and `GapDay` for the gap table), the nightly task deletes them from the search log
(`refresh_and_forget_searches`): a day counted again whose searches are gone keeps its counts, and the refresh also
counts any past day that still holds searches (loaded into the past), adding them to what the day had.

The figures read the summary for the days it covers and the live tables for the others: today, the days not counted
yet, and the days of requests changed since the last refresh (`coverage`), so that they are always those of the
live tables.
"""

import datetime
from dataclasses import dataclass

from django.db import connections, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Now, TruncDate, TruncMonth
from django.db.models.sql import Query
from django.utils import timezone

from contact_requests.enums import EventKind
from contact_requests.models import ContactRequest, RequestEvent, contacted_condition, escalated_condition
from offers.models import SearchLog
from offers.search_log import PROFILE_KEPT_UP_TO
from stats import areas, kept
from stats.models import GapDay, RequestDay, RequestMonth, SearchDay, SearchMonth, SummarisedDay

# Where the database cannot tell which transactions are still running (SQLite, in development): longer than any
# transaction that writes a request event (a web request's ends within gunicorn's 30-second timeout, the periodic tasks
# commit request by request), so that an event stamped before a refresh began to read the history, but committed after
# it read, is still seen as a change. PostgreSQL tells exactly (`history_horizon`).
HISTORY_MARGIN = datetime.timedelta(minutes=10)
BATCH_SIZE = 2000
# Days written per transaction: those of one month at most.
BATCH_DAYS = 31


# Contacted within the committed delay.
ON_TIME = Q(contacted_at__lte=F("due_at"))


def settled_condition(now) -> Q:
    """Requests whose delay is put to the test: contacted, or past their due date.

    A request withdrawn or closed before its due date without a contact never had its delay put to the test and
    counts in neither the on-time requests nor the whole.
    """
    return contacted_condition() | (Q(due_at__lt=now) & ~Q(finished_at__lte=F("due_at")))


def site_zone():
    return timezone.get_default_timezone()


def day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=site_zone())


def runs(days) -> list[tuple[datetime.date, datetime.date]]:
    """Consecutive days as (first, last) pairs: a few ranges to filter on, however many days."""
    found = []
    for day in sorted(days):
        if found and found[-1][1] == day - datetime.timedelta(days=1):
            found[-1] = (found[-1][0], day)
        else:
            found.append((day, day))
    return found


def created_within(days, field: str = "created_at") -> Q:
    """Rows created on any of these days: plain comparisons on the instant, which its index answers."""
    return created_between(
        [(day_start(first), day_start(last + datetime.timedelta(days=1))) for first, last in runs(days)], field
    )


def created_between(bounds, field: str = "created_at") -> Q:
    """Rows created within any of these (start, end) moments, the end excluded."""
    within = Q(pk__in=[])
    for start, end in bounds:
        within |= Q(**{f"{field}__gte": start, f"{field}__lt": end})
    return within


def on_days(days, field: str = "day") -> Q:
    return on_ranges(runs(days), field)


def on_ranges(ranges, field: str = "day") -> Q:
    """Rows of any of these (first, last) days, both included."""
    within = Q(pk__in=[])
    for first, last in ranges:
        within |= Q(**{f"{field}__range": (first, last)})
    return within


def days_of(months: dict) -> set[datetime.date]:
    """The days that `…Month` rows add up, given as month → last day."""
    return {day for month, last in months.items() for day in all_days(month, last)}


def in_months(months: dict) -> Q:
    """The `…Month` rows of these months, up to these last days (a last day lies in its month: no other rows)."""
    return Q(month__in=list(months), last_day__in=list(months.values()))


def all_days(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    return [first + datetime.timedelta(days=offset) for offset in range((last - first).days + 1)]


def changed_events(since):
    """What was written to the requests' history since a moment (or an expression of one); reading personal data
    changes nothing."""
    events = RequestEvent.objects.exclude(kind=EventKind.VIEWED)
    return events if since is None else events.filter(recorded_at__gte=since)


def days_of_changed_requests(since, *, first: datetime.date, last: datetime.date):
    """The days (of reception) of the requests whose history grew since `since`, between two days."""
    return changed_request_days(since, day_start(first), day_start(last + datetime.timedelta(days=1)))


def changed_request_days(since, start: datetime.datetime, end: datetime.datetime):
    """The same, between two moments."""
    return (
        ContactRequest.objects.filter(
            pk__in=changed_events(since).values("request"), created_at__gte=start, created_at__lt=end
        )
        .annotate(day=TruncDate("created_at", tzinfo=site_zone()))
        .values_list("day", flat=True)
        .distinct()
    )


@dataclass
class Coverage:
    """Which days of a period the summary answers for, as of now."""

    summarised: set[datetime.date]  # counted by the summary
    changed: set[datetime.date]  # among them, days of requests changed since: their requests are read live

    def request_days(self) -> set[datetime.date]:
        return self.summarised - self.changed

    def request_months(self, first: datetime.date, last: datetime.date) -> dict[datetime.date, datetime.date]:
        """`months` without those holding a day of requests changed since."""
        months = self.months(first, last)
        return {
            month: until for month, until in months.items() if not any(month <= day <= until for day in self.changed)
        }

    def search_days(self) -> set[datetime.date]:
        return self.summarised

    def months(self, first: datetime.date, last: datetime.date) -> dict[datetime.date, datetime.date]:
        """The months starting within [first, last] whose `…Month` rows add up days within it: month → the last of
        those days (this needs `summarised` to the end of the month of `last`)."""
        found, month = {}, first.replace(day=1)
        while month <= last:
            until = summarised_until(month, self.summarised)
            if month >= first and until is not None and until <= last:
                found[month] = until
            month = month_end(month) + datetime.timedelta(days=1)
        return found


def month_end(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def coverage(first: datetime.date, last: datetime.date) -> Coverage:
    """Two queries: the latest moment a refresh read the history up to (every day was checked then), then the
    summarised days, each saying whether requests of it changed since. The moment goes in the second as a value, not
    a subquery: the database plans for the few events written since it (an index scan of them, then their
    requests), where a subquery would make it plan for a third of the history and scan a year of requests."""
    latest = kept.rows(latest_history, (), {})
    # A refresh that saw no event at all: every event is a change.
    since = kept.as_moment(latest[0][0]) if latest else datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    moments = (day_start(first), day_start(last + datetime.timedelta(days=1)))
    values = {"since": since, "days": (first, last), "moments": moments}
    rows = [(kept.as_date(day), bool(is_changed)) for day, is_changed in kept.rows(coverage_rows, (), values)]
    return Coverage({day for day, _ in rows}, {day for day, is_changed in rows if is_changed})


def latest_history(shape, values):
    """The latest moment a refresh read the history up to (none before the first that saw an event)."""
    return (
        SummarisedDay.objects.filter(history_until__isnull=False)
        .order_by("-history_until")
        .values_list("history_until")[:1]
    )


def coverage_rows(shape, values):
    """The summarised days between two days, each saying whether requests of it changed since a moment."""
    changed = changed_request_days(values["since"], *values["moments"])
    return SummarisedDay.objects.filter(day__range=values["days"]).values_list("day", flag(Q(day__in=changed)))


def flag(condition: Q) -> Case:
    """True where a filter on the condition would keep the row (a NULL comparison counts as false, as it does there)."""
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def request_rows(days, *, now):
    """The requests received on these days, counted per day and every value the figures read."""
    youth_said = RequestEvent.objects.filter(request=OuterRef("pk"))
    waiting = Q(contacted_at__isnull=True, due_at__gte=now) & ~Q(finished_at__lte=F("due_at"))
    return (
        ContactRequest.objects.filter(created_within(days))
        .annotate(
            day=TruncDate("created_at", tzinfo=site_zone()),
            contacted=flag(contacted_condition()),
            escalated=flag(escalated_condition()),
            on_time=flag(ON_TIME),
            settled=flag(settled_condition(now)),
            settles_at=Case(When(waiting, then=F("due_at")), default=None, output_field=DateTimeField()),
            youth_said_contacted=Exists(youth_said.youth_said_contacted()),
            youth_said_not_contacted=Exists(youth_said.filter(kind=EventKind.YOUTH_NOT_CONTACTED)),
        )
        .values(
            "day",
            "territory_id",
            "organisation_id",
            "theme_id",
            "outcome",
            "working_days_to_contact",
            "contacted",
            "escalated",
            "on_time",
            "settled",
            "settles_at",
            "youth_said_contacted",
            "youth_said_not_contacted",
        )
        .annotate(count=Count("pk"))
        .order_by()
    )


def search_rows(days):
    return (
        SearchLog.objects.filter(on_days(days))
        .values("day", "commune_id", "theme_id")
        .annotate(
            searches=Count("pk"),
            without_result=Count("pk", filter=Q(result_count=0)),
            with_one_result=Count("pk", filter=Q(result_count=1)),
        )
        .order_by()
    )


def gap_rows(days):
    """The searches with no offer or a single one, per commune, theme and profile: the gap table's counts."""
    return (
        SearchLog.objects.filter(on_days(days), result_count__lte=PROFILE_KEPT_UP_TO)
        .values("day", "commune_id", "theme_id", "age_band", "answers")
        .annotate(searches=Count("pk"), without_result=Count("pk", filter=Q(result_count=0)))
        .order_by()
    )


def days_with_searches(days=None, *, until=None) -> set[datetime.date]:
    """The days (among `days`, or up to `until`) that still hold searches in the search log."""
    searches = SearchLog.objects.all()
    if days is not None:
        searches = searches.filter(on_days(days))
    if until is not None:
        searches = searches.filter(day__lte=until)
    return set(searches.order_by().values_list("day", flat=True).distinct())


def month_rows(model, counts: list[str], prefixes: dict):
    """The rows of a day summary added up per month over its summarised days from the first on, each row saying up to
    which day."""
    dimensions = [field.attname for field in model._meta.concrete_fields if field.name not in {"id", "day", *counts}]
    rows = (
        model.objects.filter(on_days(day for month, last in prefixes.items() for day in all_days(month, last)))
        .annotate(month=TruncMonth("day"))
        .values("month", *dimensions)
        .annotate(**{f"total_{name}": Sum(name) for name in counts})
        .order_by()
    )
    for row in rows.iterator(chunk_size=BATCH_SIZE):
        yield {
            **{name: row[name] for name in ["month", *dimensions]},
            **{name: row[f"total_{name}"] for name in counts},
            "last_day": prefixes[row["month"]],
        }


def write(model, rows) -> int:
    """Inserts aggregate rows in batches, so that memory stays flat however many days are counted."""
    written, batch = 0, []
    for row in rows:
        batch.append(model(**row))
        if len(batch) == BATCH_SIZE:
            written += len(model.objects.bulk_create(batch))
            batch = []
    return written + len(model.objects.bulk_create(batch))


def first_day() -> datetime.date | None:
    """The first day holding a request or a search (counted or not yet)."""
    first_request = ContactRequest.objects.aggregate(first=Min("created_at"))["first"]
    days = [
        timezone.localdate(first_request, site_zone()) if first_request else None,
        SearchLog.objects.aggregate(first=Min("day"))["first"],
        SearchDay.objects.aggregate(first=Min("day"))["first"],
    ]
    days = [day for day in days if day is not None]
    return min(days) if days else None


def days_to_refresh(*, now) -> set[datetime.date]:
    yesterday = timezone.localdate(now, site_zone()) - datetime.timedelta(days=1)
    first = first_day()
    if first is None or first > yesterday:
        return set()
    # From the first day of its month, so that the month counts as whole.
    first = first.replace(day=1)
    summarised = dict(SummarisedDay.objects.values_list("day", "history_until"))
    days = set(all_days(first, yesterday)) - set(summarised)
    if summarised:
        since = max((moment for moment in summarised.values() if moment is not None), default=None)
        days |= set(days_of_changed_requests(since, first=first, last=yesterday))
    days |= set(RequestDay.objects.filter(settles_at__lt=now).values_list("day", flat=True).distinct())
    # Searches loaded into a counted day, or a day counted while the search log was kept: counted before they go.
    days |= days_with_searches(until=yesterday)
    return days


# The moment every request event stamped before it is committed: the database's clock, or the start of the oldest
# transaction another client still runs in this database, whichever is earlier. An event is stamped when its
# statement runs (`Now()`), within its transaction: one committed by then is read by the statements that follow; one
# whose transaction still runs when the refresh begins is stamped no earlier than that transaction's start.
POSTGRESQL_HORIZON = """
SELECT LEAST(
    clock_timestamp(),
    (SELECT MIN(xact_start) FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend')
)
"""


def history_horizon() -> datetime.datetime:
    """Up to when a refresh that begins now reads the requests' history whole: every event stamped before the moment
    returned is committed, so that the days of the events stamped from it on are the changes the next figures read
    live (`coverage`).

    PostgreSQL tells which transactions are still running: the moment is exact, and a page read right after the
    nightly purge and refresh reads nothing live. Elsewhere, the clock less HISTORY_MARGIN."""
    connection = connections[SummarisedDay.objects.db]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(POSTGRESQL_HORIZON)
            return cursor.fetchone()[0]
    sql, params = Query(SummarisedDay).get_compiler(connection=connection).compile(Now())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", params)
        moment = cursor.fetchone()[0]
    # SQLite answers in text, in UTC.
    return datetime.datetime.fromisoformat(moment).replace(tzinfo=datetime.UTC) - HISTORY_MARGIN


def every_day(*, now) -> set[datetime.date]:
    """The days a refresh would count, and every day already counted: after loading data into the past without
    writing its history (a benchmark, an import), which no refresh can notice."""
    return days_to_refresh(now=now) | set(SummarisedDay.objects.values_list("day", flat=True))


def refresh(*, now=None, days=None, forget_searches=False) -> list[datetime.date]:
    """Counts again the days that need it (or the given days), whole, then returns them.

    A year of requests is not read in one transaction, which would hold the requests table for minutes: each day's
    requests are read in one statement of their own (`read_requests`), then the days of a month, at most
    BATCH_DAYS, are written in one transaction with the month's sums (`write_days`). The days are marked as read up
    to the moment the refresh began (`history_until`) once all are written: until then a day already written again
    still counts as read up to the refresh before, and a request changed meanwhile is read live.
    """
    now = now or timezone.now()
    history_until = history_horizon()
    days = sorted(days_to_refresh(now=now) if days is None else days)
    if not days:
        return []
    previous = SummarisedDay.objects.aggregate(latest=Max("history_until"))["latest"]
    for batch in month_batches(days):
        write_days(batch, read_requests(batch, now=now), now=now, history_until=previous, forget=forget_searches)
    SummarisedDay.objects.filter(on_days(days)).update(history_until=history_until)
    return days


def month_batches(days) -> list[list[datetime.date]]:
    """The days in batches of one month at most, at most BATCH_DAYS each."""
    batches = []
    for day in sorted(days):
        if batches and batches[-1][0].replace(day=1) == day.replace(day=1) and len(batches[-1]) < BATCH_DAYS:
            batches[-1].append(day)
        else:
            batches.append([day])
    return batches


def read_requests(days, *, now) -> list[dict]:
    """The counts of the requests of these days, one statement (and transaction) a day: a few milliseconds of
    lock on the requests table each."""
    return [row for day in days for row in request_rows([day], now=now)]


def write_days(days, request_counts, *, now, history_until, forget: bool):
    """Writes the counts of these days (of one month) and the month's sums, in one transaction that reads only the
    search log and the summary; with `forget`, the searches counted leave the search log in it."""
    with transaction.atomic():
        # Writing the days first locks them: a second refresh running at the same time waits, then counts again.
        SummarisedDay.objects.bulk_create(
            [SummarisedDay(day=day, refreshed_at=now, history_until=history_until) for day in days],
            update_conflicts=True,
            unique_fields=["day"],
            update_fields=["refreshed_at", "history_until"],
        )
        RequestDay.objects.filter(on_days(days)).delete()
        write(RequestDay, request_counts)
        # A day whose searches were counted, then deleted, keeps its counts: the searches added since are added to
        # them (rows of the same commune and theme add up wherever they are read).
        search_days = days_with_searches(days)
        forgotten = SummarisedDay.objects.filter(on_days(search_days), searches_forgotten=True).values_list("day")
        recounted = search_days - {day for (day,) in forgotten}
        SearchDay.objects.filter(on_days(recounted)).delete()
        GapDay.objects.filter(on_days(recounted)).delete()
        write(SearchDay, search_rows(search_days).iterator(chunk_size=BATCH_SIZE))
        write(GapDay, gap_rows(search_days).iterator(chunk_size=BATCH_SIZE))
        if forget:
            SearchLog.objects.filter(on_days(days)).delete()
            SummarisedDay.objects.filter(on_days(days)).update(searches_forgotten=True)
        refresh_months({day.replace(day=1) for day in days})


def refresh_and_forget_searches(*, now=None, days=None) -> list[datetime.date]:
    """`refresh`, the searches of each batch of days it counted then deleted from the search log in the batch's
    transaction: the summary keeps their counts (`SearchDay`, `GapDay`), and nothing of them remains that a day could
    tell apart."""
    return refresh(now=now, days=days, forget_searches=True)


def refresh_months(months):
    """Adds up the requests and searches of each month over its days summarised from the first on: the month to
    date, or whole."""
    summarised = set(SummarisedDay.objects.filter(on_days(months_days(months))).values_list("day", flat=True))
    prefixes = {month: summarised_until(month, summarised) for month in months}
    RequestMonth.objects.filter(month__in=months).delete()
    SearchMonth.objects.filter(month__in=months).delete()
    if prefixes := {month: last for month, last in prefixes.items() if last is not None}:
        write(RequestMonth, month_rows(RequestDay, ["count"], prefixes))
        write(SearchMonth, month_rows(SearchDay, ["searches", "without_result", "with_one_result"], prefixes))
    areas.write_months(months)


def summarised_until(month: datetime.date, summarised: set) -> datetime.date | None:
    """The last of the summarised days that follow each other from the month's first day (None if it is not)."""
    last, day = None, month
    while day.month == month.month and day in summarised:
        last, day = day, day + datetime.timedelta(days=1)
    return last


def month_days(month: datetime.date) -> list[datetime.date]:
    return all_days(month, month_end(month))


def months_days(months) -> list[datetime.date]:
    return [day for month in months for day in month_days(month)]
