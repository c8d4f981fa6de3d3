"""A view that applies a projection's SQL statements and its tracking position in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eventsourcing.persistence import Tracking

from projections.batching import BatchedView, BatchingDatastore

Statement = tuple[str, Mapping[str, Any]]


class SqlView(BatchedView):
    def apply(self, tracking: Tracking, *statements: Statement) -> None:
        """Run the statements, then record the position; all or nothing. No statements: an event
        the projection ignores, whose position still moves on. In a batch the statements wait for
        the end of the batch level, and go out with the others of their kind at once."""
        if isinstance(self.datastore, BatchingDatastore) and self.datastore.defer_statements(statements):
            self._insert_tracking(None, tracking)  # deferred too, to after the statements
            return
        with self.datastore.transaction(commit=True) as curs:
            for sql, params in statements:
                curs.execute(sql, params)  # type: ignore[arg-type]  # fixed SQL text, bound values
            self._insert_tracking(curs, tracking)
