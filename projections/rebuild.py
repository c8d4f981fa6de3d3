"""Rebuild one read model: empty its tables and tracking, replay the whole log into it.

It takes the read model's runner lock first, so no runner — in this process, the service or a
worker — writes to the tables while they are rebuilt; if one holds the lock, the rebuild refuses
and says so. Runners that were waiting take over once the rebuild releases the lock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from psycopg import sql

from domain.kernel.errors import DomainError
from infra.database import Database
from projections.registry import ReadModel
from projections.runner import replay, try_lock


class ReadModelInUse(DomainError):
    rule = "read_model_runner_active"
    status = "refused"


@dataclass(frozen=True)
class RebuildReport:
    name: str
    events: int
    seconds: float

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds else float("inf")


def empty(conn: psycopg.Connection, model: ReadModel) -> None:
    tables = sql.SQL(", ").join(sql.Identifier(t) for t in model.tables)
    conn.execute(sql.SQL("TRUNCATE {}").format(tables))
    conn.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(model.tracking_table)))


Progress = Callable[[int, int], None]


def rebuild(model: ReadModel, database: Database, progress: Progress = lambda done, head: None) -> RebuildReport:
    with psycopg.connect(database.conninfo, autocommit=True) as lock:
        if not try_lock(lock, model.name):
            raise ReadModelInUse(f"a runner of {model.name} is active (service or worker); stop it, then rebuild",
                                 field="name")
        with psycopg.connect(database.conninfo) as conn, conn.transaction():
            empty(conn, model)
        head = int(lock.execute("SELECT coalesce(max(notification_id), 0) FROM claims_events").fetchone()[0])
        started = time.perf_counter()
        replay(model, database, head, progress)
        return RebuildReport(model.name, head, time.perf_counter() - started)
