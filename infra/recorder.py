"""The event recorder: the library's PostgreSQL recorder, plus the idempotency key written in
the same transaction as the events, so a retried request can never record twice."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg import Cursor, errors
from psycopg.rows import DictRow

from domain.application import Idempotency
from domain.errors import IdempotencyKeyReused

INSERT_IDEMPOTENCY = (
    "INSERT INTO idempotency_keys (user_id, idempotency_key, fingerprint, originator_id, originator_version)"
    " VALUES (%s, %s, %s, %s, %s)"
)


class ClaimsRecorder(PostgresApplicationRecorder):
    def _insert_events(self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        super()._insert_events(curs, stored_events, **kwargs)
        idempotency: Idempotency | None = kwargs.get("idempotency")
        if idempotency is None or not stored_events:
            return
        answering = [e for e in stored_events if e.originator_id == idempotency.subject_id] or stored_events
        last = answering[-1]
        try:
            # A nested pipeline block syncs on exit, so a duplicate key fails here, before the
            # events are sent, and the whole transaction rolls back.
            with curs.connection.pipeline():
                curs.execute(
                    INSERT_IDEMPOTENCY,
                    (idempotency.user_id, idempotency.key, idempotency.fingerprint,
                     last.originator_id, last.originator_version),
                )
        except errors.UniqueViolation:
            raise IdempotencyKeyReused("this Idempotency-Key was used already", field="Idempotency-Key") from None
