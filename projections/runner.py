"""Runs a projection in the background. An error stops it loudly (logged), and the supervisor
starts it again after a pause; tracking makes the restart resume exactly where it stopped."""

from __future__ import annotations

import logging
import threading
from typing import Any

from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner

from domain.application import ClaimsApplication
from domain.errors import DomainError, InvalidInput

log = logging.getLogger(__name__)


class ReadModelBehind(DomainError):
    rule = "read_model_behind"
    status = "unavailable"


class SupervisedProjection:
    def __init__(
        self,
        projection_class: type[Projection[Any]],
        view_class: type[PostgresTrackingRecorder],
        env: dict[str, str],
        restart_delay: float = 1.0,
    ) -> None:
        self.projection_class = projection_class
        self.view_class = view_class
        self.env = env
        self.restart_delay = restart_delay
        self.restarts = 0
        self.last_error: str | None = None
        self._runner: ProjectionRunner[Any, Any] | None = None
        self._ready = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._supervise, name=f"projection-{projection_class.name}", daemon=True)

    @property
    def name(self) -> str:
        return self.projection_class.name

    def start(self) -> SupervisedProjection:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=10)

    def position(self) -> int:
        self._ready.wait(timeout=10)
        runner = self._runner
        if runner is None:
            return 0
        return runner.view.max_tracking_id(ClaimsApplication.name) or 0

    def wait_for(self, position: int | None, timeout: float, head: int) -> None:
        """Read-your-writes: block until this read model has processed `position`."""
        if position is None:
            return
        if position > head:
            raise InvalidInput(f"position {position} is beyond the log's head ({head})", field="position")
        self._ready.wait(timeout=timeout)
        runner = self._runner
        try:
            if runner is None:
                raise TimeoutError
            runner.view.wait(ClaimsApplication.name, position, timeout=timeout)
        except TimeoutError:
            raise ReadModelBehind(
                f"the {self.name} read model has not reached log position {position} within {timeout:g}s; "
                "retry shortly",
                field="position",
            ) from None

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
        with ProjectionRunner(
            application_class=ClaimsApplication,
            projection_class=self.projection_class,
            view_class=self.view_class,
            env=self.env,
        ) as runner:
            self._runner = runner
            self._ready.set()
            while not self._stopping.is_set():
                runner.run_forever(timeout=0.5)
