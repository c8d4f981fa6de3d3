"""The lifecycle every claim shares — a claim-response case and a cyber incident alike: open or
closed, covered or not, paid under its own policy through a PaymentBook (four eyes above the
approver's authority), settled by bank transfer, closed only when every payment is settled and
no request waits, reopened with a reason; its file notes and its outstanding reserve.

A product's aggregate mixes this in and supplies what differs: what it owes now and why it
might owe nothing, the guards before paying, how a payment is recorded (`_record_payment`), and
binds the shared event bodies of domain/kernel/claim_events.py with its own event topics.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from domain.kernel.actors import Actor, Role
from domain.kernel.errors import CaseClosed, CaseNotClosed, DomainError, NotCovered, ReserveAboveLimit, WrongPolicy
from domain.kernel.inputs import require_text
from domain.kernel.labels import Labelled
from domain.kernel.notes import Note, NoteInput, check_note
from domain.kernel.payments import Approval, HasPayments, Limits, PaymentQuote, Request, SettlementInput
from domain.kernel.reserves import ReserveBook

CLOSING = "closed"  # the reason recorded on a reserve released by closing


class ClaimStatus(Labelled):
    OPEN = "open", "対応中"
    CLOSED = "closed", "終了"


class ClaimLifecycle(HasPayments):
    NOUN: ClassVar[str] = "claim"

    id: UUID
    status: str
    coverage: str
    coverage_reasons: list[str]
    policy_ref: str
    notes: list[Note]
    reserves: ReserveBook

    # ---- commands -------------------------------------------------------------------------

    def settle_payment(self, settlement: SettlementInput, *, actor: Actor, now: datetime) -> None:
        actor.require(Role.ADJUSTER, command="recording a payment's settlement")
        payment = self.book.check_settlement(settlement, now)
        self._payment_settled(payment_number=settlement.payment_number, amount_yen=payment.amount_yen,
                              transfer_date=settlement.transfer_date, bank_reference=settlement.bank_reference.strip(),
                              actor_id=actor.user_id, actor_role=actor.role.value)

    def close(self, *, reason: str, actor: Actor, now: datetime) -> None:
        """Closing releases what is left of the reserve, then closes."""
        actor.require(Role.ADJUSTER, command=f"closing a {self.NOUN}")
        self._require_open()
        self.book.require_all_settled()
        reason = require_text(reason, "reason")
        for release in self.reserves.releases():
            self._reserve_released(head=release.head, previous_yen=release.previous_yen, reason=CLOSING,
                                   released_at=now, actor_id=actor.user_id, actor_role=actor.role.value)
        self._closed(reason=reason, actor_id=actor.user_id, actor_role=actor.role.value)

    def reopen(self, *, reason: str, actor: Actor) -> None:
        actor.require(Role.ADJUSTER, command=f"reopening a {self.NOUN}")
        if self.status != ClaimStatus.CLOSED:
            raise CaseNotClosed(f"only a closed {self.NOUN} can be reopened", field="status")
        self._reopened(reason=require_text(reason, "reason"), actor_id=actor.user_id, actor_role=actor.role.value)

    def add_note(self, note: NoteInput, *, actor: Actor, now: datetime) -> None:
        """A file note, on an open or a closed claim (calls go on after closing)."""
        actor.require(Role.CONCIERGE, Role.ADJUSTER, command="writing a file note")
        category, text, corrects = check_note(note, self.notes)
        self._note_added(number=len(self.notes) + 1, category=category, text=text, corrects=corrects, written_at=now,
                         actor_id=actor.user_id, actor_role=actor.role.value)

    def set_reserve(self, amount_yen: int, *, head: str | None, reason: str, actor: Actor, now: datetime,
                    limits: Limits | None = None) -> None:
        """The outstanding reserve of the claim (or of one head of loss); with the claim's policy, a
        raise above what its limits still allow on this claim is refused (ReserveAboveLimit). A
        lower reserve is always taken: other claims may have used the year's limit meanwhile."""
        actor.require(Role.ADJUSTER, command="setting a reserve")
        self._require_open()
        self._require_covered()
        head = self._reserve_head(head)
        amount = self.reserves.check_new(head, amount_yen)
        if limits is not None:
            allowed, tightest = limits.limit_payment(str(self.id), amount, head)
            if allowed < amount and amount > self.reserves.outstanding_yen(head):
                raise ReserveAboveLimit(f"a reserve of ¥{amount:,} is above the ¥{allowed:,} the policy's"
                                        f" {tightest} still allows on this claim", field="amount_yen",
                                        params={"amount_yen": amount, "remaining_yen": allowed, "limit": tightest})
        self._reserve_set(head=head, previous_yen=self.reserves.outstanding_yen(head), outstanding_yen=amount,
                          reason=require_text(reason, "reason"), set_at=now, actor_id=actor.user_id,
                          actor_role=actor.role.value)

    # ---- paying, with four eyes above the approver's authority ------------------------------

    def _approve(self, policy: Limits, head: str | None, actor: Actor, now: datetime) -> None:
        """Approve what is owed now within the limits; above the actor's authority, record a
        request for a second adjuster instead (the policy is charged only when one confirms)."""
        actor.require(Role.ADJUSTER, command="approving a payment")
        decision = self.book.decide_approval(self._quote(policy, head), actor, head)
        if isinstance(decision, Request):
            self._payment_requested(request_number=decision.number, head=head, amount_yen=decision.amount_yen,
                                    owed_yen=decision.owed_yen, limited_by=decision.limited_by,
                                    actor_id=actor.user_id, actor_role=actor.role.value)
            return
        self._pay(decision, policy, head, actor, now)

    def confirm_payment(self, request_number: int, *, policy: Limits, actor: Actor, now: datetime) -> None:
        """A second adjuster confirms a waiting request; the limits are decided again now."""
        actor.require(Role.ADJUSTER, command="confirming a payment request")
        head = self.book.waiting_request(request_number).head
        approval = self.book.decide_confirmation(request_number, self._quote(policy, head), actor)
        self._pay(approval, policy, head, actor, now)

    def withdraw_payment_request(self, request_number: int, *, reason: str, actor: Actor) -> None:
        actor.require(Role.ADJUSTER, command="withdrawing a payment request")
        self.book.decide_withdrawal(request_number, actor)
        self._payment_request_withdrawn(request_number=request_number, reason=require_text(reason, "reason"),
                                        actor_id=actor.user_id, actor_role=actor.role.value)

    def refuse_payment_request(self, request_number: int, *, reason: str, actor: Actor) -> None:
        actor.require(Role.ADJUSTER, command="refusing a payment request")
        self.book.decide_refusal(request_number, actor)
        self._payment_request_refused(request_number=request_number, reason=require_text(reason, "reason"),
                                      actor_id=actor.user_id, actor_role=actor.role.value)

    def _pay(self, approval: Approval, policy: Limits, head: str | None, actor: Actor, now: datetime) -> None:
        """Record the payment, charge the policy (same save), lower the reserve by what it pays."""
        self._record_payment(approval, head, actor)
        policy.charge(claim_id=str(self.id), payment_number=approval.number, amount_yen=approval.amount_yen,
                      actor=actor, head=head)
        lowering = self.reserves.lowering_by(head, approval.amount_yen)
        if lowering is not None:
            self._reserve_lowered(head=head, payment_number=approval.number, previous_yen=lowering.previous_yen,
                                  outstanding_yen=lowering.outstanding_yen, lowered_at=now, actor_id=actor.user_id,
                                  actor_role=actor.role.value)

    def _quote(self, policy: Limits, head: str | None) -> PaymentQuote:
        """What an approval would pay now under this policy, or the refusal it would meet."""
        try:
            self._require_payable(head)
            self._require_own_policy(policy)
        except DomainError as refusal:
            return PaymentQuote.refused(refusal)
        return self.book.quote(owed_yen=self._owed_now(head), why_nothing=self._why_nothing(head), limits=policy,
                               claim_id=str(self.id), head=head)

    def _approval_quote(self, policy: Limits, head: str | None) -> PaymentQuote:
        """The quote as an approval would meet it: refused too while a request of this head waits."""
        quote = self._quote(policy, head)
        if quote.refusal is None:
            try:
                self.book.require_none_waiting(head)
            except DomainError as waiting:
                return PaymentQuote.refused(waiting, quote.owed_yen)
        return quote

    def _require_payable(self, head: str | None) -> None:
        self._require_open()
        self._require_covered()

    def _owed_now(self, head: str | None) -> int:
        raise NotImplementedError

    def _why_nothing(self, head: str | None) -> str:
        raise NotImplementedError

    def _record_payment(self, approval: Approval, head: str | None, actor: Actor) -> None:
        raise NotImplementedError

    def _reserve_head(self, head: str | None) -> str | None:
        raise NotImplementedError

    # ---- derived state --------------------------------------------------------------------

    def incurred_yen(self, head: str | None = None) -> int:
        """Approved payments plus the outstanding reserve (of one head, on an incident)."""
        return self.book.approved_yen(head) + self.reserves.outstanding_yen(head)

    @property
    def total_incurred_yen(self) -> int:
        return self.approved_yen + self.reserves.total_outstanding_yen

    # ---- guards ---------------------------------------------------------------------------

    def _require_open(self) -> None:
        if self.status == ClaimStatus.CLOSED:
            raise CaseClosed(f"the {self.NOUN} is closed; reopen it first", field="status")

    def _require_covered(self) -> None:
        if self.coverage == "not_covered":
            reasons = ", ".join(self.coverage_reasons)
            raise NotCovered(f"the {self.NOUN} is not covered ({reasons}): it cannot reach escalation or payment",
                             field="coverage", params={"reasons": list(self.coverage_reasons)})

    def _require_own_policy(self, policy: Limits) -> None:
        if policy.policy_number != self.policy_ref.strip().upper():
            raise WrongPolicy(f"this {self.NOUN} is under policy {self.policy_ref}, not {policy.policy_number}",
                              field="policy_ref")

    # ---- recording: the shared bodies of claim_events.py, bound by each aggregate -------------

    def _payment_settled(self, **fields: Any) -> None:
        raise NotImplementedError

    def _closed(self, **fields: Any) -> None:
        raise NotImplementedError

    def _reopened(self, **fields: Any) -> None:
        raise NotImplementedError

    def _note_added(self, **fields: Any) -> None:
        raise NotImplementedError

    def _reserve_set(self, **fields: Any) -> None:
        raise NotImplementedError

    def _reserve_lowered(self, **fields: Any) -> None:
        raise NotImplementedError

    def _reserve_released(self, **fields: Any) -> None:
        raise NotImplementedError

    def _payment_requested(self, **fields: Any) -> None:
        raise NotImplementedError

    def _payment_request_withdrawn(self, **fields: Any) -> None:
        raise NotImplementedError

    def _payment_request_refused(self, **fields: Any) -> None:
        raise NotImplementedError
