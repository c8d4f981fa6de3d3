"""One payment machinery for claim-response cases and cyber incidents.

A claim's payments are kept in a PaymentBook. Approving: the rule's amount owed now (computed by
the aggregate with `amount_now_payable`), capped by what the policy's limits leave (per claim, per
head of loss, per policy year), within the adjuster's authority; the policy is charged in the same
save. Settling: once per payment, with the bank transfer. Closing: only when all are settled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from domain.actors import Actor
from domain.clock import require_date_not_after
from domain.errors import (
    AuthorityLimitExceeded,
    InvalidInput,
    NothingToPay,
    PaymentAlreadySettled,
    PaymentNotFound,
    UnsettledPayments,
)

if TYPE_CHECKING:
    from domain.policy import Policy


@dataclass
class Payment:
    number: int
    amount_yen: int
    covered_fees_basis_yen: int
    invoice_numbers: list[str]
    approved_by: str
    head: str | None = None
    settled: bool = False
    transfer_date: date | None = None
    bank_reference: str | None = None


@dataclass(frozen=True)
class Approval:
    number: int
    amount_yen: int
    limited_by: str | None


@dataclass
class PaymentBook:
    payments: dict[int, Payment] = field(default_factory=dict)

    def approved_yen(self, head: str | None = None) -> int:
        return sum(p.amount_yen for p in self.payments.values() if head is None or p.head == head)

    @property
    def settled_yen(self) -> int:
        return sum(p.amount_yen for p in self.payments.values() if p.settled)

    @property
    def unsettled(self) -> list[int]:
        return [p.number for p in self.payments.values() if not p.settled]

    def decide_approval(
        self, *, owed_yen: int, why_nothing: str, policy: Policy, claim_id: str, head: str | None, actor: Actor
    ) -> Approval:
        if owed_yen <= 0:
            raise NothingToPay(why_nothing, field="amount_yen")
        amount, limited_by = policy.grant_payment(claim_id, owed_yen, head)
        if actor.authority_limit_yen is not None and amount > actor.authority_limit_yen:
            raise AuthorityLimitExceeded(
                f"¥{amount:,} is above your authority limit of ¥{actor.authority_limit_yen:,}", field="amount_yen"
            )
        return Approval(len(self.payments) + 1, amount, limited_by)

    def check_settlement(self, number: int, transfer_date: date, bank_reference: str, now: datetime) -> Payment:
        payment = self.payments.get(number)
        if payment is None:
            raise PaymentNotFound(f"there is no payment {number}", field="payment_number")
        if payment.settled:
            raise PaymentAlreadySettled(f"payment {number} is already settled", field="payment_number")
        require_date_not_after(transfer_date, now, "transfer_date")
        if not bank_reference.strip():
            raise InvalidInput("bank_reference may not be empty", field="bank_reference")
        return payment

    def require_all_settled(self) -> None:
        if self.unsettled:
            raise UnsettledPayments(f"payments {self.unsettled} are approved but not settled", field="payments")

    # called from @event bodies: record only
    def record_approval(self, payment: Payment) -> None:
        self.payments[payment.number] = payment

    def record_settlement(self, number: int, transfer_date: date, bank_reference: str) -> None:
        payment = self.payments[number]
        payment.settled = True
        payment.transfer_date = transfer_date
        payment.bank_reference = bank_reference


class HasPayments:
    """What every paying aggregate shows of its PaymentBook."""

    book: PaymentBook

    @property
    def payments(self) -> dict[int, Payment]:
        return self.book.payments

    @property
    def approved_yen(self) -> int:
        return self.book.approved_yen()

    @property
    def settled_yen(self) -> int:
        return self.book.settled_yen
