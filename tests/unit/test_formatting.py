"""How values read on the pages: Japan time, Japanese dates, yen, labels."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from domain.kernel.actors import Role
from web.formatting import duration, japan_date, japan_datetime, label, yen


def test_japan_datetime_shows_the_japan_wall_clock():
    assert japan_datetime(datetime(2026, 4, 1, 7, 0, tzinfo=UTC)) == "2026年4月1日 16:00"


def test_japan_datetime_crosses_the_date_line_into_the_next_japan_day():
    assert japan_datetime(datetime(2026, 3, 31, 15, 5, tzinfo=UTC)) == "2026年4月1日 00:05"


def test_japan_datetime_of_another_zone():
    new_york = timezone(timedelta(hours=-4))
    assert japan_datetime(datetime(2026, 4, 1, 3, 0, tzinfo=new_york)) == "2026年4月1日 16:00"


def test_japan_datetime_refuses_a_naive_instant():
    with pytest.raises(ValueError):
        japan_datetime(datetime(2026, 4, 1, 16, 0))


def test_japan_date_of_a_date():
    assert japan_date(date(2026, 4, 1)) == "2026年4月1日"


def test_japan_date_of_an_instant_is_its_japan_date():
    assert japan_date(datetime(2026, 3, 31, 16, 0, tzinfo=UTC)) == "2026年4月1日"


def test_japan_date_with_weekday():
    assert japan_date(date(2026, 4, 1), weekday=True) == "2026年4月1日（水）"


def test_nothing_reads_as_empty():
    assert japan_datetime(None) == japan_date(None) == yen(None) == label(None) == ""


@pytest.mark.parametrize(("amount", "text"), [(1_234_567, "¥1,234,567"), (0, "¥0"), (999, "¥999"), (-10_000, "-¥10,000")])
def test_yen(amount, text):
    assert yen(amount) == text


@pytest.mark.parametrize("amount", [1.5, "1000", True])
def test_yen_refuses_anything_but_whole_yen(amount):
    with pytest.raises(TypeError):
        yen(amount)


@pytest.mark.parametrize(("role", "text"), [(Role.CONCIERGE, "クレームコンシェル"), (Role.ADJUSTER, "損害調査担当"),
                                            (Role.AUDITOR, "監査"), (Role.ADMIN, "管理者"), (Role.MONITOR, "監視")])
def test_every_role_has_its_japanese_label(role, text):
    assert label(role) == label(role.value) == text


def test_queue_and_product_codes_read_in_japanese():
    assert label("awaiting_consent") == "承諾待ち"
    assert label("harassment") == "クレーム対応費用保険"


def test_an_unknown_code_reads_as_itself():
    assert label("no_such_code") == "no_such_code"


@pytest.mark.parametrize(("minutes", "text"), [(0.05, "3 秒"), (30, "30 分"), (12 * 60, "12 時間"), (90, "1 時間30 分")])
def test_duration_reads_as_one_says_it(minutes, text):
    assert duration(minutes) == text
