"""Read model `work_queue`: which queue each case or incident waits in, and since when.

It folds the same case facts as `case_list` (the handlers are shared), in its own table with its
own tracking, and adds the queue, named after the stage the domain computes. The concierge's
"no consultation for N days" queue is a query on `last_consultation_at`, since N is the caller's.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from psycopg_pool import ConnectionPool

from domain.cyber.vocabulary import IncidentStage
from domain.harassment.vocabulary import CaseStage
from domain.kernel.actors import Role
from domain.kernel.clock import japan_date, japan_day_start
from domain.kernel.labels import Labelled
from infra.paging import Rows, decode_cursor, encode_cursor, fetch_page
from projections.case_list import COLUMNS, CaseListProjection, CaseListView, Row


class WorkQueue(Labelled):
    NEW_REPORTS = "new_reports", "新規受付"
    WITHOUT_CONSULTATION = "without_consultation", "相談が途絶えている事案"
    AWAITING_CONSENT = "awaiting_consent", "承諾待ち"
    INVOICES_AWAITING_DECISION = "invoices_awaiting_decision", "請求の判断待ち"
    PAYMENTS_AWAITING_CONFIRMATION = "payments_awaiting_confirmation", "確認待ちの支払"
    PAYMENTS_AWAITING_SETTLEMENT = "payments_awaiting_settlement", "振込待ち"


# queue → (role that works it, stages that put a case in it)
QUEUES: dict[str, tuple[str, tuple[str, ...]]] = {
    WorkQueue.NEW_REPORTS: (Role.CONCIERGE, (CaseStage.REPORTED, IncidentStage.NOTICE_OF_CIRCUMSTANCES)),
    WorkQueue.AWAITING_CONSENT: (Role.ADJUSTER, (CaseStage.AWAITING_CONSENT,)),
    WorkQueue.INVOICES_AWAITING_DECISION: (Role.ADJUSTER, (CaseStage.BILL_UNDER_REVIEW,
                                                           CaseStage.INVOICE_AWAITING_DECISION,
                                                           IncidentStage.COSTS_AWAITING_DECISION)),
    WorkQueue.PAYMENTS_AWAITING_CONFIRMATION: (Role.ADJUSTER, (CaseStage.PAYMENT_AWAITING_CONFIRMATION,
                                                               IncidentStage.PAYMENT_AWAITING_CONFIRMATION)),
    WorkQueue.PAYMENTS_AWAITING_SETTLEMENT: (Role.ADJUSTER, (CaseStage.PAYMENT_AWAITING_SETTLEMENT,)),
}
QUIET_QUEUE = WorkQueue.WITHOUT_CONSULTATION  # concierge: open cases with no consultation for N days
QUEUE_OF_STAGE = {stage: queue for queue, (_, stages) in QUEUES.items() for stage in stages}


def quiet_since(days: int, now: datetime) -> datetime:
    """The cut-off of the quiet queue: cases whose last consultation (or report) was on a Japan
    date at least `days` days ago, i.e. before the start of the Japan day `days - 1` days back."""
    return japan_day_start(japan_date(now) - timedelta(days=days - 1))


class WorkQueueView(CaseListView):
    TABLE = "work_queue"
    COLUMNS = (*COLUMNS, "queue", "queue_since")

    def derive(self, row: Row, before: Row | None, at: Any) -> None:
        super().derive(row, before, at)
        row["queue"] = QUEUE_OF_STAGE.get(row["stage"])
        if before is None or before["queue"] != row["queue"]:
            row["queue_since"] = at if row["queue"] else None


class WorkQueueProjection(CaseListProjection):
    name = "work_queue"


# ---- queries ------------------------------------------------------------------------------

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
