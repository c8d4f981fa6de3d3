"""Request and response shapes for cases. Requests forbid unknown fields; money is whole yen;
choices are the domain's own enums."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field, StrictBool, StrictInt

from api.schemas.claims import NoteOut, PaymentOut, PaymentQuoteOut, PaymentRequestOut, ReserveOut, claim_file_out
from api.schemas.common import Day, Instant, LongText, Request, Text, Yen, choice
from domain.cyber.vocabulary import IncidentStage
from domain.harassment.bill_review import LineReviewInput
from domain.harassment.case import ClaimCase, ConsentInput
from domain.harassment.invoices import InvoiceInput, InvoiceLineInput
from domain.harassment.matter import MatterStepInput
from domain.harassment.report import CaseReport, ConsultationInput
from domain.harassment.vocabulary import (
    BillSource,
    BillStatus,
    CaseCategory,
    CaseStage,
    Channel,
    ClaimActKind,
    FeeType,
    MatterOutcome,
    MatterStage,
)
from domain.kernel.coverage import Coverage
from domain.kernel.payments import PaymentQuote


class CaseReportIn(Request):
    policy_ref: Text = Field(description="policy number (証券番号) or the society's reference")
    insured_name: Text
    insured_name_kana: str | None = Field(default=None, max_length=200, description="the name in kana (フリガナ)")
    member_number: Text = Field(description="JSPRS member number (会員番号)")
    occurred_at: Instant = Field(description="when the claim act happened, with offset")
    place: Text
    in_japan: StrictBool = Field(description="the claim act concerns business done in Japan")
    category: choice(CaseCategory)  # type: ignore[valid-type]
    claim_act_kinds: list[choice(ClaimActKind)] = Field(min_length=1, max_length=9)  # type: ignore[valid-type]
    summary: LongText
    channel: choice(Channel) = Field(description="how the report reached the concierge")  # type: ignore[valid-type]
    legal_characterisation: str | None = Field(default=None, max_length=200, description="e.g. 不退去罪")

    def to_domain(self) -> CaseReport:
        data = self.model_dump()
        data["claim_act_kinds"] = tuple(self.claim_act_kinds)
        return CaseReport(**data)


class ConsultationIn(Request):
    held_at: Instant
    channel: choice(Channel)  # type: ignore[valid-type]
    duration_minutes: Annotated[StrictInt, Field(ge=1, le=1440)]
    caller: Text = Field(description="who consulted, e.g. 院長, 事務長")
    question: LongText
    advice: LongText

    def to_domain(self) -> ConsultationInput:
        return ConsultationInput(**self.model_dump())


class EscalationApprovalIn(Request):
    consent_reference: Text = Field(description="the insurer's consent reference (承諾番号)")
    consent_date: Day
    lawyer_id: UUID | None = Field(default=None, description="a lawyer of the counsel register (/counsel/lawyers);"
                                                             " the names are then taken from the register")
    lawyer_name: str = Field(default="", max_length=200, description="free text, when no lawyer_id is given")
    law_firm: str = Field(default="", max_length=200, description="free text, when no lawyer_id is given")

    def to_domain(self) -> ConsentInput:
        return ConsentInput(**self.model_dump())


class InvoiceLineIn(Request):
    fee_type: choice(FeeType)  # type: ignore[valid-type]
    work_date: Day
    amount_yen: Yen
    description: str = Field(default="", max_length=1000)


class InvoiceIn(Request):
    invoice_number: Text
    invoice_date: Day
    lines: list[InvoiceLineIn] = Field(min_length=1, max_length=500)

    def to_domain(self) -> InvoiceInput:
        lines = tuple(InvoiceLineInput(**line.model_dump()) for line in self.lines)
        return InvoiceInput(self.invoice_number, self.invoice_date, lines)


# ---- responses ------------------------------------------------------------------------------


class ConsultationOut(BaseModel):
    number: int
    held_at: datetime
    channel: Channel
    duration_minutes: int
    caller: str
    question: str
    advice: str
    logged_by: str


class InvoiceLineOut(BaseModel):
    fee_type: FeeType | None = Field(description="null: imported with a code the mapping does not know")
    work_date: date
    amount_yen: int = Field(description="as billed")
    description: str
    covered: bool
    exclusion: str | None = Field(description="why not covered: excluded_fee_type, work_before_consent or"
                                              " unclassified_code")
    source_code: str | None = Field(description="the code(s) the file gave the line (F:JP200, E:E112, 着手金, …)")
    reviewed_yen: int = Field(description="the amount allowed: as billed, or less where the adjuster reduced it")
    reduced: bool
    review_reason: str | None
    reviewed_by: str | None


class InvoiceOut(BaseModel):
    number: str
    invoice_date: date
    source: BillSource
    status: BillStatus = Field(description="received, under_review, approved, partly_approved or rejected")
    lines: list[InvoiceLineOut]
    billed_yen: int
    covered_yen: int = Field(description="what the bill counts toward the payout: covered lines at their reviewed"
                                         " amounts (0 once rejected)")
    excluded_yen: int = Field(description="billed on lines not covered now (every line, once rejected)")
    reduced_yen: int = Field(description="what the review took off covered lines")
    decision_reason: str | None
    decided_by: str | None
    recorded_by: str


class MatterStepOut(BaseModel):
    stage: MatterStage
    occurred_on: date
    outcome: MatterOutcome | None
    note: str | None
    recorded_by: str


class MatterOut(BaseModel):
    stage: MatterStage | None = Field(description="null before the insurer's consent")
    course: list[MatterStepOut]


class EscalationOut(BaseModel):
    state: str = Field(description="none, recommended, approved or declined")
    reason: str | None
    decline_reason: str | None
    consent_reference: str | None
    consent_date: date | None
    lawyer_name: str | None
    law_firm: str | None
    lawyer_id: UUID | None = Field(description="the lawyer in the counsel register; null: named as free text")
    law_firm_id: UUID | None


class TotalsOut(BaseModel):
    covered_fees_yen: int
    excluded_fees_yen: int
    approved_yen: int
    settled_yen: int
    payable_now_yen: int = Field(description="what an approval would pay now, after the policy's limits")


class CaseOut(BaseModel):
    id: UUID
    version: int
    product: str
    policy_ref: str
    insured_name: str
    insured_name_kana: str | None
    member_number: str
    occurred_at: datetime
    place: str
    in_japan: bool
    category: CaseCategory
    claim_act_kinds: list[ClaimActKind]
    summary: str
    channel: Channel
    legal_characterisation: str | None
    coverage: str = Field(description="covered, not_covered, or not_decided (reported before policies existed)")
    coverage_reasons: list[str] = Field(description="why not covered: stable codes, see docs/concierge.md")
    limit_exhausted: bool = Field(description="the policy's payment limit cut this case's payments short")
    status: str
    stage: str
    escalation: EscalationOut
    consultations: list[ConsultationOut]
    invoices: list[InvoiceOut]
    matter: MatterOut = Field(description="the lawyer's matter: engaged → negotiation / litigation → concluded")
    payments: list[PaymentOut]
    totals: TotalsOut
    payment_quote: PaymentQuoteOut = Field(description="what approving would pay now, and which limit cuts it")
    payment_requests: list[PaymentRequestOut] = Field(description="payments above the requester's authority (four eyes)")
    notes: list[NoteOut] = Field(description="the file notes, oldest first; a correction is a note of its own")
    reserve: ReserveOut = Field(description="the outstanding reserve (支払備金), paid and incurred, and its history")
    reported_at: datetime
    modified_at: datetime
    log_position: int | None = Field(default=None, description="log position of the command just run")

    @classmethod
    def from_case(cls, case: ClaimCase, quote: PaymentQuote, log_position: int | None = None) -> CaseOut:
        attrs: dict[str, Any] = {
            name: getattr(case, name)
            for name in (
                "product", "policy_ref", "insured_name", "insured_name_kana", "member_number", "occurred_at", "place",
                "in_japan",
                "category", "claim_act_kinds", "summary", "channel", "legal_characterisation", "status", "stage",
                "coverage", "coverage_reasons", "limit_exhausted",
            )
        }
        return cls(
            id=case.id,
            version=case.version,
            **attrs,
            escalation=EscalationOut(
                state=case.escalation,
                reason=case.escalation_reason,
                decline_reason=case.decline_reason,
                consent_reference=case.consent_reference,
                consent_date=case.consent_date,
                lawyer_name=case.lawyer_name,
                law_firm=case.law_firm,
                lawyer_id=case.lawyer_id,
                law_firm_id=case.law_firm_id,
            ),
            matter=MatterOut(stage=case.matter_stage,
                             course=[MatterStepOut.model_validate(s, from_attributes=True) for s in case.matter_course]),
            consultations=[ConsultationOut.model_validate(c, from_attributes=True) for c in case.consultations],
            invoices=[InvoiceOut.model_validate(i, from_attributes=True) for i in case.invoices],
            payments=[PaymentOut.model_validate(p, from_attributes=True) for p in case.payments.values()],
            totals=TotalsOut(
                covered_fees_yen=case.covered_fees_yen,
                excluded_fees_yen=case.excluded_fees_yen,
                approved_yen=case.approved_yen,
                settled_yen=case.settled_yen,
                payable_now_yen=quote.payable_yen,
            ),
            payment_quote=PaymentQuoteOut.from_quote(quote),
            **claim_file_out(case),
            reported_at=case.created_on,
            modified_at=case.modified_on,
            log_position=log_position,
        )


Stage = Literal[tuple(dict.fromkeys(m.value for m in (*CaseStage, *IncidentStage)))]  # type: ignore[valid-type]
CoverageCode = Literal[tuple(m.value for m in Coverage)]  # type: ignore[valid-type]


class CaseSummaryOut(BaseModel):
    id: UUID = Field(validation_alias="case_id")
    kind: Literal["case", "incident"] = Field(description="a claim-response case, or a cyber incident")
    product: str
    version: int
    policy_ref: str
    insured_name: str
    insured_name_kana: str | None = None
    member_number: str
    category: str = Field(description="case category, or an incident's first kind")
    coverage: str
    status: str
    stage: str
    occurred_at: datetime
    reported_at: datetime
    last_activity_at: datetime
    approved_yen: int
    settled_yen: int
    matter_stage: str | None = Field(default=None, description="the lawyer's matter: engaged, negotiation, …")


class CasesPage(BaseModel):
    items: list[CaseSummaryOut]
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page; null on the last")


# ---- the bill's review and the matter's course ------------------------------------------------


class LineReviewIn(Request):
    allowed_yen: Annotated[StrictInt, Field(ge=0, le=100_000_000_000, description="the amount allowed, whole yen")]
    reason: Annotated[str, Field(min_length=1, max_length=1000, description="why, e.g. 時間単価が合意額を超える")]
    fee_type: choice(FeeType) | None = Field(  # type: ignore[valid-type]
        default=None, description="the line's fee type: needed for a line imported with an unknown code")

    def to_domain(self, invoice_number: str, line_number: int) -> LineReviewInput:
        return LineReviewInput(invoice_number, line_number, self.allowed_yen, self.reason, self.fee_type)


class MatterStepIn(Request):
    stage: choice(MatterStage)  # type: ignore[valid-type]
    occurred_on: Day
    outcome: choice(MatterOutcome) | None = Field(default=None, description="only when concluded: 示談, 訴訟提起, …")  # type: ignore[valid-type]
    note: str | None = Field(default=None, max_length=1000)

    def to_domain(self) -> MatterStepInput:
        return MatterStepInput(**self.model_dump())


class ImportedLineOut(BaseModel):
    file_line: int = Field(description="the line of the file it came from (1-based)")
    line_number: int = Field(description="the bill's line number (for the review)")
    source_code: str | None
    fee_type: FeeType | None
    amount_yen: int
    covered: bool
    exclusion: str | None
    flagged: bool = Field(description="the code is not in the mapping: the adjuster gives it a fee type")


class BillImportOut(BaseModel):
    invoice_number: str
    source: BillSource
    status: BillStatus
    lines: list[ImportedLineOut]
    case: CaseOut
