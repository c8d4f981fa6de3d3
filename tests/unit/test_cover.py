"""When cover runs (中途加入): premium cut-offs, cover periods, policy and fiscal years, in Japan time.

The tables below are written out by hand from the calendar (weekdays and the Japanese public
holidays that fall on a 20th: 2026-03-20, 2028-03-20, 2029-03-20 and 2030-03-20 Vernal Equinox
Day, 2026-07-20 Marine Day, 2027-09-20 Respect for the Aged Day); they are never recomputed with
the code under test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.policies.cover import (
    CoverPeriod,
    cover_for_premium,
    fiscal_year_of,
    is_business_day,
    policy_year_of,
    premium_cutoff,
)

JST = ZoneInfo("Asia/Tokyo")


def at_16_jst(year: int, month: int, day: int = 1) -> datetime:
    return datetime(year, month, day, 16, 0, tzinfo=JST)


# =============================================================================================
# premium_cutoff: every month of 2026–2030
# =============================================================================================

# (year, month) → the last day a premium may arrive for cover from the 1st of the next month.
CUTOFFS: list[tuple[int, int, date, str]] = [
    (2026, 1, date(2026, 1, 20), "Tue"),
    (2026, 2, date(2026, 2, 20), "Fri"),
    (2026, 3, date(2026, 3, 19), "20th is Vernal Equinox Day (Fri)"),
    (2026, 4, date(2026, 4, 20), "Mon"),
    (2026, 5, date(2026, 5, 20), "Wed"),
    (2026, 6, date(2026, 6, 19), "20th is a Saturday"),
    (2026, 7, date(2026, 7, 17), "20th is Marine Day (Mon)"),
    (2026, 8, date(2026, 8, 20), "Thu"),
    (2026, 9, date(2026, 9, 18), "20th is a Sunday"),
    (2026, 10, date(2026, 10, 20), "Tue"),
    (2026, 11, date(2026, 11, 20), "Fri"),
    (2026, 12, date(2026, 12, 18), "20th is a Sunday"),
    (2027, 1, date(2027, 1, 20), "Wed"),
    (2027, 2, date(2027, 2, 19), "20th is a Saturday"),
    (2027, 3, date(2027, 3, 19), "20th is a Saturday"),
    (2027, 4, date(2027, 4, 20), "Tue"),
    (2027, 5, date(2027, 5, 20), "Thu"),
    (2027, 6, date(2027, 6, 18), "20th is a Sunday"),
    (2027, 7, date(2027, 7, 20), "Tue"),
    (2027, 8, date(2027, 8, 20), "Fri"),
    (2027, 9, date(2027, 9, 17), "20th is Respect for the Aged Day (Mon)"),
    (2027, 10, date(2027, 10, 20), "Wed"),
    (2027, 11, date(2027, 11, 19), "20th is a Saturday"),
    (2027, 12, date(2027, 12, 20), "Mon"),
    (2028, 1, date(2028, 1, 20), "Thu"),
    (2028, 2, date(2028, 2, 18), "20th is a Sunday"),
    (2028, 3, date(2028, 3, 17), "20th is Vernal Equinox Day (Mon)"),
    (2028, 4, date(2028, 4, 20), "Thu"),
    (2028, 5, date(2028, 5, 19), "20th is a Saturday"),
    (2028, 6, date(2028, 6, 20), "Tue"),
    (2028, 7, date(2028, 7, 20), "Thu"),
    (2028, 8, date(2028, 8, 18), "20th is a Sunday"),
    (2028, 9, date(2028, 9, 20), "Wed"),
    (2028, 10, date(2028, 10, 20), "Fri"),
    (2028, 11, date(2028, 11, 20), "Mon"),
    (2028, 12, date(2028, 12, 20), "Wed"),
    (2029, 1, date(2029, 1, 19), "20th is a Saturday"),
    (2029, 2, date(2029, 2, 20), "Tue"),
    (2029, 3, date(2029, 3, 19), "20th is Vernal Equinox Day (Tue)"),
    (2029, 4, date(2029, 4, 20), "Fri"),
    (2029, 5, date(2029, 5, 18), "20th is a Sunday"),
    (2029, 6, date(2029, 6, 20), "Wed"),
    (2029, 7, date(2029, 7, 20), "Fri"),
    (2029, 8, date(2029, 8, 20), "Mon"),
    (2029, 9, date(2029, 9, 20), "Thu"),
    (2029, 10, date(2029, 10, 19), "20th is a Saturday"),
    (2029, 11, date(2029, 11, 20), "Tue"),
    (2029, 12, date(2029, 12, 20), "Thu"),
    (2030, 1, date(2030, 1, 18), "20th is a Sunday"),
    (2030, 2, date(2030, 2, 20), "Wed"),
    (2030, 3, date(2030, 3, 19), "20th is Vernal Equinox Day (Wed)"),
    (2030, 4, date(2030, 4, 19), "20th is a Saturday"),
    (2030, 5, date(2030, 5, 20), "Mon"),
    (2030, 6, date(2030, 6, 20), "Thu"),
    (2030, 7, date(2030, 7, 19), "20th is a Saturday"),
    (2030, 8, date(2030, 8, 20), "Tue"),
    (2030, 9, date(2030, 9, 20), "Fri"),
    (2030, 10, date(2030, 10, 18), "20th is a Sunday"),
    (2030, 11, date(2030, 11, 20), "Wed"),
    (2030, 12, date(2030, 12, 20), "Fri"),
]


def test_cutoff_table_covers_every_month_of_2026_to_2030_once() -> None:
    assert [(y, m) for y, m, _, _ in CUTOFFS] == [(y, m) for y in range(2026, 2031) for m in range(1, 13)]


def test_cutoff_table_moves_exactly_23_months_off_the_20th() -> None:
    moved = [(y, m) for y, m, cutoff, _ in CUTOFFS if cutoff.day != 20]

    assert len(moved) == 23


@pytest.mark.parametrize(
    ("year", "month", "cutoff", "why"), CUTOFFS, ids=[f"{y}-{m:02d}" for y, m, _, _ in CUTOFFS]
)
def test_premium_cutoff_of_the_month_is_the_20th_or_the_business_day_before(
    year: int, month: int, cutoff: date, why: str
) -> None:
    assert premium_cutoff(year, month) == cutoff


@pytest.mark.parametrize(
    ("day", "business"),
    [
        (date(2026, 3, 20), False),  # Vernal Equinox Day, a Friday
        (date(2026, 3, 19), True),
        (date(2026, 6, 20), False),  # Saturday
        (date(2026, 6, 21), False),  # Sunday
        (date(2026, 7, 20), False),  # Marine Day
        (date(2027, 9, 20), False),  # Respect for the Aged Day
        (date(2027, 1, 1), False),  # New Year's Day, a Friday
        (date(2026, 5, 20), True),
    ],
)
def test_is_business_day_of_the_day_is_false_on_weekends_and_public_holidays(day: date, business: bool) -> None:
    assert is_business_day(day) is business


# =============================================================================================
# cover_for_premium
# =============================================================================================

# received on → (cover start, cover end, policy year). Starts and ends are 16:00 JST.
COVERS: list[tuple[str, date, datetime, datetime, int]] = [
    # on the cut-off day: from the 1st of the next month, to the end of the policy year
    ("on_cutoff_20th_may", date(2026, 5, 20), at_16_jst(2026, 6), at_16_jst(2027, 4), 2026),
    ("on_cutoff_moved_june", date(2026, 6, 19), at_16_jst(2026, 7), at_16_jst(2027, 4), 2026),
    ("on_cutoff_before_marine_day", date(2026, 7, 17), at_16_jst(2026, 8), at_16_jst(2027, 4), 2026),
    ("on_cutoff_december", date(2026, 12, 18), at_16_jst(2027, 1), at_16_jst(2027, 4), 2026),
    ("on_cutoff_2029_january", date(2029, 1, 19), at_16_jst(2029, 2), at_16_jst(2029, 4), 2028),
    # early in the month
    ("first_of_april", date(2026, 4, 1), at_16_jst(2026, 5), at_16_jst(2027, 4), 2026),
    ("first_of_june", date(2026, 6, 1), at_16_jst(2026, 7), at_16_jst(2027, 4), 2026),
    # the day after the cut-off: a month later
    ("day_after_cutoff_may", date(2026, 5, 21), at_16_jst(2026, 7), at_16_jst(2027, 4), 2026),
    ("saturday_20th_after_moved_cutoff", date(2026, 6, 20), at_16_jst(2026, 8), at_16_jst(2027, 4), 2026),
    ("day_after_cutoff_july", date(2026, 7, 18), at_16_jst(2026, 9), at_16_jst(2027, 4), 2026),
    ("marine_day_itself", date(2026, 7, 20), at_16_jst(2026, 9), at_16_jst(2027, 4), 2026),
    ("day_after_cutoff_december", date(2026, 12, 19), at_16_jst(2027, 2), at_16_jst(2027, 4), 2026),
    ("last_day_of_december", date(2026, 12, 31), at_16_jst(2027, 2), at_16_jst(2027, 4), 2026),
    # February: on the cut-off → March only; after it → 1 April, the whole next policy year
    ("on_cutoff_february", date(2027, 2, 19), at_16_jst(2027, 3), at_16_jst(2027, 4), 2026),
    ("after_cutoff_february", date(2027, 2, 22), at_16_jst(2027, 4), at_16_jst(2028, 4), 2027),
    # the March edge: meeting the March cut-off joins the next policy year, from 1 April
    ("on_cutoff_march_2026", date(2026, 3, 19), at_16_jst(2026, 4), at_16_jst(2027, 4), 2026),
    ("early_march_2027", date(2027, 3, 1), at_16_jst(2027, 4), at_16_jst(2028, 4), 2027),
    ("on_cutoff_march_2028", date(2028, 3, 17), at_16_jst(2028, 4), at_16_jst(2029, 4), 2028),
    # late March, after the cut-off: from 1 May
    ("vernal_equinox_day_itself", date(2026, 3, 20), at_16_jst(2026, 5), at_16_jst(2027, 4), 2026),
    ("late_march_2027", date(2027, 3, 25), at_16_jst(2027, 5), at_16_jst(2028, 4), 2027),
    ("last_day_of_march_2028", date(2028, 3, 31), at_16_jst(2028, 5), at_16_jst(2029, 4), 2028),
]


@pytest.mark.parametrize(("name", "received_on", "start", "end", "policy_year"), COVERS, ids=[c[0] for c in COVERS])
def test_cover_for_premium_received_on_the_date_runs_from_start_to_end(
    name: str, received_on: date, start: datetime, end: datetime, policy_year: int
) -> None:
    cover = cover_for_premium(received_on)

    assert (cover.start, cover.end, cover.policy_year) == (start, end, policy_year)


def test_cover_for_premium_starts_and_ends_at_16_00_japan_time() -> None:
    cover = cover_for_premium(date(2026, 5, 20))

    assert cover.start == datetime(2026, 6, 1, 7, 0, tzinfo=UTC)
    assert cover.end == datetime(2027, 4, 1, 7, 0, tzinfo=UTC)


def test_cover_period_contains_its_start_but_not_its_end() -> None:
    cover = CoverPeriod(at_16_jst(2026, 6), at_16_jst(2027, 4), 2026)

    assert cover.contains(at_16_jst(2026, 6))
    assert not cover.contains(at_16_jst(2026, 6) - timedelta(microseconds=1))
    assert cover.contains(at_16_jst(2027, 4) - timedelta(microseconds=1))
    assert not cover.contains(at_16_jst(2027, 4))


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2035, 12, 31)))
def test_cover_for_any_premium_starts_on_a_first_and_ends_on_the_next_1_april(received_on: date) -> None:
    cover = cover_for_premium(received_on)
    start, end = cover.start.astimezone(JST), cover.end.astimezone(JST)

    assert (start.day, start.hour, start.minute, start.second, start.microsecond) == (1, 16, 0, 0, 0)
    assert (end.month, end.day, end.hour, end.minute, end.second, end.microsecond) == (4, 1, 16, 0, 0, 0)
    assert end > start
    assert end <= start.replace(year=start.year + 1)  # never longer than a year
    assert start.date() > received_on
    months_ahead = (start.year * 12 + start.month) - (received_on.year * 12 + received_on.month)
    assert months_ahead in (1, 2)  # the next month, or the one after when the cut-off was missed
    assert policy_year_of(cover.start) == cover.policy_year
    assert end == at_16_jst(cover.policy_year + 1, 4)


# =============================================================================================
# policy_year_of and fiscal_year_of
# =============================================================================================


@pytest.mark.parametrize(
    ("instant", "policy_year"),
    [
        (datetime(2026, 4, 1, 15, 59, 59, tzinfo=JST), 2025),
        (datetime(2026, 4, 1, 16, 0, tzinfo=JST), 2026),
        (datetime(2026, 4, 1, 6, 59, 59, tzinfo=UTC), 2025),  # 15:59:59 JST
        (datetime(2026, 4, 1, 7, 0, tzinfo=UTC), 2026),  # 16:00 JST
        (datetime(2027, 1, 1, 0, 0, tzinfo=JST), 2026),
        (datetime(2027, 3, 31, 23, 59, tzinfo=JST), 2026),
    ],
)
def test_policy_year_of_the_instant_turns_at_16_00_jst_on_1_april(instant: datetime, policy_year: int) -> None:
    assert policy_year_of(instant) == policy_year


@pytest.mark.parametrize(
    ("instant", "fiscal_year"),
    [
        (datetime(2026, 3, 31, 23, 59, tzinfo=JST), 2025),
        (datetime(2026, 4, 1, 0, 0, tzinfo=JST), 2026),
        (datetime(2026, 3, 31, 14, 59, tzinfo=UTC), 2025),  # 23:59 JST on 31 March
        (datetime(2026, 3, 31, 15, 0, tzinfo=UTC), 2026),  # 00:00 JST on 1 April, still 31 March in UTC
        (datetime(2026, 12, 31, 23, 59, tzinfo=JST), 2026),
        (datetime(2027, 1, 1, 0, 0, tzinfo=JST), 2026),
    ],
)
def test_fiscal_year_of_the_instant_turns_at_midnight_jst_on_1_april(instant: datetime, fiscal_year: int) -> None:
    assert fiscal_year_of(instant) == fiscal_year
