"""The months of France and of each territory, one dimension at a time (`AreaRequestMonth`, `AreaSearchMonth`).

`RequestMonth` keeps every combination of the values the figures count, so that any scope can filter it: a month of a
national service is tens of thousands of rows, and a year of France's figures added up from them takes a second. The
statistics pages of France and of a territory read their months from these rows instead: per theme, per
organisation, per outcome (with every count: key figures, months, youths' answers), per working days to first
contact, and the due dates still ahead when the month was counted. They are written from the month's rows, in the
same transaction (`write_months`); an organisation's page reads `RequestMonth`, a few rows a month. France's
organisations are thousands a month: their requests over months are read from their totals to each month
(`AreaOrganisationTotal`, written with them from the first month written on), two rows per organisation whatever the
months.

A territory's searches are those of its communes: when they change, its rows are written again
(`follow_territory_communes`), so that they stay those of the communes it holds.
"""

import datetime
import itertools

from django.db.models import (
    Case,
    CharField,
    DateField,
    DateTimeField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)

from stats.kept import as_date, as_moment
from stats.models import (
    AreaOrganisationTotal,
    AreaRequestMonth,
    AreaSearchMonth,
    Dimension,
    RequestMonth,
    SearchMonth,
)

# The column of `RequestMonth` each dimension adds up by, and where its value goes in `AreaRequestMonth`.
DIMENSIONS = {
    Dimension.THEME: ("theme_id", "value"),
    Dimension.ORGANISATION: ("organisation_id", "value"),
    Dimension.OUTCOME: ("outcome", "outcome"),
    Dimension.WORKING_DAYS: ("working_days_to_contact", "value"),
    Dimension.SETTLES_AT: ("settles_at", "settles_at"),
}
REQUEST_SUMS = {
    "received": Sum("count"),
    "contacted": Sum("count", filter=Q(contacted=True)),
    "escalated": Sum("count", filter=Q(escalated=True)),
    "on_time": Sum("count", filter=Q(on_time=True)),
    "settled": Sum("count", filter=Q(settled=True)),
    "said_contacted": Sum("count", filter=Q(youth_said_contacted=True)),
    "said_not_contacted": Sum("count", filter=Q(youth_said_not_contacted=True)),
}
BATCH = 2000
SEARCH_SUMS = {name: Sum(name) for name in ["searches", "without_result", "with_one_result"]}


def request_rows(months: QuerySet, area_model=AreaRequestMonth):
    """`AreaRequestMonth` rows of `RequestMonth` rows: France's, then each territory's, dimension by dimension (the
    models are given by the migration that wrote the first ones)."""
    for area in [[], ["territory_id"]]:
        for dimension, (column, target) in DIMENSIONS.items():
            rows = months.filter(territory__isnull=False) if area else months
            if dimension == Dimension.SETTLES_AT:
                rows = rows.filter(settles_at__isnull=False)
            grouped = rows.values("month", "last_day", *area, column).annotate(**REQUEST_SUMS).order_by()
            for row in grouped.iterator():
                values = {name: row[name] or 0 for name in REQUEST_SUMS}
                yield area_model(
                    month=row["month"],
                    last_day=row["last_day"],
                    territory_id=row.get("territory_id"),
                    dimension=dimension,
                    **{target: row[column]},
                    **values,
                )


def search_rows(months: QuerySet, territories=None, area_model=AreaSearchMonth):
    """`AreaSearchMonth` rows of `SearchMonth` rows: France's (unless only `territories` are asked), then each
    territory's, from the communes it holds now."""
    if territories is None:
        for row in months.values("month", "last_day", "theme_id").annotate(**SEARCH_SUMS).order_by().iterator():
            yield area_model(territory=None, **row)
    held = months.filter(commune__territories__isnull=False)
    if territories is not None:
        held = months.filter(commune__territories__in=territories)
    grouped = held.values("month", "last_day", "theme_id", territory_id=F("commune__territories")).annotate(
        **SEARCH_SUMS
    )
    for row in grouped.order_by().iterator():
        yield area_model(**row)


