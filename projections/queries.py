"""Queries on the case list and the work queues, with keyset pagination. The API reads through
these only. Only fixed column names are ever interpolated; every value is a bound parameter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from psycopg_pool import ConnectionPool

from domain.clock import JAPAN
from domain.errors import InvalidInput
from infra.paging import Rows, decode_cursor, encode_cursor, equal_to, fetch_page

__all__ = ["CaseFilter", "Rows", "decode_cursor", "encode_cursor", "fetch_page", "list_cases", "queue_items"]

def japan_day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=JAPAN)


@dataclass(frozen=True)
class CaseFilter:
    status: str | None = None
    stage: str | None = None
    product: str | None = None
    kind: str | None = None
    coverage: str | None = None
    policy_ref: str | None = None
    member_number: str | None = None
    reported_from: date | None = None  # Japan dates, inclusive
    reported_to: date | None = None
    occurred_from: date | None = None
    occurred_to: date | None = None

    def clauses(self) -> tuple[list[str], dict[str, Any]]:
        clauses, params = equal_to(self, ("status", "stage", "product", "kind", "coverage", "policy_ref", "member_number"))
        for column in ("reported", "occurred"):
            start, end = getattr(self, f"{column}_from"), getattr(self, f"{column}_to")
            if start and end and end < start:
                raise InvalidInput(f"{column}_to may not precede {column}_from", field=f"{column}_to")
            if start:
                clauses.append(f"{column}_at >= %({column}_from)s")
                params[f"{column}_from"] = japan_day_start(start)
            if end:
                clauses.append(f"{column}_at < %({column}_to)s")
                params[f"{column}_to"] = japan_day_start(end + timedelta(days=1))
        return clauses, params


def list_cases(pool: ConnectionPool, where: CaseFilter, limit: int, cursor: str | None) -> tuple[Rows, str | None]:
    clauses, params = where.clauses()
    if cursor:
        params["at"], params["id"] = decode_cursor(cursor, datetime.fromisoformat, UUID)
        clauses.append("(reported_at, case_id) < (%(at)s, %(id)s)")
    sql = "SELECT * FROM case_list" + (" WHERE " + " AND ".join(clauses) if clauses else "")  # noqa: S608
    sql += " ORDER BY reported_at DESC, case_id DESC LIMIT %(limit)s"
    rows, more = fetch_page(pool, sql, params, limit)
    return rows, encode_cursor(rows[-1]["reported_at"].isoformat(), rows[-1]["case_id"]) if more else None


def queue_items(
    pool: ConnectionPool, queue: str, limit: int, cursor: str | None, quiet_since: datetime | None = None
) -> tuple[Rows, str | None]:
    """A work queue, oldest first: by when the case entered it, or — for the queue of cases
    without a consultation — by the last consultation (or the report, if none)."""
    if quiet_since is None:
        waiting = "queue_since"
        clauses, params = ["queue = %(queue)s"], {"queue": queue}
    else:
        waiting = "coalesce(last_consultation_at, reported_at)"
        clauses, params = ["status = 'open'", "kind = 'case'", f"{waiting} < %(quiet)s"], {"quiet": quiet_since}
    if cursor:
        params["at"], params["id"] = decode_cursor(cursor, datetime.fromisoformat, UUID)
        clauses.append(f"({waiting}, case_id) > (%(at)s, %(id)s)")
    sql = (f"SELECT *, {waiting} AS waiting_since FROM work_queue WHERE {' AND '.join(clauses)}"  # noqa: S608
           f" ORDER BY {waiting}, case_id LIMIT %(limit)s")
    rows, more = fetch_page(pool, sql, params, limit)
    return rows, encode_cursor(rows[-1]["waiting_since"].isoformat(), rows[-1]["case_id"]) if more else None


def queue_counts(pool: ConnectionPool, quiet_since: datetime) -> dict[str, int]:
    sql = (
        "SELECT queue, count(*) FROM work_queue WHERE queue IS NOT NULL GROUP BY queue"
        " UNION ALL SELECT 'without_consultation', count(*) FROM work_queue WHERE status = 'open' AND kind = 'case'"
        " AND coalesce(last_consultation_at, reported_at) < %(quiet)s"
    )
    with pool.connection() as conn:
        return {name: int(n) for name, n in conn.execute(sql, {"quiet": quiet_since}).fetchall()}
