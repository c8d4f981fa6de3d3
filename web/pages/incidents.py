"""An incident's page (勤務医サイバー保険, 医療機関用サイバー保険): the notice, the coverage
decision, claims, costs by head of loss, other insurance and recoveries, recourse, payments and
the timeline, with the forms the incident accepts now. Each form calls the application's named
command, as the JSON API does, through the API's own schemas and the same CommandContext. The
notice that opens an incident is in incident_notice.py, the payment screen in incident_payment.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel

from api.commands import Command
from api.deps import ServicesDep
from api.schemas.claims import ReasonIn, SettlementIn
from api.schemas.incidents import CostIn, OffsetIn, RecourseIn, ThirdPartyClaimIn
from domain.application import CommandResult
from domain.cyber.incident import HEADS, CyberIncident
from domain.cyber.vocabulary import OffsetKind, RecourseDecision
from domain.kernel.actors import Role
from domain.kernel.clock import japan_date
from domain.kernel.history import history_of
from infra.chain import verify_record
from infra.sessions import WebSession
from projections import diary as diary_model
from web.forms import Form, FormErrors, attempt, command_context, new_form_key, number, on_the_form, parse, present, text, then_go
from web.incident_view import IncidentView
from web.navigation import history_path_for
from web.pages.cases import plan_defaults
from web.routing import PageRoute
from web.session import page_user
from web.templating import render
from web.unreadable import readable_record

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Reader = Annotated[WebSession, page_user(Role.CONCIERGE, Role.ADJUSTER, Role.AUDITOR)]
Adjuster = Annotated[WebSession, page_user(Role.ADJUSTER)]


def incident_path(incident_id: UUID | str) -> str:
    return f"/web/incidents/{incident_id}"


def incident_view(services: ServicesDep, me: WebSession, incident: CyberIncident) -> IncidentView:
    app = services.app
    quotes = {head: app.incident_payment_quote(incident, head) for head in HEADS}
    return IncidentView(incident, quotes, me.user, app.clock())


def incident_page(request: Request, services: ServicesDep, me: WebSession, incident_id: UUID,
                  errors: FormErrors | None = None, form: dict | None = None, section: str | None = None) -> Response:
    return readable_record(request, services, incident_id, "このサイバー事故",
                           lambda: _incident_page(request, services, me, incident_id, errors, form, section))


def _incident_page(request: Request, services: ServicesDep, me: WebSession, incident_id: UUID,
                   errors: FormErrors | None, form: dict | None, section: str | None) -> Response:
    app = services.app
    incident = app.get_incident(incident_id)
    services.access_log.record(me.user.user_id, me.user.role.value, "incident.page", str(incident.id),
                               {"page": "incident"})
    view = incident_view(services, me, incident)
    timeline = list(reversed(history_of(app.incident_history(incident_id))))
    chain = verify_record(services.pool, incident.id)
    return render(request, "incident.html", chain=chain, record_name="このサイバー事故",
                  history_path=history_path_for(me.user.role, "incidents", incident.id),
                  status_code=errors.status if errors else 200, title="サイバー事故",
                  incident=incident, view=view, heads=list(HEADS), timeline=timeline, errors=errors or FormErrors(),
                  no_errors=FormErrors(), v=form or {}, section=section, form_key=new_form_key(),
                  offset_kinds=list(OffsetKind), decisions=list(RecourseDecision), defaults=form_defaults(view),
                  activities=diary_model.of_claim(services.pool, str(incident.id), japan_date(view.now)),
                  claim_kind="incident", plan_defaults=plan_defaults(view.now))


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
                     flash: str | Callable[[CommandResult], str], anchor: str, command: Command, *args: object,
                     body: BaseModel) -> Response:
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
