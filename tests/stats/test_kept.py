"""The figures' statements are built once per shape and run again with other values: the figures stay those of the
live tables whatever was kept before."""

import dataclasses
import datetime

import pytest

from contact_requests.enums import Outcome
from contact_requests.models import ContactRequest
from stats import kept, summary
from stats.figures import figures_for, live_figures
from stats.scopes import Period, organisation_scope, territory_scope
from tests.stats.fixtures import NOW, at, make_november

pytestmark = pytest.mark.django_db
NOVEMBER = Period(datetime.date(2025, 11, 1), datetime.date(2025, 11, 30))


@pytest.fixture(autouse=True)
def nothing_kept(monkeypatch):
    monkeypatch.setattr(kept, "_kept", {})


def requests_received(start, end, organisation):
    return ContactRequest.objects.filter(created_at__gte=start, created_at__lt=end, organisation=organisation)


def statement(shape, values):
    return requests_received(*values["moments"], values["organisation"]).order_by("pk").values_list("pk", "created_at")


def test_a_kept_statement_reads_what_its_queryset_reads_with_the_values_given():
    november = make_november()
    for organisation in [november.organisation, november.other_organisation]:
        for start, end in [(at(7, 0), at(8, 0)), (at(10, 0), at(18, 0)), (at(1, 0), at(7, 9, 30))]:
            values = {"moments": (start, end), "organisation": organisation.pk}

            read = kept.rows(statement, (), values)

            expected = list(requests_received(start, end, organisation).order_by("pk").values_list("pk"))
            assert [(pk,) for pk, _ in read] == expected
    assert any(kept.rows(statement, (), {"moments": (at(1, 0), at(30, 0)), "organisation": november.organisation.pk}))
    assert len(kept._kept) == 1  # one shape: built once


def test_the_shape_of_the_values_is_part_of_what_is_kept():
    def runs_statement(shape, values):
        return ContactRequest.objects.filter(summary.created_between(values)).order_by("pk").values_list("pk")

    november = make_november()
    one_run = kept.rows(runs_statement, (), [(at(7, 0), at(8, 0))])
    two_runs = kept.rows(runs_statement, (), [(at(7, 0), at(8, 0)), (at(17, 0), at(18, 0))])

    assert len(one_run) == 3 and len(two_runs) == 4
    assert set(two_runs) - set(one_run) == {(november.requests["r6"].pk,)}
    assert len(kept._kept) == 2


def assert_figures_are_live(scope, period, now):
    read, live = (
        dataclasses.asdict(figures_for(scope, period, now=now)),
        dataclasses.asdict(live_figures(scope, period, now=now)),
    )
    for name, value in live.items():
        assert read[name] == value, (scope.name, period, name)


def test_a_statement_kept_for_one_scope_reads_another_of_its_kind():
    november = make_november()
    summary.refresh(now=NOW)
    assert_figures_are_live(territory_scope(november.territory), NOVEMBER, NOW)
    shapes = len(kept._kept)

    for scope in [territory_scope(november.elsewhere), organisation_scope(november.organisation)]:
        assert_figures_are_live(scope, NOVEMBER, NOW)

    # The territories' statements were kept once, whatever the territory; an organisation's are its own.
    requests_statements = [key for key in kept._kept if key[1] == "request_statement"]
    assert [key[4][0] for key in requests_statements] == ["territory", "organisation"]
    assert len(kept._kept) > shapes


def request_statements():
    return [key for key in kept._kept if key[1] == "request_statement"]


def test_the_kept_statements_follow_the_days_read_live(monkeypatch):
    monkeypatch.setattr(summary, "HISTORY_MARGIN", datetime.timedelta(0))
    november = make_november()
    summary.refresh(now=NOW)
    scope = territory_scope(november.territory)
    assert_figures_are_live(scope, NOVEMBER, NOW)

    # A request of Tuesday 11 contacted: that day is read live beside the days from today on, another shape.
    november.requests["r5"].mark_contacted(by=november.admin, at=at(17, 11), channel="phone")
    assert summary.coverage(NOVEMBER.start, NOVEMBER.end).changed == {datetime.date(2025, 11, 11)}
    assert_figures_are_live(scope, NOVEMBER, NOW)
    shapes = request_statements()

    # Counted again, then a request of Friday 7 closed: the same shape, other days and counts.
    summary.refresh(now=NOW)
    november.requests["r2"].close(by=november.admin, outcome=Outcome.REDIRECTED, at=at(17, 11))
    assert summary.coverage(NOVEMBER.start, NOVEMBER.end).changed == {datetime.date(2025, 11, 7)}
    assert_figures_are_live(scope, NOVEMBER, NOW)
    assert request_statements() == shapes
