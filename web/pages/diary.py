"""The diary's pages: what is due for me (overdue, today, later), a role's overdue activities,
and planning, completing, rescheduling and reassigning an activity — each form calls the
application's named command, as the JSON API does, through the API's own schemas."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from api.commands import Command
from api.deps import ServicesDep
from api.schemas.diary import ActivityIn, DoneIn, ReassignIn, RescheduleIn
from domain.kernel.actors import Role
from domain.kernel.clock import japan_date
from domain.kernel.errors import InvalidInput
from infra.sessions import WebSession
from projections import diary as diary_model
from web.forms import Form, FormErrors, attempt, command_context, new_form_key, on_the_form, parse, present, text, then_go
from web.routing import PageRoute
from web.session import PageForbidden, page_user
from web.templating import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Worker = Annotated[WebSession, page_user(Role.CONCIERGE, Role.ADJUSTER)]
Reader = Annotated[WebSession, page_user(Role.CONCIERGE, Role.ADJUSTER, Role.AUDITOR)]
DIARY_PATH = "/web/diary"
WORKER_ROLES = (Role.CONCIERGE, Role.ADJUSTER)


def today() -> date:
    return japan_date(datetime.now(UTC))


def back_to(form: Form) -> str:
    """Where a diary form returns: the page it was on (a case's or incident's, or the diary), never elsewhere."""
    wanted = text(form, "back") or DIARY_PATH
    return wanted if wanted.startswith("/web/") and "//" not in wanted and "\\" not in wanted else DIARY_PATH


def diary_page(request: Request, services: ServicesDep, me: WebSession, errors: FormErrors | None = None,
               form: dict | None = None, section: str | None = None) -> Response:
    day = today()
    rows = diary_model.due_for(services.pool, me.user.user_id, me.user.role.value, day)
    groups = {when: [r for r in rows if r["when"] == when] for when in ("overdue", "today", "later")}
    return render(request, "diary.html", status_code=errors.status if errors else 200, title="予定表", groups=groups,
                  today=day, errors=errors or FormErrors(), no_errors=FormErrors(), v=form or {}, section=section,
                  form_key=new_form_key(), roles=list(WORKER_ROLES),
                  defaults={"due_on": (day + timedelta(days=1)).isoformat(), "assignee": "me"})


@router.get(DIARY_PATH)
def my_diary(request: Request, services: ServicesDep, me: Worker) -> Response:
    return diary_page(request, services, me)


@router.get(f"{DIARY_PATH}/overdue")
def overdue(request: Request, services: ServicesDep, me: Reader,
            role: Annotated[Literal["concierge", "adjuster"] | None, Query()] = None) -> Response:
    wanted = Role(role or (me.user.role.value if me.user.role in WORKER_ROLES else Role.ADJUSTER.value))
    if me.user.role != Role.AUDITOR and wanted != me.user.role:
        raise PageForbidden((wanted, Role.AUDITOR))
    rows = diary_model.overdue_of_role(services.pool, wanted.value, today())
    return render(request, "diary_overdue.html", title="期限切れの予定", rows=rows, role=wanted,
                  roles=list(WORKER_ROLES) if me.user.role == Role.AUDITOR else [])


def _on_form(request: Request, services: ServicesDep, me: WebSession, form: Form, section: str,
             schema: type[BaseModel], flash: str, command: Callable[[], tuple[Command, tuple, BaseModel]],
             creates: bool = False) -> Response:
    """Run a diary form; back to the page it came from. Refused: the diary again, the reason by the field."""

    def run() -> Response:
        call, args, body = command()
        cmd = command_context(services, me, request, form)
        go = then_go(request, lambda _: back_to(form), flash)
        return cmd.create(call, *args, body=body, render=go) if creates else cmd.change(call, *args, body=body, render=go)

    return attempt(run, lambda errors: page_again(request, services, me, form, on_the_form(errors, schema), section))


def page_again(request: Request, services: ServicesDep, me: WebSession, form: Form, errors: FormErrors,
               section: str) -> Response:
    """The page the refused form was on — a case's, an incident's, or the diary — with the reason by the field."""
    from web.pages.cases import case_page
    from web.pages.incidents import incident_page

    kind, _, claim = back_to(form).removeprefix("/web/").partition("/")
    pages = {"cases": case_page, "incidents": incident_page}
    try:
        claim_id = UUID(claim.split("#")[0])
    except ValueError:
        claim_id = None
    if kind in pages and claim_id is not None:
        return pages[kind](request, services, me, claim_id, errors, dict(form), section)
    return diary_page(request, services, me, errors, dict(form), section)


def _assignee(me: WebSession, form: Form) -> tuple[str | None, str | None]:
    """「自分」, 「自分の役割」 or another role, as the form offers them."""
    chosen = text(form, "assignee") or "me"
    if chosen == "me":
        return me.user.role.value, me.user.user_id
    if chosen in ("concierge", "adjuster"):
        return chosen, None
    raise InvalidInput("assignee: me, concierge or adjuster", field="assignee_role", reason="not_a_choice")


@router.post(DIARY_PATH)
def plan(request: Request, services: ServicesDep, me: Worker, form: Form) -> Response:
    def command() -> tuple[Command, tuple, BaseModel]:
        role, user = _assignee(me, form)
        claim = text(form, "claim_id")
        body = parse(ActivityIn, present(subject=text(form, "subject"), due_on=text(form, "due_on"),
                                         assignee_role=role, assignee_user=user, claim_id=claim,
                                         claim_kind=text(form, "claim_kind") if claim else None))
        return services.app.plan_activity, (body.to_domain(),), body

    return _on_form(request, services, me, form, "plan", ActivityIn, "done.plan_activity", command, creates=True)


@router.post(DIARY_PATH + "/{activity_id}/done")
def complete(activity_id: UUID, request: Request, services: ServicesDep, me: Worker, form: Form) -> Response:
    def command() -> tuple[Command, tuple, BaseModel]:
        body = parse(DoneIn, present(note=text(form, "note")))
        return services.app.complete_activity, (activity_id, body.note), body

    return _on_form(request, services, me, form, f"done-{activity_id}", DoneIn, "done.complete_activity", command)


@router.post(DIARY_PATH + "/{activity_id}/reschedule")
def reschedule(activity_id: UUID, request: Request, services: ServicesDep, me: Worker, form: Form) -> Response:
    def command() -> tuple[Command, tuple, BaseModel]:
        body = parse(RescheduleIn, present(due_on=text(form, "due_on"), reason=text(form, "reason")))
        return services.app.reschedule_activity, (activity_id, body.due_on, body.reason), body

    return _on_form(request, services, me, form, f"move-{activity_id}", RescheduleIn, "done.reschedule_activity",
                    command)


@router.post(DIARY_PATH + "/{activity_id}/reassign")
def reassign(activity_id: UUID, request: Request, services: ServicesDep, me: Worker, form: Form) -> Response:
    def command() -> tuple[Command, tuple, BaseModel]:
        body = parse(ReassignIn, present(assignee_role=text(form, "assignee_role"), assignee_user=text(form, "assignee_user"),
                                         reason=text(form, "reason")))
        if body.assignee_user is not None and not services.users.exists(body.assignee_user):
            raise InvalidInput(f"there is no user {body.assignee_user}", field="assignee_user", reason="unknown_user")
        return services.app.reassign_activity, (activity_id, body.assignee(), body.reason), body

    return _on_form(request, services, me, form, f"give-{activity_id}", ReassignIn, "done.reassign_activity", command)
