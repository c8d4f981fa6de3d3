"""A claim-response case (クレーム対応費用保険, product `harassment`), event-sourced.

Public methods decide: they check the actor's role, the case's state and the inputs, compute
what follows (line classification, payout amounts, numbering), and then call a private
`@event` method that only records. The decorated bodies run again on every replay, so they
hold no guards, clocks, ids or arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.actors import Actor
from domain.clock import japan_date, require_date_not_after, require_not_after
from domain.coverage import CoverageDecision
from domain.errors import (
    CaseClosed,
    CaseNotClosed,
    DuplicateInvoice,
    EscalationAlreadyRecommended,
    EscalationNotApproved,
    EscalationNotAwaitingConsent,
    InvalidInput,
    LimitExhausted,
    NotCovered,
)
from domain.payments import HasPayments, Payment, PaymentBook
from domain.payout import HARASSMENT_TERMS, PayoutTerms, amount_now_payable, payout_for_covered_fees
from domain.policy import Policy
from domain.vocabulary import CaseCategory, Channel, ClaimActKind, FeeType, Role

PRODUCT = "harassment"

EXCLUDED_FEE_TYPE = "excluded_fee_type"
WORK_BEFORE_CONSENT = "work_before_consent"


@dataclass
class Consultation:
    number: int
    held_at: datetime
    channel: str
    duration_minutes: int
    caller: str
    question: str
    advice: str
    logged_by: str


@dataclass
class InvoiceLine:
    fee_type: str
    work_date: date
    amount_yen: int
    description: str
    covered: bool
    exclusion: str | None


@dataclass
class Invoice:
    number: str
    invoice_date: date
    lines: list[InvoiceLine]
    covered_yen: int
    excluded_yen: int
    recorded_by: str


@dataclass(frozen=True)
class InvoiceLineInput:
    fee_type: FeeType
    work_date: date
    amount_yen: int
    description: str = ""


@dataclass(frozen=True)
class CaseReport:
    """What the concierge takes down on the first report."""

    policy_ref: str
    insured_name: str
    member_number: str
    occurred_at: datetime
    place: str
    in_japan: bool
    category: CaseCategory
    claim_act_kinds: tuple[ClaimActKind, ...]
    summary: str
    channel: Channel
    legal_characterisation: str | None = None


def _require_text(value: str, field_name: str) -> str:
    if not value or not value.strip():
        raise InvalidInput(f"{field_name} may not be empty", field=field_name)
    return value.strip()


def _is_whole_yen(amount: object) -> bool:
    return isinstance(amount, int) and not isinstance(amount, bool)


def _classify(line: InvoiceLineInput, consent_date: date) -> dict[str, Any]:
    """A bill line is paid only if its fee type is covered and the work followed the consent."""
    exclusion = None
    if not line.fee_type.is_covered:
        exclusion = EXCLUDED_FEE_TYPE
    elif line.work_date < consent_date:
        exclusion = WORK_BEFORE_CONSENT
    return {
        "fee_type": line.fee_type.value,
        "work_date": line.work_date,
        "amount_yen": line.amount_yen,
        "description": line.description,
        "covered": exclusion is None,
        "exclusion": exclusion,
    }


def payable_now(
    status: str, escalation: str, covered_fees_yen: int, approved_yen: int, terms: PayoutTerms = HARASSMENT_TERMS
) -> int:
    """What the rule owes now; nothing before consent or on a closed case."""
    if escalation != "approved" or status == "closed":
        return 0
    return amount_now_payable(covered_fees_yen, approved_yen, terms)


def case_stage(*, status: str, escalation: str, unsettled_payments: int, payable_now_yen: int, consultations: int) -> str:
    """One word for lists and queues: where the case waits, and for whom."""
    if status == "closed":
        return "closed"
    if unsettled_payments:
        return "payment_awaiting_settlement"
    if escalation == "recommended":
        return "awaiting_consent"
    if escalation == "approved":
        return "invoice_awaiting_decision" if payable_now_yen > 0 else "lawyer_engaged"
    return "consulting" if consultations else "reported"


class ClaimCase(HasPayments, Aggregate):
    TOPIC = "claims:ClaimCase"  # explicit, stable topics: moving this module breaks no stored event

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
        if not report.claim_act_kinds:
            raise InvalidInput("name at least one claim-act kind", field="claim_act_kinds")
        if len(set(report.claim_act_kinds)) != len(report.claim_act_kinds):
            raise InvalidInput("claim-act kinds may not repeat", field="claim_act_kinds")
        return cls(
            id=case_id,
            policy_ref=_require_text(report.policy_ref, "policy_ref"),
            insured_name=_require_text(report.insured_name, "insured_name"),
            member_number=_require_text(report.member_number, "member_number"),
            occurred_at=report.occurred_at,
            place=_require_text(report.place, "place"),
            in_japan=report.in_japan,
            category=report.category.value,
            claim_act_kinds=[k.value for k in report.claim_act_kinds],
            summary=_require_text(report.summary, "summary"),
            channel=report.channel.value,
            legal_characterisation=(report.legal_characterisation or "").strip() or None,
            coverage=coverage.label,
            coverage_reasons=list(coverage.reasons),
            deductible_yen=terms.deductible_yen,
            coinsurance_percent=terms.coinsurance_percent,
            actor_id=actor.user_id,
            actor_role=actor.role.value,
        )

    def log_consultation(
        self,
        *,
        held_at: datetime,
        channel: Channel,
        duration_minutes: int,
        caller: str,
        question: str,
        advice: str,
        actor: Actor,
        now: datetime,
    ) -> None:
        actor.require(Role.CONCIERGE, command="logging a consultation")
        self._require_open()
        require_not_after(held_at, now, "held_at")
        if duration_minutes <= 0:
            raise InvalidInput("duration_minutes must be at least 1", field="duration_minutes")
        self._consultation_logged(
            number=len(self.consultations) + 1,
            held_at=held_at,
            channel=channel.value,
            duration_minutes=duration_minutes,
            caller=_require_text(caller, "caller"),
            question=_require_text(question, "question"),
            advice=_require_text(advice, "advice"),
            actor_id=actor.user_id,
            actor_role=actor.role.value,
        )

    def recommend_escalation(self, *, reason: str, actor: Actor, now: datetime) -> None:
        actor.require(Role.CONCIERGE, command="recommending escalation to a lawyer")
        self._require_open()
        self._require_covered()
        if self.escalation in ("recommended", "approved"):
            raise EscalationAlreadyRecommended(
                f"escalation is already {self.escalation}", field="escalation"
            )
        self._escalation_recommended(
            reason=_require_text(reason, "reason"),
            recommended_on=japan_date(now),
            actor_id=actor.user_id,
            actor_role=actor.role.value,
        )

    def approve_escalation(
        self,
        *,
        consent_reference: str,
        consent_date: date,
        lawyer_name: str,
        law_firm: str,
        actor: Actor,
        now: datetime,
    ) -> None:
        actor.require(Role.ADJUSTER, command="approving escalation (the insurer's consent)")
        self._require_awaiting_consent()
        require_date_not_after(consent_date, now, "consent_date")
        if self.recommended_on is not None and consent_date < self.recommended_on:
            raise InvalidInput(
                f"consent_date may not precede the concierge's recommendation ({self.recommended_on})",
                field="consent_date",
            )
        self._escalation_approved(
            consent_reference=_require_text(consent_reference, "consent_reference"),
            consent_date=consent_date,
            lawyer_name=_require_text(lawyer_name, "lawyer_name"),
            law_firm=_require_text(law_firm, "law_firm"),
            actor_id=actor.user_id,
            actor_role=actor.role.value,
        )

    def decline_escalation(self, *, reason: str, actor: Actor) -> None:
        actor.require(Role.ADJUSTER, command="declining escalation")
        self._require_awaiting_consent()
        self._escalation_declined(
            reason=_require_text(reason, "reason"), actor_id=actor.user_id, actor_role=actor.role.value
        )

    def record_invoice(
        self,
        *,
        invoice_number: str,
        invoice_date: date,
        lines: list[InvoiceLineInput],
        actor: Actor,
        now: datetime,
    ) -> None:
        actor.require(Role.ADJUSTER, command="recording a lawyer's invoice")
        self._require_open()
        self._require_covered()
        self._require_escalation_approved()
        number = _require_text(invoice_number, "invoice_number")
        if any(inv.number == number for inv in self.invoices):
            raise DuplicateInvoice(f"invoice {number} is already recorded", field="invoice_number")
        require_date_not_after(invoice_date, now, "invoice_date")
        if not lines:
            raise InvalidInput("an invoice needs at least one line", field="lines")
        for index, line in enumerate(lines):
            if not _is_whole_yen(line.amount_yen) or line.amount_yen <= 0:
                raise InvalidInput("amount_yen must be a positive whole yen", field=f"lines[{index}].amount_yen")
            require_date_not_after(line.work_date, now, f"lines[{index}].work_date")
        assert self.consent_date is not None  # guaranteed by _require_escalation_approved
        classified = [_classify(line, self.consent_date) for line in lines]
        self._invoice_recorded(
            invoice_number=number,
            invoice_date=invoice_date,
            lines=classified,
            covered_yen=sum(line["amount_yen"] for line in classified if line["covered"]),
            excluded_yen=sum(line["amount_yen"] for line in classified if not line["covered"]),
            actor_id=actor.user_id,
            actor_role=actor.role.value,
        )

    def approve_payment(self, *, actor: Actor, policy: Policy) -> None:
        """Approve what the rule owes now, within what the policy's limits have left; the amount
        is computed, never typed in. The policy is charged in the same transaction."""
        actor.require(Role.ADJUSTER, command="approving a payment")
        self._require_open()
        self._require_covered()
        self._require_escalation_approved()
        if self.limit_exhausted:
            raise LimitExhausted("the policy's payment limit for this case is used up", field="amount_yen")
        approval = self.book.decide_approval(
            owed_yen=amount_now_payable(self.covered_fees_yen, self.approved_yen, self.payout_terms),
            why_nothing=self._why_nothing_to_pay(), policy=policy, claim_id=str(self.id), head=None, actor=actor,
        )
        self._payment_approved(
            payment_number=approval.number,
            amount_yen=approval.amount_yen,
            covered_fees_basis_yen=self.covered_fees_yen,
            payout_total_yen=payout_for_covered_fees(self.covered_fees_yen, self.payout_terms),
            previously_approved_yen=self.approved_yen,
            invoice_numbers=[inv.number for inv in self.invoices],
            limited_by=approval.limited_by,
            actor_id=actor.user_id,
            actor_role=actor.role.value,
        )
        policy.charge(claim_id=str(self.id), payment_number=approval.number, amount_yen=approval.amount_yen, actor=actor)

    def settle_payment(
        self, *, payment_number: int, transfer_date: date, bank_reference: str, actor: Actor, now: datetime
    ) -> None:
        actor.require(Role.ADJUSTER, command="recording a payment's settlement")
        payment = self.book.check_settlement(payment_number, transfer_date, bank_reference, now)
        self._payment_settled(
            payment_number=payment_number,
            amount_yen=payment.amount_yen,
            transfer_date=transfer_date,
            bank_reference=_require_text(bank_reference, "bank_reference"),
            actor_id=actor.user_id,
            actor_role=actor.role.value,
        )

    def close(self, *, reason: str, actor: Actor) -> None:
        actor.require(Role.ADJUSTER, command="closing a case")
        self._require_open()
        self.book.require_all_settled()
        self._closed(reason=_require_text(reason, "reason"), actor_id=actor.user_id, actor_role=actor.role.value)

    def reopen(self, *, reason: str, actor: Actor) -> None:
        actor.require(Role.ADJUSTER, command="reopening a case")
        if self.status != "closed":
            raise CaseNotClosed("only a closed case can be reopened", field="status")
        self._reopened(reason=_require_text(reason, "reason"), actor_id=actor.user_id, actor_role=actor.role.value)

    # ---- derived state --------------------------------------------------------------------

    @property
    def covered_fees_yen(self) -> int:
        return sum(inv.covered_yen for inv in self.invoices)

    @property
    def excluded_fees_yen(self) -> int:
        return sum(inv.excluded_yen for inv in self.invoices)

    @property
    def payable_now_yen(self) -> int:
        if self.limit_exhausted or self.coverage == "not_covered":
            return 0
        return payable_now(self.status, self.escalation, self.covered_fees_yen, self.approved_yen, self.payout_terms)

    @property
    def stage(self) -> str:
        return case_stage(
            status=self.status,
            escalation=self.escalation,
            unsettled_payments=len(self.book.unsettled),
            payable_now_yen=self.payable_now_yen,
            consultations=len(self.consultations),
        )

    def _why_nothing_to_pay(self) -> str:
        if not self.invoices:
            return "no lawyer's invoice is recorded on this case"
        if self.covered_fees_yen <= self.payout_terms.deductible_yen:
            return (
                f"covered fees of ¥{self.covered_fees_yen:,} do not exceed the ¥{self.payout_terms.deductible_yen:,} deductible"
            )
        return f"everything the rule allows (¥{self.approved_yen:,}) is already approved"

    def _require_open(self) -> None:
        if self.status == "closed":
            raise CaseClosed("the case is closed; reopen it first", field="status")

    def _require_covered(self) -> None:
        if self.coverage == "not_covered":
            raise NotCovered(
                f"the case is not covered ({', '.join(self.coverage_reasons)}): it cannot reach escalation or payment",
                field="coverage",
            )

    def _require_awaiting_consent(self) -> None:
        self._require_open()
        self._require_covered()
        if self.escalation != "recommended":
            raise EscalationNotAwaitingConsent(
                f"no escalation awaits consent (escalation is {self.escalation})", field="escalation"
            )

    def _require_escalation_approved(self) -> None:
        if self.escalation != "approved":
            raise EscalationNotApproved(
                "lawyer fees need the concierge's recommendation and the insurer's consent first",
                field="escalation",
            )

    # ---- events: record only --------------------------------------------------------------

    class Reported(Aggregate.Created):
        """v2 added the coverage decision and the payout terms; v1 reports predate policies, so
        they read as "not_decided" under the programme's own terms (¥10,000, 90 %)."""

        TOPIC = "claims:ClaimCase.Reported"
        class_version = 2
        policy_ref: str
        insured_name: str
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

    @event(Reported)
    def __init__(
        self,
        id: Any,
        policy_ref: str,
        insured_name: str,
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
        self.product = PRODUCT
        self.coverage = coverage
        self.coverage_reasons = list(coverage_reasons)
        self.payout_terms = PayoutTerms(deductible_yen, coinsurance_percent)
        self.limit_exhausted = False
        self.policy_ref = policy_ref
        self.insured_name = insured_name
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
        self.status = "open"
        self.escalation = "none"
        self.escalation_reason: str | None = None
        self.recommended_on: date | None = None
        self.decline_reason: str | None = None
        self.consent_reference: str | None = None
        self.consent_date: date | None = None
        self.lawyer_name: str | None = None
        self.law_firm: str | None = None
        self.consultations: list[Consultation] = []
        self.invoices: list[Invoice] = []
        self.book = PaymentBook()
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

    @event("EscalationApproved", topic="claims:ClaimCase.EscalationApproved")
    def _escalation_approved(
        self,
        consent_reference: str,
        consent_date: date,
        lawyer_name: str,
        law_firm: str,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.escalation = "approved"
        self.consent_reference = consent_reference
        self.consent_date = consent_date
        self.lawyer_name = lawyer_name
        self.law_firm = law_firm

    @event("EscalationDeclined", topic="claims:ClaimCase.EscalationDeclined")
    def _escalation_declined(self, reason: str, actor_id: str, actor_role: str) -> None:
        self.escalation = "declined"
        self.decline_reason = reason

    @event("InvoiceRecorded", topic="claims:ClaimCase.InvoiceRecorded")
    def _invoice_recorded(
        self,
        invoice_number: str,
        invoice_date: date,
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
                covered_yen=covered_yen,
                excluded_yen=excluded_yen,
                recorded_by=actor_id,
            )
        )

    class PaymentApproved(Aggregate.Event):
        """v2 added `limited_by`: which policy limit cut the payment short (None: none did)."""

        TOPIC = "claims:ClaimCase.PaymentApproved"
        class_version = 2
        payment_number: int
        amount_yen: int
        covered_fees_basis_yen: int
        payout_total_yen: int
        previously_approved_yen: int
        invoice_numbers: list[str]
        limited_by: str | None
        actor_id: str
        actor_role: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["limited_by"] = None

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
        ))

    @event("PaymentSettled", topic="claims:ClaimCase.PaymentSettled")
    def _payment_settled(
        self,
        payment_number: int,
        amount_yen: int,
        transfer_date: date,
        bank_reference: str,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.book.record_settlement(payment_number, transfer_date, bank_reference)

    @event("Closed", topic="claims:ClaimCase.Closed")
    def _closed(self, reason: str, actor_id: str, actor_role: str) -> None:
        self.status = "closed"
        self.close_reason = reason

    @event("Reopened", topic="claims:ClaimCase.Reopened")
    def _reopened(self, reason: str, actor_id: str, actor_role: str) -> None:
        self.status = "open"
        self.reopen_reason = reason
