"""The daily summary gives exactly the figures of the live tables, before and after the requests change."""

import dataclasses
import datetime
import importlib
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from contact_requests.enums import EventKind, Outcome
from contact_requests.models import ContactRequest, RequestEvent
from offers.models import SearchLog
from questionnaires.models import Theme
from stats import summary
from stats.figures import figures_for, live_figures
from stats.models import RequestDay, SearchDay, SearchMonth, SummarisedDay
from stats.scopes import Period, france_scope, organisation_scope, territory_scope
from stats.tasks import recount_changed_days, refresh_summary
from territories.models import Commune
from tests.contact_requests.factories import make_request
from tests.offers.factories import OfferFactory
from tests.stats.fixtures import NOW, PARIS, at, make_november

# Wednesday 19 November, noon: the due dates of Monday 17 and Tuesday 18 have passed.
LATER = datetime.datetime(2025, 11, 19, 12, 0, tzinfo=PARIS)
PERIODS = [
    Period(datetime.date(2025, 11, 1), datetime.date(2025, 11, 30)),
    Period(datetime.date(2025, 10, 1), datetime.date(2025, 11, 30)),
    Period(datetime.date(2025, 10, 20), datetime.date(2025, 11, 12)),
]


def assert_summary_gives_the_live_figures(november, now):
    for scope in [
        territory_scope(november.territory),
        territory_scope(november.elsewhere),
        organisation_scope(november.organisation),
        organisation_scope(november.other_organisation),
        france_scope(),
    ]:
        for period in PERIODS:
            read = dataclasses.asdict(figures_for(scope, period, now=now))
            live = dataclasses.asdict(live_figures(scope, period, now=now))
            for name, value in live.items():
                assert read[name] == value, (scope.name, period, name)


@pytest.fixture(autouse=True)
def no_history_margin(monkeypatch):
    """Everything here is written within a second: no event is stamped before another yet committed after it."""
    monkeypatch.setattr(summary, "HISTORY_MARGIN", datetime.timedelta(0))


@pytest.fixture
def november():
    """The November fixture, a Friday request still waiting at NOW (due Tuesday 18), and searches in October."""
    november = make_november()
    offer = november.requests["r1"].offer
    november.requests["r8"] = make_request(offer, now=at(14, 16), email="r8@example.fr", phone=None)
    reims, emploi = Commune.objects.get(insee_code="51454"), Theme.objects.get(slug="emploi")
    for day, result_count in [(3, 0), (20, 1), (31, 4)]:
        SearchLog.coarsened(
            commune=reims, theme=emploi, answers={}, result_count=result_count, day=datetime.date(2025, 10, day)
        ).save()
    return november


