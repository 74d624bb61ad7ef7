"""Which changes to the requests a refresh has read, when others write at the same time: PostgreSQL tells which
transactions still run, so that nothing committed before a refresh is read live after it, and nothing committed after
it is missed."""

import dataclasses
import datetime
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from contact_requests.models import ContactRequest
from stats import summary
from stats.figures import figures_for, live_figures
from stats.scopes import Period, territory_scope
from tests.conftest import load_reference_data
from tests.stats.fixtures import NOW, at, make_november

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="running transactions are PostgreSQL's to tell"),
    pytest.mark.django_db(transaction=True),
]

NOVEMBER = Period(datetime.date(2025, 11, 1), datetime.date(2025, 11, 30))


@pytest.fixture
def november():
    load_reference_data()
    call_command("import_communes", departments=["51", "91"], verbosity=0, stdout=io.StringIO())
    return make_november()


def changed_days():
    return summary.coverage(NOVEMBER.start, NOVEMBER.end).changed


def assert_live_figures(november):
    scope = territory_scope(november.territory)
    assert dataclasses.asdict(figures_for(scope, NOVEMBER, now=NOW)) == dataclasses.asdict(
        live_figures(scope, NOVEMBER, now=NOW)
    )


def test_changes_committed_just_before_the_refresh_are_read_from_it_not_live(november):
    summary.refresh(now=NOW)
    november.requests["r5"].mark_contacted(by=november.admin, at=at(17, 11), channel="phone")
    assert changed_days() == {datetime.date(2025, 11, 11)}

    # As the nightly refresh right after the purge: every change is committed when it begins.
    summary.refresh(now=NOW)

    assert changed_days() == set()
    assert_live_figures(november)


def test_a_change_its_transaction_commits_after_the_refresh_began_is_read_live(november):
    summary.refresh(now=NOW)
    written, refreshed = threading.Event(), threading.Event()

    def contact_in_a_long_transaction():
        try:
            with transaction.atomic():
                request = ContactRequest.objects.get(pk=november.requests["r5"].pk)
                request.mark_contacted(by=november.admin, at=at(17, 11), channel="phone")
                written.set()
                assert refreshed.wait(30)
        finally:
            connections.close_all()

    writer = threading.Thread(target=contact_in_a_long_transaction)
    writer.start()
    assert written.wait(30)
    # The change is stamped, not committed: this refresh cannot read it.
    summary.refresh(now=NOW)
    refreshed.set()
    writer.join()

    assert changed_days() == {datetime.date(2025, 11, 11)}
    assert_live_figures(november)
