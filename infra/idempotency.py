"""Looking up the first answer to an Idempotency-Key: the record it answered about, at its version,
and the position of the command's last event on any aggregate (as the first answer gave it)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from psycopg_pool import ConnectionPool


@dataclass(frozen=True)
class StoredAnswer:
    fingerprint: str
    aggregate_id: UUID
    version: int
    position: int | None


class IdempotencyStore:
    def __init__(self, pool: ConnectionPool) -> None:
        self.pool = pool

    def find(self, user_id: str, key: str) -> StoredAnswer | None:
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT k.fingerprint, k.originator_id, k.originator_version, e.notification_id + k.trailing_events"
                " FROM idempotency_keys k LEFT JOIN claims_events e"
                " ON e.originator_id = k.originator_id AND e.originator_version = k.originator_version"
                " WHERE k.user_id = %s AND k.idempotency_key = %s",
                (user_id, key),
            ).fetchone()
        return None if row is None else StoredAnswer(row[0], row[1], row[2], row[3])
