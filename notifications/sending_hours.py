"""No SMS at night: between 20:00 and 08:00 in the recipient's time zone, an SMS waits for the morning."""

import datetime
import zoneinfo

SENDING_HOURS = (datetime.time(8), datetime.time(20))


def next_sending_time(at: datetime.datetime, time_zone: zoneinfo.ZoneInfo) -> datetime.datetime | None:
    """None when an SMS may leave at `at`; else the next 08:00 in `time_zone`."""
    local = at.astimezone(time_zone)
    opens, closes = SENDING_HOURS
    if opens <= local.time() < closes:
        return None
    day = local.date() if local.time() < opens else local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, opens, tzinfo=time_zone)
