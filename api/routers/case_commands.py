"""Commands on a case: one POST each, each one named command of the application."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.commands import AdjusterCommand, ConciergeCommand
from api.routers.cases import case_answer
from api.schemas.cases import CaseOut, ConsultationIn, EscalationApprovalIn, InvoiceIn
from api.schemas.claims import ReasonIn, SettlementIn

router = APIRouter(prefix="/cases/{case_id}", tags=["case commands"])


@router.post("/consultations", status_code=201, response_model=CaseOut, summary="Log a consultation (concierge)")
def log_consultation(case_id: UUID, body: ConsultationIn, cmd: ConciergeCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.log_consultation, case_id, body.to_domain(), body=body, render=case_answer(app, 201))


@router.post("/escalation/recommend", response_model=CaseOut, summary="Recommend a lawyer (concierge)")
def recommend_escalation(case_id: UUID, body: ReasonIn, cmd: ConciergeCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.recommend_escalation, case_id, body.reason, body=body, render=case_answer(app, 200))


@router.post("/escalation/approve", response_model=CaseOut, summary="Consent to a lawyer (adjuster)")
def approve_escalation(case_id: UUID, body: EscalationApprovalIn, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.approve_escalation, case_id, body.to_domain(), body=body, render=case_answer(app, 200))


@router.post("/escalation/decline", response_model=CaseOut, summary="Decline a lawyer (adjuster)")
def decline_escalation(case_id: UUID, body: ReasonIn, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.decline_escalation, case_id, body.reason, body=body, render=case_answer(app, 200))


@router.post("/invoices", status_code=201, response_model=CaseOut, summary="Record a lawyer's invoice (adjuster)")
def record_invoice(case_id: UUID, body: InvoiceIn, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.record_invoice, case_id, body.to_domain(), body=body, render=case_answer(app, 201))


@router.post("/payments", status_code=201, response_model=CaseOut, summary="Approve the payment the rule computes (adjuster)")
def approve_payment(case_id: UUID, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.approve_payment, case_id, body=None, render=case_answer(app, 201))


@router.post("/payments/{payment_number}/settlement", response_model=CaseOut, summary="Record the bank transfer (adjuster)")
def settle_payment(case_id: UUID, payment_number: int, body: SettlementIn, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    settlement = body.to_domain(payment_number)
    return cmd.change(app.settle_payment, case_id, settlement, body=body, render=case_answer(app, 200))


@router.post("/close", response_model=CaseOut, summary="Close the case (adjuster)")
def close_case(case_id: UUID, body: ReasonIn, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.close_case, case_id, body.reason, body=body, render=case_answer(app, 200))


@router.post("/reopen", response_model=CaseOut, summary="Reopen a closed case (adjuster)")
def reopen_case(case_id: UUID, body: ReasonIn, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.reopen_case, case_id, body.reason, body=body, render=case_answer(app, 200))
