"""Claim-response cases: report, read, and the history of one case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from api.commands import ConciergeCommand, Render, versioned
from api.deps import ClaimsApp, Reader, ServicesDep, audited
from api.schemas.cases import CaseOut, CaseReportIn, CasesPage, CaseSummaryOut, CoverageCode, Stage
from api.schemas.claims import HistoryEntryOut
from api.schemas.common import ProductCode, StatusCode
from api.schemas.history import AsOf, Version, history_entries
from domain.application import ClaimsApplication, CommandResult
from domain.harassment.case import ClaimCase
from infra.users import User
from projections import case_list
from projections.case_list import CaseFilter
from projections.status import wait_for

router = APIRouter(prefix="/cases", tags=["cases"])
JapanDate = Annotated[date | None, Query(ge=date(2000, 1, 1), le=date(2100, 12, 31), description="Japan date, inclusive")]


def case_response(app: ClaimsApplication, case: ClaimCase, status: int, position: int | None, *,
                  current: bool = True) -> JSONResponse:
    quote = app.case_payment_quote(case, current=current)
    body = CaseOut.from_case(case, quote, log_position=position).model_dump(mode="json")
    return versioned(body, case.version, f"/cases/{case.id}", status)


def case_answer(app: ClaimsApplication, status: int | Callable[[CommandResult], int]) -> Render:
    """The case as a command left it (loaded again only for a replayed Idempotency-Key)."""

    def render(result: CommandResult) -> JSONResponse:
        case = result.subject if isinstance(result.subject, ClaimCase) else app.get_case(result.aggregate_id, result.version)
        return case_response(app, case, status(result) if callable(status) else status, result.position)

    return render


def approval_status(app: ClaimsApplication) -> Callable[[CommandResult], int]:
    """201 when the approval was recorded as a payment; 202 Accepted when, above the adjuster's
    authority, it was recorded as a request waiting for a second adjuster (four eyes)."""

    def status(result: CommandResult) -> int:
        event = app.event_at(result.aggregate_id, result.version)
        return 202 if type(event).__name__ == "PaymentRequested" else 201

    return status


@router.post("", status_code=201, response_model=CaseOut, summary="Report a case (concierge)")
def report_case(body: CaseReportIn, cmd: ConciergeCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.create(app.report_case, body.to_domain(), body=body, render=case_answer(app, 201))


@router.get("/{case_id}", response_model=CaseOut, summary="A case: now, at a version, or as it stood at an instant")
def get_case(
    case_id: UUID, app: ClaimsApp, _: Annotated[User, audited("case.read", "case_id")],
    version: Version = None, as_of: AsOf = None,
) -> JSONResponse:
    case = app.get_case(case_id, version=version, as_of=as_of)
    return case_response(app, case, 200, None, current=version is None and as_of is None)


@router.get("/{case_id}/history", response_model=list[HistoryEntryOut], summary="Every event of a case, EN/JA")
def case_history(
    case_id: UUID, app: ClaimsApp, _: Annotated[User, audited("case.history", "case_id")]
) -> list[HistoryEntryOut]:
    return history_entries(app.case_history(case_id))


@router.get("", response_model=CasesPage, summary="List cases and cyber incidents, newest first (read model)")
def list_cases(
    services: ServicesDep,
    _: Reader,
    status: Annotated[StatusCode | None, Query()] = None,
    stage: Annotated[Stage | None, Query()] = None,
    product: Annotated[ProductCode | None, Query()] = None,
    policy_ref: Annotated[str | None, Query(max_length=200)] = None,
    member_number: Annotated[str | None, Query(max_length=200)] = None,
    text: Annotated[str | None, Query(max_length=200, description="a name (kanji or kana, any width), a member or"
                                                                 " policy number, or part of one")] = None,
    kind: Annotated[Literal["case", "incident"] | None, Query()] = None,
    coverage: Annotated[CoverageCode | None, Query()] = None,
    reported_from: JapanDate = None,
    reported_to: JapanDate = None,
    occurred_from: JapanDate = None,
    occurred_to: JapanDate = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    position: Annotated[int | None, Query(ge=1, description="wait until the list includes this log position")] = None,
) -> CasesPage:
    wait_for(services.pool, "case_list", position, timeout=services.settings.claims_read_wait_seconds)
    where = CaseFilter(status=status, stage=stage, product=product, kind=kind, coverage=coverage, policy_ref=policy_ref,
                       member_number=member_number, text=text, reported_from=reported_from, reported_to=reported_to,
                       occurred_from=occurred_from, occurred_to=occurred_to)
    rows, next_cursor = case_list.list_cases(services.pool, where, limit, cursor)
    return CasesPage(items=[CaseSummaryOut.model_validate(r) for r in rows], next_cursor=next_cursor)
