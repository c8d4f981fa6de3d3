"""Runs the projections in the background, in the service or in a worker process.

One host per process runs every read model it is given, in one thread, over one pass through
the log: each notification is read and decoded once and handed to each read model whose
tracking position is behind it. The host holds three connections whatever the number of read
models (one for the advisory locks and LISTEN, one to read the log, one for the views), where a
runner per read model held four or five each — nine read models in the service and nine in a
worker used to exhaust a server's hundred connections (decision 0023).

One runner per read model at a time, across every process: a host first takes a PostgreSQL
advisory lock named after each read model and runs it while it holds the lock; a read model
whose lock another process holds waits as a standby and is taken over when that lock is
released. A read model that fails on an event stops alone, loudly — a log line naming the read
model, the error's type and the log position after which it failed — and is taken up again
after a pause that grows while it keeps failing at the same place, from its own tracking
position, while the others go on. After STUCK_AFTER failures at one position it says it is
stuck (/health, metrics) until it gets past it. If the host's own connections fail (the
database is gone), every read model it runs counts a failure and the host starts again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from typing import Any

import psycopg
from eventsourcing.persistence import InfrastructureFactory, Tracking
from eventsourcing.utils import Environment
from psycopg import sql

from domain.application import ClaimsApplication
from infra.database import Database, use_quick_checks
from projections.batching import BatchingDatastore
from projections.registry import ReadModel
from projections.status import APPLICATION

log = logging.getLogger(__name__)
LOCK_CLASS = 0x434C4D  # "CLM": the advisory-lock namespace of read-model runners
STUCK_AFTER = 3  # failures at one position before the runner reports itself stuck
LONGEST_PAUSE = 30.0  # seconds between restarts, at most
BATCH = 200  # notifications read from the log at a time


def try_lock(conn: psycopg.Connection[Any], name: str) -> bool:
    row = conn.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", (LOCK_CLASS, name)).fetchone()
    return bool(row and row[0])


class ModelRunner:
    """One read model in a host: its state, as /health and the metrics show it."""

    def __init__(self, model: ReadModel, restart_delay: float) -> None:
        self.model = model
        self.restart_delay = restart_delay
        self.restarts = 0
        self.last_error: str | None = None
        self.failing_after: int | None = None  # the log position after which it last failed
        self.failures_there = 0  # consecutive failures after that position
        self.state = "starting"  # starting · standby (another process runs it) · running · stuck · stopped
        self.locked = False
        self.position = 0  # the last notification it has tracked (valid while locked)
        self.due = 0.0  # monotonic time before which a failed runner waits
        self.projection: Any = None

    @property
    def name(self) -> str:
        return self.model.name

    @property
    def stuck(self) -> bool:
        """It keeps failing on one event: an operator must look (the log names the position)."""
        return self.failures_there >= STUCK_AFTER

    @property
    def active(self) -> bool:
        return self.locked and self.projection is not None and time.monotonic() >= self.due

    def failed(self, error: BaseException) -> None:
        self.restarts += 1
        self.last_error = type(error).__name__  # never the message: it may quote an event's values
        if self.position == self.failing_after:
            self.failures_there += 1
        else:
            self.failing_after, self.failures_there = self.position, 1
        pause = min(self.restart_delay * 2 ** (self.failures_there - 1), LONGEST_PAUSE)
        self.due = time.monotonic() + pause
        self.projection = None  # taken up again from its tracking position
        self.state = "stuck" if self.stuck else "running"
        log.error("projection %s failed with %s on the event after log position %s (%d time(s) there)%s;"
                  " restarting in %.1fs", self.name, self.last_error, self.failing_after, self.failures_there,
                  " — STUCK" if self.stuck else "", pause)

    def moved_on(self) -> None:
        """Past the event it failed on: no longer stuck."""
        if self.failing_after is not None and self.position > self.failing_after:
            self.failing_after, self.failures_there, self.state = None, 0, "running"


class ProjectionHost:
    def __init__(self, models: list[ReadModel], database: Database, restart_delay: float = 1.0,
                 batch: int = BATCH) -> None:
        self.database = database
        self.restart_delay = restart_delay
        self.batch = batch
        self.runners = [ModelRunner(model, restart_delay) for model in models]
        if len({r.name for r in self.runners}) != len(self.runners):
            raise ValueError("a host runs each read model once")
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._supervise, name="projections", daemon=True)

    def start(self) -> ProjectionHost:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=30)  # a batch in hand is finished and committed first
        if self._thread.is_alive():
            log.error("projections host did not stop within 30s")
            return
        for runner in self.runners:
            runner.state = "stopped"

    def _supervise(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            try:
                self._run_once()
                failures = 0
            except Exception as error:  # the host's own connections: every read model starts again
                failures += 1
                pause = min(self.restart_delay * 2 ** (failures - 1), LONGEST_PAUSE)
                log.error("projections host failed with %s; restarting in %.1fs", type(error).__name__, pause)
                self._stopping.wait(pause)

    def _run_once(self) -> None:
        env = self.database.eventsourcing_env(pool_size=1, max_overflow=0)
        with psycopg.connect(self.database.conninfo, autocommit=True) as control:
            app = ClaimsApplication(env=env)
            use_quick_checks(app)
            factory = InfrastructureFactory.construct(env=Environment("views", env))
            views = BatchingDatastore(factory.datastore)  # type: ignore[attr-defined]
            try:
                channel = app.recorder.channel_name  # type: ignore[attr-defined]
                control.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
                self._loop(control, app, views)
            except Exception as error:
                for runner in self.runners:
                    if runner.locked:
                        runner.failed(error)  # counted, and named on /health, before the locks go
                raise
            finally:
                for runner in self.runners:
                    runner.locked, runner.projection = False, None
                factory.close()
                app.close()

    def _loop(self, control: psycopg.Connection[Any], app: ClaimsApplication, views: BatchingDatastore) -> None:
        cursor: int | None = None
        next_try = 0.0
        while not self._stopping.is_set():
            if time.monotonic() >= next_try:  # take the locks that have come free
                next_try = time.monotonic() + self.restart_delay
                for runner in self.runners:
                    if not runner.locked:
                        runner.locked = try_lock(control, runner.name)
                        runner.state = "standby" if not runner.locked else runner.state
            for runner in self.runners:  # running read models without a projection: (re)start them
                if runner.locked and runner.projection is None and time.monotonic() >= runner.due:
                    view = runner.model.view(datastore=views, tracking_table_name=runner.model.tracking_table)
                    runner.projection = runner.model.projection(view=view)
                    runner.position = view.max_tracking_id(APPLICATION) or 0
                    runner.state = "stuck" if runner.stuck else "running"
                    cursor = None  # read again from the furthest behind
            active = [r for r in self.runners if r.active]
            if not active:
                self._stopping.wait(min(self.restart_delay, 0.2))
                continue
            behind = min(r.position for r in active)
            cursor = behind if cursor is None else min(cursor, behind)
            notifications = app.recorder.select_notifications(cursor, self.batch, inclusive_of_start=False)
            if not notifications:
                for _ in control.notifies(timeout=0.2, stop_after=1):
                    pass  # a new event was stored: read again
                control.execute("SELECT 1")  # the locks live with this connection: fail if it is gone
                continue
            events, undecodable = decoded(app, notifications)
            with views.batch():  # one commit for every read model's share of these events
                for runner in active:
                    process(runner, events, views)
            if undecodable is not None:  # every read model behind it stops there, counted and named
                for runner in active:
                    if runner.projection is not None and runner.position < undecodable[0]:
                        runner.failed(undecodable[1])
                cursor = None
                continue
            control.execute("SELECT 1")  # the locks are still held (the connection is alive)
            cursor = notifications[-1].id


def decoded(app: ClaimsApplication, notifications: Sequence[Any]
            ) -> tuple[list[tuple[Any, Tracking]], tuple[int, Exception] | None]:
    """The events up to the first that cannot be read (unknown topic, wrong key), and that one."""
    events = []
    for n in notifications:
        try:
            events.append((app.mapper.to_domain_event(n), Tracking(application_name=APPLICATION, notification_id=n.id)))
        except Exception as error:
            return events, (n.id, error)
    return events, None


def process(runner: ModelRunner, events: Sequence[tuple[Any, Tracking]], views: BatchingDatastore) -> None:
    """Hand one read model the events it has not tracked yet: all in one savepoint (or
    transaction) when it can, else one event at a time, so that a failure is counted on its own
    event."""
    todo = [(event, tracking) for event, tracking in events if tracking.notification_id > runner.position]
    if not todo:
        return
    view = runner.projection.view
    if len(todo) > 1:
        try:
            with views.batch():
                view.moves_from = runner.position
                for event, tracking in todo:
                    runner.projection.process_event(event, tracking)
        except Exception:  # noqa: S110 — rolled back whole: go over the same events one at a time
            pass
        else:
            runner.position = todo[-1][1].notification_id
            runner.moved_on()
            return
    for event, tracking in todo:
        try:
            with views.batch():
                view.moves_from = runner.position
                runner.projection.process_event(event, tracking)
        except Exception as error:
            runner.failed(error)
            return
        runner.position = tracking.notification_id
        runner.moved_on()


def replay(model: ReadModel, database: Database, head: int, progress: Any = lambda done, head: None) -> None:
    """Run one read model up to the log position `head`, in batches, in this thread; its lock is
    the caller's to hold (a rebuild)."""
    env = database.eventsourcing_env(pool_size=1, max_overflow=0)
    app = ClaimsApplication(env=env)
    use_quick_checks(app)
    factory = InfrastructureFactory.construct(env=Environment("views", env))
    try:
        views = BatchingDatastore(factory.datastore)  # type: ignore[attr-defined]
        runner = ModelRunner(model, restart_delay=0)
        view = model.view(datastore=views, tracking_table_name=model.tracking_table)
        runner.projection = model.projection(view=view)
        runner.position = view.max_tracking_id(APPLICATION) or 0
        while runner.position < head:
            notifications = app.recorder.select_notifications(runner.position, BATCH, stop=head,
                                                              inclusive_of_start=False)
            if not notifications:
                break
            events, undecodable = decoded(app, notifications)
            if undecodable is not None:
                raise undecodable[1]
            process(runner, events, views)
            if runner.last_error is not None:
                raise RuntimeError(f"{model.name} failed on the event after log position {runner.failing_after}"
                                   f" ({runner.last_error}); the rebuild stops there")
            progress(runner.position, head)
    finally:
        factory.close()  # type: ignore[attr-defined]
        app.close()


class SupervisedProjection(ProjectionHost):
    """A host of one read model, with that read model's state as its own (tests, rebuilds)."""

    def __init__(self, model: ReadModel, database: Database, restart_delay: float = 1.0) -> None:
        super().__init__([model], database, restart_delay)
        self.runner = self.runners[0]

    def start(self) -> SupervisedProjection:
        super().start()
        return self

    name = property(lambda self: self.runner.name)
    state = property(lambda self: self.runner.state)
    restarts = property(lambda self: self.runner.restarts)
    last_error = property(lambda self: self.runner.last_error)
    failing_after = property(lambda self: self.runner.failing_after)
    failures_there = property(lambda self: self.runner.failures_there)
    stuck = property(lambda self: self.runner.stuck)
