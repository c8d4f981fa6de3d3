"""The pages of cyber incidents (勤務医サイバー保険, 医療機関用サイバー保険): the notice of
circumstances that opens one, an incident's page with the forms it accepts now, and the payment
screen of one head of loss. Each form calls the application's named command, as the JSON API
does, through the API's own schemas and the same CommandContext."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel

from api.commands import Command
from api.deps import ServicesDep
from api.schemas.claims import ReasonIn, SettlementIn
from api.schemas.incidents import CostIn, IncidentNoticeIn, IncidentPaymentIn, OffsetIn, RecourseIn, ThirdPartyClaimIn
from domain.cyber.incident import HEADS, CyberIncident
from domain.cyber.vocabulary import (
    BUSINESS_SCOPE,
    INCIDENT_KINDS,
    Business,
    HeadOfLoss,
    InsuredParty,
    OffsetKind,
    RecourseDecision,
)
from domain.kernel.actors import Role
from domain.kernel.clock import japan_date
from domain.kernel.history import history_of
from domain.kernel.products import CYBER_PRODUCTS
from infra.sessions import WebSession
from projections.policy_list import find_policies
from web.forms import (
    GENERAL,
    Form,
    FormErrors,
    attempt,
    chosen,
    command_context,
    japan_instant,
    new_form_key,
    number,
    parse,
    present,
    text,
    then_go,
    yes_no,
)
from web.incident_view import IncidentView
from web.navigation import INCIDENT_REPORTERS, NEW_INCIDENT_PATH
from web.routing import PageRoute
from web.session import page_user
from web.templating import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Reader = Annotated[WebSession, page_user(Role.CONCIERGE, Role.ADJUSTER, Role.AUDITOR)]
Reporter = Annotated[WebSession, page_user(*INCIDENT_REPORTERS)]
Adjuster = Annotated[WebSession, page_user(Role.ADJUSTER)]


def incident_path(incident_id: UUID | str) -> str:
    return f"/web/incidents/{incident_id}"


# ---- the notice of circumstances ------------------------------------------------------------


def businesses() -> list[tuple[str, list[Business]]]:
    """The businesses grouped as the products' scopes list them (any other last)."""
    groups = [(product.ja, list(BUSINESS_SCOPE[product])) for product in CYBER_PRODUCTS]
    listed = {b for _, scope in groups for b in scope}
    return [*groups, ("その他", [b for b in Business if b not in listed])]


def notice_form(request: Request, services: ServicesDep, form: dict | None = None,
                errors: FormErrors | None = None) -> Response:
    values = form or {"country": "日本", "insured_party": InsuredParty.POLICYHOLDER.value}
    typed = str(values.get("policy_ref") or "")
    return render(request, "incident_new.html", status_code=errors.status if errors else 200, title="サイバー事故の受付",
                  v=values, errors=errors or FormErrors(), form_key=values.get("form_key") or new_form_key(),
                  products=list(CYBER_PRODUCTS), kinds_of=INCIDENT_KINDS, businesses=businesses(),
                  parties=list(InsuredParty), chosen_kinds=values.get("incident_kinds", []),
                  policies=find_policies(services.pool, typed) if typed else [])


@router.get(NEW_INCIDENT_PATH)
def new_incident(request: Request, services: ServicesDep, me: Reporter) -> Response:
    return notice_form(request, services)


@router.post(NEW_INCIDENT_PATH)
def open_incident(request: Request, services: ServicesDep, me: Reporter, form: Form) -> Response:
    typed = dict(form) | {"incident_kinds": chosen(form, "incident_kinds")}
    if "find_policy" in form:  # the search button of the policy field (pages without scripts)
        return notice_form(request, services, typed)

    def run() -> Response:
        policy = chosen_policy(services, text(form, "policy_choice"))
        body = parse(IncidentNoticeIn, present(
            product=text(form, "product") or policy.get("product"),
            policy_ref=text(form, "policy_choice") or text(form, "policy_ref"),
            insured_name=text(form, "insured_name"), insured_name_kana=text(form, "insured_name_kana"),
            member_number=text(form, "member_number") or policy.get("member_number"),
            insured_party=text(form, "insured_party"), found=text(form, "found"),
            discovered_at=japan_instant(form, "discovered_on", "discovered_time"),
            occurred_at=japan_instant(form, "occurred_on", "occurred_time"), country=text(form, "country"),
            incident_kinds=chosen(form, "incident_kinds"), business=text(form, "business"),
            personal_data=yes_no(form, "personal_data"), medical_data=yes_no(form, "medical_data"),
            people_affected=number(form, "people_affected"),
        ))
        cmd = command_context(services, me, request, form)
        return cmd.create(services.app.open_incident, body.to_domain(), body=body,
                          render=then_go(request, lambda r: incident_path(r.aggregate_id), "done.open_incident"))

    return attempt(run, lambda errors: notice_form(request, services, typed, on_the_form(errors, IncidentNoticeIn)))


