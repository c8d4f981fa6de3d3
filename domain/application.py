"""The claims application: one event log, one stable name, commands as load → decide → save.

A command may touch several aggregates (a payment and the policy limit it consumes; a premium,
the clinic register and the cyber group); they are saved in one transaction, with optimistic
concurrency on each. A conflict is retried by reloading, a bounded number of times.
"""

from __future__ import annotations

import dataclasses
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, DomainEventProtocol
from eventsourcing.persistence import JSONTranscoder, RecordConflictError

from domain.account_commands import AccountCommands
from domain.actors import Actor
from domain.claim_case import CaseReport, ClaimCase
from domain.clock import require_aware
from domain.coverage import cyber_coverage, harassment_coverage
from domain.errors import (
    CaseNotFound,
    ConcurrentModification,
    IncidentNotFound,
    InvalidInput,
    PlanAlreadyExists,
    PlanNotFound,
    PolicyNotFound,
    VersionMismatch,
)
from domain.incident import CyberIncident, IncidentNotice
from domain.payout import HARASSMENT_TERMS, PayoutTerms
from domain.plans import Plan, PlanTerms, plan_id
from domain.policy import NUMBER_PREFIX, Policy, Policyholder, policy_id
from domain.registers import ClinicRegister, CyberGroup, clinic_register_id, cyber_group_id
from domain.transcodings import DateAsISO

MAX_ATTEMPTS = 10
A = TypeVar("A", bound=Aggregate)


@dataclass(frozen=True)
class Idempotency:
    """Recorded in the same transaction as the command's events; a replay is refused there.
    `subject_id` names the aggregate whose version answers the request."""

    user_id: str
    key: str
    fingerprint: str
    subject_id: UUID | None = None


@dataclass(frozen=True)
class CommandResult:
    aggregate_id: UUID
    version: int
    position: int | None  # the log position of the command's last event, on any aggregate (None in memory)


def utc_now() -> datetime:
    return datetime.now(UTC)


