"""The search log keeps its rows only until the nightly summary has counted them: the figures, the gap table, its
export and the public page are the same before and after the rows are deleted."""

import dataclasses
import datetime

import pytest
from django.utils import timezone

from offers.models import SearchLog
from stats import summary
from stats.exports import gap_rows
from stats.figures import figures_for
from stats.gaps import as_gap, gaps, protected_gaps
from stats.models import GapDay
from stats.public import public_figures
from stats.scopes import Period, france_scope, organisation_scope, territory_scope
from stats.tasks import refresh_summary
from territories.models import Commune
from tests.stats.fixtures import NOW, make_november

PERIODS = [
    Period(datetime.date(2025, 11, 1), datetime.date(2025, 11, 30)),
    Period(datetime.date(2025, 11, 12), datetime.date(2025, 11, 12)),
    Period(datetime.date(2025, 10, 1), datetime.date(2025, 11, 17)),
]


@pytest.fixture(autouse=True)
def no_history_margin(monkeypatch):
    monkeypatch.setattr(summary, "HISTORY_MARGIN", datetime.timedelta(0))


def everything_the_statistics_show(november) -> dict:
    shown = {}
    for scope in [
        territory_scope(november.territory),
        territory_scope(november.elsewhere),
        organisation_scope(november.organisation),
        france_scope(),
    ]:
        for period in PERIODS:
            searches = scope.searches_in(period)
            figures = dataclasses.asdict(figures_for(scope, period, now=NOW))
            del figures["computed_at"]
            shown[(scope.name, period)] = {
                "figures": figures,
                "gaps": [dataclasses.asdict(as_gap(row)) for row in gaps(searches)],
                "gaps shown": [dataclasses.asdict(gap) for gap in protected_gaps(searches, area=scope.area)],
                "gap export": list(gap_rows(searches, area=scope.area)[1]),
            }
    public = public_figures(now=NOW)
    shown["public"] = [dataclasses.asdict(line) for line in [public.national, *public.territories]], public.since
    return shown


@pytest.mark.django_db
def test_the_statistics_are_the_same_once_the_counted_searches_are_deleted():
    november = make_november()
    # Searches of today (17 November), not counted yet, beside those of the 12th.
    today = SearchLog.objects.filter(day=datetime.date(2025, 11, 12)).first()
    today.pk, today.day = None, NOW.date()
    today.save()
    before = everything_the_statistics_show(november)
    assert before[("Grand Reims", PERIODS[0])]["gaps"], "the fixture has gaps to compare"

    summary.refresh_and_forget_searches(now=NOW)

    assert list(SearchLog.objects.values_list("day", flat=True)) == [NOW.date()]
    assert GapDay.objects.exists()
    assert everything_the_statistics_show(november) == before
    # Counted again (after a deployment, a load of data): the deleted searches keep their counts.
    summary.refresh_and_forget_searches(now=NOW, days=summary.every_day(now=NOW))
    assert everything_the_statistics_show(november) == before


@pytest.mark.django_db
def test_the_nightly_task_deletes_the_searches_it_counted():
    make_november()
    SearchLog.coarsened(
        commune=Commune.objects.get(insee_code="51454"),
        theme=SearchLog.objects.first().theme,
        answers={"age": 19},
        result_count=0,
    ).save()

    refresh_summary()

    # Only today's search is left: the days before are counted, and their rows gone.
    assert list(SearchLog.objects.values_list("day", "age_band")) == [(timezone.localdate(), 18)]
