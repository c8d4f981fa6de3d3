"""Read model `coverage`: per policy (a policy covers one policy year) its limits, what has been
approved and settled against them, and per claim the same. Remaining amounts are computed in the
query from these sums, as the policy aggregate computes them; the aggregate alone decides."""

from __future__ import annotations

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from domain.cyber.incident import CyberIncident
from domain.harassment.case import ClaimCase
from domain.policies.policy import Policy
from infra.paging import Rows, decode_cursor, encode_cursor, fetch_page
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


# ---- queries ------------------------------------------------------------------------------

COVERAGE = (
    "SELECT p.*, p.limit_per_year_yen - p.approved_yen AS remaining_for_year_yen FROM coverage_policies p"
)
CLAIMS = (
    "SELECT c.claim_id, c.approved_yen, c.settled_yen,"
    " least(p.limit_per_claim_yen - c.approved_yen, p.limit_per_year_yen - p.approved_yen) AS remaining_for_claim_yen"
    " FROM coverage_claims c JOIN coverage_policies p USING (policy_number)"
    " WHERE c.policy_number = %(number)s ORDER BY c.claim_id"
)


def coverage_of(pool: ConnectionPool, policy_number: str) -> dict[str, Any] | None:
    number = policy_number.strip().upper()
    with pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        policy = cur.execute(COVERAGE + " WHERE p.policy_number = %(number)s", {"number": number}).fetchone()
        if policy is None:
            return None
        policy["claims"] = cur.execute(CLAIMS, {"number": number}).fetchall()
    return policy


def coverage_list(
    pool: ConnectionPool, policy_year: int | None, product: str | None, limit: int, cursor: str | None
) -> tuple[Rows, str | None]:
    clauses, params = [], {}
    if policy_year is not None:
        clauses.append("p.policy_year = %(year)s")
        params["year"] = policy_year
    if product is not None:
        clauses.append("p.product = %(product)s")
        params["product"] = product
    if cursor:
        (params["after"],) = decode_cursor(cursor, str)
        clauses.append("p.policy_number > %(after)s")
    sql = COVERAGE + (" WHERE " + " AND ".join(clauses) if clauses else "") + " ORDER BY p.policy_number LIMIT %(limit)s"
    rows, more = fetch_page(pool, sql, params, limit)
    return rows, encode_cursor(rows[-1]["policy_number"]) if more else None
