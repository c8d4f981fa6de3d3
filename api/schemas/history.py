"""An event as the history shows it: who, when, what."""

from __future__ import annotations

from typing import Any

from api.schemas.cases import HistoryEntryOut

ENVELOPE = {"originator_id", "originator_version", "timestamp", "originator_topic", "actor_id", "actor_role"}


def history_entry(event: Any) -> HistoryEntryOut:
    fields = vars(event)
    return HistoryEntryOut(
        version=event.originator_version,
        event_type=type(event).__name__,
        recorded_at=event.timestamp,
        actor_id=fields["actor_id"],
        actor_role=fields["actor_role"],
        data={k: v for k, v in fields.items() if k not in ENVELOPE},
    )