class ClaimsApplication(AccountCommands, Application[UUID]):
    name = "claims"  # stable: it names the event table (claims_events) and tracking rows

    def __init__(self, env: Any = None, clock: Callable[[], datetime] = utc_now) -> None:
        super().__init__(env)
        self.clock = clock
        self.conflicts_retried = 0
        self._counter_lock = threading.Lock()

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # ---- cases ----------------------------------------------------------------------------

    def report_case(self, report: CaseReport, actor: Actor, *, idempotency: Idempotency | None = None) -> CommandResult:
        policy = self.find_policy(report.policy_ref)
        coverage = harassment_coverage(policy, report.occurred_at, report.in_japan, report.claim_act_kinds)
        terms = HARASSMENT_TERMS
        if policy is not None and policy.product == "harassment":
            terms = PayoutTerms(policy.terms.deductible_yen, policy.terms.coinsurance_percent)
        case = ClaimCase.report(report, actor, self.clock(), uuid4(), coverage, terms)
        return self._save([case], idempotency)

    def change_case(
        self,
        case_id: UUID,
        command: Callable[[ClaimCase, datetime], None],
        *,
        expected_version: int | None = None,
        idempotency: Idempotency | None = None,
    ) -> CommandResult:
        return self._run(lambda: [self.get_case(case_id)], lambda aggs, now: command(aggs[0], now),
                         expected_version, idempotency)

    def approve_payment(
        self, case_id: UUID, actor: Actor, *, expected_version: int | None = None, idempotency: Idempotency | None = None
    ) -> CommandResult:
        def load() -> list[Aggregate]:
            case = self.get_case(case_id)
            return [case, self.get_policy(case.policy_ref)]

        def decide(aggs: Sequence[Any], _now: datetime) -> None:
            aggs[0].approve_payment(actor=actor, policy=aggs[1])

        return self._run(load, decide, expected_version, idempotency)

    def get_case(self, case_id: UUID, version: int | None = None, as_of: datetime | None = None) -> ClaimCase:
        missing = CaseNotFound(f"no case {case_id}", field="case_id")
        return self._get(case_id, ClaimCase, missing, self._version_at(case_id, version, as_of, missing))

    def case_history(self, case_id: UUID) -> list[DomainEventProtocol[UUID]]:
        self.get_case(case_id)
        return list(self.events.get(case_id))

    # ---- cyber incidents ------------------------------------------------------------------

    def open_incident(
        self, notice: IncidentNotice, actor: Actor, *, idempotency: Idempotency | None = None
    ) -> CommandResult:
        policy = self.find_policy(notice.policy_ref)
        group_formed = None
        if policy is not None and policy.product == "cyber_physician" and policy.cover is not None:
            group = self.cyber_group(policy.cover.policy_year)
            group_formed = group is not None and group.formed
        coverage = cyber_coverage(notice.product, policy, group_formed, notice.occurred_at, notice.business,
                                  notice.insured_party)
        terms = PayoutTerms(policy.terms.deductible_yen, policy.terms.coinsurance_percent) if policy else PayoutTerms()
        incident = CyberIncident.open(notice, actor, self.clock(), uuid4(), coverage, terms)
        return self._save([incident], idempotency)

    def change_incident(
        self,
        incident_id: UUID,
        command: Callable[[CyberIncident, datetime], None],
        *,
        expected_version: int | None = None,
        idempotency: Idempotency | None = None,
    ) -> CommandResult:
        return self._run(lambda: [self.get_incident(incident_id)], lambda aggs, now: command(aggs[0], now),
                         expected_version, idempotency)

    def approve_incident_payment(
        self, incident_id: UUID, head: str, actor: Actor, *, expected_version: int | None = None,
        idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def load() -> list[Aggregate]:
            incident = self.get_incident(incident_id)
            return [incident, self.get_policy(incident.policy_ref)]

        def decide(aggs: Sequence[Any], _now: datetime) -> None:
            aggs[0].approve_payment(head=head, actor=actor, policy=aggs[1])

        return self._run(load, decide, expected_version, idempotency)

    def get_incident(self, incident_id: UUID, version: int | None = None, as_of: datetime | None = None) -> CyberIncident:
        missing = IncidentNotFound(f"no incident {incident_id}", field="incident_id")
        return self._get(incident_id, CyberIncident, missing, self._version_at(incident_id, version, as_of, missing))

    def incident_history(self, incident_id: UUID) -> list[DomainEventProtocol[UUID]]:
        self.get_incident(incident_id)
        return list(self.events.get(incident_id))

    # ---- plans ----------------------------------------------------------------------------

    def publish_plan(self, terms: PlanTerms, actor: Actor, *, new: bool) -> CommandResult:
        def load() -> list[Aggregate]:
            plan = self._maybe(plan_id(terms.product, terms.code), Plan)
            if new and plan is not None:
                raise PlanAlreadyExists(f"plan {terms.product}/{terms.code} exists; publish a new version", field="code")
            if not new and plan is None:
                raise PlanNotFound(f"no plan {terms.product}/{terms.code}", field="code")
            return [plan or Plan.publish_first(terms, actor)]

        def decide(aggs: Sequence[Any], _now: datetime) -> None:
            if not new:
                aggs[0].publish_version(terms, actor)

        return self._run(load, decide, None, None)

    def get_plan(self, product: str, code: str) -> Plan:
        return self._get(plan_id(product, code), Plan, PlanNotFound(f"no plan {product}/{code}", field="plan_code"))

    def plan_ids(self) -> list[UUID]:
        first = [n.originator_id for n in self.recorder.select_notifications(
            start=None, limit=10_000, topics=["claims:Plan.Published"])]
        return list(dict.fromkeys(first))

    # ---- policies -------------------------------------------------------------------------

    def enrol_policy(
        self, product: str, plan_code: str, holder: Policyholder, applied_on: date, actor: Actor,
        *, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        number = f"{NUMBER_PREFIX.get(product, 'POL')}-{uuid4().hex[:10].upper()}"

        def load() -> list[Aggregate | None]:
            plan = self.get_plan(product, plan_code)
            register = None
            if holder.kind == "clinic" and holder.clinic_id:
                register = self._get_or(clinic_register_id(product, holder.clinic_id), ClinicRegister,
                                        lambda: ClinicRegister.open_for(product, holder.clinic_id or ""))
            return [plan, register]

        def decide(aggs: Sequence[Any], now: datetime) -> list[Aggregate]:
            plan, register = aggs
            policy = Policy.enrol(number, plan.terms, plan.terms_version, holder, applied_on, actor, now)
            if register is not None:
                register.enter(number)
            return [policy]

        return self._run(load, decide, None, idempotency)

    def receive_premium(
        self, number: str, received_on: date, amount_yen: int, actor: Actor,
        *, expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(aggs: list[Any], now: datetime) -> None:
            policy = aggs[0]
            cover = policy.receive_premium(received_on=received_on, amount_yen=amount_yen, actor=actor, now=now)
            if policy.holder.kind == "clinic":
                register = self._get_or(clinic_register_id(policy.product, policy.holder.clinic_id), ClinicRegister,
                                        lambda: ClinicRegister.open_for(policy.product, policy.holder.clinic_id))
                register.cover_fixed(policy.policy_number, cover.start, cover.end)
                aggs.append(register)
            if policy.product == "cyber_physician":
                group = self._get_or(cyber_group_id(cover.policy_year), CyberGroup,
                                     lambda: CyberGroup.for_year(cover.policy_year))
                group.join(policy.policy_number)
                aggs.append(group)

        return self._run(lambda: [self.get_policy(number)], decide, expected_version, idempotency)

    def end_policy(
        self, number: str, kind: str, reason: str, effective_at: datetime, actor: Actor,
        *, expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(aggs: list[Any], _now: datetime) -> None:
            policy = aggs[0]
            policy.end(kind=kind, reason=reason, effective_at=effective_at, actor=actor)
            if policy.holder.kind == "clinic":
                register = self._maybe(clinic_register_id(policy.product, policy.holder.clinic_id), ClinicRegister)
                if register is not None:
                    register.end(policy.policy_number, effective_at)
                    aggs.append(register)
            if policy.product == "cyber_physician" and policy.cover is not None:
                group = self._maybe(cyber_group_id(policy.cover.policy_year), CyberGroup)
                if group is not None:
                    group.leave(policy.policy_number)
                    aggs.append(group)

        return self._run(lambda: [self.get_policy(number)], decide, expected_version, idempotency)

    def find_policy(self, number: str) -> Policy | None:
        return self._maybe(policy_id(number), Policy)

    def get_policy(self, number: str, version: int | None = None, as_of: datetime | None = None) -> Policy:
        missing = PolicyNotFound(f"no policy {number}", field="policy_number")
        return self._get(policy_id(number), Policy, missing, self._version_at(policy_id(number), version, as_of, missing))

    def policy_history(self, number: str) -> list[DomainEventProtocol[UUID]]:
        self.get_policy(number)
        return list(self.events.get(policy_id(number)))

    def policy_at(self, aggregate_id: UUID, version: int | None = None) -> Policy:
        return self._get(aggregate_id, Policy, PolicyNotFound(f"no policy {aggregate_id}", field="policy_number"), version)

    def cyber_group(self, policy_year: int) -> CyberGroup | None:
        return self._maybe(cyber_group_id(policy_year), CyberGroup)

    # ---- machinery ------------------------------------------------------------------------

    def _run(
        self,
        load: Callable[[], list[Any]],
        decide: Callable[[list[Any], datetime], Sequence[Aggregate] | None],
        expected_version: int | None,
        idempotency: Idempotency | None,
    ) -> CommandResult:
        """Load, decide, save; reload and decide again on a version conflict, unless the caller
        named the version it expects (If-Match): then the conflict is the caller's to resolve.
        `decide` may change the loaded aggregates, append others it touched, and return new ones;
        the answer is about the first new one, else the first loaded."""
        for attempt in range(MAX_ATTEMPTS):
            if attempt:
                time.sleep(random.uniform(0, 0.005 * attempt))  # noqa: S311 — jitter, not security
            aggregates = load()
            subject = aggregates[0]
            if expected_version is not None and subject.version != expected_version:
                raise VersionMismatch(f"it is at version {subject.version}, not {expected_version}", field="If-Match")
            created = decide(aggregates, self.clock()) or []
            ordered = [*created, *(a for a in aggregates if a is not None)]
            try:
                return self._save(ordered, idempotency)
            except RecordConflictError:
                if expected_version is not None:
                    raise VersionMismatch("it changed while this command ran", field="If-Match") from None
                with self._counter_lock:
                    self.conflicts_retried += 1
        raise ConcurrentModification("the record kept changing under this command; try again")

    def _save(self, aggregates: list[Aggregate], idempotency: Idempotency | None) -> CommandResult:
        subject = aggregates[0]
        if idempotency is not None:
            idempotency = dataclasses.replace(idempotency, subject_id=subject.id)
        recordings = self.save(*aggregates, idempotency=idempotency)
        # The command's position is that of the last event it recorded on any aggregate (a payment
        # also charges the policy): a read that waits for it sees everything the command did.
        ids = [r.notification.id for r in recordings]
        return CommandResult(aggregate_id=subject.id, version=subject.version, position=max(ids) if ids else None)

    def _version_at(self, aggregate_id: UUID, version: int | None, as_of: datetime | None, missing: Exception) -> int | None:
        """The version to rebuild: as given, or the last one recorded at or before `as_of`."""
        if as_of is None:
            return version
        if version is not None:
            raise InvalidInput("ask for a version or an instant (as_of), not both", field="as_of")
        require_aware(as_of, "as_of")
        recorded = [e.originator_version for e in self.events.get(aggregate_id) if e.timestamp <= as_of]
        if not recorded:
            raise missing
        return recorded[-1]

    def _get(self, aggregate_id: UUID, kind: type[A], missing: Exception, version: int | None = None) -> A:
        try:
            found = self.repository.get(aggregate_id, version=version)
        except AggregateNotFoundError:
            raise missing from None
        if not isinstance(found, kind):
            raise missing
        return found

    def _maybe(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        try:
            found = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, kind) else None

    def _get_or(self, aggregate_id: UUID, kind: type[A], create: Callable[[], A]) -> A:
        found = self._maybe(aggregate_id, kind)
        return found if found is not None else create()