@pytest.mark.django_db
def test_the_summary_gives_the_live_figures_as_requests_change_and_time_passes(november):
    requests = november.requests

    refreshed = summary.refresh(now=NOW)

    # From the month of the first search (3 October) to yesterday (Sunday 16 November); today is still being written.
    assert refreshed[0] == datetime.date(2025, 10, 1) and refreshed[-1] == datetime.date(2025, 11, 16)
    assert SummarisedDay.objects.count() == len(refreshed) == 47
    assert sum(RequestDay.objects.values_list("count", flat=True)) == 7  # all but r6, received today
    # October is added up whole, November to date (in Reims and in Évry).
    months = SearchMonth.objects.values_list("month", "last_day", "searches", "without_result")
    assert sorted(months) == [
        (datetime.date(2025, 10, 1), datetime.date(2025, 10, 31), 3, 1),
        (datetime.date(2025, 11, 1), datetime.date(2025, 11, 16), 1, 1),
        (datetime.date(2025, 11, 1), datetime.date(2025, 11, 16), 5, 2),
    ]
    # r8 (Friday 14, due Tuesday 18) waits on its due date.
    [waiting] = RequestDay.objects.filter(settles_at__isnull=False)
    assert (waiting.day, waiting.settles_at, waiting.settled) == (
        datetime.date(2025, 11, 14),
        requests["r8"].due_at,
        False,
    )
    assert summary.coverage(datetime.date(2025, 11, 1), datetime.date(2025, 11, 30)).changed == set()
    assert_summary_gives_the_live_figures(november, NOW)

    # After the refresh: a contact, a closing, the youth's answers, a handover to another organisation, an
    # anonymisation, a request loaded into a past day.
    admin = november.admin
    requests["r5"].mark_contacted(by=admin, at=at(17, 11), channel="phone")
    requests["r2"].close(by=admin, outcome=Outcome.REDIRECTED, at=at(17, 11))
    requests["r4"].confirm_contact_by_youth(at=at(17, 11))
    requests["r8"].report_no_contact(at=at(17, 11))
    elsewhere_offer = OfferFactory(
        theme=requests["r3"].theme, organisation=november.other_organisation, territories=[november.territory]
    )
    requests["r3"].transfer(by=admin, to_offer=elsewhere_offer, at=at(17, 11))
    requests["r1"].anonymise(at=at(17, 11))
    make_request(requests["r1"].offer, now=at(13, 10), email="r9@example.fr", phone=None)

    changed = {datetime.date(2025, 11, day) for day in [7, 10, 11, 12, 13, 14]}
    assert summary.coverage(datetime.date(2025, 11, 1), datetime.date(2025, 11, 30)).changed == changed
    assert_summary_gives_the_live_figures(november, NOW)

    assert set(summary.refresh(now=NOW)) >= changed
    assert_summary_gives_the_live_figures(november, NOW)

    # Two days later, r8's due date has passed without anything written: the summary counts it settled…
    assert_summary_gives_the_live_figures(november, LATER)
    # …and the next refresh counts its day again, without the row that waited on it.
    assert datetime.date(2025, 11, 14) in summary.refresh(now=LATER)
    assert not RequestDay.objects.filter(settles_at__lt=LATER).exists()
    assert_summary_gives_the_live_figures(november, LATER)


@pytest.mark.django_db
def test_the_summary_counts_a_contact_the_youth_confirmed_in_the_delays(november):
    summary.refresh(now=NOW)

    november.requests["r5"].confirm_contact_by_youth(at=at(17, 11))

    assert_summary_gives_the_live_figures(november, NOW)
    summary.refresh(now=NOW)
    assert_summary_gives_the_live_figures(november, NOW)
    figures = figures_for(territory_scope(november.territory), PERIODS[0], now=NOW)
    # r1…r4 as before (2, 3, 1, 0) and r5, confirmed by the youth after 3 working days; r8 still waits.
    assert (figures.contacted, figures.median_days, figures.p90_days) == (5, 2.0, 3.0)


@pytest.mark.django_db
def test_the_delays_of_contacts_confirmed_before_are_computed_and_their_days_counted_again(november):
    migration = importlib.import_module("contact_requests.migrations.0012_youth_confirmed_working_days")
    r5 = november.requests["r5"]
    r5.confirm_contact_by_youth(at=at(17, 11))
    # As it was before: no delay for a contact the youth confirmed, and a summary counted without it.
    ContactRequest.objects.filter(pk=r5.pk).update(working_days_to_contact=None)
    summary.refresh(now=NOW)

    migration.compute_for_youth_confirmed_contacts(django_apps, None)

    r5.refresh_from_db()
    assert r5.working_days_to_contact == 3
    assert datetime.date(2025, 11, 11) in summary.coverage(datetime.date(2025, 11, 1), NOW.date()).changed
    assert_summary_gives_the_live_figures(november, NOW)
    summary.refresh(now=NOW)
    assert_summary_gives_the_live_figures(november, NOW)
    assert figures_for(territory_scope(november.territory), PERIODS[0], now=NOW).median_days == 2.0


@pytest.mark.django_db
def test_the_anonymised_requests_keep_their_counts(november):
    before = figures_for(territory_scope(november.territory), PERIODS[0], now=NOW)

    summary.refresh(now=NOW)
    for request in november.requests.values():
        request.anonymise(at=at(17, 11))
    summary.refresh(now=NOW)
    after = figures_for(territory_scope(november.territory), PERIODS[0], now=NOW)

    assert dataclasses.asdict(after) == dataclasses.asdict(before)


