"""What the auditor's pages show of a record: each change an event made (field by field, before
→ after, with Japanese labels; nested values such as a payment's amount as their own rows) and
the record as it stood at an instant, as labelled rows. The changes themselves are computed by the
domain (domain/kernel/history.py: the state replayed before and after each event)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from web.audit_labels import field_label
from web.formatting import japan_date, japan_datetime, label, yen

NOTHING = "—"
# Maps whose values are yen although their keys are not named so (a case id → yen paid).
# What a record's rows start with (the rest follow in name order).
FIRST = {name: n for n, name in enumerate(("status", "stage", "escalation", "coverage", "coverage_reasons", "policy_ref",
                                            "policy_number", "product", "premium_yen", "cover", "terms", "book",
                                            "reserves", "lawyer_name", "law_firm", "counsel"))}
YEN_MAPS = {"paid_by_claim", "paid_by_head", "outstanding", "midterm_premium_yen", "sub_limits_yen"}


@dataclass(frozen=True)
class Row:
    """One labelled value, or one change (before → after), or items added to a list."""

    field: str
    before: str = NOTHING
    after: str = NOTHING
    added: tuple[str, ...] = ()


def in_yen(path: tuple[str, ...]) -> bool:
    return path[-1].endswith("_yen") or any(part in YEN_MAPS for part in path)


def shown(path: tuple[str, ...], value: Any) -> str:
    """A value as the page reads it: yen, Japan dates and times, codes as their Japanese terms."""
    if value is None:
        return NOTHING
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, int):
        return yen(value) if in_yen(path) else f"{value:,}" if value >= 10_000 else str(value)
    if isinstance(value, datetime):
        return japan_datetime(value)
    if isinstance(value, date):
        return japan_date(value)
    if isinstance(value, list):
        if any(isinstance(v, dict) for v in value):
            return f"{len(value)} 件"
        return "、".join(shown(path, v) for v in value) or "なし"
    if isinstance(value, dict):
        return summary(value) or "なし"
    return label(value, path[-1] if path else None)


def path_label(path: tuple[str, ...]) -> str:
    return " › ".join(field_label(part) for part in path)


def summary(item: dict[str, Any]) -> str:
    """An item added to a list (a consultation, an invoice…), as one line of its filled-in fields."""
    return "、".join(f"{field_label(k)}: {shown((k,), v)}" for k, v in item.items() if v not in (None, [], {}, ""))


def leaves(path: tuple[str, ...], before: Any, after: Any) -> list[Row]:
    """The rows where two values differ, one per innermost field (a dict is opened up)."""
    if isinstance(before, dict) or isinstance(after, dict):
        old = before if isinstance(before, dict) else {}
        new = after if isinstance(after, dict) else {}
        rows: list[Row] = []
        for key in sorted(set(old) | set(new), key=lambda k: (FIRST.get(str(k), len(FIRST)), str(k))):
            if old.get(key) != new.get(key):
                rows += leaves((*path, str(key)), old.get(key), new.get(key))
        return rows
    was, now = shown(path, before), shown(path, after)
    return [] if was == now or {was, now} <= {NOTHING, "なし"} else [Row(path_label(path), was, now)]


def change_rows(changes: dict[str, Any]) -> list[Row]:
    """The rows of one history entry's `changes` ({field: {before, after}} or {field: {added}})."""
    rows: list[Row] = []
    for name, change in sorted(changes.items(), key=lambda item: (FIRST.get(item[0], len(FIRST)), item[0])):
        if "added" in change:
            added = tuple(summary(v) if isinstance(v, dict) else shown((name,), v) for v in change["added"])
            rows.append(Row(field_label(name), added=added))
        else:
            rows += leaves((name,), change.get("before"), change.get("after"))
    return rows


def state_rows(state: dict[str, Any]) -> list[Row]:
    """A record's state as labelled rows (its value in `after`), for "as it stood at"; a list or
    a book still empty then says so (no payments yet is what the auditor came to see)."""
    rows: list[Row] = []
    for name in sorted(state, key=lambda k: (FIRST.get(k, len(FIRST)), k)):
        found = [Row(row.field, after=row.after) for row in leaves((name,), None, state[name])]
        empty = isinstance(state[name], list | dict) and not found
        rows += found or ([Row(field_label(name), after="なし")] if empty else [])
    return rows
