"""Commands on a case: one POST each, each one named command of the application."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse

from api.bill_uploads import BILL_UPLOAD_BODY, BillUploader, read_bill
from api.commands import AdjusterCommand, ConciergeCommand, NoteWriter, Render, RequestNumber, versioned
from api.routers.cases import approval_status, case_answer
from api.schemas.cases import (
    BillImportOut,
    CaseOut,
    ConsultationIn,
    EscalationApprovalIn,
    ImportedLineOut,
    InvoiceIn,
    LineReviewIn,
    MatterStepIn,
)
from api.schemas.claims import NoteIn, ReasonIn, ReserveIn, SettlementIn
from domain.application import ClaimsApplication, CommandResult
from domain.harassment.bill_files import ReadBill
from domain.harassment.case import ClaimCase

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


# ---- the bill's review and the matter's course (docs/decisions/0021) --------------------------

# A bill's number may hold "/" (e.g. 2026/04-001), so it is matched as a path: the route of a line's
# review comes before the bill's own review, which would otherwise take "N/lines/1" as its number.
InvoiceNumber = Annotated[str, Path(min_length=1, max_length=200, description="the bill's number (請求書番号)")]
LineNumber = Annotated[int, Path(ge=1, le=500, description="the bill's line, 1-based")]


@router.post("/bills/{invoice_number:path}/lines/{line_number}/review", response_model=CaseOut,
             summary="Reduce a bill's line, or give a flagged line its fee type, with a reason (adjuster)")
def review_bill_line(case_id: UUID, invoice_number: InvoiceNumber, line_number: LineNumber, body: LineReviewIn,
                     cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    review = body.to_domain(invoice_number, line_number)
    return cmd.change(app.review_bill_line, case_id, review, body=body, render=case_answer(app, 200))


@router.post("/bills/{invoice_number:path}/review", response_model=CaseOut, summary="Open a bill's review (adjuster)")
def start_bill_review(case_id: UUID, invoice_number: InvoiceNumber, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.start_bill_review, case_id, invoice_number, body=None, render=case_answer(app, 200))


@router.post("/bills/{invoice_number:path}/approve", response_model=CaseOut,
             summary="Approve a bill as reviewed: approved, or partly approved when a line was reduced (adjuster)")
def approve_bill(case_id: UUID, invoice_number: InvoiceNumber, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.approve_bill, case_id, invoice_number, body=None, render=case_answer(app, 200))


@router.post("/bills/{invoice_number:path}/reject", response_model=CaseOut, summary="Reject a bill, with a reason (adjuster)")
def reject_bill(case_id: UUID, invoice_number: InvoiceNumber, body: ReasonIn, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.reject_bill, case_id, invoice_number, body.reason, body=body, render=case_answer(app, 200))


@router.post("/matter", response_model=CaseOut,
             summary="Record the matter's next step: negotiation, litigation, or concluded with its outcome (adjuster)")
def record_matter_step(case_id: UUID, body: MatterStepIn, cmd: AdjusterCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.record_matter_step, case_id, body.to_domain(), body=body, render=case_answer(app, 200))


@router.post("/bills/import", status_code=201, response_model=BillImportOut, openapi_extra=BILL_UPLOAD_BODY,
             summary="Import a lawyer's bill from a LEDES 1998B or CSV file, with a report per line (adjuster)")
def import_bill(case_id: UUID, up: BillUploader) -> JSONResponse:
    read, app = read_bill(up.upload), up.cmd.services.app
    return up.cmd.change(app.record_invoice, case_id, read.invoice, body=up.upload.fingerprint,
                         render=import_answer(app, read))


def import_answer(app: ClaimsApplication, read: ReadBill) -> Render:
    """The bill as recorded, line by line with the file line it came from, and the case."""

    def render(result: CommandResult) -> JSONResponse:
        case = result.subject if isinstance(result.subject, ClaimCase) else app.get_case(result.aggregate_id,
                                                                                          result.version)
        invoice = next(i for i in case.invoices if i.number == read.invoice.invoice_number)
        lines = [ImportedLineOut(file_line=at, line_number=n, source_code=x.source_code, fee_type=x.fee_type,
                                 amount_yen=x.amount_yen, covered=x.covered, exclusion=x.exclusion,
                                 flagged=x.fee_type is None)
                 for n, (at, x) in enumerate(zip(read.file_lines, invoice.lines, strict=True), 1)]
        quote = app.case_payment_quote(case)
        body = BillImportOut(invoice_number=invoice.number, source=invoice.source, status=invoice.status, lines=lines,
                             case=CaseOut.from_case(case, quote, result.position))
        return versioned(body.model_dump(mode="json"), case.version, f"/cases/{case.id}", 201)

    return render
