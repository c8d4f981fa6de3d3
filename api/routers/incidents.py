"""Cyber incidents: opened on a notice of circumstances; costs, claims, other insurance, payments."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from api.commands import AdjusterCommand, CommandContext, Render, command_context, versioned
from api.deps import ClaimsApp, audited
from api.schemas.cases import HistoryEntryOut, ReasonIn, SettlementIn
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
from domain.application import CommandResult
from domain.incident import CyberIncident
from domain.vocabulary import Role
from infra.users import User

router = APIRouter(prefix="/incidents", tags=["cyber incidents"])
Reporter = Annotated[CommandContext, Depends(command_context(Role.CONCIERGE, Role.ADJUSTER))]


def incident_response(incident: CyberIncident, status: int, position: int | None) -> JSONResponse:
    body = IncidentOut.from_incident(incident, position).model_dump(mode="json")
    return versioned(body, incident.version, f"/incidents/{incident.id}", status)


def render_incident(cmd: CommandContext, status: int) -> Render:
    app = cmd.services.app
    return lambda r: incident_response(app.get_incident(r.aggregate_id, r.version), status, r.position)


def on_incident(cmd: CommandContext, incident_id: UUID, body, command, status: int = 200) -> JSONResponse:
    app, expected = cmd.services.app, cmd.expected_version

    def execute(idem) -> CommandResult:
        return app.change_incident(incident_id, command, expected_version=expected, idempotency=idem)

    return cmd.run(body, execute, render_incident(cmd, status))


@router.post("", status_code=201, response_model=IncidentOut, summary="Open an incident on a notice of circumstances")
def open_incident(body: IncidentNoticeIn, cmd: Reporter) -> JSONResponse:
    app = cmd.services.app
    return cmd.run(body, lambda idem: app.open_incident(body.to_domain(), cmd.actor, idempotency=idem),
                   render_incident(cmd, 201))


@router.get("/{incident_id}", response_model=IncidentOut, summary="An incident: now, at a version, or at an instant")
def get_incident(
    incident_id: UUID, app: ClaimsApp, _: Annotated[User, audited("incident.read", "incident_id")],
    version: Version = None, as_of: AsOf = None,
) -> JSONResponse:
    return incident_response(app.get_incident(incident_id, version, as_of), 200, None)


@router.get("/{incident_id}/history", response_model=list[HistoryEntryOut], summary="Every event of an incident, EN/JA")
def incident_history(
    incident_id: UUID, app: ClaimsApp, _: Annotated[User, audited("incident.history", "incident_id")]
) -> list[HistoryEntryOut]:
    return history_entries(app.incident_history(incident_id))


@router.post("/{incident_id}/third-party-claims", status_code=201, response_model=IncidentOut,
             summary="A third party's claim against the insured (adjuster)")
def third_party_claim(incident_id: UUID, body: ThirdPartyClaimIn, cmd: AdjusterCommand) -> JSONResponse:
    details = body.model_dump()
    return on_incident(cmd, incident_id, body,
                       lambda i, now: i.receive_third_party_claim(**details, actor=cmd.actor, now=now), 201)


@router.post("/{incident_id}/costs", status_code=201, response_model=IncidentOut, summary="Record a cost (adjuster)")
def record_cost(incident_id: UUID, body: CostIn, cmd: AdjusterCommand) -> JSONResponse:
    details = body.model_dump()
    return on_incident(cmd, incident_id, body, lambda i, now: i.record_cost(**details, actor=cmd.actor, now=now), 201)


@router.post("/{incident_id}/offsets", status_code=201, response_model=IncidentOut,
             summary="Other insurance paid, or an amount recovered (adjuster)")
def record_offset(incident_id: UUID, body: OffsetIn, cmd: AdjusterCommand) -> JSONResponse:
    details = body.model_dump()
    return on_incident(cmd, incident_id, body, lambda i, now: i.record_offset(**details, actor=cmd.actor, now=now), 201)


@router.post("/{incident_id}/recourse", response_model=IncidentOut, summary="Waive or pursue recourse 求償 (adjuster)")
def decide_recourse(incident_id: UUID, body: RecourseIn, cmd: AdjusterCommand) -> JSONResponse:
    return on_incident(cmd, incident_id, body,
                       lambda i, _now: i.decide_recourse(decision=body.decision, reason=body.reason, actor=cmd.actor))


@router.post("/{incident_id}/payments", status_code=201, response_model=IncidentOut,
             summary="Approve what the terms owe now for one head of loss (adjuster)")
def approve_payment(incident_id: UUID, body: IncidentPaymentIn, cmd: AdjusterCommand) -> JSONResponse:
    app, expected = cmd.services.app, cmd.expected_version
    return cmd.run(
        body,
        lambda idem: app.approve_incident_payment(incident_id, body.head, cmd.actor, expected_version=expected,
                                                  idempotency=idem),
        render_incident(cmd, 201),
    )


@router.post("/{incident_id}/payments/{payment_number}/settlement", response_model=IncidentOut,
             summary="Record the bank transfer (adjuster)")
def settle_payment(incident_id: UUID, payment_number: int, body: SettlementIn, cmd: AdjusterCommand) -> JSONResponse:
    details = body.model_dump()
    return on_incident(cmd, incident_id, body, lambda i, now: i.settle_payment(
        payment_number=payment_number, **details, actor=cmd.actor, now=now))


@router.post("/{incident_id}/close", response_model=IncidentOut, summary="Close the incident (adjuster)")
def close_incident(incident_id: UUID, body: ReasonIn, cmd: AdjusterCommand) -> JSONResponse:
    return on_incident(cmd, incident_id, body, lambda i, _now: i.close(reason=body.reason, actor=cmd.actor))


@router.post("/{incident_id}/reopen", response_model=IncidentOut, summary="Reopen a closed incident (adjuster)")
def reopen_incident(incident_id: UUID, body: ReasonIn, cmd: AdjusterCommand) -> JSONResponse:
    return on_incident(cmd, incident_id, body, lambda i, _now: i.reopen(reason=body.reason, actor=cmd.actor))

