"""Claim-response cases: report, read, and the history of one case."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from api.commands import ConciergeCommand, case_response
from api.deps import ClaimsApp, Reader
from api.schemas.cases import CaseOut, CaseReportIn, HistoryEntryOut
from api.schemas.history import history_entry

router = APIRouter(prefix="/cases", tags=["cases"])


@router.post("", status_code=201, response_model=CaseOut, summary="Report a case (concierge)")
def report_case(body: CaseReportIn, cmd: ConciergeCommand) -> JSONResponse:
    return cmd.create(body, lambda idem: cmd.services.app.report_case(body.to_domain(), cmd.actor, idempotency=idem))


@router.get("/{case_id}", response_model=CaseOut, summary="A case, now or at a past version")
def get_case(
    case_id: UUID, app: ClaimsApp, _: Reader, version: Annotated[int | None, Query(ge=1)] = None
) -> JSONResponse:
    return case_response(app.get_case(case_id, version=version), 200, None)


@router.get("/{case_id}/history", response_model=list[HistoryEntryOut], summary="Every event of a case")
def case_history(case_id: UUID, app: ClaimsApp, _: Reader) -> list[HistoryEntryOut]:
    return [history_entry(event) for event in app.case_history(case_id)]
