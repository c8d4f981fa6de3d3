"""Queries on the read models, with keyset pagination. The API reads through these only."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from domain.errors import InvalidInput


@dataclass(frozen=True)
class CaseFilter:
    status: str | None = None
    stage: str | None = None
    product: str | None = None
    policy_ref: str | None = None
    member_number: str | None = None


def encode_cursor(reported_at: datetime, case_id: UUID) -> str:
    return base64.urlsafe_b64encode(f"{reported_at.isoformat()}|{case_id}".encode()).decode()


def decode_cursor(cursor: str) -> tuple[datetime, UUID]:
    try:
        at, _, case_id = base64.urlsafe_b64decode(cursor.encode()).decode().partition("|")
        return datetime.fromisoformat(at), UUID(case_id)
    except ValueError:
        raise InvalidInput("cursor is not one this API gave out", field="cursor") from None


def list_cases(
    pool: ConnectionPool, where: CaseFilter, limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    clauses, params = [], {}
    for column in ("status", "stage", "product", "policy_ref", "member_number"):
        value = getattr(where, column)
        if value is not None:
            clauses.append(f"{column} = %({column})s")
            params[column] = value
    if cursor:
        params["at"], params["id"] = decode_cursor(cursor)
        clauses.append("(reported_at, case_id) < (%(at)s, %(id)s)")
    # Only fixed column names are interpolated; every value is a bound parameter.
    sql = "SELECT * FROM case_list" + (" WHERE " + " AND ".join(clauses) if clauses else "")  # noqa: S608
    sql += " ORDER BY reported_at DESC, case_id DESC LIMIT %(limit)s"
    params["limit"] = limit + 1
    with pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(sql, params).fetchall()  # type: ignore[arg-type]
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1]["reported_at"], rows[-1]["case_id"]) if more and rows else None
    return rows, next_cursor
