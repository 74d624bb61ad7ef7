"""Working days for the delay promised to a youth: Monday to Friday, public holidays of the organisation's place off.

The clock is the organisation's: a request sent at 20:00 in Paris is 15:00 in Martinique.
"""

import datetime
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from django.utils.formats import date_format

from core.french import long_date

# A request that arrives after this local hour counts from the next working day.
END_OF_WORKING_DAY = datetime.time(18, 0)

# Départements whose local holidays the `holidays` package knows (Alsace-Moselle, overseas).
HOLIDAY_SUBDIVISIONS = {
    "57": "57",
    "67": "6AE",
    "68": "6AE",
    "971": "971",
    "972": "972",
    "973": "973",
    "974": "974",
    "976": "976",
    "975": "PM",
    "977": "BL",
    "978": "MF",
    "986": "WF",
    "987": "PF",
    "988": "NC",
}

TIME_ZONES = {
    "971": "America/Guadeloupe",
    "972": "America/Martinique",
    "973": "America/Cayenne",
    "974": "Indian/Reunion",
    "975": "America/Miquelon",
    "976": "Indian/Mayotte",
    "977": "America/St_Barthelemy",
    "978": "America/Marigot",
    "986": "Pacific/Wallis",
    "987": "Pacific/Tahiti",
    "988": "Pacific/Noumea",
}
METROPOLITAN_TIME_ZONE = "Europe/Paris"


def time_zone(department: str) -> ZoneInfo:
    return ZoneInfo(TIME_ZONES.get(department, METROPOLITAN_TIME_ZONE))


def local_date(moment: datetime.datetime, department: str) -> datetime.date:
    """The day of `moment` where the organisation is: how every page and email dates a request."""
    return moment.astimezone(time_zone(department)).date()


@cache
def _calendar(subdivision: str | None) -> holidays.HolidayBase:
    """Kept per subdivision: the départements of metropolitan France but Moselle and Alsace share one calendar."""
    return holidays.France(subdiv=subdivision, language="fr")


def _holidays(department: str) -> holidays.HolidayBase:
    return _calendar(HOLIDAY_SUBDIVISIONS.get(department))


def load_holidays(today: datetime.date):
    """Loads the public holidays of metropolitan France for this year and the next: the library reads its countries
    on first use (a sixth of a second), then each year (see `boussole.warmup`)."""
    for year in (today.year, today.year + 1):
        is_working_day(datetime.date(year, 1, 1), "75")


def is_working_day(day: datetime.date, department: str) -> bool:
    return day.weekday() < 5 and day not in _holidays(department)


def next_working_day(day: datetime.date, department: str) -> datetime.date:
    """The first working day strictly after `day`."""
    day += datetime.timedelta(days=1)
    while not is_working_day(day, department):
        day += datetime.timedelta(days=1)
    return day


def add_working_days(day: datetime.date, count: int, department: str) -> datetime.date:
    for _ in range(count):
        day = next_working_day(day, department)
    return day


def first_counted_day(received_at: datetime.datetime, department: str) -> datetime.date:
    """The working day a request counts from: the day it arrived, unless a non-working day or after 18:00."""
    local = received_at.astimezone(time_zone(department))
    if is_working_day(local.date(), department) and local.time() < END_OF_WORKING_DAY:
        return local.date()
    return next_working_day(local.date(), department)


def due_at(received_at: datetime.datetime, delay: int, department: str) -> datetime.datetime:
    """The end (23:59:59, local time) of the `delay`-th working day after the day the request counts from."""
    due_day = add_working_days(first_counted_day(received_at, department), delay, department)
    return datetime.datetime.combine(due_day, datetime.time(23, 59, 59), tzinfo=time_zone(department))


def working_days_to(received_at: datetime.datetime, moment: datetime.datetime, department: str) -> int:
    """Working days from the day a request counts from to the local day of `moment`: 0 on that very day.

    A youth contacted on the due date took exactly the promised delay.
    """
    end = moment.astimezone(time_zone(department)).date()
    count, day = 0, next_working_day(first_counted_day(received_at, department), department)
    while day <= end:
        count, day = count + 1, next_working_day(day, department)
    return count


