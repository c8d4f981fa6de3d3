"""The adjuster's payment screen of one head of loss (賠償責任 or 費用) of a cyber incident: the
computation before the approval is confirmed (costs, other insurance and recoveries, the basis,
the deductible once per head, the coinsurance, what was approved, the limits left, the
adjuster's authority); confirming runs the application's approve_incident_payment."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import ServicesDep
from api.schemas.incidents import IncidentPaymentIn
from domain.cyber.vocabulary import HeadOfLoss
from domain.kernel.actors import Role
from infra.sessions import WebSession
from web.forms import Form, FormErrors, attempt, new_form_key, parse
from web.pages.claim_file import approval_flash
from web.pages.incidents import incident_command, incident_view, on_the_form
from web.routing import PageRoute
from web.session import page_user
from web.templating import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Adjuster = Annotated[WebSession, page_user(Role.ADJUSTER)]


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
        return incident_command(request, services, me, incident_id, form,
                                approval_flash(services, "done.approve_incident_payment"), "payments",
                                services.app.approve_incident_payment, body.head, body=body)

    return attempt(run, lambda errors: payment_page(request, services, me, incident_id, head,
                                                    on_the_form(errors, IncidentPaymentIn)))
