"""The forms of the adjuster's file on a case's and an incident's page: file notes, the reserve
(per head of loss on an incident), and the four-eyes steps of a payment request (confirm, refuse,
withdraw). Each calls the application's named command for its record, as the JSON API does,
through the API's own schemas; a refusal shows the page again with the reason by the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel

from api.commands import Command, RequestNumber
from api.deps import ServicesDep
from api.schemas.claims import NoteIn, ReasonIn, ReserveIn
from domain.cyber.vocabulary import HeadOfLoss
from domain.kernel.actors import Role
from infra.sessions import WebSession
from web.forms import Form, attempt, command_context, on_the_form, parse, present, text, then_go, whole_number
from web.pages.cases import case_page
from web.pages.incidents import incident_page
from web.routing import PageRoute
from web.session import page_user

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Adjuster = Annotated[WebSession, page_user(Role.ADJUSTER)]
NoteWriter = Annotated[WebSession, page_user(Role.CONCIERGE, Role.ADJUSTER)]
Kind = Annotated[Literal["cases", "incidents"], Path(description="a claim-response case, or a cyber incident")]

PAGES = {"cases": case_page, "incidents": incident_page}


def _commands(services: ServicesDep, kind: str) -> dict[str, Command]:
    app = services.app
    if kind == "cases":
        return {"note": app.add_case_note, "confirm": app.confirm_case_payment,
                "withdraw": app.withdraw_case_payment_request, "refuse": app.refuse_case_payment_request}
    return {"note": app.add_incident_note, "confirm": app.confirm_incident_payment,
            "withdraw": app.withdraw_incident_payment_request, "refuse": app.refuse_incident_payment_request}


def _run(request: Request, services: ServicesDep, me: WebSession, kind: str, claim_id: UUID, form: Form, section: str,
         schema: type[BaseModel] | None, anchor: str, command: Callable[[], tuple[Command, tuple, BaseModel | None, str]]
         ) -> Response:
    """One named command on the record, then back to its page at `anchor`; on a refusal, the page
    again with the reason by the field of the form in `section`."""

    def run() -> Response:
        call, args, body, flash = command()
        cmd = command_context(services, me, request, form)
        return cmd.change(call, claim_id, *args, body=body,
                          render=then_go(request, lambda _: f"/web/{kind}/{claim_id}#{anchor}", flash))

    return attempt(run, lambda errors: PAGES[kind](request, services, me, claim_id, on_the_form(errors, schema),
                                                   dict(form), section))


@router.post("/web/{kind}/{claim_id}/notes")
def add_note(kind: Kind, claim_id: UUID, request: Request, services: ServicesDep, me: NoteWriter, form: Form) -> Response:
    def command() -> tuple[Command, tuple, BaseModel | None, str]:
        body = parse(NoteIn, present(category=text(form, "category"), text=text(form, "text"),
                                     corrects=whole_number(text(form, "corrects"))))
        return _commands(services, kind)["note"], (body.to_domain(),), body, "done.add_note"

    return _run(request, services, me, kind, claim_id, form, "note", NoteIn, "notes", command)


@router.post("/web/cases/{claim_id}/reserve")
def set_case_reserve(claim_id: UUID, request: Request, services: ServicesDep, me: Adjuster, form: Form) -> Response:
    def command() -> tuple[Command, tuple, BaseModel | None, str]:
        body = parse(ReserveIn, present(amount_yen=whole_number(text(form, "amount_yen")), reason=text(form, "reason")))
        return services.app.set_case_reserve, (body.amount_yen, body.reason), body, "done.set_reserve"

    return _run(request, services, me, "cases", claim_id, form, "reserve", ReserveIn, "reserve", command)


@router.post("/web/incidents/{claim_id}/reserve/{head}")
def set_incident_reserve(claim_id: UUID, head: HeadOfLoss, request: Request, services: ServicesDep, me: Adjuster,
                         form: Form) -> Response:
    def command() -> tuple[Command, tuple, BaseModel | None, str]:
        body = parse(ReserveIn, present(amount_yen=whole_number(text(form, "amount_yen")), reason=text(form, "reason")))
        return services.app.set_incident_reserve, (head, body.amount_yen, body.reason), body, "done.set_reserve"

    return _run(request, services, me, "incidents", claim_id, form, f"reserve-{head.value}", ReserveIn, "reserve",
                command)


@router.post("/web/{kind}/{claim_id}/payment-requests/{request_number}/confirm")
def confirm_payment(kind: Kind, claim_id: UUID, request_number: RequestNumber, request: Request,
                    services: ServicesDep, me: Adjuster, form: Form) -> Response:
    def command() -> tuple[Command, tuple, BaseModel | None, str]:
        return _commands(services, kind)["confirm"], (request_number,), None, "done.confirm_payment"

    return _run(request, services, me, kind, claim_id, form, f"request-{request_number}-confirm", None, "requests",
                command)


@router.post("/web/{kind}/{claim_id}/payment-requests/{request_number}/{decision}")
def decide_request(kind: Kind, claim_id: UUID, request_number: RequestNumber,
                   decision: Annotated[Literal["withdraw", "refuse"], Path()], request: Request, services: ServicesDep,
                   me: Adjuster, form: Form) -> Response:
    """Withdraw one's own request, or refuse a colleague's: either with a reason."""

    def command() -> tuple[Command, tuple, BaseModel | None, str]:
        body = parse(ReasonIn, present(reason=text(form, "reason")))
        return (_commands(services, kind)[decision], (request_number, body.reason), body,
                f"done.{decision}_payment_request")

    return _run(request, services, me, kind, claim_id, form, f"request-{request_number}-{decision}", ReasonIn,
                "requests", command)


def approval_flash(services: ServicesDep, done: str) -> Callable[[object], str]:
    """The message after approving: the payment approved, or — above the adjuster's authority —
    the request recorded for a second adjuster (the same test as the API's 201 / 202)."""
    from api.routers.cases import approval_status

    status = approval_status(services.app)
    return lambda result: done if status(result) == 201 else "done.approve_payment.requested"  # type: ignore[arg-type]
