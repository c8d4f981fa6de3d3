"""The auditor's search of the audit log (every event of every record, from the `audit_log` read
model) with the filters of GET /audit/events, paging, and the same search downloaded as CSV or
JSON Lines — streamed by the export code the JSON API uses. Each search and export is logged."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from api.deps import ServicesDep
from domain.kernel.actors import Role
from domain.kernel.clock import JAPAN
from domain.kernel.descriptions import TEMPLATES
from infra.sessions import WebSession
from projections import audit_log
from projections.audit_log import AuditFilter
from web.audit_filters import Typed
from web.audit_labels import KIND_OF_RECORD, RECORD_KINDS, event_type_label
from web.navigation import AUDIT_SEARCH_PATH, AUDITORS, history_path
from web.routing import PageRoute
from web.session import PageNotFound, page_user
from web.templating import render, secure_headers

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Auditor = Annotated[WebSession, page_user(*AUDITORS)]
Cursor = Annotated[str | None, Query(max_length=500)]
PAGE_SIZE = 50
FILTERS = ("actor_id", "actor_role", "aggregate_type", "event_type", "aggregate_id", "from_on", "from_time", "to_on",
           "to_time")
ROLES = {**{role.value: role.ja for role in Role}, "system": "システム（自動の記録）"}
EVENT_TYPES = {name: event_type_label(name) for name in sorted({topic.rpartition(".")[2] for topic in TEMPLATES})}


def typed_filters(request: Request) -> Typed:
    return Typed({name: request.query_params.get(name, "") for name in FILTERS})


def audit_filter(typed: Typed) -> AuditFilter:
    """The API's filter from what was typed; the typed values' errors are in `typed.errors`."""
    start, end = typed.instant("from"), typed.instant("to", end_of_day=True)
    typed.in_order(start, end, "to_on")
    return AuditFilter(typed.text("actor_id"), typed.choice("actor_role", ROLES),
                       typed.choice("aggregate_type", RECORD_KINDS), typed.choice("event_type", EVENT_TYPES),
                       typed.record_id("aggregate_id"), start, end)


def record_link(row: dict[str, Any]) -> str | None:
    kind = KIND_OF_RECORD.get(row["aggregate_type"])
    return history_path(kind, row["aggregate_id"]) if kind else None


def logged(services: ServicesDep, me: WebSession, action: str, typed: Typed, **more: str) -> None:
    query = {k: v for k, v in typed.values.items() if v} | more
    services.access_log.record(me.user.user_id, me.user.role.value, action, None, {"page": "audit", "query": query})


def search_page(request: Request, typed: Typed, rows: list[dict[str, Any]], total: int | None = None,
                next_cursor: str | None = None, paged: bool = False) -> Response:
    query = urlencode({k: v for k, v in typed.values.items() if v})
    return render(request, "audit_search.html", status_code=422 if typed.errors else 200, title="監査ログの検索",
                  v=typed.values, errors=typed.errors, rows=rows, total=total, next_cursor=next_cursor, query=query,
                  paged=paged, roles=ROLES.items(), kinds=RECORD_KINDS, event_types=EVENT_TYPES.items(),
                  event_type_label=event_type_label, record_link=record_link, page_size=PAGE_SIZE)


@router.get(AUDIT_SEARCH_PATH)
def search(request: Request, services: ServicesDep, me: Auditor, cursor: Cursor = None) -> Response:
    typed = typed_filters(request)
    where = audit_filter(typed)
    logged(services, me, "audit.search", typed)
    if typed.errors:
        return search_page(request, typed, [])
    rows, next_cursor = audit_log.search(services.pool, where, PAGE_SIZE, cursor)
    return search_page(request, typed, rows, audit_log.count(services.pool, where), next_cursor, bool(cursor))


@router.get(f"{AUDIT_SEARCH_PATH}/export")
def export(request: Request, services: ServicesDep, me: Auditor,
           format: Annotated[str, Query(max_length=10)] = "csv") -> Response:
    if format not in ("csv", "jsonl"):
        raise PageNotFound()
    typed = typed_filters(request)
    where = audit_filter(typed)
    if typed.errors:  # refused before the first byte: a download cannot turn into a page later
        return search_page(request, typed, [])
    logged(services, me, "audit.export", typed, format=format)
    rows = audit_log.stream_rows(services.database.conninfo, where)
    body, media = (audit_log.as_csv(rows), "text/csv; charset=utf-8") if format == "csv" else (
        audit_log.as_jsonl(rows), "application/x-ndjson")
    stamp = datetime.now(JAPAN).strftime("%Y%m%dT%H%M%S")
    headers = {"Content-Disposition": f'attachment; filename="audit-events-{stamp}.{format}"'}
    return secure_headers(StreamingResponse(body, media_type=media, headers=headers))
