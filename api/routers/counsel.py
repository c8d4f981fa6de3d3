"""The counsel register: law firms and lawyers (registered and changed by adjusters and the
administrator; read by concierges and auditors too), and a firm's matters with what was billed
and paid."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from api.commands import CommandContext, Render, command_context, versioned
from api.deps import ClaimsApp, Staff
from api.schemas.counsel import CounselOut, FirmDetailOut, LawFirmIn, LawFirmOut, LawyerIn, LawyerOut, MatterOut
from domain.application import ClaimsApplication, CommandResult
from domain.counsel.register import KEEPERS

router = APIRouter(prefix="/counsel", tags=["counsel"])
Keeper = Annotated[CommandContext, Depends(command_context(*KEEPERS))]


def firm_registered(app: ClaimsApplication, result: CommandResult) -> str:
    """The firm a registration recorded: named by the event that brought the register to its version
    (so a replayed Idempotency-Key answers with the same firm)."""
    return str(app.event_at(result.aggregate_id, result.version).firm_id)  # type: ignore[union-attr]


def register_answer(app: ClaimsApplication, status: int, firm_of: str | None = None) -> Render:
    """The register as the command left it: the firm (or the lawyer's firm) answered about."""

    def render(result: CommandResult) -> JSONResponse:
        register = app.counsel_register()
        firm_id = firm_of or firm_registered(app, result)
        body = LawFirmOut.of(register.firm(firm_id), register).model_dump(mode="json")
        return versioned(body, register.version, f"/counsel/firms/{firm_id}", status)

    return render


@router.get("/firms", response_model=CounselOut, summary="Law firms and their lawyers")
def list_firms(app: ClaimsApp, staff: Staff) -> CounselOut:
    register = app.read_counsel_register(staff.actor)
    return CounselOut(firms=[LawFirmOut.of(f, register) for f in register.entries.firms.values()])


@router.post("/firms", status_code=201, response_model=LawFirmOut, summary="Register a law firm (adjuster, admin)")
def register_law_firm(body: LawFirmIn, cmd: Keeper) -> JSONResponse:
    app = cmd.services.app
    return cmd.create(app.register_law_firm, body.to_domain(), body=body, render=register_answer(app, 201))


@router.get("/firms/{firm_id}", response_model=FirmDetailOut, summary="A law firm, its lawyers and its matters")
def get_firm(firm_id: UUID, app: ClaimsApp, staff: Staff) -> FirmDetailOut:
    register = app.read_counsel_register(staff.actor)
    matters = [MatterOut.of(m) for m in app.firm_matters(firm_id, staff.actor)]
    return FirmDetailOut(**LawFirmOut.of(register.firm(firm_id), register).model_dump(), matters=matters,
                         billed_yen=sum(m.billed_yen for m in matters), paid_yen=sum(m.paid_yen for m in matters))


@router.post("/firms/{firm_id}", response_model=LawFirmOut, summary="Change a law firm's entry (adjuster, admin)")
def edit_law_firm(firm_id: UUID, body: LawFirmIn, cmd: Keeper) -> JSONResponse:
    app = cmd.services.app
    return cmd.create(app.edit_law_firm, firm_id, body.to_domain(), body=body,
                      render=register_answer(app, 200, str(firm_id)))


@router.get("/lawyers/{lawyer_id}", response_model=LawyerOut, summary="A registered lawyer")
def get_lawyer(lawyer_id: UUID, app: ClaimsApp, staff: Staff) -> LawyerOut:
    return LawyerOut.of(app.read_counsel_register(staff.actor).lawyer(lawyer_id))


@router.post("/lawyers", status_code=201, response_model=LawFirmOut,
             summary="Register a lawyer under a registered firm (adjuster, admin); answers with the firm")
def register_lawyer(body: LawyerIn, cmd: Keeper) -> JSONResponse:
    app = cmd.services.app
    return cmd.create(app.register_lawyer, body.to_domain(), body=body,
                      render=register_answer(app, 201, str(body.firm_id)))


@router.post("/lawyers/{lawyer_id}", response_model=LawFirmOut, summary="Change a lawyer's entry (adjuster, admin)")
def edit_lawyer(lawyer_id: UUID, body: LawyerIn, cmd: Keeper) -> JSONResponse:
    app = cmd.services.app
    return cmd.create(app.edit_lawyer, lawyer_id, body.to_domain(), body=body,
                      render=register_answer(app, 200, str(body.firm_id)))