def chosen_policy(services: ServicesDep, policy_number: str | None) -> dict[str, Any]:
    """The policy chosen on the form, as the policy list shows it (for a product or member number
    left blank); {} when none was chosen."""
    found = [p for p in find_policies(services.pool, policy_number) if p["policy_number"] == policy_number] \
        if policy_number else []
    return found[0] if found else {}


# ---- one incident ---------------------------------------------------------------------------


def incident_view(services: ServicesDep, me: WebSession, incident: CyberIncident) -> IncidentView:
    app = services.app
    quotes = {head: app.incident_payment_quote(incident, head) for head in HEADS}
    return IncidentView(incident, quotes, me.user, app.clock())


def incident_page(request: Request, services: ServicesDep, me: WebSession, incident_id: UUID,
                  errors: FormErrors | None = None, form: dict | None = None, section: str | None = None) -> Response:
    app = services.app
    incident = app.get_incident(incident_id)
    services.access_log.record(me.user.user_id, me.user.role.value, "incident.page", str(incident.id),
                               {"page": "incident"})
    view = incident_view(services, me, incident)
    timeline = list(reversed(history_of(app.incident_history(incident_id))))
    return render(request, "incident.html", status_code=errors.status if errors else 200, title="サイバー事故",
                  incident=incident, view=view, heads=list(HEADS), timeline=timeline, errors=errors or FormErrors(),
                  no_errors=FormErrors(), v=form or {}, section=section, form_key=new_form_key(),
                  offset_kinds=list(OffsetKind), decisions=list(RecourseDecision), defaults=form_defaults(view))


def form_defaults(view: IncidentView) -> dict[str, str]:
    """What the forms of the page start with: today (Japan time) where a date is asked, and the
    first head of loss that takes a cost now."""
    today = japan_date(view.now).isoformat()
    head = next((h.value for h in HEADS if view.cost_refusal(h) is None), "")
    return {"received_on": today, "invoice_date": today, "on": today, "transfer_date": today, "head": head,
            "kind": OffsetKind.OTHER_INSURANCE.value}


@router.get("/web/incidents/{incident_id}")
def show_incident(incident_id: UUID, request: Request, services: ServicesDep, me: Reader) -> Response:
    return incident_page(request, services, me, incident_id)


def incident_command(request: Request, services: ServicesDep, me: WebSession, incident_id: UUID, form: Form,
                     flash: str, anchor: str, command: Command, *args: object, body: BaseModel) -> Response:
    """One named command on the incident, from a form of its page; then back to the page."""
    cmd = command_context(services, me, request, form)
    return cmd.change(command, incident_id, *args, body=body,
                      render=then_go(request, lambda _: f"{incident_path(incident_id)}#{anchor}", flash))


def on_incident_form(request: Request, services: ServicesDep, me: WebSession, incident_id: UUID, form: Form,
                     section: str, schema: type[BaseModel], run: Callable[[], Response]) -> Response:
    """Run a form of the incident's page; on a refusal, the page again with the reason by the
    field, in the section the form is in, with what was typed."""
    return attempt(run, lambda errors: incident_page(request, services, me, incident_id, on_the_form(errors, schema),
                                                     dict(form), section))


def on_the_form(errors: FormErrors, schema: type[BaseModel]) -> FormErrors:
    """A refusal that names no field of the form (the incident's state, its payments, the amount
    an approval would pay) is said above the form rather than lost."""
    elsewhere = {n for n in errors.by_field if n != GENERAL and re.split(r"[.\[]", n)[0] not in schema.model_fields}
    if elsewhere:
        said = "".join(dict.fromkeys(errors.by_field[n] for n in sorted(elsewhere)))
        errors.by_field = {n: m for n, m in errors.by_field.items() if n not in elsewhere} | {GENERAL: said}
    return errors


@router.post("/web/incidents/{incident_id}/third-party-claims")
def receive_third_party_claim(incident_id: UUID, request: Request, services: ServicesDep, me: Adjuster,
                              form: Form) -> Response:
    def run() -> Response:
        body = parse(ThirdPartyClaimIn, present(
            claimant=text(form, "claimant"), amount_claimed_yen=number(form, "amount_claimed_yen"),
            received_on=text(form, "received_on"), summary=text(form, "summary")))
        return incident_command(request, services, me, incident_id, form, "done.receive_third_party_claim", "claims",
                                services.app.receive_third_party_claim, body.to_domain(), body=body)

    return on_incident_form(request, services, me, incident_id, form, "third_party_claim", ThirdPartyClaimIn, run)


