"""Request and response shapes for cyber incidents."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, Field, StrictBool, StrictInt

from api.schemas.common import LongText, Request, Text, Yen
from domain.incident import CyberIncident, IncidentNotice
from domain.vocabulary import ALL_BUSINESSES, COST_TYPES, INCIDENT_KINDS

IncidentKind = Literal[tuple(sorted({k for kinds in INCIDENT_KINDS.values() for k in kinds}))]  # type: ignore[valid-type]
Business = Literal[ALL_BUSINESSES]  # type: ignore[valid-type]
CostType = Literal[tuple(t for types in COST_TYPES.values() for t in types)]  # type: ignore[valid-type]
Head = Literal["liability", "expenses"]


class IncidentNoticeIn(Request):
    product: Literal["cyber_physician", "cyber_institution"]
    policy_ref: Text
    insured_name: Text
    member_number: Text
    insured_party: Literal["policyholder", "officer", "employee"] = Field(
        default="policyholder", description="institution product: its officers and employees are insured for liability"
    )
    found: LongText = Field(description="what was found, e.g. possible unauthorised access to the EMR server")
    discovered_at: AwareDatetime
    occurred_at: AwareDatetime
    country: Annotated[str, Field(min_length=2, max_length=60, description="where it happened; cover is worldwide")]
    incident_kinds: list[IncidentKind] = Field(min_length=1, max_length=4, description="from the product's own list")
    business: Business = Field(description="the business it concerns, from the product's scope")
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
    received_on: date
    summary: LongText


class CostIn(Request):
    head: Head
    cost_type: CostType
    vendor: Text
    invoice_number: Text
    invoice_date: date
    amount_yen: Yen
    description: str = Field(default="", max_length=2000)


class OffsetIn(Request):
    kind: Literal["other_insurance", "recovery"]
    head: Head
    amount_yen: Yen
    source: Text = Field(description="e.g. the hospital's own cyber insurer, or whom it was recovered from")
    on: date
    reference: str = Field(default="", max_length=200)


class RecourseIn(Request):
    decision: Literal["waived", "pursued"]
    reason: LongText


class IncidentPaymentIn(Request):
    head: Head


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
    owed_now_yen: int


class IncidentPaymentOut(BaseModel):
    number: int
    head: str | None
    amount_yen: int
    covered_fees_basis_yen: int = Field(description="the head's basis when approved")
    approved_by: str
    settled: bool
    transfer_date: date | None
    bank_reference: str | None


class IncidentOut(BaseModel):
    id: UUID
    version: int
    product: str
    policy_ref: str
    insured_name: str
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
    third_party_claims: list[dict]
    costs: list[CostOut]
    offsets: list[dict]
    recourse: str | None
    heads: dict[str, HeadTotalsOut]
    payments: list[IncidentPaymentOut]
    approved_yen: int
    settled_yen: int
    log_position: int | None = None

    @classmethod
    def from_incident(cls, incident: CyberIncident, log_position: int | None = None) -> IncidentOut:
        names = (
            "product", "policy_ref", "insured_name", "member_number", "insured_party", "found", "discovered_at",
            "occurred_at", "country", "incident_kinds", "business", "personal_data", "medical_data", "people_affected",
            "coverage", "coverage_reasons", "status", "stage", "recourse", "approved_yen", "settled_yen",
        )
        return cls(
            id=incident.id, version=incident.version, **{n: getattr(incident, n) for n in names},
            third_party_claims=[vars(c) for c in incident.third_party_claims],
            costs=[CostOut.model_validate(c, from_attributes=True) for c in incident.costs],
            offsets=[vars(o) for o in incident.offsets],
            heads={h: HeadTotalsOut(costs_yen=incident.costs_yen(h), offsets_yen=incident.offsets_yen(h),
                                    basis_yen=incident.basis_yen(h), approved_yen=incident.book.approved_yen(h),
                                    owed_now_yen=incident.owed_now_yen(h)) for h in ("liability", "expenses")},
            payments=[IncidentPaymentOut.model_validate(p, from_attributes=True) for p in incident.payments.values()],
            log_position=log_position,
        )