def write_months(months):
    """Writes the areas' rows of these months from their `RequestMonth` and `SearchMonth` rows, already written (a
    few thousand rows a month for a national service), and the organisations' totals from the first of them on."""
    AreaRequestMonth.objects.filter(month__in=months).delete()
    AreaSearchMonth.objects.filter(month__in=months).delete()
    AreaRequestMonth.objects.bulk_create(request_rows(RequestMonth.objects.filter(month__in=months)), batch_size=BATCH)
    AreaSearchMonth.objects.bulk_create(search_rows(SearchMonth.objects.filter(month__in=months)), batch_size=BATCH)
    if months:
        write_totals(min(months))


def write_totals(since: datetime.date, month_model=AreaRequestMonth, total_model=AreaOrganisationTotal):
    """Writes the organisations' totals (`AreaOrganisationTotal`) of the months from `since` on, from the areas'
    rows: those of the months before added up, then each month's added in turn (the models are given by the
    migration that wrote the first ones). Only the totals that changed are written: a month counted again with the
    same requests per organisation (the night's anonymised requests, contacts) writes none, and leaves no dead rows
    for the next pages to step over."""
    months = month_model.objects.filter(dimension=Dimension.ORGANISATION).order_by()
    totals: dict = {}  # territory → organisation → requests
    before = months.filter(month__lt=since).values_list("territory_id", "value").annotate(Sum("received"))
    for territory, organisation, received in before.iterator():
        totals.setdefault(territory, {})[organisation] = received
    rows = months.filter(month__gte=since).values_list("month", "territory_id", "value", "received")
    wanted = dict(carried_totals(rows.order_by("month"), totals))
    written = total_model.objects.filter(month__gte=since).values_list(
        "pk", "month", "territory_id", "organisation", "received"
    )
    stale, changed, present = [], [], set()
    for pk, *key, received in written.iterator():
        key = tuple(key)
        if key not in wanted:
            stale.append(pk)
        elif wanted[key] != received:
            changed.append(total_model(pk=pk, received=wanted[key]))
        present.add(key)
    for start in range(0, len(stale), BATCH):
        total_model.objects.filter(pk__in=stale[start : start + BATCH]).delete()
    total_model.objects.bulk_update(changed, ["received"], batch_size=BATCH)
    added = (
        total_model(month=month, territory_id=territory, organisation=organisation, received=received)
        for (month, territory, organisation), received in wanted.items()
        if (month, territory, organisation) not in present
    )
    total_model.objects.bulk_create(added, batch_size=BATCH)


def carried_totals(rows, totals: dict):
    """((month, area, organisation), total) of each area at each month it has rows of (`rows`: by month), every
    organisation counted so far."""
    for month, rows_of_month in itertools.groupby(rows.iterator(), key=lambda row: row[0]):
        areas = set()
        for _, territory, organisation, received in rows_of_month:
            areas.add(territory)
            area = totals.setdefault(territory, {})
            area[organisation] = area.get(organisation, 0) + received
        for area in areas:
            for counted, total in totals[area].items():
                yield (month, area, counted), total


def follow_territory_communes(sender, instance, action, reverse, pk_set, **kwargs):
    """A territory gained or lost communes: its searches are counted again from the communes it now holds."""
    if reverse and action == "pre_clear":  # a commune leaves all its territories: which, once it has left them?
        instance._left_territories = set(instance.territories.values_list("pk", flat=True))
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        territories = {instance.pk}
    elif action == "post_clear":
        territories = getattr(instance, "_left_territories", set())
    else:
        territories = set(pk_set)
    AreaSearchMonth.objects.filter(territory__in=territories).delete()
    AreaSearchMonth.objects.bulk_create(search_rows(SearchMonth.objects.all(), territories), batch_size=BATCH)


def scope_area(scope) -> Q | None:
    """The filter of an area's rows for a scope that is one (France, a territory); None for an organisation."""
    return area_filter(scope.kind, scope.pk)


def area_filter(kind: str, pk: int | None) -> Q | None:
    """`scope_area` of a scope's kind and id."""
    if kind == "france":
        return Q(territory__isnull=True)
    if kind == "territory":
        return Q(territory=pk)
    return None


