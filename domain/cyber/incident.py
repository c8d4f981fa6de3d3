"""A cyber incident (products `cyber_physician` and `cyber_institution`), event-sourced.

Opened on a notice of circumstances, before any claim exists; a third party's claim may follow.
Costs are recorded against two heads of loss — liability (賠償責任) and expenses (費用) — and are
paid per head through the kernel's payment machinery: the plan's deductible is taken once per head
of an incident, then the coinsurance, then the policy's limits (per claim, sub-limit per head,
per policy year). What other insurance paid and what was recovered reduce the basis of that head.
Settling, closing and reopening are the kernel's ClaimLifecycle, shared with cases.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.cyber.heads import Cost, CostInput, Offset, OffsetInput, ThirdPartyClaim, ThirdPartyClaimInput, check_cost_allowed
from domain.cyber.notice import IncidentNotice
from domain.cyber.vocabulary import CostType, HeadOfLoss, IncidentStage, OffsetKind, RecourseDecision
from domain.kernel import claim_events
from domain.kernel.actors import Actor, Role
from domain.kernel.clock import require_date_not_after
from domain.kernel.coverage import Coverage, CoverageDecision
from domain.kernel.errors import DuplicateInvoice
from domain.kernel.inputs import require_positive_yen, require_text
from domain.kernel.lifecycle import ClaimLifecycle, ClaimStatus
from domain.kernel.notes import Note
from domain.kernel.payments import Approval, Limits, Payment, PaymentBook, PaymentQuote
from domain.kernel.payout import PayoutTerms, amount_now_payable
from domain.kernel.reserves import ReserveBook
from domain.kernel.shared import SharedDict, SharedList

REPORTERS = (Role.CONCIERGE, Role.ADJUSTER)
HEADS = tuple(HeadOfLoss)


def incident_stage(
    *, status: str, unsettled_payments: int, costs_pending: int, third_party_claims: int, requests_waiting: int = 0,
) -> IncidentStage:
    """Where an incident waits: a payment request for a second adjuster first; costs recorded since
    their head's last payment await a decision."""
    if status == ClaimStatus.CLOSED:
        return IncidentStage.CLOSED
    if requests_waiting:
        return IncidentStage.PAYMENT_AWAITING_CONFIRMATION
    if unsettled_payments:
        return IncidentStage.PAYMENT_AWAITING_SETTLEMENT
    if costs_pending:
        return IncidentStage.COSTS_AWAITING_DECISION
    return IncidentStage.LIABILITY_CLAIM if third_party_claims else IncidentStage.NOTICE_OF_CIRCUMSTANCES


