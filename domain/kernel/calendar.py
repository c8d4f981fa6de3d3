"""The Japanese business calendar of the programme: Monday to Friday, except Japan's public
holidays (the `holidays` package's JP calendar, substitute holidays included) and the banks'
year-end holidays, 31 December to 3 January (銀行法施行令第5条: premiums arrive and claims are
paid by bank transfer, and insurers close with the banks). Premium cut-offs
(domain/policies/cover.py: the 20th, never in those days) and the diary's due dates
(domain/diary) both follow it."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _japanese_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("JP", years=year)


YEAR_END_HOLIDAYS = frozenset({(12, 31), (1, 1), (1, 2), (1, 3)})  # (month, day)


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in YEAR_END_HOLIDAYS and day not in _japanese_holidays(day.year)


def add_business_days(day: date, count: int) -> date:
    """The `count`-th business day after `day` (`day` itself never counts): reported on a Friday,
    two business days later is the Tuesday; across Golden Week, later still."""
    if count < 1:
        raise ValueError("count business days from 1")
    found = day
    while count:
        found += timedelta(days=1)
        if is_business_day(found):
            count -= 1
    return found
