"""Runs a projection in the background, in the service or in a worker process.

One runner per read model at a time, across every process: a runner first takes a PostgreSQL
advisory lock named after its read model and holds it while it runs; another waits as a standby.
An error stops the runner loudly — a log line naming the read model, the error's type and the log
position after which it failed — and the supervisor starts it again after a pause that grows
while it keeps failing at the same place; tracking makes the restart resume exactly where it
stopped. After STUCK_AFTER failures at one position the runner says it is stuck (/health,
metrics) until it gets past it.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import psycopg
from eventsourcing.projection import ProjectionRunner
from psycopg import sql

from domain.application import ClaimsApplication
from infra.database import Database
from projections.registry import ReadModel

log = logging.getLogger(__name__)
LOCK_CLASS = 0x434C4D  # "CLM": the advisory-lock namespace of read-model runners
STUCK_AFTER = 3  # failures at one position before the runner reports itself stuck
LONGEST_PAUSE = 30.0  # seconds between restarts, at most


def try_lock(conn: psycopg.Connection[Any], name: str) -> bool:
    row = conn.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", (LOCK_CLASS, name)).fetchone()
    return bool(row and row[0])


class SupervisedProjection:
    def __init__(self, model: ReadModel, database: Database, restart_delay: float = 1.0) -> None:
        self.model = model
        self.database = database
        self.restart_delay = restart_delay
        self.restarts = 0
        self.last_error: str | None = None
        self.failing_after: int | None = None  # the log position after which it last failed
        self.failures_there = 0  # consecutive failures after that position
        self.state = "starting"  # starting · standby (another process runs it) · running · stopped
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._supervise, name=f"projection-{model.name}", daemon=True)

    @property
    def name(self) -> str:
        return self.model.name

    def start(self) -> SupervisedProjection:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=10)
        self.state = "stopped"

    @property
    def stuck(self) -> bool:
        """It keeps failing on one event: an operator must look (the log names the position)."""
        return self.failures_there >= STUCK_AFTER

    def _supervise(self) -> None:
        while not self._stopping.is_set():
            try:
                self._run_once()
            except Exception as error:
                self._failed(error)
                pause = min(self.restart_delay * 2 ** (self.failures_there - 1), LONGEST_PAUSE)
                log.error("projection %s failed with %s on the event after log position %s (%d time(s) there)%s;"
                          " restarting in %.1fs", self.name, self.last_error, self.failing_after, self.failures_there,
                          " — STUCK" if self.stuck else "", pause)
                self._stopping.wait(pause)

    def _failed(self, error: Exception) -> None:
        self.restarts += 1
        self.last_error = type(error).__name__  # never the message: it may quote an event's values
        position = self._position()
        if position is not None and position == self.failing_after:
            self.failures_there += 1
        else:
            self.failing_after, self.failures_there = position, 1
        if self.stuck:
            self.state = "stuck"

    def _position(self) -> int | None:
        try:
            with psycopg.connect(self.database.conninfo, connect_timeout=5) as conn:
                query = sql.SQL("SELECT coalesce(max(notification_id), 0) FROM {} WHERE application_name = %s")
                row = conn.execute(query.format(sql.Identifier(self.model.tracking_table)), ("claims",)).fetchone()
            return int(row[0]) if row else 0
        except psycopg.Error:
            return None

    def _run_once(self) -> None:
        with psycopg.connect(self.database.conninfo, autocommit=True) as lock:
            while not try_lock(lock, self.name):
                self.state = "standby"
                if self._stopping.wait(self.restart_delay):
                    return
            env = self.database.eventsourcing_env(pool_size=1, max_overflow=1)
            with ProjectionRunner(application_class=ClaimsApplication, projection_class=self.model.projection,
                                  view_class=self.model.view, env=env) as runner:
                self.state = "stuck" if self.stuck else "running"
                beats = 0
                while not self._stopping.is_set():
                    runner.run_forever(timeout=0.1)
                    beats += 1
                    if beats % 10 == 0:
                        lock.execute("SELECT 1")  # the lock lives with this connection: fail if it is gone
                        self._check_progress()

    def _check_progress(self) -> None:
        """Past the event it failed on: no longer stuck."""
        if self.failing_after is not None:
            position = self._position()
            if position is not None and position > self.failing_after:
                self.failing_after, self.failures_there, self.state = None, 0, "running"
