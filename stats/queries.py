"""The queries of the counts `figures_for` adds up, each built from its shape and its values (`stats.kept`): the live
requests and searches of the days the summary does not answer for, the summary's days and months, an area's months,
the names of what was counted."""

from django.db.models import Case, Count, Q, QuerySet, Sum, Value, When

from contact_requests.enums import EventKind
from contact_requests.models import ContactRequest, RequestEvent, contacted_condition, escalated_condition
from offers.models import SearchLog
from organisations.models import Organisation
from questionnaires.models import Theme
from stats import areas, scopes, summary
from stats.marginals import marginal_statement, union
from stats.models import AreaSearchMonth, RequestDay, RequestMonth, SearchDay, SearchMonth
from stats.summary import ON_TIME, settled_condition

GROUPS = ["theme", "organisation", "outcome", "working_days_to_contact"]
COUNTS = ["received", "contacted", "escalated", "settled", "on_time", "said_contacted", "said_not_contacted"]
SEARCH_COUNTS = {"total": "searches", "no_result": "without_result", "one_result": "with_one_result"}


def on_time_aggregates(now) -> dict:
    """How many requests were contacted within their committed delay, among those whose delay is settled: two
    counts, to be read within a larger aggregate."""
    return {"settled": Count("pk", filter=settled_condition(now)), "on_time": Count("pk", filter=ON_TIME)}


def searches_counts(searches: QuerySet) -> QuerySet:
    """Grouped by the theme's id (a hash of integers, where grouping by its name sorted every search). Counted on a
    column that the search log's index on the day holds (never empty, as its id), so that a day's searches are
    counted from that index alone."""
    return (
        searches.values("theme")
        .annotate(
            total=Count("result_count"),
            no_result=Count("result_count", filter=Q(result_count=0)),
            one_result=Count("result_count", filter=Q(result_count=1)),
        )
        .order_by()
    )


def logged_searches(searches: QuerySet) -> QuerySet:
    """The counts of `searches_counts` in rows to add up per theme: one per day, theme and number of offers found,
    the order of the search log's index on the day, which the database counts as it reads it (a day of France's
    searches is tens of thousands of rows, and counting them in groups it first gathers took it half as long again)."""
    return (
        searches.values("day", "theme", "result_count")
        .annotate(
            total=Count("result_count"),
            no_result=Case(When(result_count=0, then=Count("result_count")), default=Value(0)),
            one_result=Case(When(result_count=1, then=Count("result_count")), default=Value(0)),
        )
        .values_list("theme", "total", "no_result", "one_result")
        .order_by()
    )


def per_month(month_count: int, edges: dict, count) -> dict:
    """One column per month of the period: `count(start, end)` for the months given their edges (index → start,
    end), zero for the others (the parts of a union need the same columns, and each filter costs a little)."""
    return {f"month_{index}": count(*edges[index]) if index in edges else Value(0) for index in range(month_count)}


def live_request_counts(requests: QuerySet, live: dict, month_count: int, *, now) -> QuerySet:
    """The counts of `summarised_request_counts`, from the requests received within `live["runs"]` (moments: today's,
    those of days changed since the last refresh: a few hundred or thousand rows)."""
    within = summary.created_between(live["runs"])
    # The youths' answers, read once (a filter per request would make the database read the requests in order, one
    # by one, to keep that filter cheap). An answer comes after its request: those written since
    # `live["answers_since"]` are the few an index finds, each counted for the request it is about if that request is
    # among these. Looking for them request by request costs a lookup for each of a day's thousands of requests, and
    # naming these requests again in the subquery makes the database plan their reading twice more.
    answers = RequestEvent.objects.filter(recorded_at__gte=live["answers_since"])

    def said(kind):
        return Q(pk__in=answers.filter(kind=kind).values("request"))

    counts = {
        "received": Count("pk"),
        "contacted": Count("pk", filter=contacted_condition()),
        "escalated": Count("pk", filter=escalated_condition()),
        **on_time_aggregates(now),
        "said_contacted": Count(
            "pk", filter=Q(pk__in=answers.youth_said_contacted(since=live["answers_since"]).values("request"))
        ),
        "said_not_contacted": Count("pk", filter=said(EventKind.YOUTH_NOT_CONTACTED)),
        **per_month(
            month_count,
            live["months"],
            lambda start, end: Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
        ),
    }
    requests = requests.filter(within)
    return requests.values_list(*GROUPS).annotate(**{f"sum_{name}": count for name, count in counts.items()}).order_by()


