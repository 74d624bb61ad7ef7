"""An area's organisations are read from their totals to each month: exactly the requests of the months read, whatever
months are left out, and after a month is counted again."""

import dataclasses
import datetime
import importlib

import pytest
from django.apps import apps as django_apps

from questionnaires.models import Theme
from stats import summary
from stats.figures import figures_for, live_figures
from stats.models import AreaOrganisationTotal
from stats.scopes import Period, france_scope, organisation_scope, territory_scope
from tests.contact_requests.factories import make_request
from tests.offers.factories import OfferFactory
from tests.stats.fixtures import NOW, PARIS, make_november

pytestmark = pytest.mark.django_db

PERIODS = [
    Period(datetime.date(2025, 8, 1), datetime.date(2025, 11, 30)),
    Period(datetime.date(2025, 9, 1), datetime.date(2025, 11, 30)),
    Period(datetime.date(2025, 10, 1), datetime.date(2025, 11, 30)),
    Period(datetime.date(2025, 9, 1), datetime.date(2025, 9, 30)),
    Period(datetime.date(2025, 9, 15), datetime.date(2025, 11, 16)),
    Period(datetime.date(2025, 8, 1), datetime.date(2025, 10, 31)),
]


@pytest.fixture(autouse=True)
def no_history_margin(monkeypatch):
    monkeypatch.setattr(summary, "HISTORY_MARGIN", datetime.timedelta(0))


@dataclasses.dataclass
class Months:
    november: object
    offers: dict
    requests: dict


@pytest.fixture
def months():
    """Before November's requests: Reims's organisation in September and October, Évry's in August and October (in
    Grand Reims's territory)."""
    november = make_november()
    emploi = Theme.objects.get(slug="emploi")
    offers = {
        "reims": november.requests["r1"].offer,
        "evry": OfferFactory(theme=emploi, organisation=november.other_organisation, territories=[november.territory]),
    }
    created = {
        "august": ("evry", datetime.datetime(2025, 8, 5, 10, tzinfo=PARIS)),
        "september": ("reims", datetime.datetime(2025, 9, 10, 10, tzinfo=PARIS)),
        "october_reims": ("reims", datetime.datetime(2025, 10, 14, 10, tzinfo=PARIS)),
        "october_evry": ("evry", datetime.datetime(2025, 10, 15, 10, tzinfo=PARIS)),
    }
    requests = {
        name: make_request(offers[offer], now=moment, email=f"{name}@example.fr", phone=None)
        for name, (offer, moment) in created.items()
    }
    summary.refresh(now=NOW)
    return Months(november, offers, requests)


def assert_figures_are_live(months, now=NOW):
    for scope in [
        france_scope(),
        territory_scope(months.november.territory),
        organisation_scope(months.november.organisation),
    ]:
        for period in PERIODS:
            read = dataclasses.asdict(figures_for(scope, period, now=now))
            live = dataclasses.asdict(live_figures(scope, period, now=now))
            for name, value in live.items():
                assert read[name] == value, (scope.name, period, name)


def totals(month: datetime.date) -> dict:
    return dict(
        AreaOrganisationTotal.objects.filter(territory=None, month=month).values_list("organisation", "received")
    )


def test_the_totals_add_up_each_organisation_s_months_and_carry_those_that_did_not_grow(months):
    reims, evry = months.november.organisation.pk, months.november.other_organisation.pk

    assert totals(datetime.date(2025, 8, 1)) == {evry: 1}
    assert totals(datetime.date(2025, 9, 1)) == {evry: 1, reims: 1}
    assert totals(datetime.date(2025, 10, 1)) == {evry: 2, reims: 2}
    assert totals(datetime.date(2025, 11, 1))[evry] == 2  # no request in November: carried


def test_an_organisation_counts_only_the_requests_of_the_period(months):
    evry = months.november.other_organisation.pk
    france = france_scope()

    assert figures_for(france, PERIODS[2], now=NOW).organisation_counts[evry] == 1  # October's
    # Its August request is before September: it has none in that month.
    assert evry not in figures_for(france, PERIODS[3], now=NOW).organisation_counts
    assert_figures_are_live(months)


def test_a_month_left_out_is_not_counted_from_the_totals(months):
    # A request of October changed: October is read from the requests, between September and November read from
    # their totals.
    months.requests["october_evry"].mark_contacted(by=months.november.admin, at=NOW, channel="phone")
    assert summary.coverage(datetime.date(2025, 8, 1), datetime.date(2025, 11, 30)).changed == {
        datetime.date(2025, 10, 15)
    }

    assert_figures_are_live(months)


def test_the_totals_follow_a_month_counted_again(months):
    # October's request moves to Évry's organisation: October is counted again, and the totals of November after it.
    months.requests["october_reims"].transfer(by=months.november.admin, to_offer=months.offers["evry"], at=NOW)
    assert_figures_are_live(months)

    summary.refresh(now=NOW)

    reims, evry = months.november.organisation.pk, months.november.other_organisation.pk
    assert totals(datetime.date(2025, 10, 1)) == {evry: 3, reims: 1}
    assert summary.coverage(datetime.date(2025, 8, 1), datetime.date(2025, 11, 30)).changed == set()
    assert_figures_are_live(months)


def test_the_migration_writes_the_totals_of_the_months_already_added_up(months):
    written = list(
        AreaOrganisationTotal.objects.order_by("territory", "month", "organisation").values_list(
            "territory", "month", "organisation", "received"
        )
    )
    AreaOrganisationTotal.objects.all().delete()
    migration = importlib.import_module("stats.migrations.0004_organisation_totals")

    migration.add_up_the_organisations_months(django_apps, None)

    assert (
        list(
            AreaOrganisationTotal.objects.order_by("territory", "month", "organisation").values_list(
                "territory", "month", "organisation", "received"
            )
        )
        == written
    )
    assert len(written) > 10


def test_a_month_counted_again_with_the_same_requests_per_organisation_writes_no_total(months):
    before = set(AreaOrganisationTotal.objects.values_list("pk", "month", "territory", "organisation", "received"))
    months.requests["september"].mark_contacted(by=months.november.admin, at=NOW, channel="phone")

    assert datetime.date(2025, 9, 10) in summary.refresh(now=NOW)

    assert (
        set(AreaOrganisationTotal.objects.values_list("pk", "month", "territory", "organisation", "received")) == before
    )
    assert_figures_are_live(months)


def test_an_organisation_without_requests_left_in_a_month_leaves_its_totals_until_its_next_ones(months):
    # Évry's only request of August moves to Reims's organisation: Évry is counted from October on.
    months.requests["august"].transfer(by=months.november.admin, to_offer=months.offers["reims"], at=NOW)
    summary.refresh(now=NOW)

    reims, evry = months.november.organisation.pk, months.november.other_organisation.pk
    assert totals(datetime.date(2025, 8, 1)) == {reims: 1}
    assert totals(datetime.date(2025, 9, 1)) == {reims: 2}
    assert totals(datetime.date(2025, 10, 1)) == {evry: 1, reims: 3}
    assert_figures_are_live(months)
