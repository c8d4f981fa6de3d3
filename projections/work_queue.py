"""Read model `work_queue`: which queue each case or incident waits in, and since when.

It folds the same case facts as `case_list` (the handlers are shared), in its own table with its
own tracking, and adds the queue, named after the stage the domain computes. The concierge's
"no consultation for N days" queue is a query on `last_consultation_at`, since N is the caller's.
"""

from __future__ import annotations

from typing import Any

from projections.case_list import COLUMNS, CaseListProjection, CaseListView, Row

# queue name → (role that works it, stages that put a case in it)
QUEUES: dict[str, tuple[str, tuple[str, ...]]] = {
    "new_reports": ("concierge", ("reported", "notice_of_circumstances")),
    "awaiting_consent": ("adjuster", ("awaiting_consent",)),
    "invoices_awaiting_decision": ("adjuster", ("invoice_awaiting_decision", "costs_awaiting_decision")),
    "payments_awaiting_settlement": ("adjuster", ("payment_awaiting_settlement",)),
}
QUIET_QUEUE = "without_consultation"  # concierge: open cases with no consultation for N days
QUEUE_OF_STAGE = {stage: queue for queue, (_, stages) in QUEUES.items() for stage in stages}


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
