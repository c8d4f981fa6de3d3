"""Work queues per role, oldest first (read model `work_queue`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query

from api.deps import ServicesDep, require_role
from api.schemas.reports import Queue, QueueCountOut, QueueItemOut, QueuePage
from domain.kernel.actors import Role
from domain.kernel.clock import japan_date
from projections import status, work_queue
from projections.work_queue import QUEUES, QUIET_QUEUE, quiet_since

router = APIRouter(prefix="/queues", tags=["queues"])
ROLE_OF_QUEUE = {name: role for name, (role, _) in QUEUES.items()} | {QUIET_QUEUE: "concierge"}
QueueUser = Annotated[Any, Depends(require_role(Role.CONCIERGE, Role.ADJUSTER, Role.AUDITOR))]
Position = Annotated[int | None, Query(ge=1, description="wait until the queue includes this log position")]


def _item(row: dict[str, Any], today: Any) -> QueueItemOut:
    return QueueItemOut.model_validate({**row, "idle_days": (today - japan_date(row["last_activity_at"])).days})


@router.get("", response_model=list[QueueCountOut], summary="How many items wait in each queue you work")
def queue_counts(services: ServicesDep, user: QueueUser, quiet_days: Annotated[int | None, Query(ge=1, le=365)] = None,
                 position: Position = None) -> list[QueueCountOut]:
    status.wait_for(services.pool, "work_queue", position, services.settings.claims_read_wait_seconds)
    quiet = quiet_since(quiet_days or services.settings.claims_quiet_days, datetime.now(UTC))
    counts = work_queue.queue_counts(services.pool, quiet)
    return [QueueCountOut(queue=name, role=role, count=counts.get(name, 0)) for name, role in ROLE_OF_QUEUE.items()
            if user.role in (Role.AUDITOR, role)]


@router.get("/{queue}", response_model=QueuePage, summary="One queue, oldest first, with each item's idle days")
def queue(
    queue: Queue, services: ServicesDep, user: QueueUser,
    quiet_days: Annotated[int | None, Query(ge=1, le=365, description="for without_consultation; default from settings")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    position: Position = None,
) -> QueuePage:
    if user.role not in (Role.AUDITOR, ROLE_OF_QUEUE[queue]):
        raise HTTPException(403, f"the {queue} queue is worked by the {ROLE_OF_QUEUE[queue]} role")
    status.wait_for(services.pool, "work_queue", position, services.settings.claims_read_wait_seconds)
    quiet = quiet_since(quiet_days or services.settings.claims_quiet_days, datetime.now(UTC)) if queue == QUIET_QUEUE else None
    rows, next_cursor = work_queue.queue_items(services.pool, queue, limit, cursor, quiet)
    today = japan_date(datetime.now(UTC))
    return QueuePage(queue=queue, items=[_item(r, today) for r in rows], next_cursor=next_cursor)
