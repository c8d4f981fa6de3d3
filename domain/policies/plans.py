"""Plan terms as data, and the Plan aggregate whose versions an admin publishes.

A policy copies the terms it was issued with into its own events, so a later version of a plan
never rewrites an issued policy.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.kernel.actors import Actor, Role
from domain.kernel.errors import InvalidInput
from domain.kernel.inputs import is_whole_yen
from domain.kernel.products import Product

PRODUCTS = tuple(p.value for p in Product)
HEADS_OF_LOSS = ("liability", "expenses")  # the cyber heads of loss that may carry a sub-limit
MIDTERM_MONTHS = ("5", "6", "7", "8", "9", "10", "11", "12", "1", "2", "3")
PLAN_NAMESPACE = uuid5(NAMESPACE_URL, "urn:jsprs-claims:plan")


@dataclass(frozen=True)
class PlanTerms:
    product: str
    code: str
    name: str
    limit_per_claim_yen: int
    limit_per_year_yen: int
    deductible_yen: int
    coinsurance_percent: int
    annual_premium_yen: int
    midterm_premium_yen: dict[str, int]  # by the month cover starts ("5" … "3")
    sub_limits_yen: dict[str, int] = field(default_factory=dict)  # per head of loss (cyber)
    group_discount_percent: int = 0
    example: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlanTerms:
        return cls(**data)

    def premium_for(self, start_month: int) -> int:
        """Premium due for cover starting in this month, after any group discount, floored to the yen."""
        base = self.annual_premium_yen if start_month == 4 else self.midterm_premium_yen[str(start_month)]
        return base * (100 - self.group_discount_percent) // 100

    def validate(self) -> PlanTerms:
        def need(ok: bool, field_name: str, rule: str) -> None:
            if not ok:
                raise InvalidInput(f"{field_name}: {rule}", field=field_name)

        need(self.product in PRODUCTS, "product", f"one of {', '.join(PRODUCTS)}")
        need(bool(self.code.strip()) and bool(self.name.strip()), "code", "code and name may not be empty")
        amounts = {
            "limit_per_claim_yen": self.limit_per_claim_yen, "limit_per_year_yen": self.limit_per_year_yen,
            "annual_premium_yen": self.annual_premium_yen, "deductible_yen": self.deductible_yen,
        }
        for name, value in amounts.items():
            need(isinstance(value, int) and not isinstance(value, bool) and value >= 0, name, "a whole, non-negative yen")
        need(self.limit_per_claim_yen <= self.limit_per_year_yen, "limit_per_claim_yen", "may not exceed the yearly limit")
        need(1 <= self.coinsurance_percent <= 100, "coinsurance_percent", "between 1 and 100")
        need(0 <= self.group_discount_percent < 100, "group_discount_percent", "between 0 and 99")
        need(set(self.midterm_premium_yen) == set(MIDTERM_MONTHS), "midterm_premium_yen", "one premium per month 5…3")
        need(all(is_whole_yen(v) and v > 0 for v in self.midterm_premium_yen.values()), "midterm_premium_yen",
             "each a positive whole yen")
        need(all(is_whole_yen(v) and v >= 0 for v in self.sub_limits_yen.values()), "sub_limits_yen",
             "each a whole, non-negative yen")
        need(self.annual_premium_yen > 0, "annual_premium_yen", "a positive whole yen")
        need(set(self.sub_limits_yen) <= set(HEADS_OF_LOSS), "sub_limits_yen", f"heads of loss are {HEADS_OF_LOSS}")
        need(self.product != "harassment" or not self.sub_limits_yen, "sub_limits_yen", "the harassment product has none")
        return self


def plan_id(product: str, code: str) -> UUID:
    return uuid5(PLAN_NAMESPACE, f"{product}:{code}")


class Plan(Aggregate):
    TOPIC = "claims:Plan"

    class Created(Aggregate.Created):
        TOPIC = "claims:Plan.Created"

    @classmethod
    def publish_first(cls, terms: PlanTerms, actor: Actor) -> Plan:
        actor.require(Role.ADMIN, command="publishing a plan")
        terms.validate()
        return cls(id=plan_id(terms.product, terms.code), terms=terms.as_dict(), actor_id=actor.user_id,
                   actor_role=actor.role.value)

    def publish_version(self, terms: PlanTerms, actor: Actor) -> None:
        actor.require(Role.ADMIN, command="publishing a plan")
        terms.validate()
        if (terms.product, terms.code) != (self.terms.product, self.terms.code):
            raise InvalidInput("a new version keeps the plan's product and code", field="code", reason="plan_mismatch")
        self._version_published(terms=terms.as_dict(), actor_id=actor.user_id, actor_role=actor.role.value)

    @property
    def terms_version(self) -> int:
        return len(self.history)

    @event("Published", topic="claims:Plan.Published")
    def __init__(self, id: Any, terms: dict[str, Any], actor_id: str, actor_role: str) -> None:
        self.history = [PlanTerms.from_dict(terms)]
        self.terms = self.history[-1]

    @event("VersionPublished", topic="claims:Plan.VersionPublished")
    def _version_published(self, terms: dict[str, Any], actor_id: str, actor_role: str) -> None:
        self.history.append(PlanTerms.from_dict(terms))
        self.terms = self.history[-1]
