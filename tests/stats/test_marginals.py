"""The counts per dimension read at once (PostgreSQL's grouping sets) are those of the combinations added up."""

import datetime

import pytest
from django.db import connection

from contact_requests.models import ContactRequest
from stats import summary
from stats.marginals import added_up, grouping_sets, marginal_statement, union
from stats.models import RequestDay
from stats.queries import COUNTS, GROUPS, live_request_counts, summarised_request_counts
from tests.stats.fixtures import NOW, PARIS, at, make_november

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="grouping sets: PostgreSQL only"),
]

COLUMNS = len(COUNTS) + 1  # one month


def counts_per_dimension(sql, params) -> dict:
    """(dimension, value) → its counts, added up over the rows that name it (each part may)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = {}
    for dimension, *row in rows:
        counts = row[len(GROUPS) :] if dimension == GROUPS.index("outcome") else row[len(GROUPS) : len(GROUPS) + 1]
        key = (dimension, row[dimension])
        found[key] = [a + (b or 0) for a, b in zip(found.get(key, [0] * len(counts)), counts, strict=True)]
    return found


def test_each_part_counted_per_dimension_at_once_gives_the_combinations_added_up():
    make_november()
    summary.refresh(now=NOW)
    november = (datetime.date(2025, 11, 1), datetime.date(2025, 12, 1))
    live = {
        "runs": [(at(12, 0), at(18, 0))],
        "months": {0: tuple(summary.day_start(day) for day in november)},
        "answers_since": datetime.datetime(2025, 11, 1, tzinfo=PARIS),
    }
    parts = [
        live_request_counts(ContactRequest.objects.all(), live, 1, now=NOW),
        summarised_request_counts(RequestDay.objects.filter(day__lt="2025-11-12"), {0: november}, 1, now=NOW),
    ]

    at_once = counts_per_dimension(*marginal_statement(parts, GROUPS, COLUMNS, full=GROUPS.index("outcome")))

    assert at_once == counts_per_dimension(*added_up(union(parts), GROUPS, COLUMNS, full=GROUPS.index("outcome")))
    # Every dimension, a value of none (working days to contact of requests not contacted) included.
    assert {dimension for dimension, _ in at_once} == {0, 1, 2, 3}
    assert (GROUPS.index("working_days_to_contact"), None) in at_once
    assert sum(counts[0] for (dimension, _), counts in at_once.items() if dimension == 2) == 7


def test_a_part_not_grouped_by_its_dimensions_is_refused():
    with pytest.raises(ValueError, match="Not a part grouped by its first 4 columns"):
        grouping_sets(ContactRequest.objects.values_list(*GROUPS), len(GROUPS))
