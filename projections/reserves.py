"""Read model `reserves`: every movement of an outstanding reserve (支払備金) and every approved
payment, one row each, so that reserves, paid and incurred can be summed as they stood at any
moment — the fiscal year end (31 March) for the insurer's statements — by product, accident year
and policy.

- A reserve row carries its change (set: after − before; lowered by a payment: −what it took;
  released on closing: −what was left); a payment row carries what was approved ("paid": the
  amount is committed when approved, docs/decisions/0019-the-adjusters-file.md).
- Outstanding = Σ changes; paid = Σ payments; incurred = paid + outstanding; each over the rows
  recorded up to the moment asked (`recorded_at`), never recomputed from today's state.
- The fiscal year is the claim's accident year (事故年度): the April–March year of the Japan date
  the harassment or the incident occurred, so a claim stays in one year as its reserve moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from psycopg_pool import ConnectionPool

from domain.cyber.incident import CyberIncident
from domain.harassment.case import ClaimCase
from domain.kernel.clock import japan_day_start
from domain.kernel.errors import InvalidInput
from domain.policies.cover import fiscal_year_of_date
from infra.paging import Rows, equal_to, fetch_page
from projections.instants import japan_day
from projections.sql_view import SqlView, Statement

INSERT_SUBJECT = (
    "INSERT INTO reserve_subjects (claim_id, kind, product, policy_ref, fiscal_year)"
    " VALUES (%(claim_id)s, %(kind)s, %(product)s, %(policy_ref)s, %(fiscal_year)s)"
)
INSERT_MOVEMENT = (
    "INSERT INTO reserve_movements (position, claim_id, kind, product, policy_ref, fiscal_year, head, movement,"
    " reserve_change_yen, paid_yen, payment_number, recorded_at, actor_id)"
    " SELECT %(position)s, s.claim_id, s.kind, s.product, s.policy_ref, s.fiscal_year, %(head)s, %(movement)s,"
    " %(reserve_change_yen)s, %(paid_yen)s, %(payment_number)s, %(recorded_at)s, %(actor_id)s"
    " FROM reserve_subjects s WHERE s.claim_id = %(claim_id)s"
)


def _movement(event: Any, tracking: Tracking, movement: str, *, reserve_change_yen: int = 0, paid_yen: int = 0) -> Statement:
    return INSERT_MOVEMENT, {
        "position": tracking.notification_id, "claim_id": event.originator_id, "head": getattr(event, "head", None),
        "movement": movement, "reserve_change_yen": reserve_change_yen, "paid_yen": paid_yen,
        "payment_number": getattr(event, "payment_number", None), "recorded_at": event.timestamp,
        "actor_id": event.actor_id,
    }


class ReservesProjection(Projection[SqlView]):
    name = "reserves"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking)

    @process_event.register(ClaimCase.Reported)
    @process_event.register(CyberIncident.Opened)
    def _claim(self, event: Any, tracking: Tracking) -> None:
        is_case = isinstance(event, ClaimCase.Reported)
        subject = {
            "claim_id": event.originator_id, "kind": "case" if is_case else "incident",
            "product": "harassment" if is_case else event.product, "policy_ref": event.policy_ref,
            "fiscal_year": fiscal_year_of_date(japan_day(event.occurred_at)),
        }
        self.view.apply(tracking, (INSERT_SUBJECT, subject))

    @process_event.register(ClaimCase.ReserveSet)
    @process_event.register(CyberIncident.ReserveSet)
    def _set(self, event: Any, tracking: Tracking) -> None:
        change = event.outstanding_yen - event.previous_yen
        self.view.apply(tracking, _movement(event, tracking, "set", reserve_change_yen=change))

    @process_event.register(ClaimCase.ReserveLowered)
    @process_event.register(CyberIncident.ReserveLowered)
    def _lowered(self, event: Any, tracking: Tracking) -> None:
        change = event.outstanding_yen - event.previous_yen
        self.view.apply(tracking, _movement(event, tracking, "lowered", reserve_change_yen=change))

    @process_event.register(ClaimCase.ReserveReleased)
    @process_event.register(CyberIncident.ReserveReleased)
    def _released(self, event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking, _movement(event, tracking, "released", reserve_change_yen=-event.previous_yen))

    @process_event.register(ClaimCase.PaymentApproved)
    @process_event.register(CyberIncident.PaymentApproved)
    def _paid(self, event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking, _movement(event, tracking, "paid", paid_yen=event.amount_yen))


# ---- queries ------------------------------------------------------------------------------

REPORT_KEYS = {"product": "product", "fiscal_year": "fiscal_year::text", "policy": "policy_ref",
               "claim": "claim_id::text"}


def end_of_japan_day(day: date) -> datetime:
    """The last instant of a Japan date: a report "as at 31 March" counts everything recorded that day."""
    return japan_day_start(day + timedelta(days=1)) - timedelta(microseconds=1)


@dataclass(frozen=True)
class ReserveFilter:
    product: str | None = None
    fiscal_year: int | None = None
    policy_ref: str | None = None
    kind: str | None = None

    def clauses(self) -> tuple[list[str], dict[str, Any]]:
        return equal_to(self, ("product", "fiscal_year", "policy_ref", "kind"))


def reserve_report(pool: ConnectionPool, by: str, where: ReserveFilter, as_at: datetime | None,
                   limit: int = 1000) -> tuple[Rows, dict[str, int]]:
    """Outstanding reserve, paid and incurred per product, accident year, policy or claim, as they
    stood at `as_at` (now when None); with the totals of all rows. Claims with neither a reserve
    nor a payment by then are not listed."""
    key = REPORT_KEYS.get(by)
    if key is None:
        raise InvalidInput(f"by must be one of {', '.join(REPORT_KEYS)}", field="by", reason="not_a_choice")
    clauses, params = where.clauses()
    if as_at is not None:
        clauses.append("recorded_at <= %(as_at)s")
        params["as_at"] = as_at
    where_sql = " WHERE " + " AND ".join(clauses) if clauses else ""
    sql = (
        f"SELECT {key} AS key, coalesce(sum(reserve_change_yen), 0)::bigint AS outstanding_yen,"  # noqa: S608
        " coalesce(sum(paid_yen), 0)::bigint AS paid_yen, count(DISTINCT claim_id) AS claims"
        f" FROM reserve_movements{where_sql} GROUP BY {key} ORDER BY {key} LIMIT %(limit)s"
    )
    rows, _more = fetch_page(pool, sql, params, limit)
    for row in rows:
        row["incurred_yen"] = row["outstanding_yen"] + row["paid_yen"]
    totals = {name: sum(r[name] for r in rows) for name in ("outstanding_yen", "paid_yen", "incurred_yen", "claims")}
    return rows, totals
