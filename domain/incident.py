"""A cyber incident (products `cyber_physician` and `cyber_institution`), event-sourced.

Opened on a notice of circumstances, before any claim exists; a third party's claim may follow.
Costs are recorded against two heads of loss — liability (賠償責任) and expenses (費用) — and are
paid per head through the shared payment machinery: the plan's deductible is taken once per head
of an incident, then the coinsurance, then the policy's limits (per claim, sub-limit per head,
per policy year). What other insurance paid and what was recovered reduce the basis of that head.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.actors import Actor
from domain.clock import require_date_not_after, require_not_after
from domain.coverage import CoverageDecision
from domain.errors import (
    CaseClosed,
    CaseNotClosed,
    CostNotInProduct,
    DuplicateInvoice,
    HeadNotCoveredForParty,
    InvalidInput,
    LiabilityNeedsClaim,
    NotCovered,
)
from domain.payments import HasPayments, Payment, PaymentBook
from domain.payout import PayoutTerms, amount_now_payable
from domain.policy import Policy
from domain.vocabulary import (
    ALL_BUSINESSES,
    COST_TYPES,
    HEADS,
    INCIDENT_KINDS,
    INSTITUTION_ONLY_COSTS,
    INSURED_PARTIES,
    Role,
)

REPORTERS = (Role.CONCIERGE, Role.ADJUSTER)


@dataclass(frozen=True)
class IncidentNotice:
    """The notice of circumstances that opens an incident."""

    product: str
    policy_ref: str
    insured_name: str
    member_number: str
    insured_party: str  # policyholder, or (institution) officer / employee
    found: str
    discovered_at: datetime
    occurred_at: datetime
    country: str
    incident_kinds: tuple[str, ...]
    business: str
    personal_data: bool
    medical_data: bool
    people_affected: int | None = None


@dataclass
class Cost:
    head: str
    cost_type: str
    vendor: str
    invoice_number: str
    invoice_date: date
    amount_yen: int
    description: str


@dataclass
class ThirdPartyClaim:
    claimant: str
    amount_claimed_yen: int
    received_on: date
    summary: str


@dataclass
class Offset:
    """Money that reduces a head's basis: another insurer's payment, or a recovery."""

    kind: str  # other_insurance or recovery
    head: str
    amount_yen: int
    source: str
    on: date
    reference: str


def _text(value: str, name: str) -> str:
    if not value or not value.strip():
        raise InvalidInput(f"{name} may not be empty", field=name)
    return value.strip()


def _yen(value: object, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise InvalidInput(f"{name} must be a positive whole yen", field=name)
    return value


def _check_notice(notice: IncidentNotice, now: datetime) -> None:
    if notice.product not in INCIDENT_KINDS:
        raise InvalidInput("product must be cyber_physician or cyber_institution", field="product")
    require_not_after(notice.occurred_at, now, "occurred_at")
    require_not_after(notice.discovered_at, now, "discovered_at")
    if notice.discovered_at < notice.occurred_at:
        raise InvalidInput("discovered_at may not precede occurred_at", field="discovered_at")
    kinds = INCIDENT_KINDS[notice.product]
    if not notice.incident_kinds or any(k not in kinds for k in notice.incident_kinds):
        raise InvalidInput(f"incident_kinds: one or more of {', '.join(kinds)}", field="incident_kinds")
    if notice.business not in ALL_BUSINESSES:
        raise InvalidInput(f"business: one of {', '.join(ALL_BUSINESSES)}", field="business")
    if notice.insured_party not in INSURED_PARTIES:
        raise InvalidInput(f"insured_party: one of {', '.join(INSURED_PARTIES)}", field="insured_party")
    if notice.people_affected is not None and notice.people_affected < 0:
        raise InvalidInput("people_affected may not be negative", field="people_affected")
    for name in ("policy_ref", "insured_name", "member_number", "found", "country"):
        _text(getattr(notice, name), name)


def incident_stage(*, status: str, unsettled_payments: int, costs_pending: int, third_party_claims: int) -> str:
    """Where an incident waits: costs recorded since the last payment await an adjuster's decision."""
    if status == "closed":
        return "closed"
    if unsettled_payments:
        return "payment_awaiting_settlement"
    if costs_pending:
        return "costs_awaiting_decision"
    return "liability_claim" if third_party_claims else "notice_of_circumstances"