@pytest.mark.django_db
def test_a_refresh_counts_the_same_twice():
    make_november()

    def rows():
        request_days = RequestDay.objects.order_by().values_list(*[field.name for field in RequestDay._meta.fields][1:])
        search_days = SearchDay.objects.values_list("day", "commune", "theme", "searches", "without_result")
        return sorted(request_days, key=str), sorted(search_days)

    summary.refresh(now=NOW)
    first = rows()
    summary.refresh(now=NOW, days=list(SummarisedDay.objects.values_list("day", flat=True)))

    assert rows() == first and first[0] and first[1]


@pytest.mark.django_db
def test_the_figures_read_a_fixed_number_of_queries(november, django_assert_num_queries):
    summary.refresh(now=NOW)
    november.requests["r5"].mark_contacted(by=november.admin, at=at(17, 11), channel="phone")

    # The latest history read by a refresh; the summarised days, each saying whether requests of it changed since;
    # the requests, live and summarised, by day and by month; the searches alike; the names of themes and
    # organisations.
    with django_assert_num_queries(5):
        figures_for(organisation_scope(november.organisation), PERIODS[1], now=NOW)
    # A territory (and France) reads its months from its own rows, added up per dimension: one query more.
    with django_assert_num_queries(6):
        figures_for(territory_scope(november.territory), PERIODS[1], now=NOW)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL tells what runs: test_history_horizon")
def test_an_event_stamped_just_before_the_refresh_counts_as_a_change(november, monkeypatch):
    monkeypatch.setattr(summary, "HISTORY_MARGIN", datetime.timedelta(minutes=10))

    summary.refresh(now=NOW)

    # Written within the margin: maybe committed after the refresh read, so its days are read live.
    assert (
        datetime.date(2025, 11, 7) in summary.coverage(datetime.date(2025, 11, 1), datetime.date(2025, 11, 30)).changed
    )


@pytest.mark.django_db
def test_the_nightly_task_counts_the_days_not_summarised_yet(november):
    assert refresh_summary() > 0

    assert SummarisedDay.objects.filter(day=datetime.date(2025, 11, 16)).exists()
    assert refresh_summary() < SummarisedDay.objects.count()


@pytest.mark.django_db
def test_the_quarterly_task_counts_again_the_days_of_the_requests_changed_and_keeps_the_search_log(november):
    summary.refresh_and_forget_searches()  # every day to yesterday, as the night does
    november.requests["r5"].mark_contacted(by=november.admin, at=at(17, 11), channel="phone")
    # A search loaded into yesterday after the night: counted, left in the log for the next night.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    reims, emploi = Commune.objects.get(insee_code="51454"), Theme.objects.get(slug="emploi")
    SearchLog.coarsened(commune=reims, theme=emploi, answers={}, result_count=0, day=yesterday).save()
    assert summary.coverage(datetime.date(2025, 11, 1), datetime.date(2025, 11, 30)).changed

    assert recount_changed_days() == 2  # 11 November (r5) and yesterday

    assert summary.coverage(datetime.date(2025, 11, 1), datetime.date(2025, 11, 30)).changed == set()
    assert SearchLog.objects.filter(day=yesterday).count() == 1
    # The searches of November were counted, then forgotten: only the summary has them.
    scope = territory_scope(november.territory)
    read = dataclasses.asdict(figures_for(scope, PERIODS[0], now=timezone.now()))
    live = dataclasses.asdict(live_figures(scope, PERIODS[0], now=timezone.now()))
    assert {**read, "searches": []} == {**live, "computed_at": read["computed_at"]}
    assert settings.CELERY_BEAT_SCHEDULE["recount-changed-statistics"]["schedule"] == 900