class CyberIncident(ClaimLifecycle, Aggregate):
    TOPIC = "claims:CyberIncident"
    NOUN = "incident"

    class Created(Aggregate.Created):
        TOPIC = "claims:CyberIncident.Created"

    # ---- commands -------------------------------------------------------------------------

    @classmethod
    def open(
        cls, notice: IncidentNotice, actor: Actor, now: datetime, incident_id: Any, coverage: CoverageDecision,
        terms: PayoutTerms,
    ) -> CyberIncident:
        actor.require(*REPORTERS, command="opening a cyber incident")
        fields = notice.checked(now)
        return cls(
            id=incident_id, **fields, coverage=coverage.label.value, coverage_reasons=[str(r) for r in coverage.reasons],
            deductible_yen=terms.deductible_yen, coinsurance_percent=terms.coinsurance_percent,
            actor_id=actor.user_id, actor_role=actor.role.value,
        )

    def receive_third_party_claim(self, claim: ThirdPartyClaimInput, *, actor: Actor, now: datetime) -> None:
        actor.require(Role.ADJUSTER, command="recording a third party's claim")
        self._require_open()
        require_date_not_after(claim.received_on, now, "received_on")
        self._claim_received(
            claimant=require_text(claim.claimant, "claimant"),
            amount_claimed_yen=require_positive_yen(claim.amount_claimed_yen, "amount_claimed_yen"),
            received_on=claim.received_on, summary=require_text(claim.summary, "summary"), actor_id=actor.user_id,
            actor_role=actor.role.value,
        )

    def record_cost(self, cost: CostInput, *, actor: Actor, now: datetime) -> None:
        actor.require(Role.ADJUSTER, command="recording a cost")
        self._require_open()
        self._require_covered()
        head = HeadOfLoss.coerce(cost.head, "head")
        cost_type = CostType.coerce(cost.cost_type, "cost_type")
        check_cost_allowed(product=self.product, insured_party=self.insured_party, head=head, cost_type=cost_type,
                           third_party_claims=len(self.third_party_claims))
        number = require_text(cost.invoice_number, "invoice_number")
        if any(c.invoice_number == number for c in self.costs):
            raise DuplicateInvoice(f"invoice {number} is already recorded", field="invoice_number",
                                   params={"number": number})
        require_date_not_after(cost.invoice_date, now, "invoice_date")
        self._cost_recorded(head=head.value, cost_type=cost_type.value, vendor=require_text(cost.vendor, "vendor"),
                            invoice_number=number, invoice_date=cost.invoice_date,
                            amount_yen=require_positive_yen(cost.amount_yen, "amount_yen"),
                            description=cost.description.strip(), actor_id=actor.user_id, actor_role=actor.role.value)

    def record_offset(self, offset: OffsetInput, *, actor: Actor, now: datetime) -> None:
        """What the insured's hospital's own cover paid (other_insurance), or what was recovered."""
        actor.require(Role.ADJUSTER, command="recording other insurance or a recovery")
        self._require_open()
        kind = OffsetKind.coerce(offset.kind, "kind")
        head = HeadOfLoss.coerce(offset.head, "head")
        require_date_not_after(offset.on, now, "on")
        self._offset_recorded(kind=kind.value, head=head.value, amount_yen=require_positive_yen(offset.amount_yen, "amount_yen"),
                              source=require_text(offset.source, "source"), on=offset.on,
                              reference=offset.reference.strip(), actor_id=actor.user_id, actor_role=actor.role.value)

    def decide_recourse(self, *, decision: RecourseDecision, reason: str, actor: Actor) -> None:
        """求償: whether the insurer pursues or waives recourse against the insured."""
        actor.require(Role.ADJUSTER, command="deciding recourse")
        self._require_open()
        chosen = RecourseDecision.coerce(decision, "decision")
        self._recourse_decided(decision=chosen.value, reason=require_text(reason, "reason"), actor_id=actor.user_id,
                               actor_role=actor.role.value)

    def quote_payment(self, policy: Limits, head: HeadOfLoss) -> PaymentQuote:
        """What approving would pay now for this head, within the policy's limits, or why nothing."""
        return self._approval_quote(policy, self._head_value(head))

    def approve_payment(self, *, head: HeadOfLoss, actor: Actor, policy: Limits, now: datetime) -> None:
        """Approve what the terms owe now for one head; above the adjuster's authority, a request
        for a second adjuster (four eyes)."""
        self._approve(policy, self._head_value(head), actor, now)

    # ---- derived state --------------------------------------------------------------------

    def costs_yen(self, head: str) -> int:
        return sum(c.amount_yen for c in self.costs if c.head == head)

    def offsets_yen(self, head: str) -> int:
        return sum(o.amount_yen for o in self.offsets if o.head == head)

    def basis_yen(self, head: str) -> int:
        """The insured's own loss under this head: costs less other insurance and recoveries."""
        return max(0, self.costs_yen(head) - self.offsets_yen(head))

    def owed_now_yen(self, head: str) -> int:
        """What the terms owe now for this head, before the policy's limits (see quote_payment)."""
        if self.coverage == Coverage.NOT_COVERED or self.status == ClaimStatus.CLOSED:
            return 0
        return self._owed_now(head)

    @property
    def stage(self) -> IncidentStage:
        return incident_stage(status=self.status, unsettled_payments=len(self.book.unsettled),
                              costs_pending=sum(self.costs_pending.values()),
                              third_party_claims=len(self.third_party_claims), requests_waiting=len(self.book.waiting))

    # ---- what the lifecycle asks of an incident --------------------------------------------

    @staticmethod
    def _head_value(head: HeadOfLoss | str | None) -> str | None:
        """The stored value of a head (an unknown one is refused by _require_payable, naming `head`)."""
        try:
            return HeadOfLoss(head).value
        except ValueError:
            return head  # type: ignore[return-value]

    def _record_payment(self, approval: Approval, head: str | None, actor: Actor) -> None:
        assert head is not None
        request = approval.request
        self._payment_approved(payment_number=approval.number, head=head, amount_yen=approval.amount_yen,
                               basis_yen=self.basis_yen(head), limited_by=approval.limited_by,
                               invoice_numbers=[c.invoice_number for c in self.costs if c.head == head],
                               request_number=request.number if request else None,
                               requested_by=request.requested_by if request else None,
                               actor_id=actor.user_id, actor_role=actor.role.value)

    def _reserve_head(self, head: str | None) -> str | None:
        return HeadOfLoss.coerce(head, "head").value

    def _require_payable(self, head: str | None) -> None:
        super()._require_payable(head)
        HeadOfLoss.coerce(head, "head")

    def _owed_now(self, head: str | None) -> int:
        assert head is not None
        return amount_now_payable(self.basis_yen(head), self.book.approved_yen(head), self.payout_terms)

    def _why_nothing(self, head: str | None) -> str:
        assert head is not None
        if not self.costs_yen(head):
            return f"no {head} cost is recorded on this incident"
        return f"everything the terms allow for {head} is already approved (after deductible and other insurance)"

    # ---- events: record only --------------------------------------------------------------

    class Opened(Aggregate.Created):
        """v2 added the insured's name in kana (フリガナ); earlier notices have none."""

        TOPIC = "claims:CyberIncident.Opened"
        class_version = 2
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
        deductible_yen: int
        coinsurance_percent: int
        actor_id: str
        actor_role: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["insured_name_kana"] = None

    @event(Opened)
    def __init__(
        self, id: Any, product: str, policy_ref: str, insured_name: str, insured_name_kana: str | None,
        member_number: str, insured_party: str, found: str, discovered_at: datetime, occurred_at: datetime, country: str,
        incident_kinds: list[str], business: str, personal_data: bool, medical_data: bool,
        people_affected: int | None, coverage: str, coverage_reasons: list[str], deductible_yen: int,
        coinsurance_percent: int, actor_id: str, actor_role: str,
    ) -> None:
        self.product = product
        self.policy_ref = policy_ref
        self.insured_name = insured_name
        self.insured_name_kana = insured_name_kana
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
        self.status = ClaimStatus.OPEN.value
        self.third_party_claims: list[ThirdPartyClaim] = SharedList()
        self.costs: list[Cost] = SharedList()
        self.offsets: list[Offset] = SharedList()
        self.recourse: str | None = None
        self.recourse_reason: str | None = None
        self.book = PaymentBook()
        self.reserves = ReserveBook()
        self.notes: list[Note] = SharedList()
        self.costs_pending: dict[str, int] = SharedDict()  # per head: costs recorded since that head's last payment
        self.close_reason: str | None = None
        self.reopen_reason: str | None = None

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
        self.costs_pending[head] = self.costs_pending.get(head, 0) + 1

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

    class PaymentApproved(Aggregate.Event):
        """v2 added the four eyes: the request it confirms and who asked (None: approved directly)."""

        TOPIC = "claims:CyberIncident.PaymentApproved"
        class_version = 2
        payment_number: int
        head: str
        amount_yen: int
        basis_yen: int
        limited_by: str | None
        invoice_numbers: list[str]
        request_number: int | None
        requested_by: str | None
        actor_id: str
        actor_role: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state.update(request_number=None, requested_by=None)

    @event(PaymentApproved)
    def _payment_approved(
        self, payment_number: int, head: str, amount_yen: int, basis_yen: int, limited_by: str | None,
        invoice_numbers: list[str], request_number: int | None, requested_by: str | None, actor_id: str,
        actor_role: str,
    ) -> None:
        self.book.record_approval(Payment(number=payment_number, amount_yen=amount_yen, covered_fees_basis_yen=basis_yen,
                                          invoice_numbers=list(invoice_numbers), approved_by=actor_id, head=head,
                                          limited_by=limited_by, requested_by=requested_by,
                                          request_number=request_number), request_number)
        self.costs_pending[head] = 0

    # what every claim records, written once in domain/kernel/claim_events.py, under the incident's topics
    _payment_settled = claim_events.recorded("CyberIncident", "PaymentSettled")
    _closed = claim_events.recorded("CyberIncident", "Closed")
    _reopened = claim_events.recorded("CyberIncident", "Reopened")
    _note_added = claim_events.recorded("CyberIncident", "NoteAdded")
    _reserve_set = claim_events.recorded("CyberIncident", "ReserveSet")
    _reserve_lowered = claim_events.recorded("CyberIncident", "ReserveLowered")
    _reserve_released = claim_events.recorded("CyberIncident", "ReserveReleased")
    _payment_requested = claim_events.recorded("CyberIncident", "PaymentRequested")
    _payment_request_withdrawn = claim_events.recorded("CyberIncident", "PaymentRequestWithdrawn")
    _payment_request_refused = claim_events.recorded("CyberIncident", "PaymentRequestRefused")
