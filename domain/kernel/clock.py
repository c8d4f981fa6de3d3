"""Time in the domain: instants are aware; business dates are Japan dates.

The model never reads the clock: the application passes `now` in.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from domain.kernel.errors import InvalidInput

JAPAN = ZoneInfo("Asia/Tokyo")


def japan_date(instant: datetime) -> date:
    return instant.astimezone(JAPAN).date()


def require_aware(value: datetime, field: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(f"{field} must carry a time zone offset", field=field, reason="no_time_zone")
    return value


def require_not_after(value: datetime, now: datetime, field: str) -> datetime:
    require_aware(value, field)
    if value > now:
        raise InvalidInput(f"{field} may not be in the future", field=field, reason="in_the_future")
    return value


def require_date_not_after(value: date, now: datetime, field: str) -> date:
    if value > japan_date(now):
        raise InvalidInput(f"{field} may not be after today (Japan time)", field=field, reason="in_the_future")
    return value


def japan_day_start(day: date) -> datetime:
    """00:00 Japan time on that day: where a Japan date starts, as an instant."""
    return datetime.combine(day, time(0), tzinfo=JAPAN)