@pytest.mark.django_db
def test_the_command_counts_the_searches_then_forgets_them_and_counts_again_every_day_when_asked(november):
    out = StringIO()
    november_figures = Period(datetime.date(2025, 11, 1), datetime.date(2025, 11, 30))
    before = figures_for(france_scope(), november_figures)
    call_command("refresh_statistics", stdout=out)
    assert not SearchLog.objects.exists()
    # A search loaded into a past day, already counted: the next refresh counts it with its day's others.
    reims, emploi = Commune.objects.get(insee_code="51454"), Theme.objects.get(slug="emploi")
    SearchLog.coarsened(commune=reims, theme=emploi, answers={}, result_count=9, day=datetime.date(2025, 11, 12)).save()
    call_command("refresh_statistics", stdout=out)
    call_command("refresh_statistics", "--tout", stdout=out)

    assert "jour(s) recompté(s)" in out.getvalue()
    assert not SearchLog.objects.exists()
    after = figures_for(france_scope(), november_figures)
    assert after.searches_total == before.searches_total + 1
    assert after.searches_without_result == before.searches_without_result


@pytest.mark.django_db
def test_a_contact_the_youth_took_back_is_counted_no_more(november):
    r5 = november.requests["r5"]
    r5.confirm_contact_by_youth(at=at(17, 11))
    summary.refresh(now=NOW)
    confirmed = figures_for(territory_scope(november.territory), PERIODS[0], now=NOW)

    assert r5.undo_contact_confirmation(at=at(17, 12))

    assert_summary_gives_the_live_figures(november, NOW)
    summary.refresh(now=NOW)
    assert_summary_gives_the_live_figures(november, NOW)
    figures = figures_for(territory_scope(november.territory), PERIODS[0], now=NOW)
    assert figures.contacted == confirmed.contacted - 1
    said_contacted = sum(answers.said_contacted for answers in figures.youth_answers)
    assert said_contacted == sum(answers.said_contacted for answers in confirmed.youth_answers) - 1


@pytest.mark.django_db
def test_the_answers_read_live_are_those_written_since_the_first_day_read_live(november):
    """Nothing summarised: every day of a period is read live, with the answers written since the first of them, and
    their taking back."""
    requests = november.requests
    requests["r4"].confirm_contact_by_youth(at=at(13, 9))
    requests["r8"].report_no_contact(at=at(17, 11))
    requests["r5"].confirm_contact_by_youth(at=at(14, 9))
    assert requests["r5"].undo_contact_confirmation(at=at(14, 10))
    # Written as the requests' own days went by, days before the last day read live (the clock here writes today).
    written = {
        ("r4", EventKind.YOUTH_CONTACTED): at(13, 9),
        ("r8", EventKind.YOUTH_NOT_CONTACTED): at(17, 11),
        ("r5", EventKind.YOUTH_CONTACTED): at(14, 9),
        ("r5", EventKind.YOUTH_CONTACT_UNDONE): at(14, 10),
    }
    for (name, kind), moment in written.items():
        RequestEvent.objects.filter(request=requests[name], kind=kind).update(recorded_at=moment)

    assert_summary_gives_the_live_figures(november, NOW)
    figures = figures_for(territory_scope(november.territory), PERIODS[0], now=NOW)
    # The November fixture's own answers (two and one), and these: r5's, taken back, counts no more.
    assert sum(answers.said_contacted for answers in figures.youth_answers) == 3
    assert sum(answers.said_not_contacted for answers in figures.youth_answers) == 2


@pytest.mark.django_db
def test_a_territory_that_gains_or_loses_communes_counts_their_searches_at_once(november):
    summary.refresh(now=NOW)
    evry = Commune.objects.get(insee_code="91228")

    november.territory.communes.add(evry)
    assert_summary_gives_the_live_figures(november, NOW)
    evry.territories.remove(november.territory)
    assert_summary_gives_the_live_figures(november, NOW)
    evry.territories.add(november.territory)
    evry.territories.clear()
    assert_summary_gives_the_live_figures(november, NOW)
    november.territory.communes.clear()
    assert_summary_gives_the_live_figures(november, NOW)
