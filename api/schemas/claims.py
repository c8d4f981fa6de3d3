"""Shapes every claim shares — a case or an incident: reasons, settlements, payments, the payment
quote, and the history of a record."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from api.schemas.common import Day, LongText, Request, Text
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