# The hour a day given without one stands for: the middle of the working day.
MIDDAY = datetime.time(12, 0)


def moment_of(day: datetime.date, department: str, *, now: datetime.datetime, not_before: datetime.datetime):
    """The moment meant by a day given without an hour (the day of a contact), read where the organisation is: now
    on today there, midday on an earlier day, and never before `not_before` (the request's arrival)."""
    zone = time_zone(department)
    if day >= now.astimezone(zone).date():
        return now
    return max(datetime.datetime.combine(day, MIDDAY, tzinfo=zone), not_before)


def in_words(days: float) -> str:
    """A number of working days as people read it: "1 jour ouvré", "1,5 jour ouvré", "3 jours ouvrés" (French puts
    the plural from two on)."""
    number = f"{days:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    plural = "s" if days >= 2 else ""
    return f"{number} jour{plural} ouvré{plural}"


@dataclass(frozen=True)
class ContactPromise:
    """What a youth who asks at some moment is promised, in their words: the date first, then why the delay starts
    later than today when it does. The offer page, the confirmation and the emails all say it with these words."""

    received_at: datetime.datetime  # in the organisation's time zone
    counts_from: datetime.date
    due_on: datetime.date
    delay: int
    holiday: str  # the name of the public holiday the request arrives on, if any

    @property
    def deadline(self) -> str:
        """ "au plus tard le mardi 8 avril"."""
        return f"au plus tard le {long_date(self.due_on, 'l j F')}"

    @property
    def delay_in_words(self) -> str:
        """ "2 jours ouvrés (du lundi au vendredi, hors jours fériés)"."""
        return f"{in_words(self.delay)} (du lundi au vendredi, hors jours fériés)"

    @property
    def read_on(self) -> str:
        """When the request is first read, if later than the day it arrives: "lundi matin" within the week, "le
        vendredi 2 janvier au matin" beyond; "" when it counts from today."""
        received_on = self.received_at.date()
        if self.counts_from == received_on:
            return ""
        if self.counts_from - received_on < datetime.timedelta(days=7):
            return f"{date_format(self.counts_from, 'l')} matin"
        return f"le {long_date(self.counts_from, 'l j F')} au matin"

    @property
    def why_later(self) -> str:
        """Why the delay counts from a later day, to the youth, or "" when it counts from today.

        "C’est le week-end : ta demande sera lue lundi matin." — "Il est plus de 18 h : ta demande sera lue jeudi
        matin." — "Aujourd’hui, c’est férié (Vendredi saint) : ta demande sera lue mardi matin."
        """
        read_on = self.read_on
        if not read_on:
            return ""
        if self.holiday:
            because = f"Aujourd’hui, c’est férié ({self.holiday})"
        elif self.received_at.weekday() >= 5:
            because = "C’est le week-end"
        else:
            because = f"Il est plus de {END_OF_WORKING_DAY.hour}\u00a0h"
        return f"{because}\u00a0: ta demande sera lue {read_on}."

    @property
    def why_later_for_organisation(self) -> str:
        """The same reason, to the professional: "Arrivée le week-end, la demande compte à partir du lundi 8
        décembre." ("" when it counts from the day it arrived)."""
        if not self.read_on:
            return ""
        if self.holiday:
            arrived = f"un jour férié ({self.holiday})"
        elif self.received_at.weekday() >= 5:
            arrived = "le week-end"
        else:
            arrived = f"après {END_OF_WORKING_DAY.hour}\u00a0h"
        return f"Arrivée {arrived}, la demande compte à partir du {long_date(self.counts_from, 'l j F')}."


def contact_promise(received_at: datetime.datetime, delay: int, department: str) -> ContactPromise:
    """The promise made to a youth whose request arrives at `received_at` for an organisation of `department`."""
    local = received_at.astimezone(time_zone(department))
    return ContactPromise(
        received_at=local,
        counts_from=first_counted_day(received_at, department),
        due_on=local_date(due_at(received_at, delay, department), department),
        delay=delay,
        holiday=(_holidays(department).get(local.date()) or "").replace("'", "’"),
    )
