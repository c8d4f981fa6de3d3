"""Read model `coverage`: per policy (a policy covers one policy year) its limits, what has been
approved and settled against them, and per claim the same. Remaining amounts are computed in the
query from these sums, as the policy aggregate computes them; the aggregate alone decides."""

from __future__ import annotations

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from domain.claim_case import ClaimCase
from domain.incident import CyberIncident
from domain.policy import Policy
from projections.sql_view import SqlView

ENROLLED = (
    "INSERT INTO coverage_policies (policy_number, policy_id, product, plan_code, member_number, status,"
    " limit_per_claim_yen, limit_per_year_yen)"
    " VALUES (%(number)s, %(id)s, %(product)s, %(plan)s, %(member)s, 'awaiting_premium', %(per_claim)s, %(per_year)s)"
)
PREMIUM = "UPDATE coverage_policies SET policy_year = %(year)s, status = 'in_force' WHERE policy_id = %(id)s"
ENDED = "UPDATE coverage_policies SET status = %(kind)s WHERE policy_id = %(id)s"
CHARGE_CLAIM = (
    "INSERT INTO coverage_claims (claim_id, policy_number, approved_yen)"
    " SELECT %(claim)s, policy_number, %(amount)s FROM coverage_policies WHERE policy_id = %(id)s"
    " ON CONFLICT (claim_id) DO UPDATE SET approved_yen = coverage_claims.approved_yen + EXCLUDED.approved_yen"
)
CHARGE_POLICY = "UPDATE coverage_policies SET approved_yen = approved_yen + %(amount)s WHERE policy_id = %(id)s"
SETTLE_CLAIM = "UPDATE coverage_claims SET settled_yen = settled_yen + %(amount)s WHERE claim_id = %(claim)s"
SETTLE_POLICY = (
    "UPDATE coverage_policies SET settled_yen = settled_yen + %(amount)s"
    " WHERE policy_number = (SELECT policy_number FROM coverage_claims WHERE claim_id = %(claim)s)"
)


class CoverageProjection(Projection[SqlView]):
    name = "coverage"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking)

    @process_event.register(Policy.Enrolled)
    def _enrolled(self, event: Any, tracking: Tracking) -> None:
        terms = event.terms
        self.view.apply(tracking, (ENROLLED, {
            "number": event.policy_number, "id": event.originator_id, "product": event.product, "plan": event.plan_code,
            "member": event.holder["member_number"], "per_claim": terms["limit_per_claim_yen"],
            "per_year": terms["limit_per_year_yen"],
        }))

    @process_event.register(Policy.PremiumReceived)
    def _premium(self, event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking, (PREMIUM, {"year": event.policy_year, "id": event.originator_id}))

    @process_event.register(Policy.Ended)
    def _ended(self, event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking, (ENDED, {"kind": event.kind, "id": event.originator_id}))

    @process_event.register(Policy.PaymentCharged)
    def _charged(self, event: Any, tracking: Tracking) -> None:
        values = {"claim": event.claim_id, "amount": event.amount_yen, "id": event.originator_id}
        self.view.apply(tracking, (CHARGE_CLAIM, values), (CHARGE_POLICY, values))

    @process_event.register(ClaimCase.PaymentSettled)
    @process_event.register(CyberIncident.PaymentSettled)
    def _settled(self, event: Any, tracking: Tracking) -> None:
        values = {"claim": str(event.originator_id), "amount": event.amount_yen}
        self.view.apply(tracking, (SETTLE_CLAIM, values), (SETTLE_POLICY, values))
