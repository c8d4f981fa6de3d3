"""An activity of the diary (an adjuster's or the concierge's to-do with a due date), event-sourced.

Opened by a person (a follow-up they plan) or by the system, as a consequence of what a claim
recorded: the system's carry a `basis` (why that due date) and a deterministic id, so that the
command that completes them can find them again. Done once, with a note; reassigned or
rescheduled with a reason. Due dates are Japan dates; overdue means its due date has passed in Japan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.diary.errors import ActivityAlreadyDone, NotYourActivity
from domain.diary.vocabulary import ActivityKind, ActivityStatus
from domain.kernel.actors import Actor, Role
from domain.kernel.clock import EARLIEST_DAY, LATEST_DAY, japan_date
from domain.kernel.errors import InvalidInput
from domain.kernel.inputs import optional_text, require_text

DIARY_NAMESPACE = UUID("0d1a2e3b-7c1f-4d7e-9a55-2c6f0e1b8d40")  # fixed: the system's activity ids derive from it
WORKERS = (Role.CONCIERGE, Role.ADJUSTER)
LONGEST_SUBJECT = 200


def system_activity_id(claim_id: UUID | str, kind: ActivityKind, key: str = "") -> UUID:
    """The id of the activity the system opens for a claim, e.g. (case, bill_decision, "INV-1")."""
    return uuid5(DIARY_NAMESPACE, f"{claim_id}/{ActivityKind(kind).value}/{key}")


@dataclass(frozen=True)
class Assignee:
    """A person (user id) or everyone of a role; a person is always of a role too."""

    role: Role
    user_id: str | None = None

    def covers(self, actor: Actor) -> bool:
        return actor.user_id == self.user_id if self.user_id else actor.role == self.role


@dataclass(frozen=True)
class ActivityInput:
    subject: str
    due_on: date
    assignee: Assignee
    claim_id: str | None = None
    claim_kind: str | None = None  # "case" or "incident"


def check_due(due_on: object, field: str = "due_on") -> date:
    if not isinstance(due_on, date) or isinstance(due_on, datetime):
        raise InvalidInput(f"{field} must be a date", field=field, reason="not_a_date")
    if not EARLIEST_DAY <= due_on <= LATEST_DAY:
        raise InvalidInput(f"{field} must lie between {EARLIEST_DAY} and {LATEST_DAY}", field=field,
                           reason="out_of_range", params={"earliest": EARLIEST_DAY, "latest": LATEST_DAY})
    return due_on


class Activity(Aggregate):
    TOPIC = "claims:Activity"

    class Created(Aggregate.Created):
        TOPIC = "claims:Activity.Created"

    # ---- commands -------------------------------------------------------------------------

    @classmethod
    def plan(cls, planned: ActivityInput, *, actor: Actor, now: datetime, activity_id: UUID) -> Activity:
        """A follow-up a person plans: on a claim or not; not in the past."""
        actor.require(*WORKERS, command="planning an activity")
        subject = require_text(planned.subject, "subject")
        if len(subject) > LONGEST_SUBJECT:
            raise InvalidInput(f"a subject holds at most {LONGEST_SUBJECT} characters", field="subject",
                               reason="too_long", params={"maximum": LONGEST_SUBJECT})
        due = check_due(planned.due_on)
        if due < japan_date(now):
            raise InvalidInput("due_on may not be in the past", field="due_on", reason="in_the_past")
        Role.coerce(planned.assignee.role, "assignee_role")
        return cls(id=activity_id, claim_id=planned.claim_id, claim_kind=planned.claim_kind,
                   kind=ActivityKind.FOLLOW_UP.value, subject=subject, due_on=due,
                   assignee_role=Role(planned.assignee.role).value, assignee_user=optional_text(planned.assignee.user_id),
                   basis=None, automatic=False, actor_id=actor.user_id, actor_role=actor.role.value)

    @classmethod
    def open_for(cls, claim_id: UUID, claim_kind: str, kind: ActivityKind, key: str, *, subject: str, due_on: date,
                 assignee: Assignee, basis: str, actor: Actor) -> Activity:
        """An activity the system opens because of what a claim recorded (by `actor`'s command)."""
        return cls(id=system_activity_id(claim_id, kind, key), claim_id=str(claim_id), claim_kind=claim_kind,
                   kind=kind.value, subject=subject, due_on=due_on, assignee_role=assignee.role.value,
                   assignee_user=assignee.user_id, basis=basis, automatic=True, actor_id=actor.user_id,
                   actor_role=actor.role.value)

    def complete(self, *, note: str, actor: Actor, automatic: bool = False) -> None:
        if not automatic:
            self._require_may_work(actor, "completing an activity")
        self._require_open()
        self._done(note=require_text(note, "note"), automatic=automatic, actor_id=actor.user_id,
                   actor_role=actor.role.value)

    def reassign(self, assignee: Assignee, *, reason: str, actor: Actor) -> None:
        self._require_may_work(actor, "reassigning an activity")
        self._require_open()
        role = Role.coerce(assignee.role, "assignee_role")
        if role not in WORKERS:
            raise InvalidInput("an activity is assigned to a concierge or an adjuster", field="assignee_role",
                               reason="not_a_choice")
        self._reassigned(assignee_role=role.value, assignee_user=optional_text(assignee.user_id),
                         reason=require_text(reason, "reason"), actor_id=actor.user_id, actor_role=actor.role.value)

    def reschedule(self, due_on: date, *, reason: str, actor: Actor, now: datetime) -> None:
        self._require_may_work(actor, "rescheduling an activity")
        self._require_open()
        due = check_due(due_on)
        if due < japan_date(now):
            raise InvalidInput("due_on may not be in the past", field="due_on", reason="in_the_past")
        self._rescheduled(due_on=due, reason=require_text(reason, "reason"), actor_id=actor.user_id,
                          actor_role=actor.role.value)

    # ---- derived --------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.status == ActivityStatus.OPEN

    def overdue_on(self, today: date) -> bool:
        return self.is_open and self.due_on < today

    def _require_open(self) -> None:
        if not self.is_open:
            raise ActivityAlreadyDone("this activity is already done", field="status")

    def _require_may_work(self, actor: Actor, command: str) -> None:
        actor.require(*WORKERS, command=command)
        assignee = Assignee(Role(self.assignee_role), self.assignee_user)
        if not (assignee.covers(actor) or actor.role == Role.ADJUSTER):
            raise NotYourActivity(f"this activity is {self.assignee_user or self.assignee_role}'s", field="assignee",
                                  params={"assignee": self.assignee_user or Role(self.assignee_role).ja})

    # ---- events: record only --------------------------------------------------------------

    class Opened(Aggregate.Created):
        TOPIC = "claims:Activity.Opened"
        claim_id: str | None
        claim_kind: str | None
        kind: str
        subject: str
        due_on: date
        assignee_role: str
        assignee_user: str | None
        basis: str | None
        automatic: bool
        actor_id: str
        actor_role: str

    @event(Opened)
    def __init__(self, id: Any, claim_id: str | None, claim_kind: str | None, kind: str, subject: str, due_on: date,
                 assignee_role: str, assignee_user: str | None, basis: str | None, automatic: bool, actor_id: str,
                 actor_role: str) -> None:
        self.claim_id = claim_id
        self.claim_kind = claim_kind
        self.kind = kind
        self.subject = subject
        self.due_on = due_on
        self.assignee_role = assignee_role
        self.assignee_user = assignee_user
        self.basis = basis
        self.automatic = automatic
        self.opened_by = actor_id
        self.status = ActivityStatus.OPEN.value
        self.done_note: str | None = None
        self.done_by: str | None = None

    @event("Done", topic="claims:Activity.Done")
    def _done(self, note: str, automatic: bool, actor_id: str, actor_role: str) -> None:
        self.status = ActivityStatus.DONE.value
        self.done_note = note
        self.done_by = actor_id

    @event("Reassigned", topic="claims:Activity.Reassigned")
    def _reassigned(self, assignee_role: str, assignee_user: str | None, reason: str, actor_id: str,
                    actor_role: str) -> None:
        self.assignee_role = assignee_role
        self.assignee_user = assignee_user

    @event("Rescheduled", topic="claims:Activity.Rescheduled")
    def _rescheduled(self, due_on: date, reason: str, actor_id: str, actor_role: str) -> None:
        self.due_on = due_on
