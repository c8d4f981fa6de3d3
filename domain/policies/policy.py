"""A policy (保険契約) of one of the three products, event-sourced.

It holds the plan terms it was issued with, its cover period, and the payment limits it has
left; approving a payment charges the policy in the same transaction as the case's event.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.kernel.actors import Actor, Role
from domain.kernel.clock import require_aware, require_date_not_after
from domain.kernel.coverage import PolicyReason
from domain.kernel.errors import InvalidInput, LimitExhausted
from domain.kernel.inputs import optional_text, require_positive_yen, require_text
from domain.kernel.products import Product
from domain.kernel.shared import SharedDict
from domain.policies.cover import CoverPeriod, cover_for_premium
from domain.policies.errors import (
    ClinicApplicantNotFounder,
    PolicyholderKindNotEligible,
    PolicyNotActive,
    PremiumAlreadyReceived,
    PremiumAmountMismatch,
)
from domain.policies.plans import PlanTerms
from domain.policies.vocabulary import ELIGIBLE_KINDS, HolderKind, PolicyEndKind, PolicyStatus

POLICY_NAMESPACE = uuid5(NAMESPACE_URL, "urn:jsprs-claims:policy")
NUMBER_PREFIX = {Product.HARASSMENT: "HAR", Product.CYBER_PHYSICIAN: "CYP", Product.CYBER_INSTITUTION: "CYI"}


def policy_id(policy_number: str) -> UUID:
    return uuid5(POLICY_NAMESPACE, normal_number(policy_number))


def normal_number(policy_number: str) -> str:
    """A policy number as the record keeps it, however it was typed."""
    return policy_number.strip().upper()


def new_policy_number(product: str, token: str) -> str:
    return f"{NUMBER_PREFIX[Product(product)]}-{token[:10].upper()}"


@dataclass(frozen=True)
class Policyholder:
    member_number: str
    name: str
    kind: str  # physician, institution or clinic
    clinic_id: str | None = None
    clinic_name: str | None = None
    applicant_is_founder: bool | None = None  # clinics only: 開設者 applying


@dataclass(frozen=True)
class PolicyEnding:
    """Cancellation (解約) or lapse (失効), from an instant."""

    kind: PolicyEndKind
    reason: str
    effective_at: datetime


def _check_holder(product: Product, holder: Policyholder) -> None:
    require_text(holder.member_number, "member_number")
    require_text(holder.name, "name")
    kind = HolderKind.coerce(holder.kind, "kind")
    eligible = ELIGIBLE_KINDS[product]
    if kind not in eligible:
        raise PolicyholderKindNotEligible(
            f"a {kind} cannot hold {product}: eligible are {', '.join(eligible)}", field="kind",
            params={"kind": kind.ja, "product": product.ja},
        )
    if kind is HolderKind.CLINIC:
        if not (holder.clinic_id or "").strip() or not (holder.clinic_name or "").strip():
            raise InvalidInput("a clinic contract names the clinic (clinic_id, clinic_name)", field="clinic_id",
                               reason="clinic_unnamed")
        if holder.applicant_is_founder is not True:
            raise ClinicApplicantNotFounder("only the clinic's founder (開設者) may apply", field="applicant_is_founder")


class Policy(Aggregate):
    TOPIC = "claims:Policy"

    class Created(Aggregate.Created):
        TOPIC = "claims:Policy.Created"

    # ---- commands -------------------------------------------------------------------------

    @classmethod
    def enrol(
        cls, number: str, terms: PlanTerms, terms_version: int, holder: Policyholder, applied_on: date,
        actor: Actor, now: datetime,
    ) -> Policy:
        actor.require(Role.ADMIN, command="enrolling a policy")
        _check_holder(Product(terms.product), holder)
        require_date_not_after(applied_on, now, "applied_on")
        return cls(
            id=policy_id(number), policy_number=normal_number(number), product=terms.product,
            plan_code=terms.code, plan_version=terms_version, terms=terms.as_dict(), holder=asdict(holder),
            applied_on=applied_on, actor_id=actor.user_id, actor_role=actor.role.value,
        )

    def receive_premium(
        self, *, received_on: date, amount_yen: int, actor: Actor, now: datetime, bank_reference: str | None = None,
    ) -> CoverPeriod:
        """The premium's bank transfer arrived on `received_on` (with the bank's reference for it,
        where the admin has one): the cover it buys is fixed by the cut-off rule (cover.py)."""
        actor.require(Role.ADMIN, command="recording a premium")
        self._require_not_ended()
        if self.cover is not None:
            raise PremiumAlreadyReceived(f"the premium was received on {self.premium_received_on}", field="received_on")
        require_date_not_after(received_on, now, "received_on")
        if received_on < self.applied_on:
            raise InvalidInput("received_on may not precede the application", field="received_on", reason="precedes",
                               params={"other": "applied_on"})
        require_positive_yen(amount_yen, "amount_yen")
        cover = cover_for_premium(received_on)
        due = self.terms.premium_for(cover.start.month)
        if amount_yen != due:
            raise PremiumAmountMismatch(
                f"¥{amount_yen:,} received; ¥{due:,} is due for cover from {cover.start:%Y-%m-%d %H:%M} JST",
                field="amount_yen", params={"amount_yen": amount_yen, "due_yen": due, "cover_start": cover.start},
            )
        self._premium_received(
            received_on=received_on, amount_yen=amount_yen, premium_due_yen=due, cover_start=cover.start,
            cover_end=cover.end, policy_year=cover.policy_year, bank_reference=optional_text(bank_reference),
            actor_id=actor.user_id, actor_role=actor.role.value,
        )
        return cover

    def end(self, ending: PolicyEnding, *, actor: Actor) -> None:
        """Cancellation (解約) or lapse (失効): cover stops from `effective_at`."""
        actor.require(Role.ADMIN, command="cancelling a policy")
        self._require_not_ended()
        kind = PolicyEndKind.coerce(ending.kind, "kind")
        reason = require_text(ending.reason, "reason")
        require_aware(ending.effective_at, "effective_at")
        self._ended(kind=kind.value, reason=reason, effective_at=ending.effective_at, actor_id=actor.user_id,
                    actor_role=actor.role.value)

    def limit_payment(self, claim_id: str, wanted_yen: int, head: str | None = None) -> tuple[int, str | None]:
        """How much of `wanted_yen` the limits allow for this claim (and head of loss), and the
        tightest limit — limit_per_claim, sub_limit_<head> or limit_per_year — which binds when
        the amount granted is less than the amount wanted."""
        remaining = {
            "limit_per_claim": self.terms.limit_per_claim_yen - self.paid_by_claim.get(claim_id, 0),
            "limit_per_year": self.remaining_for_year,
        }
        if head is not None and head in self.terms.sub_limits_yen:
            remaining[f"sub_limit_{head}"] = self.remaining_for_head(head)
        tightest = min(remaining, key=lambda name: remaining[name])
        return max(0, min(wanted_yen, remaining[tightest])), tightest

    def grant_payment(self, claim_id: str, wanted_yen: int, head: str | None = None) -> tuple[int, str | None]:
        """What `limit_payment` allows and the limit that cut it (None when none did); refused
        with LimitExhausted when nothing is left."""
        granted, tightest = self.limit_payment(claim_id, wanted_yen, head)
        if granted <= 0:
            raise LimitExhausted(f"the policy's {tightest.replace('_', ' ')} is used up", field="amount_yen",
                                 params={"limit": tightest})
        return granted, (tightest if granted < wanted_yen else None)

    def charge(
        self, *, claim_id: str, payment_number: int, amount_yen: int, actor: Actor, head: str | None = None
    ) -> None:
        """Consume limits for a payment the claim has just approved (saved with the claim)."""
        self._charged(claim_id=claim_id, payment_number=payment_number, amount_yen=amount_yen, head=head,
                      actor_id=actor.user_id, actor_role=actor.role.value)

    def remaining_for_head(self, head: str) -> int:
        limit = self.terms.sub_limits_yen.get(head)
        if limit is None:
            return self.remaining_for_year
        return min(limit - self.paid_by_head.get(head, 0), self.remaining_for_year)

    # ---- derived state --------------------------------------------------------------------

    @property
    def remaining_for_year(self) -> int:
        return self.terms.limit_per_year_yen - sum(self.paid_by_claim.values())

    def remaining_for_claim(self, claim_id: str) -> int:
        return min(self.terms.limit_per_claim_yen - self.paid_by_claim.get(claim_id, 0), self.remaining_for_year)

    @property
    def status(self) -> PolicyStatus:
        if self.ended_kind:
            return PolicyStatus(self.ended_kind)
        return PolicyStatus.IN_FORCE if self.cover else PolicyStatus.AWAITING_PREMIUM

    def reasons_not_covering(self, instant: datetime) -> list[str]:
        """Why this policy does not cover that instant (empty: it does)."""
        if self.cover is None:
            return [PolicyReason.POLICY_AWAITING_PREMIUM.value]
        if not self.cover.contains(instant):
            return [PolicyReason.OUTSIDE_COVER_PERIOD.value]
        if self.ended_at is not None and instant >= self.ended_at:
            return [PolicyReason(f"policy_{self.ended_kind}").value]
        return []

    def _require_not_ended(self) -> None:
        if self.ended_kind:
            raise PolicyNotActive(f"the policy is {self.ended_kind}", field="status",
                                  params={"status": PolicyStatus(self.ended_kind).ja})

    # ---- events ---------------------------------------------------------------------------

    @event("Enrolled", topic="claims:Policy.Enrolled")
    def __init__(
        self, id: Any, policy_number: str, product: str, plan_code: str, plan_version: int,
        terms: dict[str, Any], holder: dict[str, Any], applied_on: date, actor_id: str, actor_role: str,
    ) -> None:
        self.policy_number = policy_number
        self.product = product
        self.plan_code = plan_code
        self.plan_version = plan_version
        self.terms = PlanTerms.from_dict(terms)
        self.holder = Policyholder(**holder)
        self.applied_on = applied_on
        self.cover: CoverPeriod | None = None
        self.premium_received_on: date | None = None
        self.premium_bank_reference: str | None = None
        self.premium_yen = 0
        self.ended_kind: str | None = None
        self.ended_at: datetime | None = None
        self.ended_reason: str | None = None
        self.paid_by_claim: dict[str, int] = SharedDict()
        self.paid_by_head: dict[str, int] = SharedDict()

    class PremiumReceived(Aggregate.Event):
        """v2 added `bank_reference` (the bank's reference for the transfer); v1 premiums had none."""

        TOPIC = "claims:Policy.PremiumReceived"
        class_version = 2
        received_on: date
        amount_yen: int
        premium_due_yen: int
        cover_start: datetime
        cover_end: datetime
        policy_year: int
        bank_reference: str | None
        actor_id: str
        actor_role: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["bank_reference"] = None

    @event(PremiumReceived)
    def _premium_received(
        self, received_on: date, amount_yen: int, premium_due_yen: int, cover_start: datetime, cover_end: datetime,
        policy_year: int, bank_reference: str | None, actor_id: str, actor_role: str,
    ) -> None:
        self.premium_received_on = received_on
        self.premium_bank_reference = bank_reference
        self.premium_yen = amount_yen
        self.cover = CoverPeriod(cover_start, cover_end, policy_year)

    @event("Ended", topic="claims:Policy.Ended")
    def _ended(self, kind: str, reason: str, effective_at: datetime, actor_id: str, actor_role: str) -> None:
        self.ended_kind = kind
        self.ended_reason = reason
        self.ended_at = effective_at

    class PaymentCharged(Aggregate.Event):
        """v2 added `head` (the head of loss, for cyber sub-limits); v1 charges had none."""

        TOPIC = "claims:Policy.PaymentCharged"
        class_version = 2
        claim_id: str
        payment_number: int
        amount_yen: int
        head: str | None
        actor_id: str
        actor_role: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["head"] = None

    @event(PaymentCharged)
    def _charged(
        self, claim_id: str, payment_number: int, amount_yen: int, head: str | None, actor_id: str, actor_role: str
    ) -> None:
        self.paid_by_claim[claim_id] = self.paid_by_claim.get(claim_id, 0) + amount_yen
        if head is not None:
            self.paid_by_head[head] = self.paid_by_head.get(head, 0) + amount_yen
