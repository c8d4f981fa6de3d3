"""Commands on a case: one POST each, each one named command of the application."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.commands import AdjusterCommand, ConciergeCommand, NoteWriter, RequestNumber
from api.routers.cases import approval_status, case_answer
from api.schemas.cases import CaseOut, ConsultationIn, EscalationApprovalIn, InvoiceIn
from api.schemas.claims import NoteIn, ReasonIn, ReserveIn, SettlementIn

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


@router.post("/payments", status_code=201, response_model=CaseOut,
             responses={202: {"model": CaseOut, "description": "above your authority: recorded as a request for a "
                                                               "second adjuster (four eyes)"}},
             summary="Approve the payment the rule computes (adjuster); above your authority, request it")
def approve_payment(case_id: UUID, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.approve_payment, case_id, body=None, render=case_answer(app, approval_status(app)))


@router.post("/payment-requests/{request_number}/confirm", status_code=201, response_model=CaseOut,
             summary="Confirm another adjuster's payment request: the second pair of eyes (adjuster)")
def confirm_payment(case_id: UUID, request_number: RequestNumber, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.confirm_case_payment, case_id, request_number, body=None, render=case_answer(app, 201))


@router.post("/payment-requests/{request_number}/withdraw", response_model=CaseOut,
             summary="Withdraw your own payment request (adjuster)")
def withdraw_payment_request(case_id: UUID, request_number: RequestNumber, body: ReasonIn,
                             cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.withdraw_case_payment_request, case_id, request_number, body.reason, body=body,
                      render=case_answer(app, 200))


@router.post("/payment-requests/{request_number}/refuse", response_model=CaseOut,
             summary="Refuse another adjuster's payment request, with a reason (adjuster)")
def refuse_payment_request(case_id: UUID, request_number: RequestNumber, body: ReasonIn,
                           cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.refuse_case_payment_request, case_id, request_number, body.reason, body=body,
                      render=case_answer(app, 200))


@router.post("/notes", status_code=201, response_model=CaseOut, summary="Write a file note (concierge, adjuster)")
def add_note(case_id: UUID, body: NoteIn, cmd: NoteWriter) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.add_case_note, case_id, body.to_domain(), body=body, render=case_answer(app, 201))


@router.post("/reserve", response_model=CaseOut,
             summary="Set the case's outstanding reserve (支払備金), with a reason (adjuster)")
def set_reserve(case_id: UUID, body: ReserveIn, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.set_case_reserve, case_id, body.amount_yen, body.reason, body=body, render=case_answer(app, 200))


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
