"""The course of the lawyer's matter on a case: engaged (受任, from the insurer's consent) →
negotiation (交渉) and/or litigation (訴訟) → concluded (終結) with an outcome: 示談, 訴訟提起, 判決,
取下げ or その他, each step with the Japan date it happened. Talks may follow a filed suit
(litigation → negotiation) and a suit may follow talks; nothing follows the conclusion.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.harassment.errors import MatterNotStarted, MatterStepNotAllowed
from domain.harassment.vocabulary import MatterOutcome, MatterStage
from domain.kernel.actors import Actor, Role
from domain.kernel.clock import require_date_not_after
from domain.kernel.errors import InvalidInput
from domain.kernel.inputs import optional_text

NEXT_STAGES: dict[str, frozenset[MatterStage]] = {
    MatterStage.ENGAGED: frozenset({MatterStage.NEGOTIATION, MatterStage.LITIGATION, MatterStage.CONCLUDED}),
    MatterStage.NEGOTIATION: frozenset({MatterStage.LITIGATION, MatterStage.CONCLUDED}),
    MatterStage.LITIGATION: frozenset({MatterStage.NEGOTIATION, MatterStage.CONCLUDED}),
    MatterStage.CONCLUDED: frozenset(),
}


@dataclass(frozen=True)
class MatterStepInput:
    stage: MatterStage | str
    occurred_on: date
    outcome: MatterOutcome | str | None = None
    note: str | None = None


@dataclass(frozen=True)
class MatterStep:
    stage: str
    occurred_on: date
    outcome: str | None
    note: str | None
    recorded_by: str


class MatterCourse:
    matter_stage: str | None
    matter_course: list[MatterStep]
    consent_date: date | None

    def record_matter_step(self, step: MatterStepInput, *, actor: Actor, now: datetime) -> None:
        actor.require(Role.ADJUSTER, command="recording the course of the lawyer's matter")
        self._require_open()  # type: ignore[attr-defined]
        if self.matter_stage is None or self.consent_date is None:
            raise MatterNotStarted("the matter starts with the insurer's consent to a lawyer", field="stage")
        stage = MatterStage.coerce(step.stage, "stage")
        if stage not in NEXT_STAGES[MatterStage(self.matter_stage)]:
            raise MatterStepNotAllowed(f"the matter is {self.matter_stage}: it cannot move to {stage.value}",
                                       field="stage", params={"from": MatterStage(self.matter_stage).ja,
                                                              "to": stage.ja})
        outcome = _outcome(stage, step.outcome)
        require_date_not_after(step.occurred_on, now, "occurred_on")
        if step.occurred_on < self.consent_date:
            raise InvalidInput(f"occurred_on may not precede the consent ({self.consent_date})", field="occurred_on",
                               reason="before_consent", params={"consent_date": self.consent_date})
        self._matter_step_recorded(stage=stage.value, occurred_on=step.occurred_on,
                                   outcome=outcome.value if outcome else None, note=optional_text(step.note),
                                   actor_id=actor.user_id, actor_role=actor.role.value)

    def _matter_step_recorded(self, **kwargs: Any) -> None: ...  # bound in case.py


def _outcome(stage: MatterStage, given: MatterOutcome | str | None) -> MatterOutcome | None:
    """A conclusion names its outcome; no other step has one."""
    if stage is MatterStage.CONCLUDED:
        if given in (None, ""):
            raise InvalidInput("a concluded matter names its outcome", field="outcome", reason="required")
        return MatterOutcome.coerce(given, "outcome")
    if given not in (None, ""):
        raise InvalidInput("only a concluded matter has an outcome", field="outcome", reason="not_for_this_stage")
    return None


def step_recorded(self: Any, stage: str, occurred_on: date, outcome: str | None, note: str | None, actor_id: str,
                  actor_role: str) -> None:
    self.matter_stage = stage
    self.matter_course.append(MatterStep(stage, occurred_on, outcome, note, actor_id))
