"""The access log page: who read which record, and when (the `access_log` table that every
details page, history, search and export writes before showing anything), filtered as GET
/audit/access is — by user, action, subject and time — and paged. Reading it is logged too."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import ServicesDep, canonical_subject
from infra.access_log import AccessFilter
from infra.sessions import WebSession
from web.audit_filters import Typed
from web.audit_labels import ACTIONS, DETAIL_KEYS
from web.navigation import AUDIT_ACCESS_PATH, AUDITORS
from web.routing import PageRoute
from web.session import page_user
from web.templating import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Auditor = Annotated[WebSession, page_user(*AUDITORS)]
Cursor = Annotated[str | None, Query(max_length=500)]
PAGE_SIZE = 50
FILTERS = ("user_id", "action", "subject", "since_on", "since_time", "until_on", "until_time")


@router.get(AUDIT_ACCESS_PATH)
def access(request: Request, services: ServicesDep, me: Auditor, cursor: Cursor = None) -> Response:
    typed = Typed({name: request.query_params.get(name, "") for name in FILTERS})
    since, until = typed.instant("since"), typed.instant("until", end_of_day=True)
    typed.in_order(since, until, "until_on")
    subject = typed.text("subject")
    where = AccessFilter(typed.text("user_id"), typed.choice("action", ACTIONS),
                         canonical_subject(subject) if subject else None, since, until)
    query = {k: v for k, v in typed.values.items() if v}
    services.access_log.record(me.user.user_id, me.user.role.value, "audit.access", None, {"page": "access", "query": query})
    rows, next_cursor = services.access_log.search(where, PAGE_SIZE, cursor) if not typed.errors else ([], None)
    return render(request, "audit_access.html", status_code=422 if typed.errors else 200, title="アクセス記録",
                  v=typed.values, errors=typed.errors, rows=rows, next_cursor=next_cursor, query=urlencode(query),
                  paged=bool(cursor), actions=ACTIONS, page_size=PAGE_SIZE, detail_keys=DETAIL_KEYS)
