"""One payment machinery for claim-response cases and cyber incidents.

A claim's payments are kept in a PaymentBook. A quote says what an approval would pay now: the
rule's amount owed (computed by the claim with `amount_now_payable`), capped by what the policy's
limits leave (per claim, per head of loss, per policy year), or why it would pay nothing.
Approving takes the quote, within the adjuster's authority; the policy is charged in the same
save. Settling: once per payment, with the bank transfer. Closing: only when all are settled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from domain.kernel.actors import Actor
from domain.kernel.clock import require_date_not_after
from domain.kernel.errors import (
    AuthorityLimitExceeded,
    DomainError,
    LimitExhausted,
    NothingToPay,
    PaymentAlreadySettled,
    PaymentNotFound,
    UnsettledPayments,
)
from domain.kernel.inputs import require_text


class Limits(Protocol):
    """What a claim needs of its policy to be paid (domain/policies/policy.py). For typing only."""

    policy_number: str

    def limit_payment(self, claim_id: str, wanted_yen: int, head: str | None) -> tuple[int, str | None]: ...

    def charge(self, *, claim_id: str, payment_number: int, amount_yen: int, actor: Actor,
               head: str | None = None) -> None: ...


@dataclass
class Payment:
    number: int
    amount_yen: int
    covered_fees_basis_yen: int
    invoice_numbers: list[str]
    approved_by: str
    head: str | None = None
    limited_by: str | None = None
    settled: bool = False
    transfer_date: date | None = None
    bank_reference: str | None = None


@dataclass(frozen=True)
class SettlementInput:
    """The bank transfer (振込) that settles an approved payment."""

    payment_number: int
    transfer_date: date
    bank_reference: str


@dataclass(frozen=True)
class PaymentQuote:
    """What approving would pay now, and why: the rule's amount owed, what the policy's limits let
    through, the limit that cuts it (if one does), or the refusal an approval would meet."""

    owed_yen: int
    payable_yen: int
    limited_by: str | None = None
    refusal: DomainError | None = None

    @classmethod
    def refused(cls, refusal: DomainError, owed_yen: int = 0) -> PaymentQuote:
        return cls(owed_yen=owed_yen, payable_yen=0, refusal=refusal)


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

    @staticmethod
    def quote(*, owed_yen: int, why_nothing: str, limits: Limits, claim_id: str, head: str | None) -> PaymentQuote:
        if owed_yen <= 0:
            return PaymentQuote.refused(NothingToPay(why_nothing, field="amount_yen"))
        granted, binding = limits.limit_payment(claim_id, owed_yen, head)
        if granted <= 0:
            exhausted = LimitExhausted(f"the policy's {(binding or 'limit').replace('_', ' ')} is used up",
                                       field="amount_yen", params={"limit": binding})
            return PaymentQuote.refused(exhausted, owed_yen)
        return PaymentQuote(owed_yen, granted, binding if granted < owed_yen else None)

    def decide_approval(self, quote: PaymentQuote, actor: Actor) -> Approval:
        if quote.refusal is not None:
            raise quote.refusal
        if not actor.within_authority(quote.payable_yen):
            raise AuthorityLimitExceeded(
                f"¥{quote.payable_yen:,} is above your authority limit of ¥{actor.authority_limit_yen:,}",
                field="amount_yen", params={"amount_yen": quote.payable_yen, "limit_yen": actor.authority_limit_yen},
            )
        return Approval(len(self.payments) + 1, quote.payable_yen, quote.limited_by)

    def check_settlement(self, settlement: SettlementInput, now: datetime) -> Payment:
        number = settlement.payment_number
        payment = self.payments.get(number)
        if payment is None:
            raise PaymentNotFound(f"there is no payment {number}", field="payment_number", params={"number": number})
        if payment.settled:
            raise PaymentAlreadySettled(f"payment {number} is already settled", field="payment_number",
                                        params={"number": number})
        require_date_not_after(settlement.transfer_date, now, "transfer_date")
        require_text(settlement.bank_reference, "bank_reference")
        return payment

    def require_all_settled(self) -> None:
        if self.unsettled:
            raise UnsettledPayments(f"payments {self.unsettled} are approved but not settled", field="payments",
                                    params={"numbers": ", ".join(map(str, self.unsettled))})

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
