"""Keyset pagination: opaque cursors holding the last row's sort key, and pages of `limit` rows."""

from __future__ import annotations

import base64
import json
from typing import Any

from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from domain.kernel.errors import InvalidInput

Rows = list[dict[str, Any]]


def encode_cursor(*values: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps([str(v) for v in values]).encode()).decode()


def decode_cursor(cursor: str, *types: Any) -> tuple[Any, ...]:
    """The cursor's values, parsed back with `types` (e.g. datetime.fromisoformat, UUID, int)."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if len(values) != len(types) or any(not isinstance(v, str) or "\x00" in v or len(v) > 200 for v in values):
            raise ValueError
        return tuple(parse(v) for parse, v in zip(types, values, strict=True))
    except (ValueError, TypeError):
        raise InvalidInput("cursor is not one this API gave out for this list", field="cursor") from None


def equal_to(source: Any, columns: tuple[str, ...]) -> tuple[list[str], dict[str, Any]]:
    """`column = value` clauses, with bound values, for each of `columns` that `source` sets."""
    given = {column: getattr(source, column) for column in columns if getattr(source, column) is not None}
    return [f"{column} = %({column})s" for column in given], given


def fetch_page(pool: ConnectionPool, sql: str, params: dict[str, Any], limit: int) -> tuple[Rows, bool]:
    """Run a query that asks for `limit + 1` rows; return `limit` of them and whether more follow."""
    params["limit"] = limit + 1
    with pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(sql, params).fetchall()  # type: ignore[arg-type]
    return rows[:limit], len(rows) > limit


