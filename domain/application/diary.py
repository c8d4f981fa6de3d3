"""The diary's commands, and the activities the system opens and completes by itself.

Every command's pending events on a case or an incident are read by domain/diary/rules.py before
the command is saved; the activities they open or complete are saved in the same transaction, so
a bill is never recorded without its due date, and a retried command decides them again."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID, uuid4

from domain.application.machinery import Change, CommandResult, Idempotency, Machinery
from domain.diary.activity import Activity, ActivityInput, Assignee, system_activity_id
from domain.diary.errors import ActivityNotFound
from domain.diary.rules import Completion, Opening, follow_ups
from domain.kernel.actors import Actor
from domain.kernel.lifecycle import ClaimLifecycle


def _claim_kind(claim: ClaimLifecycle) -> str:
    return "case" if type(claim).__name__ == "ClaimCase" else "incident"


def _invoice_numbers(claim: ClaimLifecycle) -> list[str]:
    bills = getattr(claim, "invoices", None)
    if bills is not None:
        return [b.number for b in bills]
    return [c.invoice_number for c in getattr(claim, "costs", [])]


class DiaryCommands(Machinery):
    # ---- what the system does by itself ----------------------------------------------------

    def _follow_ups(self, change: Change, now: datetime) -> Change:
        claim = change.subject
        if not isinstance(claim, ClaimLifecycle):
            return change
        intents = follow_ups(list(claim.pending_events), invoice_numbers=_invoice_numbers(claim),
                             payment_numbers=list(claim.book.payments), now=now)
        touched: dict[UUID, Activity] = {}
        for intent in intents:
            activity_id = system_activity_id(claim.id, intent.kind, intent.key)
            found = touched.get(activity_id) or self._maybe(activity_id, Activity)
            if isinstance(intent, Opening) and found is None:
                found = Activity.open_for(claim.id, _claim_kind(claim), intent.kind, intent.key, subject=intent.subject,
                                          due_on=intent.due_on, assignee=intent.assignee, basis=intent.basis,
                                          actor=intent.actor)
            elif isinstance(intent, Completion) and found is not None and found.is_open:
                found.complete(note=intent.note, actor=intent.actor, automatic=True)
            else:
                continue
            touched[activity_id] = found
        if not touched:
            return change
        return Change(change.subject, (*change.others, *touched.values()))

    # ---- what people do ------------------------------------------------------------------------

    def plan_activity(self, planned: ActivityInput, actor: Actor, *, idempotency: Idempotency | None = None
                      ) -> CommandResult:
        return self._create(lambda now: Change(Activity.plan(planned, actor=actor, now=now, activity_id=uuid4())),
                            idempotency=idempotency)

    def complete_activity(self, activity_id: UUID, note: str, actor: Actor, *, expected_version: int | None = None,
                          idempotency: Idempotency | None = None) -> CommandResult:
        def decide(activity: Activity, _now: datetime) -> Change:
            activity.complete(note=note, actor=actor)
            return Change(activity)

        return self._on_activity(activity_id, decide, expected_version, idempotency)

    def reassign_activity(self, activity_id: UUID, assignee: Assignee, reason: str, actor: Actor, *,
                          expected_version: int | None = None, idempotency: Idempotency | None = None) -> CommandResult:
        def decide(activity: Activity, _now: datetime) -> Change:
            activity.reassign(assignee, reason=reason, actor=actor)
            return Change(activity)

        return self._on_activity(activity_id, decide, expected_version, idempotency)

    def reschedule_activity(self, activity_id: UUID, due_on: date, reason: str, actor: Actor, *,
                            expected_version: int | None = None, idempotency: Idempotency | None = None) -> CommandResult:
        def decide(activity: Activity, now: datetime) -> Change:
            activity.reschedule(due_on, reason=reason, actor=actor, now=now)
            return Change(activity)

        return self._on_activity(activity_id, decide, expected_version, idempotency)

    def get_activity(self, activity_id: UUID) -> Activity:
        return self._get(activity_id, Activity, ActivityNotFound(f"no activity {activity_id}", field="activity_id"))

    def _on_activity(self, activity_id: UUID, decide, expected_version: int | None,  # type: ignore[no-untyped-def]
                     idempotency: Idempotency | None) -> CommandResult:
        return self._run(lambda: self.get_activity(activity_id), decide, expected_version=expected_version,
                         idempotency=idempotency)
