import datetime
import zoneinfo

from notifications.sms import BaseSms


class AcknowledgementSms(BaseSms):
    """An SMS as the apps will write them, with a template of the tests (tests/notifications/templates/sms)."""

    kind = "test_acknowledgement"
    template = "sms/test_acknowledgement.txt"
    contains_private_link = True

    def __init__(self, *, to, name="Léa", organisation="Mission locale", related=None, time_zone="Europe/Paris"):
        self.to = to
        self.name = name
        self.organisation = organisation
        self.related = related
        self.time_zone = time_zone

    def get_recipient(self):
        return self.to

    def get_context(self):
        return {"name": self.name, "organisation": self.organisation}

    def get_related(self):
        return self.related

    def get_time_zone(self):
        return self.time_zone


class FreeTextSms(BaseSms):
    kind = "test_free_text"
    template = "sms/test_long.txt"

    def __init__(self, *, to, text, related=None):
        self.to, self.text, self.related = to, text, related

    def get_time_zone(self):
        # Sent at once whatever the hour the tests run: where it is midday (the night is tested on its own).
        return zone_where_it_is(DAYTIME)

    def get_recipient(self):
        return self.to

    def get_context(self):
        return {"text": self.text}

    def get_related(self):
        return self.related


def zone_where_it_is(hour: int) -> zoneinfo.ZoneInfo:
    """A time zone where the local time is `hour` o'clock now, whatever the machine's clock says."""
    utc_hour = datetime.datetime.now(datetime.UTC).hour
    # Etc/GMT+N is N hours behind UTC; N runs from -14 to +12.
    offset = (utc_hour - hour + 14) % 24 - 14
    name = "Etc/GMT" if offset == 0 else f"Etc/GMT{offset:+d}"
    zone = zoneinfo.ZoneInfo(name)
    assert datetime.datetime.now(zone).hour == hour
    return zone


DAYTIME = 12
# Not 7: a test running at 07:59 would see the morning come.
NIGHT = 23
