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

from domain.actors import Actor
from domain.clock import require_aware, require_date_not_after
from domain.cover import CoverPeriod, cover_for_premium
from domain.errors import (
    ClinicApplicantNotFounder,
    InvalidInput,
    LimitExhausted,
    PolicyholderKindNotEligible,
    PolicyNotActive,
    PremiumAlreadyReceived,
    PremiumAmountMismatch,
)
from domain.plans import PlanTerms
from domain.vocabulary import Role

POLICY_NAMESPACE = uuid5(NAMESPACE_URL, "urn:jsprs-claims:policy")
HOLDER_KINDS = ("physician", "institution", "clinic")
ELIGIBLE_KINDS = {
    "harassment": ("physician", "institution", "clinic"),
    "cyber_physician": ("physician",),
    "cyber_institution": ("institution",),
}
NUMBER_PREFIX = {"harassment": "HAR", "cyber_physician": "CYP", "cyber_institution": "CYI"}


def policy_id(policy_number: str) -> UUID:
    return uuid5(POLICY_NAMESPACE, policy_number.strip().upper())


@dataclass(frozen=True)
class Policyholder:
    member_number: str
    name: str
    kind: str  # physician, institution or clinic
    clinic_id: str | None = None
    clinic_name: str | None = None
    applicant_is_founder: bool | None = None  # clinics only: 開設者 applying


def _check_holder(product: str, holder: Policyholder) -> None:
    if not holder.member_number.strip():
        raise InvalidInput("member_number may not be empty", field="member_number")
    if not holder.name.strip():
        raise InvalidInput("name may not be empty", field="name")
    if holder.kind not in HOLDER_KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(HOLDER_KINDS)}", field="kind")
    if holder.kind not in ELIGIBLE_KINDS[product]:
        raise PolicyholderKindNotEligible(
            f"a {holder.kind} cannot hold {product}: eligible are {', '.join(ELIGIBLE_KINDS[product])}", field="kind"
        )
    if holder.kind == "clinic":
        if not (holder.clinic_id or "").strip() or not (holder.clinic_name or "").strip():
            raise InvalidInput("a clinic contract names the clinic (clinic_id, clinic_name)", field="clinic_id")
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
        _check_holder(terms.product, holder)
        require_date_not_after(applied_on, now, "applied_on")
        return cls(
            id=policy_id(number), policy_number=number.strip().upper(), product=terms.product,
            plan_code=terms.code, plan_version=terms_version, terms=terms.as_dict(), holder=asdict(holder),
            applied_on=applied_on, actor_id=actor.user_id, actor_role=actor.role.value,
        )

    def receive_premium(self, *, received_on: date, amount_yen: int, actor: Actor, now: datetime) -> CoverPeriod:
        actor.require(Role.ADMIN, command="recording a premium")
        self._require_not_ended()
        if self.cover is not None:
            raise PremiumAlreadyReceived(f"the premium was received on {self.premium_received_on}", field="received_on")
        require_date_not_after(received_on, now, "received_on")
        if received_on < self.applied_on:
            raise InvalidInput("received_on may not precede the application", field="received_on")
        if not isinstance(amount_yen, int) or isinstance(amount_yen, bool) or amount_yen <= 0:
            raise InvalidInput("amount_yen must be a positive whole yen", field="amount_yen")
        cover = cover_for_premium(received_on)
        due = self.terms.premium_for(cover.start.month)
        if amount_yen != due:
            raise PremiumAmountMismatch(
                f"¥{amount_yen:,} received; ¥{due:,} is due for cover from {cover.start:%Y-%m-%d %H:%M} JST",
                field="amount_yen",
            )
        self._premium_received(
            received_on=received_on, amount_yen=amount_yen, premium_due_yen=due, cover_start=cover.start,
            cover_end=cover.end, policy_year=cover.policy_year, actor_id=actor.user_id, actor_role=actor.role.value,
        )
        return cover

    def end(self, *, kind: str, reason: str, effective_at: datetime, actor: Actor) -> None:
        """Cancellation (解約) or lapse (失効): cover stops from `effective_at`."""
        actor.require(Role.ADMIN, command="cancelling a policy")
        self._require_not_ended()
        if kind not in ("cancelled", "lapsed"):
            raise InvalidInput("kind must be cancelled or lapsed", field="kind")
        if not reason.strip():
            raise InvalidInput("reason may not be empty", field="reason")
        require_aware(effective_at, "effective_at")
        self._ended(kind=kind, reason=reason.strip(), effective_at=effective_at, actor_id=actor.user_id,
                    actor_role=actor.role.value)

    def grant_payment(self, claim_id: str, wanted_yen: int, head: str | None = None) -> tuple[int, str | None]:
        """How much of `wanted_yen` the limits allow for this claim (and head of loss), and which
        limit bound it: limit_per_claim, sub_limit_<head> or limit_per_year."""
        remaining = {
            "limit_per_claim": self.terms.limit_per_claim_yen - self.paid_by_claim.get(claim_id, 0),
            "limit_per_year": self.remaining_for_year,
        }
        if head is not None and head in self.terms.sub_limits_yen:
            remaining[f"sub_limit_{head}"] = self.remaining_for_head(head)
        tightest = min(remaining, key=lambda name: remaining[name])
        granted = min(wanted_yen, remaining[tightest])
        if granted <= 0:
            raise LimitExhausted(f"the policy's {tightest.replace('_', ' ')} is used up", field="amount_yen")
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
    def status(self) -> str:
        if self.ended_kind:
            return self.ended_kind
        return "in_force" if self.cover else "awaiting_premium"

    def reasons_not_covering(self, instant: datetime) -> list[str]:
        """Why this policy does not cover that instant (empty: it does)."""
        if self.cover is None:
            return ["policy_awaiting_premium"]
        if not self.cover.contains(instant):
            return ["outside_cover_period"]
        if self.ended_at is not None and instant >= self.ended_at:
            return [f"policy_{self.ended_kind}"]
        return []

    def _require_not_ended(self) -> None:
        if self.ended_kind:
            raise PolicyNotActive(f"the policy is {self.ended_kind}", field="status")

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
        self.premium_yen = 0
        self.ended_kind: str | None = None
        self.ended_at: datetime | None = None
        self.ended_reason: str | None = None
        self.paid_by_claim: dict[str, int] = {}
        self.paid_by_head: dict[str, int] = {}

    @event("PremiumReceived", topic="claims:Policy.PremiumReceived")
    def _premium_received(
        self, received_on: date, amount_yen: int, premium_due_yen: int, cover_start: datetime, cover_end: datetime,
        policy_year: int, actor_id: str, actor_role: str,
    ) -> None:
        self.premium_received_on = received_on
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
