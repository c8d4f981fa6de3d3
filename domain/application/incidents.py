"""The cyber incident's commands and queries, by name (products `cyber_physician`, `cyber_institution`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID, uuid4

from eventsourcing.domain import DomainEventProtocol

from domain.application.claim_file import ClaimFileCommands
from domain.application.machinery import Change, CommandResult, Idempotency
from domain.cyber.coverage import cyber_coverage
from domain.cyber.heads import CostInput, OffsetInput, ThirdPartyClaimInput
from domain.cyber.incident import CyberIncident
from domain.cyber.notice import IncidentNotice
from domain.cyber.vocabulary import HeadOfLoss, RecourseDecision
from domain.kernel.actors import Actor
from domain.kernel.errors import IncidentNotFound
from domain.kernel.notes import NoteInput
from domain.kernel.payments import PaymentQuote, SettlementInput
from domain.kernel.payout import PayoutTerms

IncidentDecision = Callable[[CyberIncident, datetime], Change]


class IncidentCommands(ClaimFileCommands):
    def open_incident(self, notice: IncidentNotice, actor: Actor, *, idempotency: Idempotency | None = None) -> CommandResult:
        """A notice of circumstances, with its coverage decision taken against the policy it names."""

        def decide(now: datetime) -> Change:
            policy = self.find_policy(notice.policy_ref)
            group = self.policy_standing(policy).group if policy is not None else None
            coverage = cyber_coverage(notice.product, policy, group, notice.occurred_at, notice.business,
                                      notice.insured_party)
            terms = PayoutTerms(policy.terms.deductible_yen, policy.terms.coinsurance_percent) if policy else PayoutTerms()
            return Change(CyberIncident.open(notice, actor, now, uuid4(), coverage, terms))

        return self._create(decide, idempotency=idempotency)

    def receive_third_party_claim(
        self, incident_id: UUID, claim: ThirdPartyClaimInput, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(incident: CyberIncident, now: datetime) -> Change:
            incident.receive_third_party_claim(claim, actor=actor, now=now)
            return Change(incident)

        return self._on_incident(incident_id, decide, expected_version, idempotency)

    def record_cost(
        self, incident_id: UUID, cost: CostInput, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(incident: CyberIncident, now: datetime) -> Change:
            incident.record_cost(cost, actor=actor, now=now)
            return Change(incident)

        return self._on_incident(incident_id, decide, expected_version, idempotency)

    def record_offset(
        self, incident_id: UUID, offset: OffsetInput, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(incident: CyberIncident, now: datetime) -> Change:
            incident.record_offset(offset, actor=actor, now=now)
            return Change(incident)

        return self._on_incident(incident_id, decide, expected_version, idempotency)

    def decide_recourse(
        self, incident_id: UUID, decision: RecourseDecision, reason: str, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(incident: CyberIncident, _now: datetime) -> Change:
            incident.decide_recourse(decision=decision, reason=reason, actor=actor)
            return Change(incident)

        return self._on_incident(incident_id, decide, expected_version, idempotency)

    def approve_incident_payment(
        self, incident_id: UUID, head: HeadOfLoss, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        """Approve what the terms owe now for one head of loss; the policy is charged in the same
        save. Above the adjuster's authority: a request for a second adjuster (four eyes)."""

        def decide(incident: CyberIncident, now: datetime) -> Change:
            policy = self.get_policy(incident.policy_ref)
            incident.approve_payment(head=head, actor=actor, policy=policy, now=now)
            return Change(incident, (policy,))

        return self._on_incident(incident_id, decide, expected_version, idempotency)

    def confirm_incident_payment(
        self, incident_id: UUID, request_number: int, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        return self._confirm_payment(lambda: self.get_incident(incident_id), request_number, actor, expected_version,
                                     idempotency)

    def withdraw_incident_payment_request(
        self, incident_id: UUID, request_number: int, reason: str, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        return self._withdraw_payment_request(lambda: self.get_incident(incident_id), request_number, reason, actor,
                                              expected_version, idempotency)

    def refuse_incident_payment_request(
        self, incident_id: UUID, request_number: int, reason: str, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        return self._refuse_payment_request(lambda: self.get_incident(incident_id), request_number, reason, actor,
                                            expected_version, idempotency)

    def add_incident_note(
        self, incident_id: UUID, note: NoteInput, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        return self._add_note(lambda: self.get_incident(incident_id), note, actor, expected_version, idempotency)

    def set_incident_reserve(
        self, incident_id: UUID, head: HeadOfLoss, amount_yen: int, reason: str, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        return self._set_reserve(lambda: self.get_incident(incident_id), amount_yen, head, reason, actor,
                                 expected_version, idempotency)

    def settle_incident_payment(
        self, incident_id: UUID, settlement: SettlementInput, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(incident: CyberIncident, now: datetime) -> Change:
            incident.settle_payment(settlement, actor=actor, now=now)
            return Change(incident)

        return self._on_incident(incident_id, decide, expected_version, idempotency)

    def close_incident(
        self, incident_id: UUID, reason: str, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(incident: CyberIncident, now: datetime) -> Change:
            incident.close(reason=reason, actor=actor, now=now)
            return Change(incident)

        return self._on_incident(incident_id, decide, expected_version, idempotency)

    def reopen_incident(
        self, incident_id: UUID, reason: str, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(incident: CyberIncident, _now: datetime) -> Change:
            incident.reopen(reason=reason, actor=actor)
            return Change(incident)

        return self._on_incident(incident_id, decide, expected_version, idempotency)

    # ---- queries --------------------------------------------------------------------------

    def get_incident(self, incident_id: UUID, version: int | None = None, as_of: datetime | None = None) -> CyberIncident:
        missing = IncidentNotFound(f"no incident {incident_id}", field="incident_id")
        return self._get(incident_id, CyberIncident, missing, self._version_at(incident_id, version, as_of, missing))

    def incident_history(self, incident_id: UUID) -> list[DomainEventProtocol[UUID]]:
        self.get_incident(incident_id)
        return self._history(incident_id)

    def incident_payment_quote(self, incident: CyberIncident, head: HeadOfLoss, *, current: bool = True) -> PaymentQuote:
        """What approving would pay for this head now, under the incident's policy (as it stood then,
        for a past version of the incident)."""
        return self._quote_under_policy(incident.policy_ref, None if current else incident.modified_on,
                                        lambda policy: incident.quote_payment(policy, head))

    # ---- machinery ------------------------------------------------------------------------

    def _on_incident(self, incident_id: UUID, decide: IncidentDecision, expected_version: int | None,
                     idempotency: Idempotency | None) -> CommandResult:
        return self._run(lambda: self.get_incident(incident_id), decide, expected_version=expected_version,
                         idempotency=idempotency)
