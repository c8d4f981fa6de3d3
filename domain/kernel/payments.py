"""One payment machinery for claim-response cases and cyber incidents.

A claim's payments are kept in a PaymentBook. A quote says what an approval would pay now: the
rule's amount owed (computed by the claim with `amount_now_payable`), capped by what the policy's
limits leave (per claim, per head of loss, per policy year), or why it would pay nothing.
Approving takes the quote, within the adjuster's authority; the policy is charged in the same
save. Above the adjuster's authority the approval is recorded as a request (four eyes) that waits
for a second adjuster whose authority covers it; the limits are decided again when it is
confirmed. Settling: once per payment, with the bank transfer. Closing: only when all are settled
and no request waits.
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
    NotTheRequester,
    OwnPaymentRequest,
    PaymentAlreadySettled,
    PaymentAwaitingConfirmation,
    PaymentNotFound,
    PaymentRequestNotFound,
    PaymentRequestNotWaiting,
    UnsettledPayments,
)
from domain.kernel.inputs import require_text
from domain.kernel.labels import Labelled


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
    requested_by: str | None = None  # four eyes: who asked, when approved_by confirmed a request
    request_number: int | None = None
    settled: bool = False
    transfer_date: date | None = None
    bank_reference: str | None = None


class RequestStatus(Labelled):
    WAITING = "waiting", "確認待ち"
    CONFIRMED = "confirmed", "確認済み（承認）"
    WITHDRAWN = "withdrawn", "取下げ"
    REFUSED = "refused", "差戻し"


@dataclass
class PaymentRequest:
    """An approval above the requester's authority, waiting for a second adjuster (four eyes).
    `amount_yen` is what the quote paid when asked; confirming pays at most that, within the
    limits as they stand at confirmation."""

    number: int
    amount_yen: int
    owed_yen: int
    limited_by: str | None
    requested_by: str
    head: str | None = None
    status: str = RequestStatus.WAITING.value
    decided_by: str | None = None
    reason: str | None = None
    payment_number: int | None = None

    @property
    def waiting(self) -> bool:
        return self.status == RequestStatus.WAITING


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
    """A payment decided: numbered next, of this amount; `request` when it confirms one."""

    number: int
    amount_yen: int
    limited_by: str | None
    request: PaymentRequest | None = None


@dataclass(frozen=True)
class Request:
    """An approval above the approver's authority, to be recorded as a request numbered next."""

    number: int
    amount_yen: int
    owed_yen: int
    limited_by: str | None


@dataclass
class PaymentBook:
    payments: dict[int, Payment] = field(default_factory=dict)
    requests: dict[int, PaymentRequest] = field(default_factory=dict)

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

    def decide_approval(self, quote: PaymentQuote, actor: Actor, head: str | None) -> Approval | Request:
        """The quote approved within the actor's authority; above it, a request for a second
        adjuster. Refused while another request of the same claim (head) waits."""
        if quote.refusal is not None:
            raise quote.refusal
        self.require_none_waiting(head)
        if not actor.within_authority(quote.payable_yen):
            return Request(len(self.requests) + 1, quote.payable_yen, quote.owed_yen, quote.limited_by)
        return Approval(len(self.payments) + 1, quote.payable_yen, quote.limited_by)

    def decide_confirmation(self, number: int, quote: PaymentQuote, actor: Actor) -> Approval:
        """A second adjuster confirms a waiting request: never their own, within their authority,
        and within the limits as they stand now (payments approved meanwhile count). It pays what
        was requested, or less if the limits now leave less; a refusal now leaves it waiting."""
        request = self.waiting_request(number)
        if request.requested_by == actor.user_id:
            raise OwnPaymentRequest(f"request {number} is your own; another adjuster confirms it",
                                    field="request_number", params={"number": number})
        if quote.refusal is not None:
            raise quote.refusal
        if quote.payable_yen <= request.amount_yen:
            amount, limited_by = quote.payable_yen, quote.limited_by
        else:  # more is owed now (a bill recorded meanwhile): the request is confirmed as asked
            amount, limited_by = request.amount_yen, None
        self.require_authority(amount, actor)
        return Approval(len(self.payments) + 1, amount, limited_by, request)

    def decide_refusal(self, number: int, actor: Actor) -> PaymentRequest:
        """Refusing is a second adjuster's decision too: not the requester, and one who could
        have confirmed the amount."""
        request = self.waiting_request(number)
        if request.requested_by == actor.user_id:
            raise OwnPaymentRequest(f"request {number} is your own; withdraw it instead",
                                    field="request_number", params={"number": number})
        self.require_authority(request.amount_yen, actor)
        return request

    def decide_withdrawal(self, number: int, actor: Actor) -> PaymentRequest:
        request = self.waiting_request(number)
        if request.requested_by != actor.user_id:
            raise NotTheRequester(f"only {request.requested_by}, who asked, may withdraw request {number}",
                                  field="request_number", params={"number": number, "requester": request.requested_by})
        return request

    def waiting_request(self, number: int) -> PaymentRequest:
        request = self.requests.get(number)
        if request is None:
            raise PaymentRequestNotFound(f"there is no payment request {number}", field="request_number",
                                         params={"number": number})
        if not request.waiting:
            raise PaymentRequestNotWaiting(f"payment request {number} is {request.status}, no longer waiting",
                                           field="request_number",
                                           params={"number": number, "status": RequestStatus(request.status).ja})
        return request

    def waiting_for(self, head: str | None) -> PaymentRequest | None:
        return next((r for r in self.requests.values() if r.waiting and r.head == head), None)

    @property
    def waiting(self) -> list[PaymentRequest]:
        return [r for r in self.requests.values() if r.waiting]

    def require_none_waiting(self, head: str | None) -> None:
        found = self.waiting_for(head)
        if found is not None:
            raise PaymentAwaitingConfirmation(
                f"payment request {found.number} (¥{found.amount_yen:,}) waits for a second adjuster: confirm, "
                "refuse or withdraw it first", field="request_number",
                params={"number": found.number, "amount_yen": found.amount_yen},
            )

    @staticmethod
    def require_authority(amount_yen: int, actor: Actor) -> None:
        if not actor.within_authority(amount_yen):
            raise AuthorityLimitExceeded(
                f"¥{amount_yen:,} is above your authority limit of ¥{actor.authority_limit_yen:,}",
                field="amount_yen", params={"amount_yen": amount_yen, "limit_yen": actor.authority_limit_yen},
            )

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
        if self.waiting:
            found = self.waiting[0]
            raise PaymentAwaitingConfirmation(
                f"payment request {found.number} (¥{found.amount_yen:,}) still waits for a second adjuster",
                field="request_number", params={"number": found.number, "amount_yen": found.amount_yen},
            )
        if self.unsettled:
            raise UnsettledPayments(f"payments {self.unsettled} are approved but not settled", field="payments",
                                    params={"numbers": ", ".join(map(str, self.unsettled))})

    # called from @event bodies: record only
    def record_approval(self, payment: Payment, request_number: int | None = None) -> None:
        self.payments[payment.number] = payment
        if request_number is not None:
            request = self.requests[request_number]
            request.status = RequestStatus.CONFIRMED.value
            request.decided_by = payment.approved_by
            request.payment_number = payment.number

    def record_request(self, request: PaymentRequest) -> None:
        self.requests[request.number] = request

    def record_request_outcome(self, number: int, status: RequestStatus, decided_by: str, reason: str) -> None:
        request = self.requests[number]
        request.status = status.value
        request.decided_by = decided_by
        request.reason = reason

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
