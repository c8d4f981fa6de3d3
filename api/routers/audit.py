"""The auditor's view across everything: audit search and exports (read model `audit_log`), who
read what (the access log), and the proof that the event log is unaltered (the hash chain)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api.deps import ServicesDep, audited
from api.schemas.audit import AccessEntryOut, AccessPage, AuditEntryOut, AuditPage, ChainReportOut, DayHeadOut
from domain.kernel.actors import Role
from domain.kernel.clock import JAPAN, japan_date
from domain.kernel.errors import InvalidInput
from infra.access_log import AccessFilter
from infra.chain import day_heads, verify_chain
from infra.users import User
from projections import audit_log
from projections.audit_log import AuditFilter
from projections.status import wait_for

router = APIRouter(prefix="/audit", tags=["audit"])
AUDITORS = (Role.AUDITOR,)
Text = Annotated[str | None, Query(max_length=200)]
Instant = Annotated[datetime | None, Query(description="with a time zone, e.g. 2026-04-01T00:00:00+09:00")]
AggregateType = Literal["ClaimCase", "CyberIncident", "Policy", "Plan", "ClinicRegister", "CyberGroup", "UserAccount"]
Limit = Annotated[int, Query(ge=1, le=1000)]
Cursor = Annotated[str | None, Query(max_length=500)]
Position = Annotated[int | None, Query(ge=1, description="wait until the audit log includes this log position")]


def audit_filter(actor_id: Text = None, actor_role: Text = None, aggregate_type: AggregateType | None = None,
                 event_type: Text = None, aggregate_id: UUID | None = None, recorded_from: Instant = None,
                 recorded_to: Instant = None) -> AuditFilter:
    return AuditFilter(actor_id, actor_role, aggregate_type, event_type, aggregate_id, recorded_from, recorded_to)


@router.get("/events", response_model=AuditPage, summary="Search every event: by actor, role, type, aggregate, time")
def search_events(
    services: ServicesDep, _: Annotated[User, audited("audit.search", roles=AUDITORS)],
    actor_id: Text = None, actor_role: Text = None, aggregate_type: AggregateType | None = None,
    event_type: Text = None, aggregate_id: UUID | None = None, recorded_from: Instant = None,
    recorded_to: Instant = None, limit: Limit = 100, cursor: Cursor = None, position: Position = None,
) -> AuditPage:
    wait_for(services.pool, "audit_log", position, services.settings.claims_read_wait_seconds)
    where = audit_filter(actor_id, actor_role, aggregate_type, event_type, aggregate_id, recorded_from, recorded_to)
    rows, next_cursor = audit_log.search(services.pool, where, limit, cursor)
    return AuditPage(items=[AuditEntryOut.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/events/export", summary="Export the search as CSV or JSON Lines, streamed", response_class=StreamingResponse,
            responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}})
def export_events(
    services: ServicesDep, _: Annotated[User, audited("audit.export", roles=AUDITORS)],
    format: Literal["csv", "jsonl"] = "csv",
    actor_id: Text = None, actor_role: Text = None, aggregate_type: AggregateType | None = None,
    event_type: Text = None, aggregate_id: UUID | None = None, recorded_from: Instant = None,
    recorded_to: Instant = None,
) -> StreamingResponse:
    where = audit_filter(actor_id, actor_role, aggregate_type, event_type, aggregate_id, recorded_from, recorded_to)
    where.clauses()  # refuse a bad filter before the stream starts (a 200 cannot turn into a 422 later)
    rows = audit_log.stream_rows(services.database.conninfo, where)
    body, media = (audit_log.as_csv(rows), "text/csv; charset=utf-8") if format == "csv" else (
        audit_log.as_jsonl(rows), "application/x-ndjson")
    stamp = datetime.now(JAPAN).strftime("%Y%m%dT%H%M%S")
    headers = {"Content-Disposition": f'attachment; filename="audit-events-{stamp}.{format}"'}
    return StreamingResponse(body, media_type=media, headers=headers)


@router.get("/access", response_model=AccessPage, summary="Who read which record, and when")
def access_log(
    services: ServicesDep, _: Annotated[User, audited("audit.access", roles=AUDITORS)],
    user_id: Text = None, action: Text = None, subject: Text = None, since: Instant = None, until: Instant = None,
    limit: Limit = 100, cursor: Cursor = None,
) -> AccessPage:
    rows, next_cursor = services.access_log.search(AccessFilter(user_id, action, subject, since, until), limit, cursor)
    return AccessPage(items=[AccessEntryOut.model_validate(r) for r in rows], next_cursor=next_cursor)




@router.get("/chain/verify", response_model=ChainReportOut, summary="Recompute the hash chain over the whole event log")
def verify(
    services: ServicesDep, _: Annotated[User, audited("audit.chain_verify", roles=AUDITORS)],
    expect_position: Annotated[int | None, Query(ge=1, description="a head kept earlier: its position")] = None,
    expect_hash: Annotated[str | None, Query(pattern="^[0-9a-f]{64}$", description="…and its hash")] = None,
) -> ChainReportOut:
    """Names the first log position where a row was altered, deleted, inserted or reordered; with
    a head exported earlier, also proves the log unchanged up to it."""
    if (expect_position is None) != (expect_hash is None):
        raise InvalidInput("give both expect_position and expect_hash, or neither", field="expect_hash")
    expect = (expect_position, expect_hash) if expect_position is not None and expect_hash else None
    return ChainReportOut.model_validate(asdict(verify_chain(services.database.conninfo, expect)))


@router.get("/chain/heads", response_model=list[DayHeadOut], summary="The chain's head at the end of each Japan day")
def heads(
    services: ServicesDep, _: Annotated[User, audited("audit.chain_heads", roles=AUDITORS)],
    start: Annotated[date | None, Query(alias="from", ge=date(2000, 1, 1), le=date(2100, 12, 31),
                                        description="Japan date; default 30 days before `to`")] = None,
    end: Annotated[date | None, Query(alias="to", ge=date(2000, 1, 1), le=date(2100, 12, 31),
                                      description="Japan date, inclusive; default today")] = None,
) -> list[DayHeadOut]:
    last = end or japan_date(datetime.now(UTC))
    first = start or last - timedelta(days=30)
    if last < first or (last - first).days > 366:
        raise InvalidInput("the range runs forwards and spans at most 366 days", field="to")
    return [DayHeadOut.model_validate(asdict(h)) for h in day_heads(services.database.conninfo, first, last)]
