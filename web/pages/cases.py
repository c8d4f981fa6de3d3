"""The pages of claim-response cases: find a case, report one, read it, and act on it — each
form calls the application's named command, as the JSON API does, through the same schemas."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from api.commands import Command
from api.deps import ServicesDep
from api.schemas.cases import CaseReportIn, ConsultationIn, EscalationApprovalIn
from api.schemas.claims import ReasonIn, SettlementIn
from domain.application import ClaimsApplication
from domain.harassment.vocabulary import (
    BillStatus,
    CaseCategory,
    Channel,
    ClaimActKind,
    FeeType,
    MatterOutcome,
    MatterStage,
)
from domain.kernel.actors import Role
from domain.kernel.clock import JAPAN, japan_date
from domain.kernel.history import history_of
from infra.chain import verify_record
from infra.sessions import WebSession
from projections import case_list
from projections import diary as diary_model
from projections.case_list import CaseFilter
from projections.policy_list import find_policies
from web.case_view import CaseView
from web.forms import (
    Form,
    FormErrors,
    attempt,
    chosen,
    command_context,
    japan_instant,
    new_form_key,
    number,
    on_the_form,
    parse,
    present,
    text,
    then_go,
    yes_no,
)
from web.navigation import INCIDENT_REPORTERS, history_path_for
from web.routing import PageRoute
from web.session import page_user
from web.templating import render
from web.unreadable import readable_record

router = APIRouter(route_class=PageRoute, include_in_schema=False)
READERS = (Role.CONCIERGE, Role.ADJUSTER, Role.AUDITOR)
Reader = Annotated[WebSession, page_user(*READERS)]
Concierge = Annotated[WebSession, page_user(Role.CONCIERGE)]
Adjuster = Annotated[WebSession, page_user(Role.ADJUSTER)]


def case_path(case_id: UUID | str) -> str:
    return f"/web/cases/{case_id}"


# ---- finding a case -------------------------------------------------------------------------


@router.get("/web/cases")
def find(request: Request, services: ServicesDep, me: Reader,
         q: Annotated[str, Query(max_length=200)] = "", status: Annotated[str, Query(max_length=10)] = "",
         cursor: Annotated[str | None, Query(max_length=500)] = None) -> Response:
    where = CaseFilter(text=q or None, status=status if status in ("open", "closed") else None)
    rows, next_cursor = case_list.list_cases(services.pool, where, 50, cursor) if q or status or cursor else ([], None)
    return render(request, "cases_find.html", title="事案の検索", q=q, status=status, rows=rows, next_cursor=next_cursor,
                  searched=bool(q or status or cursor))


# ---- reporting a case -----------------------------------------------------------------------


def report_form(request: Request, services: ServicesDep, form: dict | None = None,
                errors: FormErrors | None = None) -> Response:
    values = form or {}
    typed = str(values.get("policy_ref") or "")
    return render(request, "case_new.html", status_code=errors.status if errors else 200, title="事案の受付",
                  v=values, errors=errors or FormErrors(), form_key=values.get("form_key") or new_form_key(),
                  kinds=list(ClaimActKind), categories=list(CaseCategory), channels=list(Channel),
                  chosen_kinds=values.get("claim_act_kinds", []), policies=find_policies(services.pool, typed) if typed else [])


@router.get("/web/cases/new")
def new_case(request: Request, services: ServicesDep, me: Concierge) -> Response:
    return report_form(request, services)


@router.post("/web/cases/new")
def report(request: Request, services: ServicesDep, me: Concierge, form: Form) -> Response:
    typed = dict(form) | {"claim_act_kinds": chosen(form, "claim_act_kinds")}
    if "find_policy" in form:  # the search button of the policy field (pages without scripts)
        return report_form(request, services, typed)

    def run() -> Response:
        chosen_policy = text(form, "policy_choice")
        body = parse(CaseReportIn, present(
            policy_ref=chosen_policy or text(form, "policy_ref"), insured_name=text(form, "insured_name"),
            insured_name_kana=text(form, "insured_name_kana"),
            member_number=text(form, "member_number") or member_of(services, chosen_policy),
            occurred_at=japan_instant(form, "occurred_on", "occurred_time"), place=text(form, "place"),
            in_japan=yes_no(form, "in_japan"), category=text(form, "category"),
            claim_act_kinds=chosen(form, "claim_act_kinds"), summary=text(form, "summary"),
            channel=text(form, "channel"), legal_characterisation=text(form, "legal_characterisation"),
        ))
        cmd = command_context(services, me, request, form)
        return cmd.create(services.app.report_case, body.to_domain(), body=body,
                          render=then_go(request, lambda r: case_path(r.aggregate_id), "done.report_case"))

    return attempt(run, lambda errors: report_form(request, services, typed, on_the_form(errors, CaseReportIn)))


def member_of(services: ServicesDep, policy_number: str | None) -> str | None:
    """The member number of the policy chosen on the form (for a member number left blank)."""
    found = [p for p in find_policies(services.pool, policy_number) if p["policy_number"] == policy_number] \
        if policy_number else []
    return found[0]["member_number"] if found else None


@router.get("/web/policies/lookup")
def policy_lookup(request: Request, services: ServicesDep, me: Annotated[WebSession, page_user(*INCIDENT_REPORTERS)],
                  policy_ref: Annotated[str, Query(max_length=200)] = "") -> Response:
    """The policies matching what is being typed (a fragment the report form and the cyber
    incident's notice form show as you type)."""
    return render(request, "policy_choices.html", policies=find_policies(services.pool, policy_ref) if policy_ref else [],
                  typed=policy_ref)


# ---- one case -------------------------------------------------------------------------------


def case_page(request: Request, services: ServicesDep, me: WebSession, case_id: UUID,
              errors: FormErrors | None = None, form: dict | None = None, section: str | None = None) -> Response:
    return readable_record(request, services, case_id, "この事案",
                           lambda: _case_page(request, services, me, case_id, errors, form, section))


def _case_page(request: Request, services: ServicesDep, me: WebSession, case_id: UUID,
               errors: FormErrors | None, form: dict | None, section: str | None) -> Response:
    app = services.app
    case = app.get_case(case_id)
    services.access_log.record(me.user.user_id, me.user.role.value, "case.page", str(case.id), {"page": "case"})
    now = app.clock()
    view = CaseView(case, app.case_payment_quote(case), me.user, now)
    timeline = list(reversed(history_of(app.case_history(case_id))))
    chain = verify_record(services.pool, case.id)
    return render(request, "case.html", chain=chain, record_name="この事案",
                  history_path=history_path_for(me.user.role, "cases", case.id),
                  status_code=errors.status if errors else 200, title="事案", case=case, view=view,
                  timeline=timeline, errors=errors or FormErrors(), no_errors=FormErrors(), v=form or {},
                  section=section, form_key=new_form_key(), channels=list(Channel), defaults=form_defaults(now),
                  activities=diary_model.of_claim(services.pool, str(case.id), japan_date(now)), claim_kind="case",
                  plan_defaults=plan_defaults(now), lawyer_choices=lawyer_choices(app), fee_types=list(FeeType),
                  matter_stages=[s for s in MatterStage if s is not MatterStage.ENGAGED],
                  matter_outcomes=list(MatterOutcome), bill_status_ja={s.value: s.ja for s in BillStatus})


@dataclass(frozen=True)
class Choice:
    value: str
    ja: str


def lawyer_choices(app: ClaimsApplication) -> list[Choice]:
    """The registered lawyers, as the consent form offers them: name, firm and registration number."""
    register = app.counsel_register()
    return [Choice(x.id, f"{x.name}（{register.firm(x.firm_id).name}・登録番号 {x.registration_number}）")
            for x in sorted(register.entries.lawyers.values(), key=lambda x: x.name_kana or x.name)]


def plan_defaults(now: datetime) -> dict[str, str]:
    """The diary's form on a record's page: due tomorrow, for oneself."""
    return {"due_on": (japan_date(now) + timedelta(days=1)).isoformat(), "assignee": "me"}


def form_defaults(now: datetime) -> dict[str, str]:
    """What the forms of a record's page start with: today, and now (Japan time), where a date is asked."""
    local = now.astimezone(JAPAN)
    today = local.date().isoformat()
    return {"held_on": today, "held_time": f"{local:%H:%M}", "consent_date": today, "transfer_date": today,
            "occurred_on": today,
            "channel": Channel.PHONE.value}


@router.get("/web/cases/{case_id}")
def show_case(case_id: UUID, request: Request, services: ServicesDep, me: Reader) -> Response:
    return case_page(request, services, me, case_id)


def case_command(request: Request, services: ServicesDep, me: WebSession, case_id: UUID, form: Form, flash: str,
                 command: Command, *args: object, body: BaseModel) -> Response:
    """One named command on the case, from a form of its page; then back to the page."""
    cmd = command_context(services, me, request, form)
    return cmd.change(command, case_id, *args, body=body, render=then_go(request, lambda _: case_path(case_id), flash))


def on_case_form(request: Request, services: ServicesDep, me: WebSession, case_id: UUID, form: Form, section: str,
                 schema: type[BaseModel], run: Callable[[], Response]) -> Response:
    """Run a form of the case's page; on a refusal, the page again with the reason by the field,
    in the section (`section`) the form is in — or above the form, if it names no field of it."""
    return attempt(run, lambda errors: case_page(request, services, me, case_id, on_the_form(errors, schema), dict(form),
                                                 section))


@router.post("/web/cases/{case_id}/consultations")
def log_consultation(case_id: UUID, request: Request, services: ServicesDep, me: Concierge, form: Form) -> Response:
    def run() -> Response:
        body = parse(ConsultationIn, present(
            held_at=japan_instant(form, "held_on", "held_time"), channel=text(form, "channel"),
            duration_minutes=number(form, "duration_minutes"), caller=text(form, "caller"), question=text(form, "question"),
            advice=text(form, "advice")))
        return case_command(request, services, me, case_id, form, "done.log_consultation",
                            services.app.log_consultation, body.to_domain(), body=body)

    return on_case_form(request, services, me, case_id, form, "consultation", ConsultationIn, run)


@router.post("/web/cases/{case_id}/recommend")
def recommend(case_id: UUID, request: Request, services: ServicesDep, me: Concierge, form: Form) -> Response:
    def run() -> Response:
        body = parse(ReasonIn, present(reason=text(form, "reason")))
        return case_command(request, services, me, case_id, form, "done.recommend_escalation",
                            services.app.recommend_escalation, body.reason, body=body)

    return on_case_form(request, services, me, case_id, form, "recommend", ReasonIn, run)


@router.post("/web/cases/{case_id}/consent")
def consent(case_id: UUID, request: Request, services: ServicesDep, me: Adjuster, form: Form) -> Response:
    def run() -> Response:
        body = parse(EscalationApprovalIn, present(
            consent_reference=text(form, "consent_reference"), consent_date=text(form, "consent_date"),
            lawyer_name=text(form, "lawyer_name"), law_firm=text(form, "law_firm"), lawyer_id=text(form, "lawyer_id")))
        return case_command(request, services, me, case_id, form, "done.approve_escalation",
                            services.app.approve_escalation, body.to_domain(), body=body)

    return on_case_form(request, services, me, case_id, form, "consent", EscalationApprovalIn, run)


@router.post("/web/cases/{case_id}/decline")
def decline(case_id: UUID, request: Request, services: ServicesDep, me: Adjuster, form: Form) -> Response:
    def run() -> Response:
        body = parse(ReasonIn, present(reason=text(form, "reason")))
        return case_command(request, services, me, case_id, form, "done.decline_escalation",
                            services.app.decline_escalation, body.reason, body=body)

    return on_case_form(request, services, me, case_id, form, "decline", ReasonIn, run)


@router.post("/web/cases/{case_id}/payments/{payment_number}/settlement")
def settle(case_id: UUID, payment_number: int, request: Request, services: ServicesDep, me: Adjuster,
           form: Form) -> Response:
    def run() -> Response:
        body = parse(SettlementIn, present(transfer_date=text(form, "transfer_date"),
                                           bank_reference=text(form, "bank_reference")))
        return case_command(request, services, me, case_id, form, "done.settle_payment",
                            services.app.settle_payment, body.to_domain(payment_number), body=body)

    return on_case_form(request, services, me, case_id, form, f"settle-{payment_number}", SettlementIn, run)


@router.post("/web/cases/{case_id}/close")
def close(case_id: UUID, request: Request, services: ServicesDep, me: Adjuster, form: Form) -> Response:
    def run() -> Response:
        body = parse(ReasonIn, present(reason=text(form, "reason")))
        return case_command(request, services, me, case_id, form, "done.close_case",
                            services.app.close_case, body.reason, body=body)

    return on_case_form(request, services, me, case_id, form, "close", ReasonIn, run)


@router.post("/web/cases/{case_id}/reopen")
def reopen(case_id: UUID, request: Request, services: ServicesDep, me: Adjuster, form: Form) -> Response:
    def run() -> Response:
        body = parse(ReasonIn, present(reason=text(form, "reason")))
        return case_command(request, services, me, case_id, form, "done.reopen_case",
                            services.app.reopen_case, body.reason, body=body)

    return on_case_form(request, services, me, case_id, form, "reopen", ReasonIn, run)

