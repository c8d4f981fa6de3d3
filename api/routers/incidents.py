"""Cyber incidents: opened on a notice of circumstances; costs, claims, other insurance, payments.
Each POST is one named command of the application."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from api.commands import AdjusterCommand, CommandContext, NoteWriter, Render, RequestNumber, command_context, versioned
from api.deps import ClaimsApp, audited
from api.routers.cases import approval_status
from api.schemas.claims import HistoryEntryOut, NoteIn, ReasonIn, ReserveIn, SettlementIn
from api.schemas.history import AsOf, Version, history_entries
from api.schemas.incidents import (
    CostIn,
    IncidentNoticeIn,
    IncidentOut,
    IncidentPaymentIn,
    OffsetIn,
    RecourseIn,
    ThirdPartyClaimIn,
)
from domain.application import ClaimsApplication, CommandResult
from domain.cyber.incident import HEADS, CyberIncident
from domain.cyber.vocabulary import HeadOfLoss
from domain.kernel.actors import Role
from infra.users import User

router = APIRouter(prefix="/incidents", tags=["cyber incidents"])
Reporter = Annotated[CommandContext, Depends(command_context(Role.CONCIERGE, Role.ADJUSTER))]


def incident_response(app: ClaimsApplication, incident: CyberIncident, status: int, position: int | None, *,
                      current: bool = True) -> JSONResponse:
    quotes = {h.value: app.incident_payment_quote(incident, h, current=current) for h in HEADS}
    body = IncidentOut.from_incident(incident, quotes, position).model_dump(mode="json")
    return versioned(body, incident.version, f"/incidents/{incident.id}", status)


def incident_answer(app: ClaimsApplication, status: int | Callable[[CommandResult], int]) -> Render:
    """The incident as a command left it (loaded again only for a replayed Idempotency-Key)."""

    def render(result: CommandResult) -> JSONResponse:
        incident = result.subject if isinstance(result.subject, CyberIncident) else app.get_incident(
            result.aggregate_id, result.version)
        return incident_response(app, incident, status(result) if callable(status) else status, result.position)

    return render


@router.post("", status_code=201, response_model=IncidentOut, summary="Open an incident on a notice of circumstances")
def open_incident(body: IncidentNoticeIn, cmd: Reporter) -> JSONResponse:
    app = cmd.services.app
    return cmd.create(app.open_incident, body.to_domain(), body=body, render=incident_answer(app, 201))


@router.get("/{incident_id}", response_model=IncidentOut, summary="An incident: now, at a version, or at an instant")
def get_incident(
    incident_id: UUID, app: ClaimsApp, _: Annotated[User, audited("incident.read", "incident_id")],
    version: Version = None, as_of: AsOf = None,
) -> JSONResponse:
    incident = app.get_incident(incident_id, version, as_of)
    return incident_response(app, incident, 200, None, current=version is None and as_of is None)


@router.get("/{incident_id}/history", response_model=list[HistoryEntryOut], summary="Every event of an incident, EN/JA")
def incident_history(
    incident_id: UUID, app: ClaimsApp, _: Annotated[User, audited("incident.history", "incident_id")]
) -> list[HistoryEntryOut]:
    return history_entries(app.incident_history(incident_id))


@router.post("/{incident_id}/third-party-claims", status_code=201, response_model=IncidentOut,
             summary="A third party's claim against the insured (adjuster)")
def third_party_claim(incident_id: UUID, body: ThirdPartyClaimIn, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.receive_third_party_claim, incident_id, body.to_domain(), body=body,
                      render=incident_answer(app, 201))


@router.post("/{incident_id}/costs", status_code=201, response_model=IncidentOut, summary="Record a cost (adjuster)")
def record_cost(incident_id: UUID, body: CostIn, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.record_cost, incident_id, body.to_domain(), body=body, render=incident_answer(app, 201))


@router.post("/{incident_id}/offsets", status_code=201, response_model=IncidentOut,
             summary="Other insurance paid, or an amount recovered (adjuster)")
def record_offset(incident_id: UUID, body: OffsetIn, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.record_offset, incident_id, body.to_domain(), body=body, render=incident_answer(app, 201))


@router.post("/{incident_id}/recourse", response_model=IncidentOut, summary="Waive or pursue recourse 求償 (adjuster)")
def decide_recourse(incident_id: UUID, body: RecourseIn, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.decide_recourse, incident_id, body.decision, body.reason, body=body,
                      render=incident_answer(app, 200))


@router.post("/{incident_id}/payments", status_code=201, response_model=IncidentOut,
             responses={202: {"model": IncidentOut, "description": "above your authority: recorded as a request for a "
                                                                   "second adjuster (four eyes)"}},
             summary="Approve what the terms owe now for one head of loss (adjuster); above your authority, request it")
def approve_payment(incident_id: UUID, body: IncidentPaymentIn, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.approve_incident_payment, incident_id, body.head, body=body,
                      render=incident_answer(app, approval_status(app)))


@router.post("/{incident_id}/payment-requests/{request_number}/confirm", status_code=201, response_model=IncidentOut,
             summary="Confirm another adjuster's payment request: the second pair of eyes (adjuster)")
def confirm_payment(incident_id: UUID, request_number: RequestNumber, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.confirm_incident_payment, incident_id, request_number, body=None,
                      render=incident_answer(app, 201))


@router.post("/{incident_id}/payment-requests/{request_number}/withdraw", response_model=IncidentOut,
             summary="Withdraw your own payment request (adjuster)")
def withdraw_payment_request(incident_id: UUID, request_number: RequestNumber, body: ReasonIn,
                             cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.withdraw_incident_payment_request, incident_id, request_number, body.reason, body=body,
                      render=incident_answer(app, 200))


@router.post("/{incident_id}/payment-requests/{request_number}/refuse", response_model=IncidentOut,
             summary="Refuse another adjuster's payment request, with a reason (adjuster)")
def refuse_payment_request(incident_id: UUID, request_number: RequestNumber, body: ReasonIn,
                           cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.refuse_incident_payment_request, incident_id, request_number, body.reason, body=body,
                      render=incident_answer(app, 200))


@router.post("/{incident_id}/notes", status_code=201, response_model=IncidentOut,
             summary="Write a file note (concierge, adjuster)")
def add_note(incident_id: UUID, body: NoteIn, cmd: NoteWriter) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.add_incident_note, incident_id, body.to_domain(), body=body, render=incident_answer(app, 201))


@router.post("/{incident_id}/reserves/{head}", response_model=IncidentOut,
             summary="Set the outstanding reserve (支払備金) of one head of loss, with a reason (adjuster)")
def set_reserve(incident_id: UUID, head: HeadOfLoss, body: ReserveIn, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.set_incident_reserve, incident_id, head, body.amount_yen, body.reason, body=body,
                      render=incident_answer(app, 200))


@router.post("/{incident_id}/payments/{payment_number}/settlement", response_model=IncidentOut,
             summary="Record the bank transfer (adjuster)")
def settle_payment(incident_id: UUID, payment_number: int, body: SettlementIn, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    settlement = body.to_domain(payment_number)
    return cmd.change(app.settle_incident_payment, incident_id, settlement, body=body, render=incident_answer(app, 200))


@router.post("/{incident_id}/close", response_model=IncidentOut, summary="Close the incident (adjuster)")
def close_incident(incident_id: UUID, body: ReasonIn, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.close_incident, incident_id, body.reason, body=body, render=incident_answer(app, 200))


@router.post("/{incident_id}/reopen", response_model=IncidentOut, summary="Reopen a closed incident (adjuster)")
def reopen_incident(incident_id: UUID, body: ReasonIn, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.reopen_incident, incident_id, body.reason, body=body, render=incident_answer(app, 200))
