"""Queries on the payouts, coverage and consultation-statistics read models."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from domain.errors import InvalidInput
from infra.paging import Rows, decode_cursor, encode_cursor, equal_to, fetch_page

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


def consultation_stats(
    pool: ConnectionPool, from_month: date | None, to_month: date | None, category: str | None, channel: str | None
) -> Rows:
    clauses, params = [], {}
    for column, value, op in (("month", from_month, ">="), ("month", to_month, "<="), ("category", category, "="),
                              ("channel", channel, "=")):
        if value is not None:
            name = f"p{len(params)}"
            clauses.append(f"{column} {op} %({name})s")
            params[name] = value.replace(day=1) if isinstance(value, date) else value
    sql = "SELECT month, category, channel, consultations FROM consultation_stats"
    sql += (" WHERE " + " AND ".join(clauses) if clauses else "") + " ORDER BY month, category, channel"
    with pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(sql, params).fetchall()  # type: ignore[arg-type]
