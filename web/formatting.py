"""How values read on the pages: instants in Japan time (2026年4月1日 16:00), dates (2026年4月1日),
yen (¥1,234,567), and codes as their Japanese labels. Registered as Jinja filters."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from domain.kernel.clock import JAPAN, japanese_date, japanese_instant
from domain.kernel.labels import label_ja_of
from web.labels import label_of

WEEKDAYS_JA = "月火水木金土日"


def japan_datetime(value: datetime | None) -> str:
    """An aware instant as the Japan wall clock shows it; a naive one is refused (whose clock?)."""
    if value is None:
        return ""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("japan_datetime needs an aware datetime")
    return japanese_instant(value)


def japan_datetime_seconds(value: datetime | None) -> str:
    """An instant to the second (2026年4月1日 16:00:05), where minutes are not enough to tell events apart."""
    if value is None:
        return ""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("japan_datetime_seconds needs an aware datetime")
    return f"{japanese_instant(value)}:{value.astimezone(JAPAN).second:02d}"


def japan_date(value: date | datetime | None, *, weekday: bool = False) -> str:
    """A date as written in Japan; an instant is first taken to its Japan date."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("japan_date needs an aware datetime (or a date)")
        value = value.astimezone(JAPAN).date()
    text = japanese_date(value)
    return f"{text}（{WEEKDAYS_JA[value.weekday()]}）" if weekday else text


def yen(amount: int | None) -> str:
    """Whole yen with thousands separators; money in this system is always integer yen."""
    if amount is None:
        return ""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("yen takes whole yen (int)")
    return f"-¥{-amount:,}" if amount < 0 else f"¥{amount:,}"


def duration(minutes: float) -> str:
    """A length of time as one says it: 3 秒, 30 分, 12 時間, 1 時間30 分."""
    seconds = round(minutes * 60)
    if seconds < 60:
        return f"{seconds} 秒"
    hours, rest = divmod(seconds // 60, 60)
    if not hours:
        return f"{rest} 分"
    return f"{hours} 時間{rest} 分" if rest else f"{hours} 時間"


def label(code: object, field: str | None = None) -> str:
    """The Japanese label of a code (role, queue, product, channel…); an unknown code as it is.
    `field` names the field it came from, for a code two enums share: `c.cost_type|label("cost_type")`."""
    if code is None:
        return ""
    return label_ja_of(field, code) if field else label_of(code)


PLAIN_KEY_PART = re.compile(r"[A-Za-z0-9._-]{1,60}")


def key_part(value: Any) -> str:
    """A part of a form's key (its Idempotency-Key: printable ASCII) named after `value`, such as a
    bill's number: the value itself when it is plain, else a digest of it (a number may hold spaces,
    Japanese or "/")."""
    text = str(value)
    return text if PLAIN_KEY_PART.fullmatch(text) else "h" + hashlib.sha256(text.encode()).hexdigest()[:24]


def path_segment(value: Any) -> str:
    """A value put in a URL's path as one segment: every "/" escaped too (%2F), so a bill number
    such as 2026/04-001 or X/../INV-9 can neither split the path nor climb out of it (a browser
    resolves "../" segments before sending). The routes take such a value as a path."""
    return quote(str(value), safe="")


FILTERS = {"path_segment": path_segment, "japan_datetime": japan_datetime, "japan_datetime_seconds": japan_datetime_seconds,
           "japan_date": japan_date, "yen": yen, "label": label, "key_part": key_part}
