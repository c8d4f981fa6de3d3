"""Plans and policies: their commands and queries, by name, for every product."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, DomainEventProtocol

from domain.application.machinery import Change, CommandResult, Idempotency, Machinery
from domain.kernel.actors import Actor
from domain.kernel.errors import InvalidInput
from domain.kernel.payments import PaymentQuote
from domain.kernel.products import Product
from domain.policies.errors import PlanAlreadyExists, PlanNotFound, PolicyNotFound
from domain.policies.plans import Plan, PlanTerms, plan_id
from domain.policies.policy import Policy, PolicyEnding, Policyholder, new_policy_number, policy_id
from domain.policies.registers import ClinicRegister, CyberGroup, clinic_register_id, cyber_group_id
from domain.policies.standing import PolicyStanding
from domain.policies.vocabulary import HolderKind


class PolicyCommands(Machinery):
    # ---- plans ----------------------------------------------------------------------------

    def publish_plan(self, terms: PlanTerms, actor: Actor, *, idempotency: Idempotency | None = None) -> CommandResult:
        """A new plan, at version 1."""

        def decide(_now: datetime) -> Change:
            if self._maybe(plan_id(terms.product, terms.code), Plan) is not None:
                raise PlanAlreadyExists(f"plan {terms.product}/{terms.code} exists; publish a new version", field="code",
                                        params={"plan": f"{terms.product}/{terms.code}"})
            return Change(Plan.publish_first(terms, actor))

        return self._create(decide, idempotency=idempotency)

    def publish_plan_version(
        self, product: Product, code: str, terms: PlanTerms, actor: Actor, *, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        """A new version of the plan named by product and code; issued policies keep their terms."""
        if (terms.product, terms.code) != (product, code):
            raise InvalidInput(f"the terms are of plan {terms.product}/{terms.code}, not {product}/{code}", field="code",
                               reason="plan_mismatch")

        def decide(plan: Plan, _now: datetime) -> Change:
            plan.publish_version(terms, actor)
            return Change(plan)

        return self._run(lambda: self.get_plan(product, code), decide, idempotency=idempotency)

    def get_plan(self, product: str, code: str) -> Plan:
        return self._get(plan_id(product, code), Plan, PlanNotFound(f"no plan {product}/{code}", field="plan_code"))

    def plan_at(self, aggregate_id: UUID, version: int | None = None) -> Plan:
        return self._get(aggregate_id, Plan, PlanNotFound(f"no plan {aggregate_id}", field="plan_code"), version)

    def plans(self) -> list[Plan]:
        """Every plan, in the order first published."""
        first = [n.originator_id for n in self.recorder.select_notifications(
            start=None, limit=10_000, topics=["claims:Plan.Published"])]
        return [self.plan_at(plan) for plan in dict.fromkeys(first)]

    # ---- policies -------------------------------------------------------------------------

    def enrol_policy(
        self, product: Product, plan_code: str, holder: Policyholder, applied_on: date, actor: Actor,
        *, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        """An application on the plan's current terms; a clinic's enters its register in the same save."""
        number = new_policy_number(product, uuid4().hex)

        def decide(now: datetime) -> Change:
            plan = self.get_plan(product, plan_code)
            policy = Policy.enrol(number, plan.terms, plan.terms_version, holder, applied_on, actor, now)
            if holder.kind != HolderKind.CLINIC or not holder.clinic_id:
                return Change(policy)
            register = self._clinic_register(product, holder.clinic_id)
            register.enter(policy.policy_number)
            return Change(policy, (register,))

        return self._create(decide, idempotency=idempotency)

    def receive_premium(
        self, number: str, received_on: date, amount_yen: int, actor: Actor,
        *, bank_reference: str | None = None, expected_version: int | None = None,
        idempotency: Idempotency | None = None,
    ) -> CommandResult:
        """The premium's bank transfer (with the bank's reference for it) fixes the cover; a
        clinic's cover is fixed in its register, a physician's cyber policy joins its year's
        group — all in one save."""

        def decide(policy: Policy, now: datetime) -> Change:
            cover = policy.receive_premium(received_on=received_on, amount_yen=amount_yen, actor=actor, now=now,
                                           bank_reference=bank_reference)
            others: list[Aggregate] = []
            if policy.holder.kind == HolderKind.CLINIC and policy.holder.clinic_id:
                register = self._clinic_register(policy.product, policy.holder.clinic_id)
                register.cover_fixed(policy.policy_number, cover.start, cover.end)
                others.append(register)
            if policy.product == Product.CYBER_PHYSICIAN:
                group = self._get_or(cyber_group_id(cover.policy_year), CyberGroup,
                                     lambda: CyberGroup.for_year(cover.policy_year))
                group.join(policy.policy_number)
                others.append(group)
            return Change(policy, tuple(others))

        return self._run(lambda: self.get_policy(number), decide, expected_version=expected_version,
                         idempotency=idempotency)

    def end_policy(
        self, number: str, ending: PolicyEnding, actor: Actor,
        *, expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        """Cancellation or lapse from an instant; the clinic and the group hold the policy until then."""

        def decide(policy: Policy, _now: datetime) -> Change:
            policy.end(ending, actor=actor)
            others: list[Aggregate] = []
            if policy.holder.kind == HolderKind.CLINIC and policy.holder.clinic_id:
                register = self._maybe(clinic_register_id(policy.product, policy.holder.clinic_id), ClinicRegister)
                if register is not None:
                    register.end(policy.policy_number, ending.effective_at)
                    others.append(register)
            if policy.product == Product.CYBER_PHYSICIAN and policy.cover is not None:
                group = self.cyber_group(policy.cover.policy_year)
                if group is not None:
                    group.leave(policy.policy_number, ending.effective_at)
                    others.append(group)
            return Change(policy, tuple(others))

        return self._run(lambda: self.get_policy(number), decide, expected_version=expected_version,
                         idempotency=idempotency)

    # ---- queries --------------------------------------------------------------------------

    def find_policy(self, number: str) -> Policy | None:
        return self._maybe(policy_id(number), Policy)

    def get_policy(self, number: str, version: int | None = None, as_of: datetime | None = None) -> Policy:
        missing = PolicyNotFound(f"no policy {number}", field="policy_number")
        return self._get(policy_id(number), Policy, missing, self._version_at(policy_id(number), version, as_of, missing))

    def policy_at(self, aggregate_id: UUID, version: int | None = None) -> Policy:
        return self._get(aggregate_id, Policy, PolicyNotFound(f"no policy {aggregate_id}", field="policy_number"), version)

    def policy_history(self, number: str) -> list[DomainEventProtocol[UUID]]:
        self.get_policy(number)
        return self._history(policy_id(number))

    def cyber_group(self, policy_year: int) -> CyberGroup | None:
        return self._maybe(cyber_group_id(policy_year), CyberGroup)

    def policy_standing(self, policy: Policy, at: datetime | None = None) -> PolicyStanding:
        """Whether the policy gives cover (now, or at an instant), with its group where it has one."""
        in_group = policy.product == Product.CYBER_PHYSICIAN and policy.cover is not None
        group = self.cyber_group(policy.cover.policy_year) if in_group and policy.cover else None
        return PolicyStanding(policy, group, at or self.clock())

    # ---- machinery ------------------------------------------------------------------------

    def _clinic_register(self, product: str, clinic_id: str) -> ClinicRegister:
        return self._get_or(clinic_register_id(product, clinic_id), ClinicRegister,
                            lambda: ClinicRegister.open_for(product, clinic_id))

    def _quote_under_policy(
        self, number: str, as_of: datetime | None, quote: Callable[[Policy], PaymentQuote]
    ) -> PaymentQuote:
        """A claim's payment quote under its policy, now or as the policy stood at an instant."""
        try:
            policy = self.get_policy(number, as_of=as_of)
        except PolicyNotFound as missing:
            return PaymentQuote.refused(missing)
        return quote(policy)
