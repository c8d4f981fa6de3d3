"""When cover runs: policy years and mid-term enrolment (中途加入), in Japan time.

- A policy year runs from 16:00 on 1 April to 16:00 on the next 1 April.
- A premium that has arrived by the month's cut-off starts cover at 16:00 on the 1st of the next
  month; the cut-off is the 20th, or the business day before it when the 20th is a Saturday,
  Sunday or Japanese public holiday. A later premium starts cover a month later.
- Cover ends with the policy year the start falls in. A premium meeting the March cut-off would,
  read literally, give cover from 16:00 on 1 April to 16:00 on 1 April — nothing; we read it as
  joining the next policy year, which starts at that very moment (docs/decisions/0006).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from domain.kernel.calendar import is_business_day
from domain.kernel.clock import JAPAN

COVER_STARTS_AT = time(16, 0)


def premium_cutoff(year: int, month: int) -> date:
    """The last day a premium may arrive for cover from the 1st of the next month."""
    day = date(year, month, 20)
    while not is_business_day(day):
        day -= timedelta(days=1)
    return day


def policy_year_start(policy_year: int) -> datetime:
    return datetime.combine(date(policy_year, 4, 1), COVER_STARTS_AT, tzinfo=JAPAN)


def policy_year_of(instant: datetime) -> int:
    """The policy year (named by the calendar year it starts in) holding this instant."""
    year = instant.astimezone(JAPAN).year
    return year if instant >= policy_year_start(year) else year - 1


def fiscal_year_of(instant: datetime) -> int:
    """April–March fiscal year (Japan time) of an instant, for totals."""
    return fiscal_year_of_date(instant.astimezone(JAPAN).date())


def fiscal_year_of_date(day: date) -> int:
    """April–March fiscal year of a Japan calendar date: 2026-03-31 is FY2025, 2026-04-01 FY2026."""
    return day.year if day.month >= 4 else day.year - 1


@dataclass(frozen=True)
class CoverPeriod:
    start: datetime
    end: datetime
    policy_year: int

    def contains(self, instant: datetime) -> bool:
        return self.start <= instant < self.end


def _first_of_month_after(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def cover_for_premium(received_on: date) -> CoverPeriod:
    """The cover a premium received on this (Japan) date buys."""
    on_time = received_on <= premium_cutoff(received_on.year, received_on.month)
    first = _first_of_month_after(received_on, 1 if on_time else 2)
    start = datetime.combine(first, COVER_STARTS_AT, tzinfo=JAPAN)
    year = policy_year_of(start)
    return CoverPeriod(start=start, end=policy_year_start(year + 1), policy_year=year)