def summarised_request_counts(rows: QuerySet, edges: dict, month_count: int, *, now, day: str = "day") -> QuerySet:
    """Every count the figures add up, per theme × organisation × outcome × working days to first contact, from
    `RequestDay` rows (or `RequestMonth` ones, with `day="month"`) and the edges of the months they touch."""
    sums = {
        "received": Sum("count"),
        "contacted": Sum("count", filter=Q(contacted=True)),
        "escalated": Sum("count", filter=Q(escalated=True)),
        # A due date that passed since the day was counted puts its requests' delay to the test.
        "settled": Sum("count", filter=Q(settled=True) | Q(settles_at__lt=now)),
        "on_time": Sum("count", filter=Q(on_time=True)),
        "said_contacted": Sum("count", filter=Q(youth_said_contacted=True)),
        "said_not_contacted": Sum("count", filter=Q(youth_said_not_contacted=True)),
        **per_month(
            month_count, edges, lambda first, end: Sum("count", filter=Q(**{f"{day}__gte": first, f"{day}__lt": end}))
        ),
    }
    # Named apart from the columns they add up (`contacted`…), which an annotation may not shadow.
    return rows.values_list(*GROUPS).annotate(**{f"sum_{name}": total for name, total in sums.items()}).order_by()


def request_statement(shape: tuple, values: dict) -> tuple[str, list]:
    """The requests of a scope (`shape`: its kind, the period's number of months) counted per dimension
    (`marginal_statement`), from the parts `values` holds: the live requests within moments (`live`), the summarised
    days (`days`), the months added up (`months`, for an organisation), each with the edges of the months it
    touches."""
    kind, month_count = shape
    request_filter, _ = scopes.filters(kind, values.get("scope"))
    now, parts = values["now"], []
    if live := values.get("live"):
        parts.append(live_request_counts(ContactRequest.objects.filter(request_filter), live, month_count, now=now))
    if days := values.get("days"):
        rows = RequestDay.objects.filter(request_filter, summary.on_ranges(days["runs"]))
        parts.append(summarised_request_counts(rows, days["months"], month_count, now=now))
    if months := values.get("months"):
        rows = RequestMonth.objects.filter(request_filter, summary.in_months(dict(months["rows"])))
        parts.append(summarised_request_counts(rows, months["months"], month_count, now=now, day="month"))
    return marginal_statement(parts, GROUPS, len(COUNTS) + month_count, full=GROUPS.index("outcome"))


def area_month_statement(shape: tuple, values: dict) -> QuerySet:
    """An area's months (`areas.request_months`): France's or a territory's (`shape`: the scope's kind)."""
    (kind,) = shape
    return areas.request_months(
        areas.area_filter(kind, values.get("scope")),
        summary.in_months(dict(values["rows"])),
        first=values["first"],
        last=values["last"],
        excluded=values["excluded"],
    )


def summarised_searches(rows: QuerySet) -> QuerySet:
    return rows.values("theme").annotate(**{name: Sum(column) for name, column in SEARCH_COUNTS.items()}).order_by()


def search_statement(shape: tuple, values: dict) -> QuerySet:
    """The searches of a scope per theme, from the search log within days (`live`), the summarised days (`days`),
    and the months added up (`months`): an area's own rows for France and a territory."""
    (kind,) = shape
    _, search_filter = scopes.filters(kind, values.get("scope"))
    parts = []
    if live := values.get("live"):
        parts.append(logged_searches(SearchLog.objects.filter(search_filter, summary.on_ranges(live))))
    if days := values.get("days"):
        parts.append(summarised_searches(SearchDay.objects.filter(search_filter, summary.on_ranges(days))))
    if months := values.get("months"):
        area = areas.area_filter(kind, values.get("scope"))
        in_months = summary.in_months(dict(months))
        rows = (
            AreaSearchMonth.objects.filter(area, in_months)
            if area
            else SearchMonth.objects.filter(search_filter, in_months)
        )
        parts.append(summarised_searches(rows))
    return union(parts)


def names_statement(shape: tuple, values: dict) -> QuerySet:
    """The names of themes (with their order) and of organisations, by id: one query."""
    return union(
        [
            Theme.objects.filter(pk__in=values["themes"]).order_by().values_list(Value("theme"), "order", "pk", "name"),
            Organisation.objects.filter(pk__in=values["organisations"])
            .order_by()
            .values_list(Value("organisation"), Value(0), "pk", "name"),
        ]
    )
