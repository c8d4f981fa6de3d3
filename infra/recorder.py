"""The event recorder: the library's PostgreSQL recorder, plus the idempotency key written in
the same transaction as the events, so a retried request can never record twice; a user change's
row in the users table, so a user and the record of their change never disagree (decision 0017);
and the events' hash-chain links (infra/chain.py), so no event commits without its link."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg import Cursor, errors
from psycopg.rows import DictRow

from domain.accounts.directory import DirectoryChange
from domain.application import Idempotency
from domain.kernel.errors import IdempotencyKeyReused
from infra.chain import append_links
from infra.users import apply_directory_change

INSERT_IDEMPOTENCY = (
    "INSERT INTO idempotency_keys (user_id, idempotency_key, fingerprint, originator_id, originator_version,"
    " trailing_events) VALUES (%s, %s, %s, %s, %s, %s)"
)
# Fails the transaction on purpose: the library catches a hook's exception and leaves its transaction
# block normally, which commits the events unless the transaction has failed on the server already.
ABORT_TRANSACTION = "DO $$ BEGIN RAISE EXCEPTION 'event chain links were not appended'; END $$"


class ClaimsRecorder(PostgresApplicationRecorder):
    def _insert_events(self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        super()._insert_events(curs, stored_events, **kwargs)
        directory_change: DirectoryChange | None = kwargs.get("directory_change")
        if directory_change is not None and stored_events:
            apply_directory_change(curs, directory_change)
        idempotency: Idempotency | None = kwargs.get("idempotency")
        if idempotency is None or not stored_events:
            return
        answering = [e for e in stored_events if e.originator_id == idempotency.subject_id] or stored_events
        last = answering[-1]
        trailing = len(stored_events) - 1 - list(stored_events).index(last)  # the command's events after it
        try:
            # A nested pipeline block syncs on exit, so a duplicate key fails here, before the
            # events are sent, and the whole transaction rolls back.
            with curs.connection.pipeline():
                curs.execute(
                    INSERT_IDEMPOTENCY,
                    (idempotency.user_id, idempotency.key, idempotency.fingerprint,
                     last.originator_id, last.originator_version, trailing),
                )
        except errors.UniqueViolation:
            raise IdempotencyKeyReused("this Idempotency-Key was used already", field="Idempotency-Key") from None

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        # Called inside the insert transaction, under the events table lock, once the ids are known.
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        try:
            rows = [(i, e.originator_id, e.originator_version, e.topic, e.state)
                    for i, e in zip(ids or (), stored_events, strict=True)]
            append_links(curs, rows)  # not synced here: a database error in it fails the commit
        except BaseException:
            _abort(curs)
            raise
        return ids


def _abort(curs: Cursor[DictRow]) -> None:
    """Leave the transaction failed, so the library's commit rolls the events back."""
    try:
        with curs.connection.pipeline():
            curs.execute(ABORT_TRANSACTION)
    except errors.Error:
        pass  # failed already, or failed now: either way nothing commits
