"""The event recorder: the library's PostgreSQL recorder, plus the idempotency key written in
the same transaction as the events."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg import Cursor
from psycopg.rows import DictRow

from domain.application import Idempotency
from domain.errors import IdempotencyKeyReused

IDEMPOTENCY_CONSTRAINT = "idempotency_keys_pkey"
INSERT_IDEMPOTENCY = (
    "INSERT INTO idempotency_keys (user_id, idempotency_key, fingerprint, originator_id, originator_version)"
    " VALUES (%s, %s, %s, %s, %s)"
)


class ClaimsRecorder(PostgresApplicationRecorder):
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        try:
            return super().insert_events(stored_events, **kwargs)
        except IntegrityError as error:
            if kwargs.get("idempotency") is not None and IDEMPOTENCY_CONSTRAINT in str(error):
                raise IdempotencyKeyReused("this Idempotency-Key was used already", field="Idempotency-Key") from None
            raise

    def _insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        super()._insert_events(curs, stored_events, **kwargs)
        idempotency: Idempotency | None = kwargs.get("idempotency")
        if idempotency is not None and stored_events:
            last = stored_events[-1]
            curs.execute(
                INSERT_IDEMPOTENCY,
                (idempotency.user_id, idempotency.key, idempotency.fingerprint, last.originator_id, last.originator_version),
            )
