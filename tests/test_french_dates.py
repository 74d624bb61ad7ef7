"""Dates as French writes them, wherever the service gives one: the first of the month is "1er"."""

import datetime

import pytest
from django.template import Context, Template

from core.french import long_date
from territories import working_days

# The session's database setup (tests/conftest.py) runs for every test file; a file without any database test would
# find an in-memory database already closed.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "pattern", "expected"),
    [
        (datetime.date(2027, 3, 1), "j F Y", "1er mars 2027"),
        (datetime.date(2027, 3, 2), "j F Y", "2 mars 2027"),
        (datetime.date(2026, 12, 1), "l j F", "mardi 1er décembre"),
        (datetime.date(2027, 3, 11), "l j F Y", "jeudi 11 mars 2027"),
    ],
)
def test_the_first_of_the_month_is_an_ordinal(day, pattern, expected):
    assert long_date(day, pattern) == expected
    assert (
        Template("{% load boussole %}{{ day|long_date:pattern }}").render(Context({"day": day, "pattern": pattern}))
        == expected
    )


def test_a_promise_due_on_the_first_says_1er():
    # Friday 27 November 2026 at 10:00 in Reims, 2 working days: due Tuesday 1 December.
    arrived = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=working_days.time_zone("51"))
    promise = working_days.contact_promise(arrived, delay=2, department="51")

    assert promise.deadline == "au plus tard le mardi 1er décembre"


def test_a_moment_is_written_in_the_local_time_of_the_page():
    # 23:30 in UTC on 30 November is already Tuesday 1 December in Paris.
    moment = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)
    rendered = Template('{% load boussole %}{{ moment|long_date:"l j F à H:i" }}').render(Context({"moment": moment}))

    assert rendered == "mardi 1er décembre à 00:30"


@pytest.mark.parametrize("pattern", ["j F Y", "l j F", "l j F Y"])
def test_the_usual_patterns_write_what_django_writes_but_the_first(pattern):
    from django.utils.formats import date_format

    day = datetime.date(2026, 1, 1)
    while day.year == 2026:
        expected = date_format(day, pattern.replace("j", "j\\e\\r", 1) if day.day == 1 else pattern)
        assert long_date(day, pattern) == expected
        day += datetime.timedelta(days=1)
