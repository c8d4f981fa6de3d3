"""Each role's home page: a greeting, and the counts of the work queues the role works."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import ServicesDep
from domain.kernel.clock import japan_date
from infra.sessions import WebSession
from projections import diary as diary_model
from projections.work_queue import queue_counts, quiet_since
from web.labels import QUEUE_LABELS
from web.navigation import (
    ADMIN_USERS_PATH,
    ALL_ROLES,
    HOME_PATH,
    INCIDENT_REPORTERS,
    NEW_INCIDENT_PATH,
    QUEUES_OF_ROLE,
    queue_path,
)
from web.routing import PageRoute
from web.session import page_user
from web.templating import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get(HOME_PATH)
def home(request: Request, services: ServicesDep, me: Annotated[WebSession, page_user(*ALL_ROLES)]) -> Response:
    now = datetime.now(UTC)
    names = QUEUES_OF_ROLE.get(me.user.role, ())
    counts = queue_counts(services.pool, quiet_since(services.settings.claims_quiet_days, now)) if names else {}
    queues = [{"label": QUEUE_LABELS[n], "count": counts.get(n, 0), "path": queue_path(n)} for n in names]
    quiet_days = services.settings.claims_quiet_days if "without_consultation" in names else None
    due = None
    if me.user.role in INCIDENT_REPORTERS:  # the concierge and the adjuster keep a diary
        today = japan_date(now)
        due = {"counts": diary_model.counts_for(services.pool, me.user.user_id, me.user.role.value, today),
               "soon": [r for r in diary_model.due_for(services.pool, me.user.user_id, me.user.role.value, today, 5)
                         if r["when"] in ("overdue", "today")]}
    return render(request, "home.html", title="ホーム", queues=queues, today=now, quiet_days=quiet_days, due=due,
                  admin_users_path=ADMIN_USERS_PATH,
                  new_incident_path=NEW_INCIDENT_PATH if me.user.role in INCIDENT_REPORTERS else None)
