"""Request and response shapes for cyber incidents; choices are the domain's own enums."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field, StrictBool, StrictInt

from api.schemas.claims import NoteOut, PaymentOut, PaymentQuoteOut, PaymentRequestOut, ReserveOut, claim_file_out
from api.schemas.common import Day, Instant, LongText, Request, Text, Yen, choice
from domain.cyber.heads import CostInput, OffsetInput, ThirdPartyClaimInput
from domain.cyber.incident import HEADS, CyberIncident
from domain.cyber.notice import IncidentNotice
from domain.cyber.vocabulary import (
    Business,
    CostType,
    HeadOfLoss,
    IncidentKind,
    InsuredParty,
    OffsetKind,
    RecourseDecision,
)
from domain.kernel.payments import PaymentQuote
from domain.kernel.products import CYBER_PRODUCTS

Head = choice(HeadOfLoss)


class IncidentNoticeIn(Request):
    product: Literal[tuple(p.value for p in CYBER_PRODUCTS)]  # type: ignore[valid-type]
    policy_ref: Text
    insured_name: Text
    insured_name_kana: str | None = Field(default=None, max_length=200, description="the name in kana (フリガナ)")
    member_number: Text
    insured_party: choice(InsuredParty) = Field(  # type: ignore[valid-type]
        default=InsuredParty.POLICYHOLDER,
        description="institution product: its officers and employees are insured for liability",
    )
    found: LongText = Field(description="what was found, e.g. possible unauthorised access to the EMR server")
    discovered_at: Instant
    occurred_at: Instant
    country: Annotated[str, Field(min_length=2, max_length=60, description="where it happened; cover is worldwide")]
    incident_kinds: list[choice(IncidentKind)] = Field(  # type: ignore[valid-type]
        min_length=1, max_length=4, description="from the product's own list")
    business: choice(Business) = Field(description="the business it concerns, from the product's scope")  # type: ignore[valid-type]
    personal_data: StrictBool
    medical_data: StrictBool
    people_affected: Annotated[StrictInt, Field(ge=0, le=100_000_000)] | None = None

    def to_domain(self) -> IncidentNotice:
        data = self.model_dump()
        data["incident_kinds"] = tuple(self.incident_kinds)
        return IncidentNotice(**data)


class ThirdPartyClaimIn(Request):
    claimant: Text
    amount_claimed_yen: Yen
    received_on: Day
    summary: LongText

    def to_domain(self) -> ThirdPartyClaimInput:
        return ThirdPartyClaimInput(**self.model_dump())


class CostIn(Request):
    head: Head  # type: ignore[valid-type]
    cost_type: choice(CostType)  # type: ignore[valid-type]
    vendor: Text
    invoice_number: Text
    invoice_date: Day
    amount_yen: Yen
    description: str = Field(default="", max_length=2000)

    def to_domain(self) -> CostInput:
        return CostInput(**self.model_dump())


class OffsetIn(Request):
    kind: choice(OffsetKind)  # type: ignore[valid-type]
    head: Head  # type: ignore[valid-type]
    amount_yen: Yen
    source: Text = Field(description="e.g. the hospital's own cyber insurer, or whom it was recovered from")
    on: Day
    reference: str = Field(default="", max_length=200)

    def to_domain(self) -> OffsetInput:
        return OffsetInput(**self.model_dump())


class RecourseIn(Request):
    decision: choice(RecourseDecision)  # type: ignore[valid-type]
    reason: LongText


class IncidentPaymentIn(Request):
    head: Head  # type: ignore[valid-type]


class CostOut(BaseModel):
    head: str
    cost_type: str
    vendor: str
    invoice_number: str
    invoice_date: date
    amount_yen: int
    description: str


class HeadTotalsOut(BaseModel):
    costs_yen: int
    offsets_yen: int
    basis_yen: int
    approved_yen: int
    owed_now_yen: int = Field(description="what the terms owe now, before the policy's limits")
    payment_quote: PaymentQuoteOut = Field(description="what approving would pay now, and which limit cuts it")


class IncidentOut(BaseModel):
    id: UUID
    version: int
    product: str
    policy_ref: str
    insured_name: str
    insured_name_kana: str | None
    member_number: str
    insured_party: str
    found: str
    discovered_at: datetime
    occurred_at: datetime
    country: str
    incident_kinds: list[str]
    business: str
    personal_data: bool
    medical_data: bool
    people_affected: int | None
    coverage: str
    coverage_reasons: list[str]
    status: str
    stage: str
    third_party_claims: list[dict[str, Any]]
    costs: list[CostOut]
    offsets: list[dict[str, Any]]
    recourse: str | None
    heads: dict[str, HeadTotalsOut]
    payments: list[PaymentOut]
    approved_yen: int
    settled_yen: int
    payment_requests: list[PaymentRequestOut] = Field(description="payments above the requester's authority (four eyes)")
    notes: list[NoteOut] = Field(description="the file notes, oldest first; a correction is a note of its own")
    reserve: ReserveOut = Field(description="the outstanding reserve (支払備金) per head, paid and incurred, and its history")
    log_position: int | None = None

    @classmethod
    def from_incident(
        cls, incident: CyberIncident, quotes: dict[str, PaymentQuote], log_position: int | None = None
    ) -> IncidentOut:
        names = (
            "product", "policy_ref", "insured_name", "insured_name_kana", "member_number", "insured_party", "found",
            "discovered_at", "occurred_at", "country", "incident_kinds", "business", "personal_data", "medical_data",
            "people_affected", "coverage", "coverage_reasons", "status", "stage", "recourse", "approved_yen", "settled_yen",
        )
        return cls(
            id=incident.id, version=incident.version, **{n: getattr(incident, n) for n in names},
            third_party_claims=[vars(c) for c in incident.third_party_claims],
            costs=[CostOut.model_validate(c, from_attributes=True) for c in incident.costs],
            offsets=[vars(o) for o in incident.offsets],
            heads={h.value: HeadTotalsOut(costs_yen=incident.costs_yen(h), offsets_yen=incident.offsets_yen(h),
                                          basis_yen=incident.basis_yen(h), approved_yen=incident.book.approved_yen(h),
                                          owed_now_yen=incident.owed_now_yen(h),
                                          payment_quote=PaymentQuoteOut.from_quote(quotes[h.value]))
                   for h in HEADS},
            payments=[PaymentOut.model_validate(p, from_attributes=True) for p in incident.payments.values()],
            **claim_file_out(incident, tuple(h.value for h in HEADS)),
            log_position=log_position,
        )

