"""Time in the domain: instants are aware; business dates are Japan dates.

The model never reads the clock: the application passes `now` in.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.kernel.errors import InvalidInput

JAPAN = ZoneInfo("Asia/Tokyo")

# The business range of every date and instant a command takes (docs/decisions/0015): nothing in
# this programme happened before 2000 (the society's insurance started long after), and nothing
# is scheduled after 2100. Outside it a value is a typing error, and it would poison read models.
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2100, 12, 31)


def japan_date(instant: datetime) -> date:
    return instant.astimezone(JAPAN).date()


def require_aware(value: datetime, field: str) -> datetime:
    """An instant with its time zone, within the business range (Japan dates 2000–2100)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(f"{field} must carry a time zone offset", field=field, reason="no_time_zone")
    if not japan_day_start(EARLIEST_DAY) <= value < japan_day_start(LATEST_DAY + timedelta(days=1)):
        raise _out_of_range(field)
    return value


def require_day_in_range(value: date, field: str) -> date:
    if not EARLIEST_DAY <= value <= LATEST_DAY:
        raise _out_of_range(field)
    return value


def _out_of_range(field: str) -> InvalidInput:
    return InvalidInput(f"{field} must fall between {EARLIEST_DAY} and {LATEST_DAY} (Japan time)", field=field,
                        reason="out_of_range", params={"earliest": EARLIEST_DAY, "latest": LATEST_DAY})


def require_not_after(value: datetime, now: datetime, field: str) -> datetime:
    require_aware(value, field)
    if value > now:
        raise InvalidInput(f"{field} may not be in the future", field=field, reason="in_the_future")
    return value


def require_date_not_after(value: date, now: datetime, field: str) -> date:
    require_day_in_range(value, field)
    if value > japan_date(now):
        raise InvalidInput(f"{field} may not be after today (Japan time)", field=field, reason="in_the_future")
    return value


def japan_day_start(day: date) -> datetime:
    """00:00 Japan time on that day: where a Japan date starts, as an instant."""
    return datetime.combine(day, time(0), tzinfo=JAPAN)


def japanese_date(value: date) -> str:
    """A date as written in Japan: 2026年4月1日."""
    return f"{value.year}年{value.month}月{value.day}日"


def japanese_instant(value: datetime) -> str:
    """An instant as the Japan wall clock shows it: 2026年4月1日 16:00 (one too far out to move to
    Japan time is shown as recorded)."""
    try:
        local = value.astimezone(JAPAN)
    except (OverflowError, ValueError):
        return value.isoformat()
    return f"{japanese_date(local.date())} {local:%H:%M}"
