"""The counsel register's pages: law firms and their lawyers (list, a new firm, a firm with its
lawyers and its matters — what was billed and paid —, a lawyer). Adjusters and the administrator
register and change entries; concierges and auditors read them. Each form runs the application's
named command through the API's own schema; a refusal shows the page again with the reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.commands import Command
from api.deps import ServicesDep
from api.routers.counsel import firm_registered
from api.schemas.counsel import LawFirmIn, LawyerIn
from domain.counsel.register import KEEPERS, READERS
from infra.sessions import WebSession
from web.forms import Form, FormErrors, attempt, command_context, new_form_key, on_the_form, parse, present, text, then_go
from web.routing import PageRoute
from web.session import page_user
from web.templating import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Reader = Annotated[WebSession, page_user(*READERS)]
Keeper = Annotated[WebSession, page_user(*KEEPERS)]
LIST_PATH = "/web/counsel"
FIRM_FIELDS = ("name", "name_kana", "address", "phone", "email")
LAWYER_FIELDS = ("name", "name_kana", "registration_number", "bar_association", "phone", "email")


def firm_body(form: Form) -> LawFirmIn:
    return parse(LawFirmIn, present(**{k: text(form, k) for k in FIRM_FIELDS}))


def lawyer_body(form: Form, firm_id: str) -> LawyerIn:
    return parse(LawyerIn, present(**{k: text(form, k) for k in LAWYER_FIELDS}, firm_id=firm_id))


def _values(form: Form | None) -> dict[str, str]:
    return {k: v for k, v in (form or {}).items() if isinstance(v, str)}


@router.get("/web/counsel")
def counsel_list(request: Request, services: ServicesDep, me: Reader) -> Response:
    register = services.app.read_counsel_register(me.user.actor)
    firms = sorted(register.entries.firms.values(), key=lambda f: f.name_kana or f.name)
    return render(request, "counsel_list.html", title="弁護士・法律事務所", firms=firms, register=register,
                  may_keep=me.user.role in KEEPERS)


def new_firm_page(request: Request, form: Form | None = None, errors: FormErrors | None = None) -> Response:
    return render(request, "counsel_firm_new.html", status_code=errors.status if errors else 200,
                  title="法律事務所の登録", v=_values(form), errors=errors or FormErrors(), form_key=new_form_key())


@router.get("/web/counsel/firms/new")
def new_firm(request: Request, me: Keeper) -> Response:
    return new_firm_page(request)


@router.post("/web/counsel/firms/new")
def register_firm(request: Request, services: ServicesDep, me: Keeper, form: Form) -> Response:
    def run() -> Response:
        body = firm_body(form)
        cmd = command_context(services, me, request, form)
        go = then_go(request, lambda result: f"/web/counsel/firms/{firm_registered(services.app, result)}",
                     "done.register_law_firm")
        return cmd.create(services.app.register_law_firm, body.to_domain(), body=body, render=go)

    return attempt(run, lambda errors: new_firm_page(request, form, on_the_form(errors, LawFirmIn)))


def firm_page(request: Request, services: ServicesDep, me: WebSession, firm_id: UUID, form: Form | None = None,
              errors: FormErrors | None = None, section: str | None = None) -> Response:
    app = services.app
    register = app.read_counsel_register(me.user.actor)
    firm = register.firm(firm_id)
    matters = app.firm_matters(firm_id, me.user.actor)
    return render(request, "counsel_firm.html", status_code=errors.status if errors else 200, title=firm.name,
                  firm=firm, lawyers=register.lawyers_of(firm.id), matters=matters,
                  lawyer_names={x.id: x.name for x in register.lawyers_of(firm.id)},
                  billed_yen=sum(m.billed_yen for m in matters), covered_yen=sum(m.covered_yen for m in matters),
                  paid_yen=sum(m.paid_yen for m in matters), may_keep=me.user.role in KEEPERS,
                  reads_cases=me.user.role.value in ("concierge", "adjuster", "auditor"),
                  v=_values(form) if form is not None else firm.__dict__, errors=errors or FormErrors(),
                  no_errors=FormErrors(), section=section, form_key=new_form_key())


@router.get("/web/counsel/firms/{firm_id}")
def show_firm(firm_id: UUID, request: Request, services: ServicesDep, me: Reader) -> Response:
    return firm_page(request, services, me, firm_id)


def _on_firm(request: Request, services: ServicesDep, me: WebSession, firm_id: UUID, form: Form, section: str,
             schema: type, decide: Callable[[], tuple[Command, tuple, object, str]]) -> Response:
    def run() -> Response:
        call, args, body, flash = decide()
        cmd = command_context(services, me, request, form)
        return cmd.create(call, *args, body=body, render=then_go(request, lambda _: f"/web/counsel/firms/{firm_id}",
                                                                 flash))

    return attempt(run, lambda errors: firm_page(request, services, me, firm_id, form, on_the_form(errors, schema),
                                                 section))


@router.post("/web/counsel/firms/{firm_id}")
def edit_firm(firm_id: UUID, request: Request, services: ServicesDep, me: Keeper, form: Form) -> Response:
    def decide() -> tuple[Command, tuple, object, str]:
        body = firm_body(form)
        return services.app.edit_law_firm, (firm_id, body.to_domain()), body, "done.edit_counsel"

    return _on_firm(request, services, me, firm_id, form, "firm", LawFirmIn, decide)


@router.post("/web/counsel/firms/{firm_id}/lawyers")
def register_lawyer(firm_id: UUID, request: Request, services: ServicesDep, me: Keeper, form: Form) -> Response:
    def decide() -> tuple[Command, tuple, object, str]:
        body = lawyer_body(form, str(firm_id))
        return services.app.register_lawyer, (body.to_domain(),), body, "done.register_lawyer"

    return _on_firm(request, services, me, firm_id, form, "lawyer", LawyerIn, decide)


def lawyer_page(request: Request, services: ServicesDep, me: WebSession, lawyer_id: UUID, form: Form | None = None,
                errors: FormErrors | None = None) -> Response:
    register = services.app.read_counsel_register(me.user.actor)
    lawyer = register.lawyer(lawyer_id)
    return render(request, "counsel_lawyer.html", status_code=errors.status if errors else 200, title=lawyer.name,
                  lawyer=lawyer, firm=register.firm(lawyer.firm_id), may_keep=me.user.role in KEEPERS,
                  v=_values(form) if form is not None else lawyer.__dict__, errors=errors or FormErrors(),
                  form_key=new_form_key())


@router.get("/web/counsel/lawyers/{lawyer_id}")
def show_lawyer(lawyer_id: UUID, request: Request, services: ServicesDep, me: Reader) -> Response:
    return lawyer_page(request, services, me, lawyer_id)


@router.post("/web/counsel/lawyers/{lawyer_id}")
def edit_lawyer(lawyer_id: UUID, request: Request, services: ServicesDep, me: Keeper, form: Form) -> Response:
    def run() -> Response:
        firm_id = services.app.counsel_register().lawyer(lawyer_id).firm_id
        body = lawyer_body(form, firm_id)
        cmd = command_context(services, me, request, form)
        return cmd.create(services.app.edit_lawyer, lawyer_id, body.to_domain(), body=body,
                          render=then_go(request, lambda _: f"/web/counsel/lawyers/{lawyer_id}", "done.edit_counsel"))

    return attempt(run, lambda errors: lawyer_page(request, services, me, lawyer_id, form, on_the_form(errors, LawyerIn)))
