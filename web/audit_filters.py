"""The filters of the auditor's pages, as typed (query parameters): a Japan date and an optional
time → an aware instant; an id → a UUID; a choice → one of the choices. Whatever cannot be read is
a Japanese message keyed by the field, shown next to it (the page then lists nothing)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from api.i18n import translate
from domain.kernel.clock import JAPAN
from web.forms import FormErrors

TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")


@dataclass
class Typed:
    """The query's values as typed (to show them again), and what could not be read."""

    values: dict[str, str]
    errors: FormErrors = field(default_factory=lambda: FormErrors(status=422))

    def text(self, name: str) -> str | None:
        value = self.values.get(name, "").strip()
        if len(value) > 200:
            self.refuse(name, "too_long")
            return None
        return value or None

    def refuse(self, name: str, reason: str) -> None:
        self.errors.by_field.setdefault(name, translate("audit_filter", reason=reason))

    def choice(self, name: str, choices: Any) -> str | None:
        value = self.text(name)
        if value is not None and value not in choices:
            self.refuse(name, "not_a_choice")
            return None
        return value

    def record_id(self, name: str) -> UUID | None:
        value = self.text(name)
        try:
            return UUID(value) if value else None
        except ValueError:
            self.refuse(name, "not_a_record_id")
            return None

    def day(self, name: str) -> date | None:
        value = self.text(name)
        try:
            return date.fromisoformat(value) if value else None
        except ValueError:
            self.refuse(name, "bad_date")
            return None

    def instant(self, prefix: str, *, end_of_day: bool = False) -> datetime | None:
        """`{prefix}_on` (a date) and `{prefix}_time` (optional), Japan time. With no time: the
        day's start, or — `end_of_day`, for an exclusive upper bound — the next day's start."""
        day, typed_time = self.day(f"{prefix}_on"), self.text(f"{prefix}_time")
        if typed_time is not None and not TIME.match(typed_time):
            self.refuse(f"{prefix}_on", "bad_time")
            return None
        if day is None:
            if typed_time is not None and f"{prefix}_on" not in self.errors.by_field:
                self.refuse(f"{prefix}_on", "time_without_date")
            return None
        if typed_time is None:
            return datetime.combine(day + timedelta(days=1 if end_of_day else 0), time(), JAPAN)
        return datetime.combine(day, time.fromisoformat(typed_time), JAPAN)

    def in_order(self, start: datetime | None, end: datetime | None, end_field: str) -> None:
        if start is not None and end is not None and end <= start:
            self.refuse(end_field, "to_before_from")
