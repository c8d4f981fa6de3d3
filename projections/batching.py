"""The views' datastore, which can hold one transaction open across many events (the host's
batches). A module of its own: the views and the host both use it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import groupby
from typing import Any

from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from psycopg import sql


class BatchingDatastore:
    """The views' datastore, which can hold one transaction open across many events.

    Outside a batch each view's transaction is its own, as the library makes it. Inside
    `batch()`, every view transaction is a cursor on the batch's one connection: every read
    model's rows and tracking positions for a run of events commit together, one commit where
    there were one per event per read model. Each read model's share is a savepoint: if any of
    its events fails, its share rolls back alone and the host goes over those events one
    savepoint each, so that the failure lands on its own event and the others go on."""

    def __init__(self, datastore: Any) -> None:
        self._datastore = datastore
        self._conn: Any = None
        self._deferred: list[dict[Any, Tracking]] = []  # per open batch level: view → its last position
        self._statements: list[list[tuple[str, Any]]] = []  # per open batch level: SQL views' statements, in order

    def __getattr__(self, name: str) -> Any:
        return getattr(self._datastore, name)

    @contextmanager
    def transaction(self, *, commit: bool = False) -> Iterator[Any]:
        """Inside a batch, `commit=False` (a read, or a test's forced rollback) does not roll back
        by itself: the batch's savepoint does, when the error that follows reaches it."""
        if self._conn is None:
            with self._datastore.transaction(commit=commit) as curs:
                yield curs
        else:
            yield self._conn.cursor()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction; within one already open, a savepoint (a read model's share of a batch,
        rolled back alone if it fails)."""
        if self._conn is not None:
            with self._conn.transaction():
                yield from self._deferring()
            return
        with self._datastore.get_connection() as conn, conn.pipeline(), conn.transaction():
            self._conn = conn  # pipelined: statements go out without waiting for each answer
            try:
                yield from self._deferring()
            finally:
                self._conn = None

    def _deferring(self) -> Iterator[None]:
        """When its batch level ends: the SQL views' statements, in their order, each run of one
        statement text sent at once (`executemany`); then each view's tracking position, its last."""
        deferred: dict[Any, Tracking] = {}
        statements: list[tuple[str, Any]] = []
        self._deferred.append(deferred)
        self._statements.append(statements)
        try:
            yield
            with self._conn.cursor() as curs:
                for text, run in groupby(statements, key=lambda statement: statement[0]):
                    curs.executemany(text, [params for _, params in run])
                for view, tracking in deferred.items():
                    view.write_tracking(curs, tracking)
        finally:
            self._statements.pop()
            self._deferred.pop()

    def defer_statements(self, statements: Sequence[tuple[str, Any]]) -> bool:
        """Keep a view's statements to run when the batch level ends; False outside a batch. Only
        for views that write and never read back within a share (SqlView)."""
        if not self._statements:
            return False
        self._statements[-1].extend(statements)
        return True

    @property
    def share(self) -> object | None:
        """The open batch level (a read model's share), as a token that is new for every level
        opened and every retry; None outside a batch. A view may keep what it wrote in a share
        for the rest of that share, and must forget it when the token changes (a share that failed
        rolled back what it wrote)."""
        return self._deferred[-1] if self._deferred else None

    def defer_tracking(self, view: Any, tracking: Tracking) -> bool:
        """Keep the view's position to write when the batch level ends; False outside a batch."""
        if not self._deferred:
            return False
        self._deferred[-1][view] = tracking
        return True


class BatchedView(PostgresTrackingRecorder):
    """A view whose tracking position, within a batch, is written once at the batch's end.

    That one write moves the position from where the share started (`moves_from`, set by the
    host) or fails: with one write per event, the library's "only forwards" rule refused an
    event applied twice; with one write for many, only a compare-and-set does (two runners of
    one read model overlapping, e.g. one whose lock connection died under load)."""

    moves_from: int | None = None

    def _insert_tracking(self, curs: Any, tracking: Tracking) -> None:
        if isinstance(self.datastore, BatchingDatastore) and self.datastore.defer_tracking(self, tracking):
            return
        super()._insert_tracking(curs, tracking)

    def write_tracking(self, curs: Any, tracking: Tracking) -> None:
        if self.moves_from is None:
            super()._insert_tracking(curs, tracking)
            return
        table = sql.Identifier(self.datastore.schema, self.tracking_table_name)
        if self.moves_from == 0:
            query = sql.SQL("INSERT INTO {} (application_name, notification_id) VALUES (%(app)s, %(to)s)"
                            " ON CONFLICT (application_name) DO NOTHING RETURNING notification_id").format(table)
        else:
            query = sql.SQL("UPDATE {} SET notification_id = %(to)s WHERE application_name = %(app)s"
                            " AND notification_id = %(from)s RETURNING notification_id").format(table)
        curs.execute(query, {"app": tracking.application_name, "to": tracking.notification_id, "from": self.moves_from})
        if curs.fetchone() is None:
            raise IntegrityError(f"{self.tracking_table_name} is no longer at {self.moves_from}: another runner moved it")
