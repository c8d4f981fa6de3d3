"""Read model `payouts`: a row per payment approved or settled; totals are sums over the rows.

An approval is booked on the Japan date it was approved; a settlement on its transfer date. The
fiscal year (April–March) is that date's. Amounts come from the events, never recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from psycopg_pool import ConnectionPool

from domain.cyber.incident import CyberIncident
from domain.harassment.case import ClaimCase
from domain.kernel.clock import japan_date
from domain.kernel.errors import InvalidInput
from domain.policies.cover import fiscal_year_of_date
from infra.paging import Rows, decode_cursor, encode_cursor, equal_to, fetch_page
from projections.sql_view import SqlView, Statement

INSERT_SUBJECT = (
    "INSERT INTO payout_subjects (case_id, kind, product, policy_ref)"
    " VALUES (%(case_id)s, %(kind)s, %(product)s, %(policy_ref)s)"
)
INSERT_ENTRY = (
    "INSERT INTO payouts (position, case_id, kind, product, policy_ref, payment_number, entry, amount_yen, head,"
    " booked_on, fiscal_year, recorded_at, actor_id)"
    " SELECT %(position)s, s.case_id, s.kind, s.product, s.policy_ref, %(payment_number)s, %(entry)s, %(amount_yen)s,"
    " %(head)s, %(booked_on)s, %(fiscal_year)s, %(recorded_at)s, %(actor_id)s"
    " FROM payout_subjects s WHERE s.case_id = %(case_id)s"
)


def _entry(event: Any, tracking: Tracking, entry: str, booked_on: date) -> Statement:
    return INSERT_ENTRY, {
        "position": tracking.notification_id, "case_id": event.originator_id, "payment_number": event.payment_number,
        "entry": entry, "amount_yen": event.amount_yen, "head": getattr(event, "head", None), "booked_on": booked_on,
        "fiscal_year": fiscal_year_of_date(booked_on), "recorded_at": event.timestamp, "actor_id": event.actor_id,
    }


class PayoutsProjection(Projection[SqlView]):
    name = "payouts"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking)

    @process_event.register(ClaimCase.Reported)
    def _case(self, event: Any, tracking: Tracking) -> None:
        subject = {"case_id": event.originator_id, "kind": "case", "product": "harassment", "policy_ref": event.policy_ref}
        self.view.apply(tracking, (INSERT_SUBJECT, subject))

    @process_event.register(CyberIncident.Opened)
    def _incident(self, event: Any, tracking: Tracking) -> None:
        subject = {"case_id": event.originator_id, "kind": "incident", "product": event.product,
                   "policy_ref": event.policy_ref}
        self.view.apply(tracking, (INSERT_SUBJECT, subject))

    @process_event.register(ClaimCase.PaymentApproved)
    @process_event.register(CyberIncident.PaymentApproved)
    def _approved(self, event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking, _entry(event, tracking, "approved", japan_date(event.timestamp)))

    @process_event.register(ClaimCase.PaymentSettled)
    @process_event.register(CyberIncident.PaymentSettled)
    def _settled(self, event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking, _entry(event, tracking, "settled", event.transfer_date))


# ---- queries ------------------------------------------------------------------------------

TOTAL_KEYS = {"case": "case_id::text", "policy": "policy_ref", "product": "product", "fiscal_year": "fiscal_year::text"}


@dataclass(frozen=True)
class PayoutFilter:
    case_id: UUID | None = None
    policy_ref: str | None = None
    product: str | None = None
    fiscal_year: int | None = None
    entry: str | None = None

    def clauses(self) -> tuple[list[str], dict[str, Any]]:
        return equal_to(self, ("case_id", "policy_ref", "product", "fiscal_year", "entry"))


def payout_entries(pool: ConnectionPool, where: PayoutFilter, limit: int, cursor: str | None) -> tuple[Rows, str | None]:
    clauses, params = where.clauses()
    if cursor:
        (params["after"],) = decode_cursor(cursor, int)
        clauses.append("position > %(after)s")
    sql = "SELECT * FROM payouts" + (" WHERE " + " AND ".join(clauses) if clauses else "")  # noqa: S608
    rows, more = fetch_page(pool, sql + " ORDER BY position LIMIT %(limit)s", params, limit)
    return rows, encode_cursor(rows[-1]["position"]) if more else None


def payout_totals(
    pool: ConnectionPool, by: str, where: PayoutFilter, limit: int, cursor: str | None
) -> tuple[Rows, str | None]:
    """Approved, settled and outstanding (approved, not yet settled) per case, policy, product or
    fiscal year. Approvals count in the fiscal year approved; settlements in that of the transfer."""
    key = TOTAL_KEYS.get(by)
    if key is None:
        raise InvalidInput(f"by must be one of {', '.join(TOTAL_KEYS)}", field="by")
    clauses, params = where.clauses()
    if cursor:
        (params["after"],) = decode_cursor(cursor, str)
        clauses.append(f"{key} > %(after)s")
    sql = (
        f"SELECT {key} AS key,"  # noqa: S608
        " coalesce(sum(amount_yen) FILTER (WHERE entry = 'approved'), 0) AS approved_yen,"
        " coalesce(sum(amount_yen) FILTER (WHERE entry = 'settled'), 0) AS settled_yen,"
        " count(*) FILTER (WHERE entry = 'approved') AS payments_approved,"
        " count(*) FILTER (WHERE entry = 'settled') AS payments_settled"
        " FROM payouts" + (" WHERE " + " AND ".join(clauses) if clauses else "")
        + f" GROUP BY {key} ORDER BY {key} LIMIT %(limit)s"
    )
    rows, more = fetch_page(pool, sql, params, limit)
    for row in rows:
        row["outstanding_yen"] = row["approved_yen"] - row["settled_yen"]
    return rows, encode_cursor(rows[-1]["key"]) if more else None
