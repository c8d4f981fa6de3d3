"""Every date and instant a command takes lies in the business range (Japan dates 2000-01-01 to
2100-12-31): outside it, the command is refused naming the field, and nothing is recorded."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.kernel.clock import (
    EARLIEST_DAY,
    JAPAN,
    LATEST_DAY,
    require_aware,
    require_date_not_after,
    require_not_after,
)
from domain.kernel.errors import InvalidInput

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=JAPAN)
FIRST_INSTANT = datetime(2000, 1, 1, 0, 0, tzinfo=JAPAN)
AFTER_LAST_INSTANT = datetime(2101, 1, 1, 0, 0, tzinfo=JAPAN)


def refused_out_of_range(call) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        call()
    assert (info.value.reason, info.value.field) == ("out_of_range", "when")
    return info.value


@pytest.mark.parametrize("text", ["0001-01-01T00:00:00+14:00", "1900-03-01T09:00:00+09:00", "1999-12-31T23:59:59+09:00",
                                  "9999-12-31T23:00:00-10:00", "2101-01-01T00:00:00+09:00"])
def test_require_aware_outside_the_business_range_is_refused_naming_the_field(text: str) -> None:
    refused_out_of_range(lambda: require_aware(datetime.fromisoformat(text), "when"))


def test_require_aware_at_the_first_and_last_instants_of_the_range_is_accepted() -> None:
    assert require_aware(FIRST_INSTANT, "when") == FIRST_INSTANT
    last = AFTER_LAST_INSTANT - timedelta(microseconds=1)
    assert require_aware(last, "when") == last


def test_require_aware_one_instant_before_the_range_is_refused() -> None:
    refused_out_of_range(lambda: require_aware(FIRST_INSTANT - timedelta(microseconds=1), "when"))


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1900, 1, 1), date(1999, 12, 31)])
def test_require_date_not_after_before_the_range_is_refused(day: date) -> None:
    refused_out_of_range(lambda: require_date_not_after(day, NOW, "when"))


def test_the_range_is_written_as_japan_dates() -> None:
    assert (date(2000, 1, 1), date(2100, 12, 31)) == (EARLIEST_DAY, LATEST_DAY)


@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
       st.integers(min_value=-14 * 60, max_value=14 * 60))
def test_require_not_after_accepts_exactly_the_past_instants_of_the_range(naive: datetime, offset_minutes: int) -> None:
    instant = naive.replace(tzinfo=timezone(timedelta(minutes=offset_minutes)))
    in_range = FIRST_INSTANT <= instant < AFTER_LAST_INSTANT
    if in_range and instant <= NOW:
        assert require_not_after(instant, NOW, "when") == instant
    else:
        with pytest.raises(InvalidInput) as info:
            require_not_after(instant, NOW, "when")
        assert info.value.reason == ("out_of_range" if not in_range else "in_the_future")


def test_an_instant_in_utc_near_the_start_of_the_range_is_judged_in_japan_time() -> None:
    # 1999-12-31 15:00 UTC is 2000-01-01 00:00 in Japan: inside the range
    assert require_aware(datetime(1999, 12, 31, 15, 0, tzinfo=UTC), "when")
