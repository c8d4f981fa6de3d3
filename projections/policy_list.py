"""Read model `policy_list`: one row per policy — its holder, product, plan, status, cover and
premium — for the administrator's list and for finding a policy by number, member number or
holder name (the report form's lookup). Its queries follow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from psycopg_pool import ConnectionPool

from domain.policies.policy import Policy
from domain.policies.vocabulary import PolicyStatus
from infra.paging import Rows, decode_cursor, encode_cursor, equal_to, fetch_page
from projections.instants import storable
from projections.search import like_pattern, search_key
from projections.sql_view import SqlView

ENROLLED = (
    "INSERT INTO policy_list (policy_id, policy_number, version, product, plan_code, plan_version, holder_kind,"
    " holder_name, member_number, clinic_name, status, applied_on, enrolled_at, search_text)"
    " VALUES (%(id)s, %(number)s, %(version)s, %(product)s, %(plan)s, %(plan_version)s, %(kind)s, %(name)s, %(member)s,"
    " %(clinic)s, 'awaiting_premium', %(applied_on)s, %(at)s, %(search)s)"
)
PREMIUM = (
    "UPDATE policy_list SET version = %(version)s, status = 'in_force', premium_received_on = %(received_on)s,"
    " premium_yen = %(amount)s, cover_start = %(start)s, cover_end = %(end)s, policy_year = %(year)s"
    " WHERE policy_id = %(id)s"
)
ENDED = "UPDATE policy_list SET version = %(version)s, status = %(kind)s, ended_at = %(at)s WHERE policy_id = %(id)s"
TOUCHED = "UPDATE policy_list SET version = %(version)s WHERE policy_id = %(id)s"


class PolicyListProjection(Projection[SqlView]):
    name = "policy_list"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking)

    @process_event.register(Policy.Enrolled)
    def _enrolled(self, event: Any, tracking: Tracking) -> None:
        holder = event.holder
        self.view.apply(tracking, (ENROLLED, {
            "id": event.originator_id, "number": event.policy_number, "version": event.originator_version,
            "product": event.product, "plan": event.plan_code, "plan_version": event.plan_version, "kind": holder["kind"],
            "name": holder["name"], "member": holder["member_number"], "clinic": holder.get("clinic_name"),
            "applied_on": event.applied_on, "at": event.timestamp,
            "search": search_key(event.policy_number, holder["member_number"], holder["name"], holder.get("clinic_name")),
        }))

    @process_event.register(Policy.PremiumReceived)
    def _premium(self, event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking, (PREMIUM, {
            "version": event.originator_version, "received_on": event.received_on, "amount": event.amount_yen,
            "start": event.cover_start, "end": event.cover_end, "year": event.policy_year, "id": event.originator_id,
        }))

    @process_event.register(Policy.Ended)
    def _ended(self, event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking, (ENDED, {"version": event.originator_version, "kind": event.kind,
                                           "at": storable(event.effective_at), "id": event.originator_id}))

    @process_event.register(Policy.PaymentCharged)
    def _charged(self, event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking, (TOUCHED, {"version": event.originator_version, "id": event.originator_id}))


# ---- queries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyFilter:
    product: str | None = None
    status: str | None = None
    policy_year: int | None = None
    holder_kind: str | None = None
    text: str | None = None  # a policy or member number, a holder's name, or part of one

    def clauses(self) -> tuple[list[str], dict[str, Any]]:
        clauses, params = equal_to(self, ("product", "status", "policy_year", "holder_kind"))
        pattern = like_pattern(self.text or "")
        if pattern:
            clauses.append("search_text LIKE %(text)s")
            params["text"] = pattern
        return clauses, params


def list_policies(pool: ConnectionPool, where: PolicyFilter, limit: int, cursor: str | None) -> tuple[Rows, str | None]:
    """Policies by number (stable paging)."""
    clauses, params = where.clauses()
    if cursor:
        (params["after"],) = decode_cursor(cursor, str)
        clauses.append("policy_number > %(after)s")
    sql = "SELECT * FROM policy_list" + (" WHERE " + " AND ".join(clauses) if clauses else "")  # noqa: S608
    rows, more = fetch_page(pool, sql + " ORDER BY policy_number LIMIT %(limit)s", params, limit)
    return rows, encode_cursor(rows[-1]["policy_number"]) if more else None


def find_policies(pool: ConnectionPool, typed: str, limit: int = 10) -> Rows:
    """What a person typing a policy or member number (or a holder's name) most likely means:
    policies in force first, then those awaiting their premium, then ended ones."""
    pattern = like_pattern(typed)
    if pattern is None:
        return []
    order = ", ".join(f"'{s.value}'" for s in (PolicyStatus.IN_FORCE, PolicyStatus.AWAITING_PREMIUM))
    sql = ("SELECT * FROM policy_list WHERE search_text LIKE %(text)s"  # noqa: S608 — fixed text
           f" ORDER BY array_position(ARRAY[{order}], status) NULLS LAST, policy_number LIMIT %(limit)s")
    rows, _ = fetch_page(pool, sql, {"text": pattern}, limit)
    return rows
