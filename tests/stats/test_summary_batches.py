"""The refresh writes the days a month at most at a time, each day's requests read in a statement of its own: a year
of requests holds no transaction open for long, and a refresh stopped halfway leaves nothing read wrong."""

import datetime

import pytest

from contact_requests.enums import Outcome
from stats import summary
from tests.stats.fixtures import NOW, at
from tests.stats.test_summary import assert_summary_gives_the_live_figures, november  # noqa: F401

NOVEMBER = (datetime.date(2025, 11, 1), datetime.date(2025, 11, 30))


@pytest.fixture(autouse=True)
def no_history_margin(monkeypatch):
    monkeypatch.setattr(summary, "HISTORY_MARGIN", datetime.timedelta(0))


def test_the_days_are_written_by_month_and_at_most_batch_days_at_a_time(monkeypatch):
    monkeypatch.setattr(summary, "BATCH_DAYS", 10)
    days = summary.all_days(datetime.date(2025, 10, 25), datetime.date(2025, 11, 16))

    batches = summary.month_batches(days)

    assert [(batch[0].isoformat(), batch[-1].isoformat(), len(batch)) for batch in batches] == [
        ("2025-10-25", "2025-10-31", 7),
        ("2025-11-01", "2025-11-10", 10),
        ("2025-11-11", "2025-11-16", 6),
    ]


class Stopped(Exception):
    pass


@pytest.mark.django_db
def test_a_refresh_stopped_halfway_leaves_the_days_it_did_not_write_read_live_then_counted_again(
    november,  # noqa: F811
    monkeypatch,
):
    summary.refresh(now=NOW)
    november.requests["r2"].close(by=november.admin, outcome=Outcome.REDIRECTED, at=at(17, 11))  # received on the 7th
    november.requests["r5"].mark_contacted(by=november.admin, at=at(17, 11), channel="phone")  # on the 11th
    monkeypatch.setattr(summary, "BATCH_DAYS", 1)
    write_days = summary.write_days

    def stopped_on_the_11th(days, *args, **kwargs):
        """The process stops (a deployment, a lost worker) before writing the 11th: the 7th is written."""
        if datetime.date(2025, 11, 11) in days:
            raise Stopped
        write_days(days, *args, **kwargs)

    monkeypatch.setattr(summary, "write_days", stopped_on_the_11th)
    with pytest.raises(Stopped):
        summary.refresh(now=NOW)

    # The 7th was written again, the 11th not: both are still read live, as changed since the refresh before.
    assert {datetime.date(2025, 11, 7), datetime.date(2025, 11, 11)} <= summary.coverage(*NOVEMBER).changed
    assert_summary_gives_the_live_figures(november, NOW)
    monkeypatch.setattr(summary, "write_days", write_days)
    assert datetime.date(2025, 11, 11) in summary.refresh(now=NOW)
    assert summary.coverage(*NOVEMBER).changed == set()
    assert_summary_gives_the_live_figures(november, NOW)
