"""What cases and incidents share in the application: the four-eyes steps of a payment, file
notes and reserves. Each command is named for its record in cases.py and incidents.py
(`confirm_case_payment`, `set_incident_reserve`, …); they run through these few lines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from domain.application.machinery import Change, CommandResult, Idempotency
from domain.application.policies import PolicyCommands
from domain.kernel.actors import Actor
from domain.kernel.lifecycle import ClaimLifecycle
from domain.kernel.notes import NoteInput

Load = Callable[[], ClaimLifecycle]


class ClaimFileCommands(PolicyCommands):
    def _confirm_payment(self, load: Load, request_number: int, actor: Actor, expected_version: int | None,
                         idempotency: Idempotency | None) -> CommandResult:
        """The second adjuster's approval: the limits are decided again now, and the policy is
        charged in the same save, so a limit reached meanwhile is never overshot."""

        def decide(claim: ClaimLifecycle, now: datetime) -> Change:
            policy = self.get_policy(claim.policy_ref)
            claim.confirm_payment(request_number, policy=policy, actor=actor, now=now)
            return Change(claim, (policy,))

        return self._run(load, decide, expected_version=expected_version, idempotency=idempotency)

    def _withdraw_payment_request(self, load: Load, request_number: int, reason: str, actor: Actor,
                                  expected_version: int | None, idempotency: Idempotency | None) -> CommandResult:
        def decide(claim: ClaimLifecycle, _now: datetime) -> Change:
            claim.withdraw_payment_request(request_number, reason=reason, actor=actor)
            return Change(claim)

        return self._run(load, decide, expected_version=expected_version, idempotency=idempotency)

    def _refuse_payment_request(self, load: Load, request_number: int, reason: str, actor: Actor,
                                expected_version: int | None, idempotency: Idempotency | None) -> CommandResult:
        def decide(claim: ClaimLifecycle, _now: datetime) -> Change:
            claim.refuse_payment_request(request_number, reason=reason, actor=actor)
            return Change(claim)

        return self._run(load, decide, expected_version=expected_version, idempotency=idempotency)

    def _add_note(self, load: Load, note: NoteInput, actor: Actor, expected_version: int | None,
                  idempotency: Idempotency | None) -> CommandResult:
        def decide(claim: ClaimLifecycle, now: datetime) -> Change:
            claim.add_note(note, actor=actor, now=now)
            return Change(claim)

        return self._run(load, decide, expected_version=expected_version, idempotency=idempotency)

    def _set_reserve(self, load: Load, amount_yen: int, head: str | None, reason: str, actor: Actor,
                     expected_version: int | None, idempotency: Idempotency | None) -> CommandResult:
        def decide(claim: ClaimLifecycle, now: datetime) -> Change:
            policy = self.find_policy(claim.policy_ref)  # none for a claim not covered: refused for that first
            claim.set_reserve(amount_yen, head=head, reason=reason, actor=actor, now=now, limits=policy)
            return Change(claim)

        return self._run(load, decide, expected_version=expected_version, idempotency=idempotency)
