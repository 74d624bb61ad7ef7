import datetime
from zoneinfo import ZoneInfo

import pytest

from territories.working_days import due_at, first_counted_day, is_working_day

PARIS = ZoneInfo("Europe/Paris")
MARTINIQUE = ZoneInfo("America/Martinique")


def paris(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("received", "delay", "department", "due_day"),
    [
        # Tuesday 2 December 2025, 10:00: counts from Tuesday, due Wednesday (1 day) or Thursday (2 days).
        (paris(2025, 12, 2, 10, 0), 1, "51", datetime.date(2025, 12, 3)),
        (paris(2025, 12, 2, 10, 0), 2, "51", datetime.date(2025, 12, 4)),
        # Friday 10:00, 1 day: Monday.
        (paris(2025, 12, 5, 10, 0), 1, "51", datetime.date(2025, 12, 8)),
        # Friday 18:30: counts from Monday, due Tuesday.
        (paris(2025, 12, 5, 18, 30), 1, "51", datetime.date(2025, 12, 9)),
        # 17:59 still counts from the same day; 18:00 does not.
        (paris(2025, 12, 3, 17, 59), 1, "51", datetime.date(2025, 12, 4)),
        (paris(2025, 12, 3, 18, 0), 1, "51", datetime.date(2025, 12, 5)),
        # Saturday and Sunday count from Monday.
        (paris(2025, 12, 6, 9, 0), 1, "51", datetime.date(2025, 12, 9)),
        (paris(2025, 12, 7, 9, 0), 7, "51", datetime.date(2025, 12, 17)),
        # Christmas Thursday 25/12/2025 is off: Wednesday 24, 1 day → Friday 26.
        (paris(2025, 12, 24, 10, 0), 1, "51", datetime.date(2025, 12, 26)),
        # Easter Monday 6 April 2026: Friday 3 April (Good Friday, a working day outside Alsace-Moselle) → Tuesday 7.
        (paris(2026, 4, 3, 10, 0), 1, "51", datetime.date(2026, 4, 7)),
        # In Moselle, Good Friday is off too: Thursday 2 April, 1 day → Tuesday 7.
        (paris(2026, 4, 2, 10, 0), 1, "57", datetime.date(2026, 4, 7)),
        (paris(2026, 4, 2, 10, 0), 1, "51", datetime.date(2026, 4, 3)),
        # Boxing Day (26 December) is off in Alsace (67), not in the Marne.
        (paris(2025, 12, 24, 10, 0), 1, "67", datetime.date(2025, 12, 29)),
        # Whit Monday 25 May 2026: Friday 22 May → Tuesday 26 May.
        (paris(2026, 5, 22, 10, 0), 1, "91", datetime.date(2026, 5, 26)),
        # Ascension Thursday 14 May 2026 and 1st/8th of May on Fridays.
        (paris(2026, 5, 13, 10, 0), 1, "91", datetime.date(2026, 5, 15)),
        (paris(2026, 4, 30, 10, 0), 1, "91", datetime.date(2026, 5, 4)),
    ],
)
def test_due_dates_in_metropolitan_france(received, delay, department, due_day):
    due = due_at(received, delay, department)

    assert due.date() == due_day
    assert (due.hour, due.minute, due.tzinfo) == (23, 59, PARIS)


def test_abolition_of_slavery_is_off_in_martinique():
    # Thursday 21 May 2026 in Fort-de-France, 10:00 local: 22 May is the abolition of slavery, 25 May Whit Monday.
    received = datetime.datetime(2026, 5, 21, 10, 0, tzinfo=MARTINIQUE)

    assert due_at(received, 1, "972").date() == datetime.date(2026, 5, 26)
    assert due_at(received, 1, "91").date() == datetime.date(2026, 5, 22)


def test_the_organisations_clock_decides_late_evening():
    # 21:00 in Paris is 16:00 in Martinique (winter): still the same working day there.
    received = paris(2025, 12, 2, 21, 0)

    assert first_counted_day(received, "91") == datetime.date(2025, 12, 3)
    assert first_counted_day(received, "972") == datetime.date(2025, 12, 2)
    assert due_at(received, 1, "972").tzinfo == MARTINIQUE


def test_is_working_day():
    assert is_working_day(datetime.date(2026, 4, 3), "51")
    assert not is_working_day(datetime.date(2026, 4, 3), "68")
    assert not is_working_day(datetime.date(2026, 11, 28), "51")
