"""The claims application: one event log, one stable name, commands as load → decide → save."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import JSONTranscoder, RecordConflictError

from domain.actors import Actor
from domain.claim_case import CaseReport, ClaimCase
from domain.errors import CaseNotFound, ConcurrentModification, VersionMismatch
from domain.transcodings import DateAsISO

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Idempotency:
    """Recorded in the same transaction as the command's events; a replay is refused there."""

    user_id: str
    key: str
    fingerprint: str


@dataclass(frozen=True)
class CommandResult:
    case_id: UUID
    version: int
    position: int | None  # the log position of the last event recorded (None in memory)


def utc_now() -> datetime:
    return datetime.now(UTC)


class ClaimsApplication(Application[UUID]):
    name = "claims"  # stable: it names the event table (claims_events) and tracking rows

    def __init__(self, env: Any = None, clock: Callable[[], datetime] = utc_now) -> None:
        super().__init__(env)
        self.clock = clock

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # ---- commands -------------------------------------------------------------------------

    def report_case(
        self, report: CaseReport, actor: Actor, *, idempotency: Idempotency | None = None
    ) -> CommandResult:
        case = ClaimCase.report(report, actor, self.clock(), case_id=uuid4())
        return self._save(case, idempotency)

    def change_case(
        self,
        case_id: UUID,
        command: Callable[[ClaimCase, datetime], None],
        *,
        expected_version: int | None = None,
        idempotency: Idempotency | None = None,
    ) -> CommandResult:
        """Load, decide, save. A version conflict is retried by reloading, unless the caller
        named the version it expects (If-Match): then it is the caller's to resolve."""
        for _attempt in range(MAX_ATTEMPTS):
            case = self.get_case(case_id)
            if expected_version is not None and case.version != expected_version:
                raise VersionMismatch(
                    f"the case is at version {case.version}, not {expected_version}", field="If-Match"
                )
            command(case, self.clock())
            try:
                return self._save(case, idempotency)
            except RecordConflictError:
                if expected_version is not None:
                    raise VersionMismatch(
                        "the case changed while this command ran", field="If-Match"
                    ) from None
        raise ConcurrentModification(f"case {case_id} kept changing; try again")

    # ---- queries --------------------------------------------------------------------------

    def get_case(self, case_id: UUID, version: int | None = None) -> ClaimCase:
        try:
            case = self.repository.get(case_id, version=version)
        except AggregateNotFoundError:
            raise CaseNotFound(f"no case {case_id}", field="case_id") from None
        if not isinstance(case, ClaimCase):
            raise CaseNotFound(f"no case {case_id}", field="case_id")
        return case

    def case_history(self, case_id: UUID) -> list[DomainEventProtocol[UUID]]:
        events = list(self.events.get(case_id))
        if not events:
            raise CaseNotFound(f"no case {case_id}", field="case_id")
        return events

    def _save(self, case: ClaimCase, idempotency: Idempotency | None) -> CommandResult:
        recordings = self.save(case, idempotency=idempotency)
        position = recordings[-1].notification.id if recordings else None
        return CommandResult(case_id=case.id, version=case.version, position=position)
