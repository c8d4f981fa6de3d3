"""Runs a projection in the background, in the service or in a worker process.

One runner per read model at a time, across every process: a runner first takes a PostgreSQL
advisory lock named after its read model and holds it while it runs; another waits as a standby.
An error stops the runner loudly (logged), and the supervisor starts it again after a pause;
tracking makes the restart resume exactly where it stopped.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import psycopg
from eventsourcing.projection import ProjectionRunner

from domain.application import ClaimsApplication
from infra.database import Database
from projections.registry import ReadModel

log = logging.getLogger(__name__)
LOCK_CLASS = 0x434C4D  # "CLM": the advisory-lock namespace of read-model runners


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

    def _supervise(self) -> None:
        while not self._stopping.is_set():
            try:
                self._run_once()
            except Exception as error:
                self.restarts += 1
                self.last_error = type(error).__name__
                log.error("projection %s stopped on %s; restarting in %.1fs", self.name, self.last_error, self.restart_delay)
                self._stopping.wait(self.restart_delay)

    def _run_once(self) -> None:
        with psycopg.connect(self.database.conninfo, autocommit=True) as lock:
            while not try_lock(lock, self.name):
                self.state = "standby"
                if self._stopping.wait(self.restart_delay):
                    return
            env = self.database.eventsourcing_env(pool_size=1, max_overflow=1)
            with ProjectionRunner(application_class=ClaimsApplication, projection_class=self.model.projection,
                                  view_class=self.model.view, env=env) as runner:
                self.state = "running"
                beats = 0
                while not self._stopping.is_set():
                    runner.run_forever(timeout=0.1)
                    beats += 1
                    if beats % 10 == 0:
                        lock.execute("SELECT 1")  # the lock lives with this connection: fail if it is gone
