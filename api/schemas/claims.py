"""Shapes every claim shares — a case or an incident: reasons, settlements, payments, the payment
quote, and the history of a record."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from api.schemas.common import Day, LongText, NonNegativeYen, Request, Text, choice
from domain.kernel.lifecycle import ClaimLifecycle
from domain.kernel.notes import NoteCategory, NoteInput, corrections_of
from domain.kernel.payments import PaymentQuote, SettlementInput


class ReasonIn(Request):
    reason: LongText


class SettlementIn(Request):
    transfer_date: Day = Field(description="the bank transfer's date (振込日)")
    bank_reference: Text

    def to_domain(self, payment_number: int) -> SettlementInput:
        return SettlementInput(payment_number, self.transfer_date, self.bank_reference)


class PaymentOut(BaseModel):
    number: int
    head: str | None = Field(description="cyber incidents: the head of loss paid; cases: null")
    amount_yen: int
    covered_fees_basis_yen: int = Field(description="the covered fees (or the head's basis) when approved")
    invoice_numbers: list[str]
    approved_by: str
    limited_by: str | None = Field(description="the policy limit that cut this payment short, if one did")
    requested_by: str | None = Field(default=None, description="four eyes: who asked, when approved_by confirmed a request")
    request_number: int | None = Field(default=None, description="the payment request it confirmed, if any")
    settled: bool
    transfer_date: date | None
    bank_reference: str | None


class RefusalOut(BaseModel):
    rule: str
    detail: str


class PaymentQuoteOut(BaseModel):
    """What approving would pay now, computed exactly as the approval computes it."""

    owed_yen: int = Field(description="what the payout rule owes now, before the policy's limits")
    payable_yen: int = Field(description="what an approval would pay now, within the policy's limits")
    limited_by: str | None = Field(description="the limit that cuts it: limit_per_claim, limit_per_year, sub_limit_<head>")
    refusal: RefusalOut | None = Field(description="why an approval would pay nothing now")

    @classmethod
    def from_quote(cls, quote: PaymentQuote) -> PaymentQuoteOut:
        refusal = RefusalOut(rule=quote.refusal.rule, detail=quote.refusal.detail) if quote.refusal else None
        return cls(owed_yen=quote.owed_yen, payable_yen=quote.payable_yen, limited_by=quote.limited_by, refusal=refusal)


class HistoryEntryOut(BaseModel):
    version: int
    event_type: str
    recorded_at: datetime = Field(description="when the service recorded it")
    happened_at: datetime | None = Field(description="when the fact happened, where the event says and it differs")
    actor_id: str
    actor_role: str
    description_en: str
    description_ja: str
    data: dict[str, Any] = Field(description="what the event says")
    changes: dict[str, Any] = Field(description="what it changed in the record: {field: {before, after}} or {added}")


# ---- the adjuster's file: four eyes, notes, reserves --------------------------------------------


class PaymentRequestOut(BaseModel):
    """A payment above the requester's authority, waiting for (or decided by) a second adjuster."""

    number: int
    head: str | None
    amount_yen: int = Field(description="what the quote paid when asked; confirming pays at most this")
    owed_yen: int
    limited_by: str | None
    requested_by: str
    status: str = Field(description="waiting, confirmed, withdrawn or refused")
    decided_by: str | None
    reason: str | None = Field(description="why it was withdrawn or refused")
    payment_number: int | None = Field(description="the payment its confirmation approved")


class NoteIn(Request):
    category: choice(NoteCategory)  # type: ignore[valid-type]
    text: LongText
    corrects: int | None = Field(default=None, ge=1, le=1_000_000, description="the number of the note this corrects")

    def to_domain(self) -> NoteInput:
        return NoteInput(self.category, self.text, self.corrects)


class NoteOut(BaseModel):
    number: int
    category: str
    text: str
    corrects: int | None
    corrected_by: list[int] = Field(description="the notes that correct this one")
    author_id: str
    author_role: str
    written_at: datetime


class ReserveIn(Request):
    amount_yen: NonNegativeYen = Field(description="the new outstanding reserve (支払備金), whole yen; 0 clears it")
    reason: LongText


class ReserveMovementOut(BaseModel):
    kind: str = Field(description="set, lowered (by a payment) or released (on closing)")
    head: str | None
    previous_yen: int
    outstanding_yen: int
    change_yen: int
    reason: str
    actor_id: str
    at: datetime
    payment_number: int | None


class ReserveOut(BaseModel):
    outstanding_yen: int = Field(description="the outstanding reserve now (all heads)")
    paid_yen: int = Field(description="payments approved")
    incurred_yen: int = Field(description="paid + outstanding")
    by_head: dict[str, int] | None = Field(description="incidents: the outstanding reserve per head of loss")
    movements: list[ReserveMovementOut]


def claim_file_out(claim: ClaimLifecycle, heads: tuple[str, ...] | None = None) -> dict[str, object]:
    """The notes, the reserve and the payment requests of a case or an incident, for its answer."""
    corrected = corrections_of(claim.notes)
    return {
        "notes": [NoteOut(**vars(n), corrected_by=corrected.get(n.number, [])) for n in claim.notes],
        "reserve": ReserveOut(
            outstanding_yen=claim.reserves.total_outstanding_yen, paid_yen=claim.approved_yen,
            incurred_yen=claim.total_incurred_yen,
            by_head={h: claim.reserves.outstanding_yen(h) for h in heads} if heads else None,
            movements=[ReserveMovementOut(**vars(m), change_yen=m.change_yen) for m in claim.reserves.movements],
        ),
        "payment_requests": [PaymentRequestOut.model_validate(r, from_attributes=True)
                             for r in claim.book.requests.values()],
    }
