"""The adjuster's forms of a case's lawyer and bills: import a bill from a LEDES 1998B or CSV
file, review it line by line (reduce a line with a reason, or give a flagged line its fee type),
approve or reject it, and record the matter's course. Each runs the application's named command
through the API's own schemas and readers; a refusal shows the case again with the reason by the
field (a malformed file: by the file field, naming the line and the field of the file)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.datastructures import UploadFile

from api.bill_uploads import BillUpload, read_bill
from api.commands import Command
from api.deps import ServicesDep
from api.schemas.cases import LineReviewIn, MatterStepIn
from api.schemas.claims import ReasonIn
from domain.kernel.actors import Role
from infra.sessions import WebSession
from web.forms import Form, attempt, command_context, on_the_form, parse, present, text, then_go, whole_number
from web.pages.cases import case_page
from web.routing import PageRoute
from web.session import page_user

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Adjuster = Annotated[WebSession, page_user(Role.ADJUSTER)]
InvoiceNumber = Annotated[str, Path(min_length=1, max_length=200)]  # may hold "/": matched as a path
LineNumber = Annotated[int, Path(ge=1, le=500)]
Decide = Callable[[], tuple[Command, tuple, BaseModel | None, str]]


def _on_case(request: Request, services: ServicesDep, me: WebSession, case_id: UUID, form: Form, section: str,
             schema: type[BaseModel] | None, anchor: str, decide: Decide) -> Response:
    def run() -> Response:
        call, args, body, flash = decide()
        cmd = command_context(services, me, request, form)
        return cmd.change(call, case_id, *args, body=body,
                          render=then_go(request, lambda _: f"/web/cases/{case_id}#{anchor}", flash))

    return attempt(run, lambda errors: case_page(request, services, me, case_id, on_the_form(errors, schema),
                                                 {k: v for k, v in form.items() if isinstance(v, str)}, section))


@router.post("/web/cases/{case_id}/bills/import")
def import_bill(case_id: UUID, request: Request, services: ServicesDep, me: Adjuster, form: Form) -> Response:
    sent = form.get("file")
    content = sent.file.read() if isinstance(sent, UploadFile) else None  # a bill is small: read whole
    upload = BillUpload(content, sent.filename if isinstance(sent, UploadFile) else None,
                        {k: str(form.get(k) or "") for k in ("invoice_number", "invoice_date")})

    def decide() -> tuple[Command, tuple, BaseModel | None, str]:
        return services.app.record_invoice, (read_bill(upload).invoice,), upload.fingerprint, "done.import_bill"

    return _on_case(request, services, me, case_id, form, "import", _ImportFields, "bills", decide)


class _ImportFields(BaseModel):
    """The import form's fields, for placing a refusal by them."""

    file: str | None = None
    invoice_number: str | None = None
    invoice_date: str | None = None


@router.post("/web/cases/{case_id}/bills/{invoice_number:path}/lines/{line_number}/review")
def review_line(case_id: UUID, invoice_number: InvoiceNumber, line_number: LineNumber, request: Request,
                services: ServicesDep, me: Adjuster, form: Form) -> Response:
    def decide() -> tuple[Command, tuple, BaseModel | None, str]:
        body = parse(LineReviewIn, present(allowed_yen=whole_number(text(form, "allowed_yen")),
                                           reason=text(form, "reason"), fee_type=text(form, "fee_type")))
        return (services.app.review_bill_line, (body.to_domain(invoice_number, line_number),), body,
                "done.review_bill_line")

    return _on_case(request, services, me, case_id, form, f"line-{invoice_number}-{line_number}", LineReviewIn,
                    f"bill-{invoice_number}", decide)


@router.post("/web/cases/{case_id}/bills/{invoice_number:path}/approve")
def approve_bill(case_id: UUID, invoice_number: InvoiceNumber, request: Request, services: ServicesDep,
                 me: Adjuster, form: Form) -> Response:
    def decide() -> tuple[Command, tuple, BaseModel | None, str]:
        return services.app.approve_bill, (invoice_number,), None, "done.approve_bill"

    return _on_case(request, services, me, case_id, form, f"bill-{invoice_number}", None, f"bill-{invoice_number}",
                    decide)


@router.post("/web/cases/{case_id}/bills/{invoice_number:path}/reject")
def reject_bill(case_id: UUID, invoice_number: InvoiceNumber, request: Request, services: ServicesDep,
                me: Adjuster, form: Form) -> Response:
    def decide() -> tuple[Command, tuple, BaseModel | None, str]:
        body = parse(ReasonIn, present(reason=text(form, "reason")))
        return services.app.reject_bill, (invoice_number, body.reason), body, "done.reject_bill"

    return _on_case(request, services, me, case_id, form, f"reject-{invoice_number}", ReasonIn,
                    f"bill-{invoice_number}", decide)


@router.post("/web/cases/{case_id}/matter")
def record_matter_step(case_id: UUID, request: Request, services: ServicesDep, me: Adjuster, form: Form) -> Response:
    def decide() -> tuple[Command, tuple, BaseModel | None, str]:
        body = parse(MatterStepIn, present(stage=text(form, "stage"), occurred_on=text(form, "occurred_on"),
                                           outcome=text(form, "outcome"), note=text(form, "note")))
        return services.app.record_matter_step, (body.to_domain(),), body, "done.record_matter_step"

    return _on_case(request, services, me, case_id, form, "matter", MatterStepIn, "lawyer", decide)
