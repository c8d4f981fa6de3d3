"""The views' datastore, which can hold one transaction open across many events (the host's
batches). A module of its own: the views and the host both use it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresTrackingRecorder


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

    def __getattr__(self, name: str) -> Any:
        return getattr(self._datastore, name)

    @contextmanager
    def transaction(self, *, commit: bool = False) -> Iterator[Any]:
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
        """A view's tracking position is written once, its last, when its batch level ends."""
        deferred: dict[Any, Tracking] = {}
        self._deferred.append(deferred)
        try:
            yield
            with self._conn.cursor() as curs:
                for view, tracking in deferred.items():
                    view.write_tracking(curs, tracking)
        finally:
            self._deferred.pop()

    def defer_tracking(self, view: Any, tracking: Tracking) -> bool:
        """Keep the view's position to write when the batch level ends; False outside a batch."""
        if not self._deferred:
            return False
        self._deferred[-1][view] = tracking
        return True


class BatchedView(PostgresTrackingRecorder):
    """A view whose tracking position, within a batch, is written once at the batch's end."""

    def _insert_tracking(self, curs: Any, tracking: Tracking) -> None:
        if isinstance(self.datastore, BatchingDatastore) and self.datastore.defer_tracking(self, tracking):
            return
        super()._insert_tracking(curs, tracking)

    def write_tracking(self, curs: Any, tracking: Tracking) -> None:
        super()._insert_tracking(curs, tracking)
