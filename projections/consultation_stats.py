"""Read model `consultation_stats`: consultations counted by Japan month, case category and channel.
The month is that of the consultation itself (`held_at`), not of its recording."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from domain.harassment.case import ClaimCase
from infra.paging import Rows
from projections.instants import japan_day
from projections.sql_view import SqlView

INSERT_CASE = "INSERT INTO consultation_cases (case_id, category) VALUES (%(case_id)s, %(category)s)"
COUNT = (
    "INSERT INTO consultation_stats (month, category, channel, consultations)"
    " SELECT %(month)s, category, %(channel)s, 1 FROM consultation_cases WHERE case_id = %(case_id)s"
    " ON CONFLICT (month, category, channel)"
    " DO UPDATE SET consultations = consultation_stats.consultations + 1"
)


class ConsultationStatsProjection(Projection[SqlView]):
    name = "consultation_stats"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking)

    @process_event.register(ClaimCase.Reported)
    def _reported(self, event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking, (INSERT_CASE, {"case_id": event.originator_id, "category": event.category}))

    @process_event.register(ClaimCase.ConsultationLogged)
    def _consultation(self, event: Any, tracking: Tracking) -> None:
        month = japan_day(event.held_at).replace(day=1)
        self.view.apply(tracking, (COUNT, {"month": month, "channel": event.channel, "case_id": event.originator_id}))


# ---- queries ------------------------------------------------------------------------------

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
