"""Where each read model stands: its tracking position, its lag behind the log, and
read-your-writes waits. Read from the tracking tables, so it holds whichever process runs them."""

from __future__ import annotations

import time

from psycopg import sql
from psycopg_pool import ConnectionPool

from domain.kernel.errors import DomainError, InvalidInput
from projections.registry import READ_MODELS, read_model

APPLICATION = "claims"


class ReadModelBehind(DomainError):
    rule = "read_model_behind"
    status = "unavailable"


def log_head(pool: ConnectionPool) -> int:
    with pool.connection() as conn:
        row = conn.execute("SELECT coalesce(max(notification_id), 0) FROM claims_events").fetchone()
    return int(row[0]) if row else 0


def positions(pool: ConnectionPool) -> dict[str, int]:
    parts = [
        sql.SQL("SELECT {name}, coalesce(max(notification_id), 0) FROM {table} WHERE application_name = {app}").format(
            name=sql.Literal(m.name), table=sql.Identifier(m.tracking_table), app=sql.Literal(APPLICATION))
        for m in READ_MODELS.values()
    ]
    with pool.connection() as conn:
        rows = conn.execute(sql.SQL(" UNION ALL ").join(parts)).fetchall()
    return {name: int(position) for name, position in rows}


def position_of(pool: ConnectionPool, name: str) -> int:
    query = sql.SQL("SELECT coalesce(max(notification_id), 0) FROM {} WHERE application_name = %s").format(
        sql.Identifier(read_model(name).tracking_table))
    with pool.connection() as conn:
        row = conn.execute(query, (APPLICATION,)).fetchone()
    return int(row[0]) if row else 0


def wait_for(pool: ConnectionPool, name: str, position: int | None, timeout: float) -> None:
    """Read-your-writes: return once read model `name` has processed log position `position`."""
    if position is None:
        return
    head = log_head(pool)
    if position > head:
        raise InvalidInput(f"position {position} is beyond the log's head ({head})", field="position")
    deadline, pause = time.monotonic() + timeout, 0.005
    while position_of(pool, name) < position:
        if time.monotonic() >= deadline:
            raise ReadModelBehind(
                f"the {name} read model has not reached log position {position} within {timeout:g}s; retry shortly",
                field="position",
            )
        time.sleep(pause)
        pause = min(pause * 2, 0.1)
