"""Commands on a case: one POST each. The domain decides; these only translate."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.commands import AdjusterCommand, ConciergeCommand
from api.schemas.cases import (
    CaseOut,
    ConsultationIn,
    EscalationApprovalIn,
    InvoiceIn,
    ReasonIn,
    SettlementIn,
)

router = APIRouter(prefix="/cases/{case_id}", tags=["case commands"])


@router.post("/consultations", status_code=201, response_model=CaseOut, summary="Log a consultation (concierge)")
def log_consultation(case_id: UUID, body: ConsultationIn, cmd: ConciergeCommand) -> JSONResponse:
    details = body.model_dump()
    return cmd.on_case(case_id, body, lambda case, now: case.log_consultation(**details, actor=cmd.actor, now=now), 201)


@router.post("/escalation/recommend", response_model=CaseOut, summary="Recommend a lawyer (concierge)")
def recommend_escalation(case_id: UUID, body: ReasonIn, cmd: ConciergeCommand) -> JSONResponse:
    return cmd.on_case(case_id, body, lambda case, now: case.recommend_escalation(reason=body.reason, actor=cmd.actor, now=now))


@router.post("/escalation/approve", response_model=CaseOut, summary="Consent to a lawyer (adjuster)")
def approve_escalation(case_id: UUID, body: EscalationApprovalIn, cmd: AdjusterCommand) -> JSONResponse:
    details = body.model_dump()
    return cmd.on_case(case_id, body, lambda case, now: case.approve_escalation(**details, actor=cmd.actor, now=now))


@router.post("/escalation/decline", response_model=CaseOut, summary="Decline a lawyer (adjuster)")
def decline_escalation(case_id: UUID, body: ReasonIn, cmd: AdjusterCommand) -> JSONResponse:
    return cmd.on_case(case_id, body, lambda case, _now: case.decline_escalation(reason=body.reason, actor=cmd.actor))


@router.post("/invoices", status_code=201, response_model=CaseOut, summary="Record a lawyer's invoice (adjuster)")
def record_invoice(case_id: UUID, body: InvoiceIn, cmd: AdjusterCommand) -> JSONResponse:
    def record(case, now):
        case.record_invoice(
            invoice_number=body.invoice_number, invoice_date=body.invoice_date,
            lines=body.domain_lines(), actor=cmd.actor, now=now,
        )

    return cmd.on_case(case_id, body, record, 201)


@router.post("/payments", status_code=201, response_model=CaseOut, summary="Approve the payment the rule computes (adjuster)")
def approve_payment(case_id: UUID, cmd: AdjusterCommand) -> JSONResponse:
    app, expected = cmd.services.app, cmd.expected_version
    return cmd.run(
        None,
        lambda idem: app.approve_payment(case_id, cmd.actor, expected_version=expected, idempotency=idem),
        cmd.render_case(201),
    )


@router.post("/payments/{payment_number}/settlement", response_model=CaseOut, summary="Record the bank transfer (adjuster)")
def settle_payment(case_id: UUID, payment_number: int, body: SettlementIn, cmd: AdjusterCommand) -> JSONResponse:
    details = body.model_dump()
    return cmd.on_case(
        case_id, body, lambda case, now: case.settle_payment(payment_number=payment_number, **details, actor=cmd.actor, now=now)
    )


@router.post("/close", response_model=CaseOut, summary="Close the case (adjuster)")
def close_case(case_id: UUID, body: ReasonIn, cmd: AdjusterCommand) -> JSONResponse:
    return cmd.on_case(case_id, body, lambda case, _now: case.close(reason=body.reason, actor=cmd.actor))


@router.post("/reopen", response_model=CaseOut, summary="Reopen a closed case (adjuster)")
def reopen_case(case_id: UUID, body: ReasonIn, cmd: AdjusterCommand) -> JSONResponse:
    return cmd.on_case(case_id, body, lambda case, _now: case.reopen(reason=body.reason, actor=cmd.actor))
