"""The access log: who read which record, when. Written before the record is shown, so a read
that fails half-way is still on the log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool

from domain.kernel.errors import InvalidInput
from infra.paging import Rows, decode_cursor, encode_cursor, equal_to, fetch_page


@dataclass(frozen=True)
class AccessFilter:
    user_id: str | None = None
    action: str | None = None
    subject: str | None = None
    since: datetime | None = None
    until: datetime | None = None


class AccessLog:
    def __init__(self, pool: ConnectionPool) -> None:
        self.pool = pool

    def record(self, user_id: str, role: str, action: str, subject: str | None, detail: dict[str, Any]) -> None:
        with self.pool.connection() as conn:
            conn.execute("INSERT INTO access_log (user_id, role, action, subject, detail) VALUES (%s, %s, %s, %s, %s)",
                         (user_id, role, action, subject, Jsonb(detail)))

    def search(self, where: AccessFilter, limit: int, cursor: str | None) -> tuple[Rows, str | None]:
        clauses, params = equal_to(where, ("user_id", "action", "subject"))
        for name in ("since", "until"):
            value = getattr(where, name)
            if value is not None and value.tzinfo is None:
                raise InvalidInput(f"{name} needs a time zone, e.g. 2026-04-01T00:00:00+09:00", field=name)
        if where.since is not None:
            clauses.append("at >= %(since)s")
            params["since"] = where.since
        if where.until is not None:
            clauses.append("at < %(until)s")
            params["until"] = where.until
        if cursor:
            (params["after"],) = decode_cursor(cursor, int)
            clauses.append("id > %(after)s")
        sql = "SELECT * FROM access_log" + (" WHERE " + " AND ".join(clauses) if clauses else "")  # noqa: S608
        rows, more = fetch_page(self.pool, sql + " ORDER BY id LIMIT %(limit)s", params, limit)
        return rows, encode_cursor(rows[-1]["id"]) if more else None