@router.post("/web/incidents/{incident_id}/costs")
def record_cost(incident_id: UUID, request: Request, services: ServicesDep, me: Adjuster, form: Form) -> Response:
    def run() -> Response:
        body = parse(CostIn, present(
            head=text(form, "head"), cost_type=text(form, "cost_type"), vendor=text(form, "vendor"),
            invoice_number=text(form, "invoice_number"), invoice_date=text(form, "invoice_date"),
            amount_yen=number(form, "amount_yen"), description=text(form, "description")))
        return incident_command(request, services, me, incident_id, form, "done.record_cost", "costs",
                                services.app.record_cost, body.to_domain(), body=body)

    return on_incident_form(request, services, me, incident_id, form, "cost", CostIn, run)


@router.post("/web/incidents/{incident_id}/offsets")
def record_offset(incident_id: UUID, request: Request, services: ServicesDep, me: Adjuster, form: Form) -> Response:
    def run() -> Response:
        body = parse(OffsetIn, present(
            kind=text(form, "kind"), head=text(form, "head"), amount_yen=number(form, "amount_yen"),
            source=text(form, "source"), on=text(form, "on"), reference=text(form, "reference")))
        return incident_command(request, services, me, incident_id, form, "done.record_offset", "offsets",
                                services.app.record_offset, body.to_domain(), body=body)

    return on_incident_form(request, services, me, incident_id, form, "offset", OffsetIn, run)


@router.post("/web/incidents/{incident_id}/recourse")
def decide_recourse(incident_id: UUID, request: Request, services: ServicesDep, me: Adjuster, form: Form) -> Response:
    def run() -> Response:
        body = parse(RecourseIn, present(decision=text(form, "decision"), reason=text(form, "reason")))
        return incident_command(request, services, me, incident_id, form, "done.decide_recourse", "recourse",
                                services.app.decide_recourse, body.decision, body.reason, body=body)

    return on_incident_form(request, services, me, incident_id, form, "recourse", RecourseIn, run)


@router.post("/web/incidents/{incident_id}/payments/{payment_number}/settlement")
def settle(incident_id: UUID, payment_number: int, request: Request, services: ServicesDep, me: Adjuster,
           form: Form) -> Response:
    def run() -> Response:
        body = parse(SettlementIn, present(transfer_date=text(form, "transfer_date"),
                                           bank_reference=text(form, "bank_reference")))
        return incident_command(request, services, me, incident_id, form, "done.settle_incident_payment", "payments",
                                services.app.settle_incident_payment, body.to_domain(payment_number), body=body)

    return on_incident_form(request, services, me, incident_id, form, f"settle-{payment_number}", SettlementIn, run)


@router.post("/web/incidents/{incident_id}/close")
def close(incident_id: UUID, request: Request, services: ServicesDep, me: Adjuster, form: Form) -> Response:
    def run() -> Response:
        body = parse(ReasonIn, present(reason=text(form, "reason")))
        return incident_command(request, services, me, incident_id, form, "done.close_incident", "closing",
                                services.app.close_incident, body.reason, body=body)

    return on_incident_form(request, services, me, incident_id, form, "close", ReasonIn, run)


@router.post("/web/incidents/{incident_id}/reopen")
def reopen(incident_id: UUID, request: Request, services: ServicesDep, me: Adjuster, form: Form) -> Response:
    def run() -> Response:
        body = parse(ReasonIn, present(reason=text(form, "reason")))
        return incident_command(request, services, me, incident_id, form, "done.reopen_incident", "closing",
                                services.app.reopen_incident, body.reason, body=body)

    return on_incident_form(request, services, me, incident_id, form, "reopen", ReasonIn, run)


# ---- the payment screen of one head of loss ---------------------------------------------------


def payment_page(request: Request, services: ServicesDep, me: WebSession, incident_id: UUID, head: HeadOfLoss,
                 errors: FormErrors | None = None) -> Response:
    app = services.app
    incident = app.get_incident(incident_id)
    services.access_log.record(me.user.user_id, me.user.role.value, "incident.page", str(incident.id),
                               {"page": "payment", "head": head.value})
    view = incident_view(services, me, incident)
    figures = view.figures(head, app.find_policy(incident.policy_ref))
    return render(request, "incident_payment.html", status_code=errors.status if errors else 200, title="支払の計算",
                  incident=incident, view=view, head=head, figures=figures, errors=errors or FormErrors(),
                  form_key=new_form_key())


@router.get("/web/incidents/{incident_id}/payment")
def payment_screen(incident_id: UUID, head: HeadOfLoss, request: Request, services: ServicesDep,
                   me: Adjuster) -> Response:
    return payment_page(request, services, me, incident_id, head)


@router.post("/web/incidents/{incident_id}/payment")
def approve_payment(incident_id: UUID, head: HeadOfLoss, request: Request, services: ServicesDep, me: Adjuster,
                    form: Form) -> Response:
    def run() -> Response:
        body = parse(IncidentPaymentIn, {"head": head.value})
        return incident_command(request, services, me, incident_id, form, "done.approve_incident_payment", "payments",
                                services.app.approve_incident_payment, body.head, body=body)

    return attempt(run, lambda errors: payment_page(request, services, me, incident_id, head,
                                                    on_the_form(errors, IncidentPaymentIn)))
