"""The adjuster's pages of a case's money: a lawyer's bill entered line by line — each line shows,
as it is entered, whether it is covered and why not, decided by the domain's own rule — and the
payment screen, which shows the computation before the approval is confirmed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import ServicesDep
from api.schemas.cases import InvoiceIn
from domain.harassment.case import ClaimCase
from domain.harassment.invoices import line_exclusion
from domain.harassment.vocabulary import FeeType
from domain.kernel.actors import Role
from domain.kernel.errors import DomainError
from infra.sessions import WebSession
from web.case_view import CaseView
from web.forms import (
    Form,
    FormErrors,
    FormRefused,
    attempt,
    command_context,
    new_form_key,
    number,
    on_the_form,
    parse,
    present,
    refusal_errors,
    text,
    then_go,
    whole_number,
)
from web.pages.cases import case_path
from web.pages.claim_file import approval_flash
from web.routing import PageRoute
from web.session import page_user
from web.templating import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Adjuster = Annotated[WebSession, page_user(Role.ADJUSTER)]
FIRST_LINES = 3
LINE_FIELDS = ("fee_type", "work_date", "amount_yen", "description")
MOST_LINES = 500  # as the API's schema allows


# ---- a lawyer's bill ------------------------------------------------------------------------


def typed_lines(form: Any) -> list[dict[str, Any]]:
    """The lines of the form as typed (a line left wholly blank is no line)."""
    count = number(form, "lines")
    count = min(count, MOST_LINES) if isinstance(count, int) and count > 0 else FIRST_LINES
    return [{name: text(form, f"line-{i}-{name}") for name in LINE_FIELDS} for i in range(count)]


def line_verdict(line: dict[str, Any], consent_date: date | None) -> str | None:
    """Whether a typed line would be paid, by the domain's rule: None while it cannot be told yet."""
    try:
        fee_type, work_date = FeeType(line["fee_type"]), date.fromisoformat(line["work_date"] or "")
    except ValueError:
        return None
    if consent_date is None:
        return None
    exclusion = line_exclusion(fee_type, work_date, consent_date)
    return "covered" if exclusion is None else exclusion.value


def invoice_page(request: Request, services: ServicesDep, me: WebSession, case_id: UUID, form: Any = None,
                 errors: FormErrors | None = None, add: int = 0) -> Response:
    case = services.app.get_case(case_id)
    lines = typed_lines(form) if form is not None else [dict.fromkeys(LINE_FIELDS) for _ in range(FIRST_LINES)]
    lines += [dict.fromkeys(LINE_FIELDS) for _ in range(add)]
    verdicts = [line_verdict(line, case.consent_date) for line in lines]
    v = {k: v for k, v in (form or {}).items() if not k.startswith("line-")}
    return render(request, "invoice_new.html", status_code=errors.status if errors else 200, title="請求書の記録",
                  case=case, lines=lines, verdicts=verdicts, fee_types=list(FeeType), errors=errors or FormErrors(),
                  v=v, form_key=v.get("form_key") or new_form_key())


@router.get("/web/cases/{case_id}/invoice")
def new_invoice(case_id: UUID, request: Request, services: ServicesDep, me: Adjuster) -> Response:
    return invoice_page(request, services, me, case_id)


@router.post("/web/cases/{case_id}/invoice/preview")
def preview_invoice(case_id: UUID, request: Request, services: ServicesDep, me: Adjuster, form: Form) -> Response:
    """The lines with their verdicts, as entered so far (the page asks for it as lines change)."""
    case = services.app.get_case(case_id)
    lines = typed_lines(form)
    return render(request, "invoice_verdicts.html", verdicts=[line_verdict(x, case.consent_date) for x in lines])


@router.post("/web/cases/{case_id}/invoice")
def record_invoice(case_id: UUID, request: Request, services: ServicesDep, me: Adjuster, form: Form) -> Response:
    if "add_line" in form:  # 「行を追加」 without scripts: the same form, one line more
        return invoice_page(request, services, me, case_id, form, add=1)

    def run() -> Response:
        rows = [(i, x) for i, x in enumerate(typed_lines(form)) if any(x.values())]  # blank rows are no lines
        lines = [present(fee_type=x["fee_type"], work_date=x["work_date"], amount_yen=whole_number(x["amount_yen"]),
                         description=x["description"]) for _, x in rows]
        with on_the_rows_typed([i for i, _ in rows]):
            body = parse(InvoiceIn, present(invoice_number=text(form, "invoice_number"),
                                            invoice_date=text(form, "invoice_date"), lines=lines))
            cmd = command_context(services, me, request, form)
            return cmd.change(services.app.record_invoice, case_id, body.to_domain(), body=body,
                              render=then_go(request, lambda _: case_path(case_id) + "#bills", "done.record_invoice"))

    return attempt(run, lambda errors: invoice_page(request, services, me, case_id, form, on_the_form(errors, InvoiceIn)))


@contextmanager
def on_the_rows_typed(rows: list[int]) -> Iterator[None]:
    """A refusal naming `lines[k]` (the k-th line sent) is shown on the row it was typed in."""
    try:
        yield
    except FormRefused as refused:
        refused.errors.by_field = {_row_of(name, rows): message for name, message in refused.errors.by_field.items()}
        raise
    except DomainError as refused:
        if not (refused.field or "").startswith("lines["):
            raise
        errors = refusal_errors(refused)
        errors.by_field = {_row_of(name, rows): message for name, message in errors.by_field.items()}
        raise FormRefused(errors) from None


def _row_of(name: str, rows: list[int]) -> str:
    match = re.match(r"lines\[(\d+)\](.*)", name)
    if match is None or int(match.group(1)) >= len(rows):
        return name
    return f"lines[{rows[int(match.group(1))]}]{match.group(2)}"


# ---- the payment screen ---------------------------------------------------------------------


def payment_page(request: Request, services: ServicesDep, me: WebSession, case: ClaimCase,
                 errors: FormErrors | None = None) -> Response:
    app = services.app
    view = CaseView(case, app.case_payment_quote(case), me.user, app.clock())
    policy = app.find_policy(case.policy_ref)
    return render(request, "payment.html", status_code=errors.status if errors else 200, title="支払の計算", case=case,
                  view=view, figures=view.computation(), policy=policy, claim_id=str(case.id),
                  errors=errors or FormErrors(), form_key=new_form_key())


@router.get("/web/cases/{case_id}/payment")
def payment_screen(case_id: UUID, request: Request, services: ServicesDep, me: Adjuster) -> Response:
    return payment_page(request, services, me, services.app.get_case(case_id))


@router.post("/web/cases/{case_id}/payment")
def approve_payment(case_id: UUID, request: Request, services: ServicesDep, me: Adjuster, form: Form) -> Response:
    def run() -> Response:
        cmd = command_context(services, me, request, form)
        return cmd.change(services.app.approve_payment, case_id, body=None,
                          render=then_go(request, lambda _: case_path(case_id) + "#bills",
                                         approval_flash(services, "done.approve_payment")))

    return attempt(run, lambda errors: payment_page(request, services, me, services.app.get_case(case_id),
                                                    on_the_form(errors, None)))
