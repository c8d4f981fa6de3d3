"""A claim-response case (クレーム対応費用保険, product `harassment`), event-sourced.

Public methods decide: they check the actor's role, the case's state and the inputs, compute
what follows (line classification, payout amounts, numbering), and then call a private
`@event` method that only records. The decorated bodies run again on every replay, so they
hold no guards, clocks, ids or arithmetic. What cases share with cyber incidents — settling,
closing, reopening, the guards, the payment book — is the kernel's ClaimLifecycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.harassment import bill_review, matter
from domain.harassment.bill_review import BillReview
from domain.harassment.errors import EscalationAlreadyRecommended, EscalationNotApproved, EscalationNotAwaitingConsent
from domain.harassment.invoices import Invoice, InvoiceInput, InvoiceLine, classify
from domain.harassment.matter import MatterCourse, MatterStep
from domain.harassment.report import CaseReport, ConsultationInput
from domain.harassment.vocabulary import (
    BillSource,
    BillStatus,
    CaseCategory,
    CaseStage,
    Channel,
    ClaimActKind,
    Escalation,
    LineExclusion,
    MatterStage,
)
from domain.kernel import claim_events
from domain.kernel.actors import Actor, Role
from domain.kernel.clock import japan_date, require_date_not_after, require_not_after
from domain.kernel.coverage import Coverage, CoverageDecision
from domain.kernel.errors import DuplicateInvoice, InvalidInput, LimitExhausted
from domain.kernel.inputs import is_whole_yen, optional_text, require_text
from domain.kernel.lifecycle import ClaimLifecycle, ClaimStatus
from domain.kernel.notes import Note
from domain.kernel.payments import Approval, Limits, Payment, PaymentBook, PaymentQuote
from domain.kernel.payout import HARASSMENT_TERMS, PayoutTerms, amount_now_payable, payout_for_covered_fees
from domain.kernel.products import Product
from domain.kernel.reserves import ReserveBook
from domain.kernel.shared import SharedList


@dataclass(frozen=True)
class Consultation:
    number: int
    held_at: datetime
    channel: str
    duration_minutes: int
    caller: str
    question: str
    advice: str
    logged_by: str


@dataclass(frozen=True)
class ConsentInput:
    """The insurer's consent (承諾) to a lawyer's engagement: the lawyer named as free text, or a
    lawyer of the counsel register (`lawyer_id`; the application then fills in the names)."""

    consent_reference: str
    consent_date: date
    lawyer_name: str = ""
    law_firm: str = ""
    lawyer_id: Any = None
    law_firm_id: Any = None


def owed_by_rule(
    *, status: str, coverage: str, escalation: str, limit_exhausted: bool, covered_fees_yen: int, approved_yen: int,
    terms: PayoutTerms = HARASSMENT_TERMS,
) -> int:
    """What the payout rule owes a case now: nothing before consent, on a closed or not-covered
    case, or once a limit has cut one of its payments; else the rule on the cumulative totals
    less what was approved. (The policy's limits may then cut it: see ClaimCase.quote_payment.)"""
    if escalation != Escalation.APPROVED or status == ClaimStatus.CLOSED or coverage == Coverage.NOT_COVERED or limit_exhausted:
        return 0
    return amount_now_payable(covered_fees_yen, approved_yen, terms)


def case_stage(
    *, status: str, escalation: str, unsettled_payments: int, owed_now_yen: int, consultations: int,
    requests_waiting: int = 0, bills_under_review: int = 0,
) -> CaseStage:
    """One word for lists and queues: where the case waits, and for whom. A payment request
    waiting for a second adjuster comes first: nothing else is paid on the case until it is decided."""
    if status == ClaimStatus.CLOSED:
        return CaseStage.CLOSED
    if requests_waiting:
        return CaseStage.PAYMENT_AWAITING_CONFIRMATION
    if unsettled_payments:
        return CaseStage.PAYMENT_AWAITING_SETTLEMENT
    if escalation == Escalation.RECOMMENDED:
        return CaseStage.AWAITING_CONSENT
    if escalation == Escalation.APPROVED and bills_under_review:
        return CaseStage.BILL_UNDER_REVIEW
    if escalation == Escalation.APPROVED:
        return CaseStage.INVOICE_AWAITING_DECISION if owed_now_yen > 0 else CaseStage.LAWYER_ENGAGED
    return CaseStage.CONSULTING if consultations else CaseStage.REPORTED


class ClaimCase(BillReview, MatterCourse, ClaimLifecycle, Aggregate):
    TOPIC = "claims:ClaimCase"  # explicit, stable topics: moving this module breaks no stored event
    NOUN = "case"

    class Created(Aggregate.Created):
        TOPIC = "claims:ClaimCase.Created"

    # ---- commands -------------------------------------------------------------------------

    @classmethod
    def report(
        cls, report: CaseReport, actor: Actor, now: datetime, case_id: Any,
        coverage: CoverageDecision, terms: PayoutTerms = HARASSMENT_TERMS,
    ) -> ClaimCase:
        actor.require(Role.CONCIERGE, command="reporting a case")
        require_not_after(report.occurred_at, now, "occurred_at")
        report.check_kinds()
        return cls(
            id=case_id,
            policy_ref=require_text(report.policy_ref, "policy_ref"),
            insured_name=require_text(report.insured_name, "insured_name"),
            insured_name_kana=optional_text(report.insured_name_kana),
            member_number=require_text(report.member_number, "member_number"),
            occurred_at=report.occurred_at,
            place=require_text(report.place, "place"),
            in_japan=report.in_japan,
            category=CaseCategory.coerce(report.category, "category").value,
            claim_act_kinds=[ClaimActKind.coerce(k, "claim_act_kinds").value for k in report.claim_act_kinds],
            summary=require_text(report.summary, "summary"),
            channel=Channel.coerce(report.channel, "channel").value,
            legal_characterisation=optional_text(report.legal_characterisation),
            coverage=coverage.label.value,
            coverage_reasons=[str(r) for r in coverage.reasons],
            deductible_yen=terms.deductible_yen,
            coinsurance_percent=terms.coinsurance_percent,
            actor_id=actor.user_id,
            actor_role=actor.role.value,
        )

    def log_consultation(self, consultation: ConsultationInput, *, actor: Actor, now: datetime) -> None:
        actor.require(Role.CONCIERGE, command="logging a consultation")
        self._require_open()
        require_not_after(consultation.held_at, now, "held_at")
        if not is_whole_yen(consultation.duration_minutes) or consultation.duration_minutes <= 0:
            raise InvalidInput("duration_minutes must be at least 1", field="duration_minutes", reason="too_small",
                               params={"minimum": 1})
        self._consultation_logged(
            number=len(self.consultations) + 1,
            held_at=consultation.held_at,
            channel=Channel.coerce(consultation.channel, "channel").value,
            duration_minutes=consultation.duration_minutes,
            caller=require_text(consultation.caller, "caller"),
            question=require_text(consultation.question, "question"),
            advice=require_text(consultation.advice, "advice"),
            actor_id=actor.user_id,
            actor_role=actor.role.value,
        )

    def recommend_escalation(self, *, reason: str, actor: Actor, now: datetime) -> None:
        actor.require(Role.CONCIERGE, command="recommending escalation to a lawyer")
        self._require_open()
        self._require_covered()
        if self.escalation in (Escalation.RECOMMENDED, Escalation.APPROVED):
            raise EscalationAlreadyRecommended(f"escalation is already {self.escalation}", field="escalation",
                                               params={"escalation": Escalation(self.escalation).ja})
        self._escalation_recommended(
            reason=require_text(reason, "reason"),
            recommended_on=japan_date(now),
            actor_id=actor.user_id,
            actor_role=actor.role.value,
        )

    def approve_escalation(self, consent: ConsentInput, *, actor: Actor, now: datetime) -> None:
        actor.require(Role.ADJUSTER, command="approving escalation (the insurer's consent)")
        self._require_awaiting_consent()
        require_date_not_after(consent.consent_date, now, "consent_date")
        if self.recommended_on is not None and consent.consent_date < self.recommended_on:
            raise InvalidInput(
                f"consent_date may not precede the concierge's recommendation ({self.recommended_on})",
                field="consent_date", reason="before_recommendation", params={"recommended_on": self.recommended_on},
            )
        self._escalation_approved(
            consent_reference=require_text(consent.consent_reference, "consent_reference"),
            consent_date=consent.consent_date,
            lawyer_name=require_text(consent.lawyer_name, "lawyer_name"),
            law_firm=require_text(consent.law_firm, "law_firm"),
            lawyer_id=str(consent.lawyer_id) if consent.lawyer_id else None,
            law_firm_id=str(consent.law_firm_id) if consent.law_firm_id else None,
            actor_id=actor.user_id,
            actor_role=actor.role.value,
        )

    def decline_escalation(self, *, reason: str, actor: Actor) -> None:
        actor.require(Role.ADJUSTER, command="declining escalation")
        self._require_awaiting_consent()
        self._escalation_declined(
            reason=require_text(reason, "reason"), actor_id=actor.user_id, actor_role=actor.role.value
        )

    def record_invoice(self, invoice: InvoiceInput, *, actor: Actor, now: datetime) -> None:
        actor.require(Role.ADJUSTER, command="recording a lawyer's invoice")
        self._require_open()
        self._require_covered()
        self._require_escalation_approved()
        number = require_text(invoice.invoice_number, "invoice_number")
        if number in (".", ".."):  # a URL's dot segments: no page or route could name the bill
            raise InvalidInput("invoice_number may not be '.' or '..'", field="invoice_number", reason="dot_segment")
        if any(inv.number == number for inv in self.invoices):
            raise DuplicateInvoice(f"invoice {number} is already recorded", field="invoice_number",
                                   params={"number": number})
        require_date_not_after(invoice.invoice_date, now, "invoice_date")
        if not invoice.lines:
            raise InvalidInput("an invoice needs at least one line", field="lines", reason="empty")
        for index, line in enumerate(invoice.lines):
            if not is_whole_yen(line.amount_yen) or line.amount_yen <= 0:
                raise InvalidInput("amount_yen must be a positive whole yen", field=f"lines[{index}].amount_yen",
                                   reason="not_positive_yen")
            require_date_not_after(line.work_date, now, f"lines[{index}].work_date")
        assert self.consent_date is not None  # guaranteed by _require_escalation_approved
        classified = [classify(line, self.consent_date) for line in invoice.lines]
        flagged = any(line["exclusion"] == LineExclusion.UNCLASSIFIED_CODE for line in classified)
        self._invoice_recorded(
            invoice_number=number,
            invoice_date=invoice.invoice_date,
            source=BillSource(invoice.source).value,
            status=(BillStatus.UNDER_REVIEW if flagged else BillStatus.RECEIVED).value,
            lines=classified,
            covered_yen=sum(line["amount_yen"] for line in classified if line["covered"]),
            excluded_yen=sum(line["amount_yen"] for line in classified if not line["covered"]),
            actor_id=actor.user_id,
            actor_role=actor.role.value,
        )

    def quote_payment(self, policy: Limits) -> PaymentQuote:
        """What approving would pay now — the rule's amount within what the policy's limits have
        left — or why it would pay nothing. The same quote decides the approval."""
        return self._approval_quote(policy, None)

    def approve_payment(self, *, actor: Actor, policy: Limits, now: datetime) -> None:
        """Approve what the rule owes now, within what the policy's limits have left; the amount
        is computed, never typed in. The policy is charged in the same transaction. Above the
        adjuster's authority it is recorded as a request for a second adjuster (four eyes)."""
        self._approve(policy, None, actor, now)

    # ---- derived state --------------------------------------------------------------------

    @property
    def covered_fees_yen(self) -> int:
        return sum(inv.covered_yen for inv in self.invoices)

    @property
    def excluded_fees_yen(self) -> int:
        return sum(inv.excluded_yen for inv in self.invoices)

    @property
    def owed_now_yen(self) -> int:
        """What the payout rule owes now, before the policy's limits (see quote_payment)."""
        return owed_by_rule(status=self.status, coverage=self.coverage, escalation=self.escalation,
                            limit_exhausted=self.limit_exhausted, covered_fees_yen=self.covered_fees_yen,
                            approved_yen=self.approved_yen, terms=self.payout_terms)

    @property
    def stage(self) -> CaseStage:
        return case_stage(
            status=self.status,
            escalation=self.escalation,
            unsettled_payments=len(self.book.unsettled),
            owed_now_yen=self.owed_now_yen,
            consultations=len(self.consultations),
            requests_waiting=len(self.book.waiting),
            bills_under_review=len(self.bills_under_review),
        )

    # ---- what the lifecycle asks of a case -----------------------------------------------

    def _record_payment(self, approval: Approval, head: str | None, actor: Actor) -> None:
        request = approval.request
        self._payment_approved(
            payment_number=approval.number,
            amount_yen=approval.amount_yen,
            covered_fees_basis_yen=self.covered_fees_yen,
            payout_total_yen=payout_for_covered_fees(self.covered_fees_yen, self.payout_terms),
            previously_approved_yen=self.approved_yen,
            invoice_numbers=[inv.number for inv in self.invoices],
            limited_by=approval.limited_by,
            request_number=request.number if request else None,
            requested_by=request.requested_by if request else None,
            actor_id=actor.user_id,
            actor_role=actor.role.value,
        )

    def _reserve_head(self, head: str | None) -> str | None:
        if head is not None:
            raise InvalidInput("a case has one reserve: name no head of loss", field="head", reason="not_for_cases")
        return None

    def _require_payable(self, head: str | None) -> None:
        super()._require_payable(head)
        self._require_escalation_approved()
        self._require_no_bill_under_review()
        if self.limit_exhausted:
            raise LimitExhausted("the policy's payment limit for this case is used up", field="amount_yen")

    def _owed_now(self, head: str | None) -> int:
        return amount_now_payable(self.covered_fees_yen, self.approved_yen, self.payout_terms)

    def _why_nothing(self, head: str | None) -> str:
        if not self.invoices:
            return "no lawyer's invoice is recorded on this case"
        if self.covered_fees_yen <= self.payout_terms.deductible_yen:
            return (
                f"covered fees of ¥{self.covered_fees_yen:,} do not exceed the ¥{self.payout_terms.deductible_yen:,} deductible"
            )
        return f"everything the rule allows (¥{self.approved_yen:,}) is already approved"

    def _require_awaiting_consent(self) -> None:
        self._require_open()
        self._require_covered()
        if self.escalation != Escalation.RECOMMENDED:
            raise EscalationNotAwaitingConsent(
                f"no escalation awaits consent (escalation is {self.escalation})", field="escalation",
                params={"escalation": Escalation(self.escalation).ja},
            )

    def _require_escalation_approved(self) -> None:
        if self.escalation != Escalation.APPROVED:
            raise EscalationNotApproved(
                "lawyer fees need the concierge's recommendation and the insurer's consent first",
                field="escalation",
            )

    # ---- events: record only --------------------------------------------------------------

    class Reported(Aggregate.Created):
        """v2 added the coverage decision and the payout terms; v1 reports predate policies, so
        they read as "not_decided" under the programme's own terms (¥10,000, 90 %). v3 added the
        insured's name in kana (フリガナ), for finding the case by its reading; earlier reports have none."""

        TOPIC = "claims:ClaimCase.Reported"
        class_version = 3
        policy_ref: str
        insured_name: str
        insured_name_kana: str | None
        member_number: str
        occurred_at: datetime
        place: str
        in_japan: bool
        category: str
        claim_act_kinds: list[str]
        summary: str
        channel: str
        legal_characterisation: str | None
        coverage: str
        coverage_reasons: list[str]
        deductible_yen: int
        coinsurance_percent: int
        actor_id: str
        actor_role: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state.update(coverage="not_decided", coverage_reasons=[], deductible_yen=HARASSMENT_TERMS.deductible_yen,
                         coinsurance_percent=HARASSMENT_TERMS.coinsurance_percent)

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            state["insured_name_kana"] = None

    @event(Reported)
    def __init__(
        self,
        id: Any,
        policy_ref: str,
        insured_name: str,
        insured_name_kana: str | None,
        member_number: str,
        occurred_at: datetime,
        place: str,
        in_japan: bool,
        category: str,
        claim_act_kinds: list[str],
        summary: str,
        channel: str,
        legal_characterisation: str | None,
        coverage: str,
        coverage_reasons: list[str],
        deductible_yen: int,
        coinsurance_percent: int,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.product = Product.HARASSMENT.value
        self.coverage = coverage
        self.coverage_reasons = list(coverage_reasons)
        self.payout_terms = PayoutTerms(deductible_yen, coinsurance_percent)
        self.limit_exhausted = False
        self.policy_ref = policy_ref
        self.insured_name = insured_name
        self.insured_name_kana = insured_name_kana
        self.member_number = member_number
        self.occurred_at = occurred_at
        self.place = place
        self.in_japan = in_japan
        self.category = category
        self.claim_act_kinds = list(claim_act_kinds)
        self.summary = summary
        self.channel = channel
        self.legal_characterisation = legal_characterisation
        self.reported_by = actor_id
        self.status = ClaimStatus.OPEN.value
        self.escalation = Escalation.NONE.value
        self.escalation_reason: str | None = None
        self.recommended_on: date | None = None
        self.decline_reason: str | None = None
        self.consent_reference: str | None = None
        self.consent_date: date | None = None
        self.lawyer_name: str | None = None
        self.law_firm: str | None = None
        self.lawyer_id: str | None = None
        self.law_firm_id: str | None = None
        self.matter_stage: str | None = None
        self.matter_course: list[MatterStep] = SharedList()
        self.consultations: list[Consultation] = SharedList()
        self.invoices: list[Invoice] = []
        self.book = PaymentBook()
        self.reserves = ReserveBook()
        self.notes: list[Note] = SharedList()
        self.close_reason: str | None = None
        self.reopen_reason: str | None = None

    @event("ConsultationLogged", topic="claims:ClaimCase.ConsultationLogged")
    def _consultation_logged(
        self,
        number: int,
        held_at: datetime,
        channel: str,
        duration_minutes: int,
        caller: str,
        question: str,
        advice: str,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.consultations.append(
            Consultation(number, held_at, channel, duration_minutes, caller, question, advice, actor_id)
        )

    class EscalationRecommended(Aggregate.Event):
        """v2 added `recommended_on` (the Japan date of the recommendation); v1 events take it
        from their recorded time."""

        TOPIC = "claims:ClaimCase.EscalationRecommended"
        class_version = 2
        reason: str
        recommended_on: date
        actor_id: str
        actor_role: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["recommended_on"] = japan_date(state["timestamp"])

    @event(EscalationRecommended)
    def _escalation_recommended(self, reason: str, recommended_on: date, actor_id: str, actor_role: str) -> None:
        self.escalation = "recommended"
        self.escalation_reason = reason
        self.recommended_on = recommended_on

    class EscalationApproved(Aggregate.Event):
        """v2 may name a lawyer of the counsel register (`lawyer_id`, `law_firm_id`); the names are
        still recorded as they stood. v1 consents named the lawyer as free text only (None)."""

        TOPIC = "claims:ClaimCase.EscalationApproved"
        class_version = 2
        consent_reference: str
        consent_date: date
        lawyer_name: str
        law_firm: str
        lawyer_id: str | None
        law_firm_id: str | None
        actor_id: str
        actor_role: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state.update(lawyer_id=None, law_firm_id=None)

    @event(EscalationApproved)
    def _escalation_approved(
        self,
        consent_reference: str,
        consent_date: date,
        lawyer_name: str,
        law_firm: str,
        lawyer_id: str | None,
        law_firm_id: str | None,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.escalation = "approved"
        self.consent_reference = consent_reference
        self.consent_date = consent_date
        self.lawyer_name = lawyer_name
        self.law_firm = law_firm
        self.lawyer_id = lawyer_id
        self.law_firm_id = law_firm_id
        self.matter_stage = MatterStage.ENGAGED.value
        self.matter_course = SharedList([MatterStep(MatterStage.ENGAGED.value, consent_date, None, None, actor_id)])

    @event("EscalationDeclined", topic="claims:ClaimCase.EscalationDeclined")
    def _escalation_declined(self, reason: str, actor_id: str, actor_role: str) -> None:
        self.escalation = "declined"
        self.decline_reason = reason

    class InvoiceRecorded(Aggregate.Event):
        """v2 added where the bill came from (`source`: typed, ledes, csv) and its review status at
        recording (`received`, or `under_review` when an imported line's code is unknown); v1 bills
        were typed in and read as received. A line may carry the `source_code` its file gave it."""

        TOPIC = "claims:ClaimCase.InvoiceRecorded"
        class_version = 2
        invoice_number: str
        invoice_date: date
        source: str
        status: str
        lines: list[dict[str, Any]]
        covered_yen: int
        excluded_yen: int
        actor_id: str
        actor_role: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state.update(source=BillSource.TYPED.value, status=BillStatus.RECEIVED.value)

    @event(InvoiceRecorded)
    def _invoice_recorded(
        self,
        invoice_number: str,
        invoice_date: date,
        source: str,
        status: str,
        lines: list[dict[str, Any]],
        covered_yen: int,
        excluded_yen: int,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.invoices.append(
            Invoice(
                number=invoice_number,
                invoice_date=invoice_date,
                lines=[InvoiceLine(**line) for line in lines],
                billed_covered_yen=covered_yen,
                billed_excluded_yen=excluded_yen,
                recorded_by=actor_id,
                source=source,
                status=status,
            )
        )

    class PaymentApproved(Aggregate.Event):
        """v2 added `limited_by`: which policy limit cut the payment short (None: none did). v3
        added the four eyes: the request it confirms and who asked (None: approved directly)."""

        TOPIC = "claims:ClaimCase.PaymentApproved"
        class_version = 3
        payment_number: int
        amount_yen: int
        covered_fees_basis_yen: int
        payout_total_yen: int
        previously_approved_yen: int
        invoice_numbers: list[str]
        limited_by: str | None
        request_number: int | None
        requested_by: str | None
        actor_id: str
        actor_role: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["limited_by"] = None

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            state.update(request_number=None, requested_by=None)

    @event(PaymentApproved)
    def _payment_approved(
        self,
        payment_number: int,
        amount_yen: int,
        covered_fees_basis_yen: int,
        payout_total_yen: int,
        previously_approved_yen: int,
        invoice_numbers: list[str],
        limited_by: str | None,
        request_number: int | None,
        requested_by: str | None,
        actor_id: str,
        actor_role: str,
    ) -> None:
        if limited_by is not None:
            self.limit_exhausted = True
        self.book.record_approval(Payment(
            number=payment_number,
            amount_yen=amount_yen,
            covered_fees_basis_yen=covered_fees_basis_yen,
            invoice_numbers=list(invoice_numbers),
            approved_by=actor_id,
            limited_by=limited_by,
            requested_by=requested_by,
            request_number=request_number,
        ), request_number)

    # what every claim records, written once in domain/kernel/claim_events.py, under the case's topics
    _payment_settled = claim_events.recorded("ClaimCase", "PaymentSettled")
    _closed = claim_events.recorded("ClaimCase", "Closed")
    _reopened = claim_events.recorded("ClaimCase", "Reopened")
    _note_added = claim_events.recorded("ClaimCase", "NoteAdded")
    _reserve_set = claim_events.recorded("ClaimCase", "ReserveSet")
    _reserve_lowered = claim_events.recorded("ClaimCase", "ReserveLowered")
    _reserve_released = claim_events.recorded("ClaimCase", "ReserveReleased")
    _payment_requested = claim_events.recorded("ClaimCase", "PaymentRequested")
    _payment_request_withdrawn = claim_events.recorded("ClaimCase", "PaymentRequestWithdrawn")
    _payment_request_refused = claim_events.recorded("ClaimCase", "PaymentRequestRefused")

    # the bill's review and the matter's course (bill_review.py, matter.py), under the case's topics
    _bill_review_started = event("BillReviewStarted", topic="claims:ClaimCase.BillReviewStarted")(
        bill_review.review_started)
    _bill_line_reviewed = event("BillLineReviewed", topic="claims:ClaimCase.BillLineReviewed")(
        bill_review.line_reviewed)
    _bill_approved = event("BillApproved", topic="claims:ClaimCase.BillApproved")(bill_review.approved)
    _bill_rejected = event("BillRejected", topic="claims:ClaimCase.BillRejected")(bill_review.rejected)
    _matter_step_recorded = event("MatterStepRecorded", topic="claims:ClaimCase.MatterStepRecorded")(
        matter.step_recorded)
