"""The promise made to a youth, in one place for the offer page, the confirmation and the emails."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from territories.working_days import contact_promise

PARIS = ZoneInfo("Europe/Paris")


def paris(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("received", "delay", "department", "deadline", "why"),
    [
        (paris(2025, 12, 3, 10, 0), 2, "51", "au plus tard le vendredi 5 décembre", ""),
        (paris(2025, 12, 5, 18, 30), 1, "51", "au plus tard le mardi 9 décembre", "Il est plus de 18\u00a0h"),
        (paris(2025, 12, 6, 9, 0), 1, "51", "au plus tard le mardi 9 décembre", "C’est le week-end"),
        # Boxing Day is off in Alsace (67): the delay starts on Monday 29.
        (paris(2025, 12, 26, 9, 0), 1, "67", "au plus tard le mardi 30 décembre", "c’est férié (Saint-Étienne)"),
        (paris(2025, 12, 26, 9, 0), 1, "51", "au plus tard le lundi 29 décembre", ""),
    ],
)
def test_the_promise_says_the_date_and_why_it_starts_later(received, delay, department, deadline, why):
    promise = contact_promise(received, delay, department)

    assert promise.deadline == deadline
    if why:
        assert why in promise.why_later
        assert promise.why_later.endswith(" matin.")
    else:
        assert promise.why_later == ""


def test_the_reason_names_the_day_the_request_is_read():
    assert contact_promise(paris(2025, 12, 5, 18, 30), 1, "51").why_later == (
        "Il est plus de 18\u00a0h\u00a0: ta demande sera lue lundi matin."
    )
