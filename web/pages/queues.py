"""The work queues as lists: what waits, oldest first, with how long each has waited."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import ServicesDep
from domain.kernel.actors import Role
from domain.kernel.clock import japan_date
from infra.sessions import WebSession
from projections import work_queue
from projections.work_queue import QUIET_QUEUE, quiet_since
from web.labels import QUEUE_LABELS
from web.navigation import roles_of_queue
from web.routing import PageRoute
from web.session import PageForbidden, PageNotFound, page_user
from web.templating import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)
QUEUE_WORKERS = (Role.CONCIERGE, Role.ADJUSTER, Role.AUDITOR)


@router.get("/web/queues/{queue}")
def queue_list(queue: str, request: Request, services: ServicesDep,
               me: Annotated[WebSession, page_user(*QUEUE_WORKERS)],
               cursor: Annotated[str | None, Query(max_length=500)] = None) -> Response:
    if queue not in QUEUE_LABELS:
        raise PageNotFound()
    if me.user.role not in roles_of_queue(queue):
        raise PageForbidden(roles_of_queue(queue))
    now = datetime.now(UTC)
    quiet_days = services.settings.claims_quiet_days
    quiet = quiet_since(quiet_days, now) if queue == QUIET_QUEUE else None
    rows, next_cursor = work_queue.queue_items(services.pool, queue, 50, cursor, quiet)
    today = japan_date(now)
    items = [{**row, "idle_days": (today - japan_date(row["last_activity_at"])).days,
              "path": f"/web/{'incidents' if row['kind'] == 'incident' else 'cases'}/{row['case_id']}"} for row in rows]
    return render(request, "queue.html", title=QUEUE_LABELS[queue], queue=queue, items=items, next_cursor=next_cursor,
                  quiet_days=quiet_days if queue == QUIET_QUEUE else None)
