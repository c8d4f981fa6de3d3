"""An aggregate's history as an auditor reads it: each event with who, when, what it says, and
what it changed in the record (the state before and after, field by field)."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.kernel.descriptions import describe, happened_at, topic_of

ENVELOPE = {"originator_id", "originator_version", "timestamp", "originator_topic", "actor_id", "actor_role"}


@dataclass(frozen=True)
class HistoryEntry:
    version: int
    event_type: str
    recorded_at: datetime
    happened_at: datetime | None
    actor_id: str
    actor_role: str
    description_en: str
    description_ja: str
    data: dict[str, Any]
    changes: dict[str, Any]


def plain(value: Any) -> Any:
    """Value objects as plain dicts and lists, so that states compare and print."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "__dict__") and not isinstance(value, type):
        return {k: plain(v) for k, v in vars(value).items() if not k.startswith("_")}
    return value


def state_of(aggregate: Any) -> dict[str, Any]:
    return {k: copy.deepcopy(plain(v)) for k, v in vars(aggregate).items() if not k.startswith("_")}


def changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Field → {before, after}; a list that only grew shows what was added."""
    out: dict[str, Any] = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if isinstance(old, list) and isinstance(new, list) and new[: len(old)] == old:
            out[name] = {"added": new[len(old):]}
        else:
            out[name] = {"before": old, "after": new}
    return out


def history_of(events: Iterable[Any]) -> list[HistoryEntry]:
    entries, aggregate, before = [], None, {}
    for event in events:
        aggregate = event.mutate(aggregate)
        after = state_of(aggregate)
        english, japanese = describe(event)
        fields = vars(event)
        entries.append(HistoryEntry(
            version=event.originator_version, event_type=topic_of(event).rpartition(".")[2],
            recorded_at=event.timestamp, happened_at=happened_at(event),
            actor_id=fields.get("actor_id", "system"), actor_role=fields.get("actor_role", "system"),
            description_en=english, description_ja=japanese,
            data={k: v for k, v in fields.items() if k not in ENVELOPE}, changes=changed(before, after),
        ))
        before = after
    return entries
