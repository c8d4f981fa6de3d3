"""The lifecycle every claim shares — a claim-response case and a cyber incident alike: open or
closed, covered or not, paid under its own policy through a PaymentBook, settled by bank
transfer, closed only when every payment is settled, reopened with a reason.

A product's aggregate mixes this in and supplies what differs: what it owes now and why it
might owe nothing, the guards before paying, and the private `@event` methods that record
(`_payment_settled`, `_closed`, `_reopened`), which carry the product's own event topics.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from domain.kernel.actors import Actor, Role
from domain.kernel.errors import CaseClosed, CaseNotClosed, DomainError, NotCovered, WrongPolicy
from domain.kernel.inputs import require_text
from domain.kernel.labels import Labelled
from domain.kernel.payments import Approval, HasPayments, Limits, PaymentQuote, SettlementInput


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

    # ---- commands -------------------------------------------------------------------------

    def settle_payment(self, settlement: SettlementInput, *, actor: Actor, now: datetime) -> None:
        actor.require(Role.ADJUSTER, command="recording a payment's settlement")
        payment = self.book.check_settlement(settlement, now)
        self._payment_settled(payment_number=settlement.payment_number, amount_yen=payment.amount_yen,
                              transfer_date=settlement.transfer_date, bank_reference=settlement.bank_reference.strip(),
                              actor_id=actor.user_id, actor_role=actor.role.value)

    def close(self, *, reason: str, actor: Actor) -> None:
        actor.require(Role.ADJUSTER, command=f"closing a {self.NOUN}")
        self._require_open()
        self.book.require_all_settled()
        self._closed(reason=require_text(reason, "reason"), actor_id=actor.user_id, actor_role=actor.role.value)

    def reopen(self, *, reason: str, actor: Actor) -> None:
        actor.require(Role.ADJUSTER, command=f"reopening a {self.NOUN}")
        if self.status != ClaimStatus.CLOSED:
            raise CaseNotClosed(f"only a closed {self.NOUN} can be reopened", field="status")
        self._reopened(reason=require_text(reason, "reason"), actor_id=actor.user_id, actor_role=actor.role.value)

    # ---- paying ---------------------------------------------------------------------------

    def _quote(self, policy: Limits, head: str | None) -> PaymentQuote:
        """What an approval would pay now under this policy, or the refusal it would meet."""
        try:
            self._require_payable(head)
            self._require_own_policy(policy)
        except DomainError as refusal:
            return PaymentQuote.refused(refusal)
        return self.book.quote(owed_yen=self._owed_now(head), why_nothing=self._why_nothing(head), limits=policy,
                               claim_id=str(self.id), head=head)

    def _decide_payment(self, policy: Limits, head: str | None, actor: Actor) -> Approval:
        actor.require(Role.ADJUSTER, command="approving a payment")
        return self.book.decide_approval(self._quote(policy, head), actor)

    def _require_payable(self, head: str | None) -> None:
        self._require_open()
        self._require_covered()

    def _owed_now(self, head: str | None) -> int:
        raise NotImplementedError

    def _why_nothing(self, head: str | None) -> str:
        raise NotImplementedError

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

    # ---- recording, supplied by each aggregate with its own topics --------------------------

    def _payment_settled(self, **fields: Any) -> None:
        raise NotImplementedError

    def _closed(self, **fields: Any) -> None:
        raise NotImplementedError

    def _reopened(self, **fields: Any) -> None:
        raise NotImplementedError