class CyberIncident(HasPayments, Aggregate):
    TOPIC = "claims:CyberIncident"

    class Created(Aggregate.Created):
        TOPIC = "claims:CyberIncident.Created"

    # ---- commands -------------------------------------------------------------------------

    @classmethod
    def open(
        cls, notice: IncidentNotice, actor: Actor, now: datetime, incident_id: Any, coverage: CoverageDecision,
        terms: PayoutTerms,
    ) -> CyberIncident:
        actor.require(*REPORTERS, command="opening a cyber incident")
        _check_notice(notice, now)
        fields = {k: v for k, v in vars(notice).items()}
        fields.update(incident_kinds=list(notice.incident_kinds), found=notice.found.strip())
        return cls(
            id=incident_id, **fields, coverage=coverage.label, coverage_reasons=list(coverage.reasons),
            deductible_yen=terms.deductible_yen, coinsurance_percent=terms.coinsurance_percent,
            actor_id=actor.user_id, actor_role=actor.role.value,
        )

    def receive_third_party_claim(
        self, *, claimant: str, amount_claimed_yen: int, received_on: date, summary: str, actor: Actor, now: datetime
    ) -> None:
        actor.require(Role.ADJUSTER, command="recording a third party's claim")
        self._require_open()
        require_date_not_after(received_on, now, "received_on")
        self._claim_received(
            claimant=_text(claimant, "claimant"), amount_claimed_yen=_yen(amount_claimed_yen, "amount_claimed_yen"),
            received_on=received_on, summary=_text(summary, "summary"), actor_id=actor.user_id,
            actor_role=actor.role.value,
        )

    def record_cost(
        self, *, head: str, cost_type: str, vendor: str, invoice_number: str, invoice_date: date, amount_yen: int,
        description: str, actor: Actor, now: datetime,
    ) -> None:
        actor.require(Role.ADJUSTER, command="recording a cost")
        self._require_open()
        self._require_covered()
        self._check_head_and_type(head, cost_type)
        if head == "liability" and not self.third_party_claims:
            raise LiabilityNeedsClaim("liability costs need a third party's claim against the insured", field="head")
        number = _text(invoice_number, "invoice_number")
        if any(c.invoice_number == number for c in self.costs):
            raise DuplicateInvoice(f"invoice {number} is already recorded", field="invoice_number")
        require_date_not_after(invoice_date, now, "invoice_date")
        self._cost_recorded(head=head, cost_type=cost_type, vendor=_text(vendor, "vendor"), invoice_number=number,
                            invoice_date=invoice_date, amount_yen=_yen(amount_yen, "amount_yen"),
                            description=description.strip(), actor_id=actor.user_id, actor_role=actor.role.value)

    def record_offset(
        self, *, kind: str, head: str, amount_yen: int, source: str, on: date, reference: str, actor: Actor,
        now: datetime,
    ) -> None:
        """What the insured's hospital's own cover paid (other_insurance), or what was recovered."""
        actor.require(Role.ADJUSTER, command="recording other insurance or a recovery")
        self._require_open()
        if kind not in ("other_insurance", "recovery"):
            raise InvalidInput("kind must be other_insurance or recovery", field="kind")
        if head not in HEADS:
            raise InvalidInput(f"head must be one of {', '.join(HEADS)}", field="head")
        require_date_not_after(on, now, "on")
        self._offset_recorded(kind=kind, head=head, amount_yen=_yen(amount_yen, "amount_yen"),
                              source=_text(source, "source"), on=on, reference=reference.strip(),
                              actor_id=actor.user_id, actor_role=actor.role.value)

    def decide_recourse(self, *, decision: str, reason: str, actor: Actor) -> None:
        """求償: whether the insurer pursues or waives recourse against the insured."""
        actor.require(Role.ADJUSTER, command="deciding recourse")
        if decision not in ("waived", "pursued"):
            raise InvalidInput("decision must be waived or pursued", field="decision")
        self._recourse_decided(decision=decision, reason=_text(reason, "reason"), actor_id=actor.user_id,
                               actor_role=actor.role.value)

    def approve_payment(self, *, head: str, actor: Actor, policy: Policy) -> None:
        actor.require(Role.ADJUSTER, command="approving a payment")
        self._require_open()
        self._require_covered()
        if head not in HEADS:
            raise InvalidInput(f"head must be one of {', '.join(HEADS)}", field="head")
        approval = self.book.decide_approval(
            owed_yen=self.owed_now_yen(head), why_nothing=self._why_nothing(head), policy=policy,
            claim_id=str(self.id), head=head, actor=actor,
        )
        self._payment_approved(payment_number=approval.number, head=head, amount_yen=approval.amount_yen,
                               basis_yen=self.basis_yen(head), limited_by=approval.limited_by,
                               invoice_numbers=[c.invoice_number for c in self.costs if c.head == head],
                               actor_id=actor.user_id, actor_role=actor.role.value)
        policy.charge(claim_id=str(self.id), payment_number=approval.number, amount_yen=approval.amount_yen,
                      actor=actor, head=head)

    def settle_payment(
        self, *, payment_number: int, transfer_date: date, bank_reference: str, actor: Actor, now: datetime
    ) -> None:
        actor.require(Role.ADJUSTER, command="recording a payment's settlement")
        payment = self.book.check_settlement(payment_number, transfer_date, bank_reference, now)
        self._payment_settled(payment_number=payment_number, amount_yen=payment.amount_yen,
                              transfer_date=transfer_date, bank_reference=bank_reference.strip(),
                              actor_id=actor.user_id, actor_role=actor.role.value)

    def close(self, *, reason: str, actor: Actor) -> None:
        actor.require(Role.ADJUSTER, command="closing an incident")
        self._require_open()
        self.book.require_all_settled()
        self._closed(reason=_text(reason, "reason"), actor_id=actor.user_id, actor_role=actor.role.value)

    def reopen(self, *, reason: str, actor: Actor) -> None:
        actor.require(Role.ADJUSTER, command="reopening an incident")
        if self.status != "closed":
            raise CaseNotClosed("only a closed incident can be reopened", field="status")
        self._reopened(reason=_text(reason, "reason"), actor_id=actor.user_id, actor_role=actor.role.value)

    # ---- derived state --------------------------------------------------------------------

    def costs_yen(self, head: str) -> int:
        return sum(c.amount_yen for c in self.costs if c.head == head)

    def offsets_yen(self, head: str) -> int:
        return sum(o.amount_yen for o in self.offsets if o.head == head)

    def basis_yen(self, head: str) -> int:
        """The insured's own loss under this head: costs less other insurance and recoveries."""
        return max(0, self.costs_yen(head) - self.offsets_yen(head))

    def owed_now_yen(self, head: str) -> int:
        if self.coverage == "not_covered" or self.status == "closed":
            return 0
        return amount_now_payable(self.basis_yen(head), self.book.approved_yen(head), self.payout_terms)

    @property
    def stage(self) -> str:
        return incident_stage(status=self.status, unsettled_payments=len(self.book.unsettled),
                              costs_pending=self.costs_since_payment, third_party_claims=len(self.third_party_claims))

    def _why_nothing(self, head: str) -> str:
        if not self.costs_yen(head):
            return f"no {head} cost is recorded on this incident"
        return f"everything the terms allow for {head} is already approved (after deductible and other insurance)"

    def _check_head_and_type(self, head: str, cost_type: str) -> None:
        if head not in HEADS:
            raise InvalidInput(f"head must be one of {', '.join(HEADS)}", field="head")
        if cost_type not in COST_TYPES[head]:
            raise CostNotInProduct(f"{cost_type} is not a {head} cost: {', '.join(COST_TYPES[head])}", field="cost_type")
        if cost_type in INSTITUTION_ONLY_COSTS and self.product != "cyber_institution":
            raise CostNotInProduct(f"{cost_type} is covered by the institution product only", field="cost_type")
        if head == "expenses" and self.insured_party != "policyholder":
            raise HeadNotCoveredForParty(
                f"an institution's {self.insured_party} is insured for liability only", field="head"
            )

    def _require_open(self) -> None:
        if self.status == "closed":
            raise CaseClosed("the incident is closed; reopen it first", field="status")

    def _require_covered(self) -> None:
        if self.coverage == "not_covered":
            raise NotCovered(f"the incident is not covered ({', '.join(self.coverage_reasons)})", field="coverage")

    # ---- events: record only --------------------------------------------------------------

    @event("Opened", topic="claims:CyberIncident.Opened")
    def __init__(
        self, id: Any, product: str, policy_ref: str, insured_name: str, member_number: str,
        insured_party: str, found: str, discovered_at: datetime, occurred_at: datetime, country: str,
        incident_kinds: list[str], business: str, personal_data: bool, medical_data: bool,
        people_affected: int | None, coverage: str, coverage_reasons: list[str], deductible_yen: int,
        coinsurance_percent: int, actor_id: str, actor_role: str,
    ) -> None:
        self.product = product
        self.policy_ref = policy_ref
        self.insured_name = insured_name
        self.member_number = member_number
        self.insured_party = insured_party
        self.found = found
        self.discovered_at = discovered_at
        self.occurred_at = occurred_at
        self.country = country
        self.incident_kinds = list(incident_kinds)
        self.business = business
        self.personal_data = personal_data
        self.medical_data = medical_data
        self.people_affected = people_affected
        self.coverage = coverage
        self.coverage_reasons = list(coverage_reasons)
        self.payout_terms = PayoutTerms(deductible_yen, coinsurance_percent)
        self.status = "open"
        self.third_party_claims: list[ThirdPartyClaim] = []
        self.costs: list[Cost] = []
        self.offsets: list[Offset] = []
        self.recourse: str | None = None
        self.recourse_reason: str | None = None
        self.book = PaymentBook()
        self.costs_since_payment = 0
        self.close_reason: str | None = None

    @event("ThirdPartyClaimReceived", topic="claims:CyberIncident.ThirdPartyClaimReceived")
    def _claim_received(
        self, claimant: str, amount_claimed_yen: int, received_on: date, summary: str, actor_id: str, actor_role: str
    ) -> None:
        self.third_party_claims.append(ThirdPartyClaim(claimant, amount_claimed_yen, received_on, summary))

    @event("CostRecorded", topic="claims:CyberIncident.CostRecorded")
    def _cost_recorded(
        self, head: str, cost_type: str, vendor: str, invoice_number: str, invoice_date: date, amount_yen: int,
        description: str, actor_id: str, actor_role: str,
    ) -> None:
        self.costs.append(Cost(head, cost_type, vendor, invoice_number, invoice_date, amount_yen, description))
        self.costs_since_payment += 1

    @event("OffsetRecorded", topic="claims:CyberIncident.OffsetRecorded")
    def _offset_recorded(
        self, kind: str, head: str, amount_yen: int, source: str, on: date, reference: str, actor_id: str,
        actor_role: str,
    ) -> None:
        self.offsets.append(Offset(kind, head, amount_yen, source, on, reference))

    @event("RecourseDecided", topic="claims:CyberIncident.RecourseDecided")
    def _recourse_decided(self, decision: str, reason: str, actor_id: str, actor_role: str) -> None:
        self.recourse = decision
        self.recourse_reason = reason

    @event("PaymentApproved", topic="claims:CyberIncident.PaymentApproved")
    def _payment_approved(
        self, payment_number: int, head: str, amount_yen: int, basis_yen: int, limited_by: str | None,
        invoice_numbers: list[str], actor_id: str, actor_role: str,
    ) -> None:
        self.book.record_approval(Payment(number=payment_number, amount_yen=amount_yen, covered_fees_basis_yen=basis_yen,
                                          invoice_numbers=list(invoice_numbers), approved_by=actor_id, head=head))
        self.costs_since_payment = 0

    @event("PaymentSettled", topic="claims:CyberIncident.PaymentSettled")
    def _payment_settled(
        self, payment_number: int, amount_yen: int, transfer_date: date, bank_reference: str, actor_id: str,
        actor_role: str,
    ) -> None:
        self.book.record_settlement(payment_number, transfer_date, bank_reference)

    @event("Closed", topic="claims:CyberIncident.Closed")
    def _closed(self, reason: str, actor_id: str, actor_role: str) -> None:
        self.status = "closed"
        self.close_reason = reason

    @event("Reopened", topic="claims:CyberIncident.Reopened")
    def _reopened(self, reason: str, actor_id: str, actor_role: str) -> None:
        self.status = "open"
