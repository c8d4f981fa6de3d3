"""Business days follow the Japanese calendar: weekdays that are not public holidays (substitute
holidays included) nor the banks' year-end holidays (31 December – 3 January)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.kernel.calendar import add_business_days, is_business_day


@pytest.mark.parametrize(("start", "count", "due"), [
    (date(2026, 11, 20), 2, date(2026, 11, 25)),  # Fri → Mon 23 is 勤労感謝の日 → Tue 24, Wed 25
    (date(2026, 11, 25), 2, date(2026, 11, 27)),  # Wed → Fri
    (date(2026, 11, 27), 2, date(2026, 12, 1)),   # Fri → Tue
    (date(2026, 4, 28), 2, date(2026, 5, 1)),     # 4/29 昭和の日 → Thu 30, Fri 1
    (date(2026, 5, 1), 2, date(2026, 5, 8)),      # Golden Week: 5/3–5/6 (5/6 振替休日) → Thu 7, Fri 8
    (date(2026, 5, 1), 5, date(2026, 5, 13)),
    (date(2025, 12, 30), 1, date(2026, 1, 5)),    # Wed 31 and Fri 2 Jan: the banks' year-end holidays
    (date(2025, 12, 26), 2, date(2025, 12, 30)),  # Fri → Mon 29, Tue 30 (the banks still open)
    (date(2027, 12, 30), 1, date(2028, 1, 4)),    # Fri 31 Dec and Mon 3 Jan closed → Tue 4
])
def test_the_nth_business_day_after_a_day(start: date, count: int, due: date) -> None:
    assert add_business_days(start, count) == due


def test_counting_starts_at_one() -> None:
    with pytest.raises(ValueError):
        add_business_days(date(2026, 4, 1), 0)


@given(start=st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 1)), count=st.integers(1, 30))
def test_the_due_day_is_a_business_day_with_exactly_n_business_days_up_to_it(start: date, count: int) -> None:
    due = add_business_days(start, count)
    days = [start + timedelta(days=k) for k in range(1, (due - start).days + 1)]
    assert is_business_day(due)
    assert sum(is_business_day(d) for d in days) == count