def request_months(area: Q, months: Q, *, first, last, excluded: list) -> QuerySet:
    """An area's request rows of some months (`months`: the first of which is `first`, the last `last`, those in
    between that are not `excluded`), added up over the months in the database: one row per theme, per working
    days and per due date, one per outcome and month (the months' bars) with every count, and the organisations'
    requests received only (France has thousands: `organisation_months`)."""
    rows = AreaRequestMonth.objects.filter(area, months)
    others = (
        # Named rather than excluded: the index on (area, dimension, month) then reads only their rows.
        rows.filter(dimension__in=[dimension for dimension in Dimension if dimension != Dimension.ORGANISATION])
        .annotate(month_of=Case(When(dimension=Dimension.OUTCOME, then=F("month")), default=None))
        .values_list("dimension", "value", "outcome", "settles_at", "month_of")
        .annotate(**{f"sum_{name}": Sum(name) for name in REQUEST_SUMS})
        .order_by()
    )
    return others.union(*organisation_months(area, first=first, last=last, excluded=excluded), all=True)


def organisation_months(area: Q, *, first, last, excluded: list) -> list[QuerySet]:
    """The requests each organisation of an area received from the month `first` to the month `last`, but in the
    `excluded` months: its total at `last` less its total before `first` (`AreaOrganisationTotal`: two rows, where
    its months are twelve in a year), less its rows of the excluded months. An organisation without any request
    over them comes with none: `add_months` leaves it out."""
    totals = AreaOrganisationTotal.objects.filter(area)

    def total_month(**before):
        """The month of the area's latest totals up to a month, which are those of that month."""
        return Subquery(totals.filter(**before).order_by("-month").values("month")[:1])

    at_last, before_first = total_month(month__lte=last), total_month(month__lt=first)
    received = Sum("received", filter=Q(month=at_last), default=0) - Sum(
        "received", filter=Q(month=before_first), default=0
    )
    parts = [organisation_rows(totals.filter(Q(month=at_last) | Q(month=before_first)), "organisation", received)]
    if excluded:
        rows = AreaRequestMonth.objects.filter(area, dimension=Dimension.ORGANISATION, month__in=excluded)
        parts.append(organisation_rows(rows, "value", -Sum("received")))
    return parts


def organisation_rows(rows: QuerySet, organisation: str, received) -> QuerySet:
    """Rows of the organisations' requests received, in the columns of `request_months`: the others empty (France's
    thousands of rows come the faster, without a value to read in them)."""
    return (
        rows.values_list(Value(int(Dimension.ORGANISATION), output_field=IntegerField()), organisation)
        .annotate(
            no_outcome=Value(None, output_field=CharField()),
            no_due_date=Value(None, output_field=DateTimeField()),
            no_month=Value(None, output_field=DateField()),
            sum_received=received,
            **{f"no_{name}": Value(None, output_field=IntegerField()) for name in list(REQUEST_SUMS)[1:]},
        )
        .order_by()
    )


# The dimension of an area's rows each group of the figures reads.
GROUP_OF = {
    Dimension.THEME: "theme",
    Dimension.ORGANISATION: "organisation",
    Dimension.WORKING_DAYS: "working_days_to_contact",
}


def add_months(tally, rows: list[tuple], period, *, now):
    """Adds up an area's months (the rows of `request_months`, as the database gives them: thousands of counts for
    France, each of which the ORM would convert one by one) into the figures' `Tally`: every count from the rows of the
    outcomes, the requests received from the others; the requests still waiting on a due date count as settled once
    it has passed."""
    month_index = {month: index for index, month in enumerate(period.months())}
    organisations, organisation = tally.groups["organisation"], int(Dimension.ORGANISATION)
    for row in rows:
        if row[0] == organisation:  # most rows: France's organisations
            organisations[row[1]] = organisations.get(row[1], 0) + row[5]
            if not organisations[row[1]]:  # none received over the months, nor on the other days read
                del organisations[row[1]]
            continue
        dimension, value, outcome, settles_at, month, received, *sums = row
        if dimension == Dimension.SETTLES_AT:
            if as_moment(settles_at) < now:
                tally.requests["settled"] += received
        elif dimension != Dimension.OUTCOME:
            tally.add_group(GROUP_OF[dimension], value, received)
        else:
            counts = dict(zip(REQUEST_SUMS, [received, *sums], strict=True))
            tally.add_group("outcome", outcome, received)
            for name in tally.requests:  # the key figures
                tally.requests[name] += counts[name]
            index = month_index[as_date(month)]
            tally.months[index] = tally.months.get(index, 0) + received
            if counts["said_contacted"] or counts["said_not_contacted"]:
                tally.add_youth(outcome, counts["said_contacted"], counts["said_not_contacted"])
