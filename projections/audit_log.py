"""Read model `audit_log`: one row per event of every aggregate — who, in which role, when it
was recorded and when the fact happened, what kind of event, and a short description (EN/JA).
Events of the registers are the system's own bookkeeping: their actor is `system`."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from domain.descriptions import describe, happened_at, topic_of
from projections.sql_view import SqlView

INSERT = (
    "INSERT INTO audit_log (position, recorded_at, happened_at, actor_id, actor_role, aggregate_type, aggregate_id,"
    " aggregate_version, event_type, description_en, description_ja)"
    " VALUES (%(position)s, %(recorded_at)s, %(happened_at)s, %(actor_id)s, %(actor_role)s, %(aggregate_type)s,"
    " %(aggregate_id)s, %(aggregate_version)s, %(event_type)s, %(description_en)s, %(description_ja)s)"
)
def audit_row(event: Any, position: int) -> dict[str, Any]:
    aggregate_type, _, event_type = topic_of(event).removeprefix("claims:").partition(".")
    english, japanese = describe(event)
    return {
        "position": position, "recorded_at": event.timestamp, "happened_at": happened_at(event),
        "actor_id": getattr(event, "actor_id", "system"), "actor_role": getattr(event, "actor_role", "system"),
        "aggregate_type": aggregate_type, "aggregate_id": event.originator_id,
        "aggregate_version": event.originator_version, "event_type": event_type,
        "description_en": english, "description_ja": japanese,
    }


class AuditLogProjection(Projection[SqlView]):
    name = "audit_log"

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking, (INSERT, audit_row(domain_event, tracking.notification_id)))
