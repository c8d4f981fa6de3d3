"""The diary: what is due for me and my role, the overdue queue of a role, a claim's activities;
planning, completing, reassigning and rescheduling an activity (read model `diary`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from api.commands import CommandContext, Render, command_context, versioned
from api.deps import ServicesDep, require_role
from api.schemas.diary import ActivityIn, ActivityOut, DiaryOut, DoneIn, ReassignIn, RescheduleIn, WorkerRole
from domain.application import ClaimsApplication, CommandResult
from domain.kernel.actors import Role
from domain.kernel.clock import japan_date
from domain.kernel.errors import InvalidInput
from projections import diary as diary_model
from projections import status

router = APIRouter(prefix="/diary", tags=["diary"])
DiaryReader = Annotated[Any, Depends(require_role(Role.CONCIERGE, Role.ADJUSTER, Role.AUDITOR))]
Worker = Annotated[CommandContext, Depends(command_context(Role.CONCIERGE, Role.ADJUSTER))]
Position = Annotated[int | None, Query(ge=1, description="wait until the diary includes this log position")]


def _today() -> Any:
    return japan_date(datetime.now(UTC))


def _fresh(services: Any, position: int | None) -> None:
    status.wait_for(services.pool, "diary", position, services.settings.claims_read_wait_seconds)


def activity_answer(app: ClaimsApplication, status_code: int) -> Render:
    def render(result: CommandResult) -> JSONResponse:
        activity = app.get_activity(result.aggregate_id)
        body = {"id": str(activity.id), "version": activity.version, "status": activity.status,
                "due_on": activity.due_on.isoformat(), "assignee_role": activity.assignee_role,
                "assignee_user": activity.assignee_user, "log_position": result.position}
        return versioned(body, activity.version, f"/diary/{activity.id}", status_code)

    return render


def _check_assignee(services: Any, user_id: str | None) -> None:
    if user_id is not None and not services.users.exists(user_id):
        raise InvalidInput(f"there is no user {user_id}", field="assignee_user", reason="unknown_user")


@router.get("", response_model=DiaryOut, summary="What is due for you: yours and your role's, oldest due first")
def my_diary(services: ServicesDep, user: DiaryReader, position: Position = None) -> DiaryOut:
    _fresh(services, position)
    today = _today()
    rows = diary_model.due_for(services.pool, user.user_id, user.role.value, today)
    counts = diary_model.counts_for(services.pool, user.user_id, user.role.value, today)
    return DiaryOut(today=today, overdue=counts["overdue"], due_today=counts["today"], later=counts["later"],
                    items=[ActivityOut.model_validate(r) for r in rows])


@router.get("/overdue", response_model=list[ActivityOut], summary="A role's overdue activities (its people's too)")
def overdue(services: ServicesDep, user: DiaryReader, role: WorkerRole | None = None,
            position: Position = None) -> list[ActivityOut]:
    wanted = role or user.role.value
    if user.role != Role.AUDITOR and wanted != user.role.value:
        raise InvalidInput("you see your own role's overdue activities", field="role", reason="not_your_role")
    _fresh(services, position)
    return [ActivityOut.model_validate(r) for r in diary_model.overdue_of_role(services.pool, wanted, _today())]


@router.get("/claims/{claim_id}", response_model=list[ActivityOut], summary="A case's or incident's activities")
def of_claim(claim_id: UUID, services: ServicesDep, _: DiaryReader, position: Position = None) -> list[ActivityOut]:
    _fresh(services, position)
    return [ActivityOut.model_validate(r) for r in diary_model.of_claim(services.pool, str(claim_id), _today())]


@router.post("", status_code=201, summary="Plan an activity (concierge, adjuster)")
def plan(body: ActivityIn, cmd: Worker) -> JSONResponse:
    _check_assignee(cmd.services, body.assignee_user)
    app = cmd.services.app
    return cmd.create(app.plan_activity, body.to_domain(), body=body, render=activity_answer(app, 201))


@router.post("/{activity_id}/done", summary="Mark an activity done, with a note")
def complete(activity_id: UUID, body: DoneIn, cmd: Worker) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.complete_activity, activity_id, body.note, body=body, render=activity_answer(app, 200))


@router.post("/{activity_id}/reassign", summary="Give an activity to another person or role, with a reason")
def reassign(activity_id: UUID, body: ReassignIn, cmd: Worker) -> JSONResponse:
    _check_assignee(cmd.services, body.assignee_user)
    app = cmd.services.app
    return cmd.change(app.reassign_activity, activity_id, body.assignee(), body.reason, body=body,
                      render=activity_answer(app, 200))


@router.post("/{activity_id}/reschedule", summary="Move an activity's due date, with a reason")
def reschedule(activity_id: UUID, body: RescheduleIn, cmd: Worker) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.reschedule_activity, activity_id, body.due_on, body.reason, body=body,
                      render=activity_answer(app, 200))
