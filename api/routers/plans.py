"""Plans: their terms as data; an admin publishes new versions."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.commands import AdminCommand, CommandContext, versioned
from api.deps import ClaimsApp, Staff
from api.schemas.policies import PlanOut, PlanTermsIn, Product
from domain.application import CommandResult
from domain.plans import Plan

router = APIRouter(prefix="/plans", tags=["plans"])


def plan_out(plan: Plan) -> PlanOut:
    return PlanOut.model_validate({**plan.terms.as_dict(), "version": plan.terms_version})


def render_plan(cmd: CommandContext, status: int):
    def render(result: CommandResult) -> JSONResponse:
        plan = cmd.services.app.repository.get(result.aggregate_id, version=result.version)
        location = f"/plans/{plan.terms.product}/{plan.terms.code}"
        return versioned(plan_out(plan).model_dump(mode="json"), plan.version, location, status)

    return render


@router.get("", response_model=list[PlanOut], summary="Every plan's current terms")
def list_plans(app: ClaimsApp, _: Staff) -> list[PlanOut]:
    return [plan_out(app.repository.get(plan_id)) for plan_id in app.plan_ids()]


@router.get("/{product}/{code}", response_model=PlanOut, summary="One plan's current terms")
def get_plan(product: Product, code: str, app: ClaimsApp, _: Staff) -> PlanOut:
    return plan_out(app.get_plan(product, code))


@router.post("", status_code=201, response_model=PlanOut, summary="Publish a new plan (admin)")
def publish_plan(body: PlanTermsIn, cmd: AdminCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.run(body, lambda _idem: app.publish_plan(body.to_domain(), cmd.actor, new=True), render_plan(cmd, 201))


@router.post("/{product}/{code}/versions", status_code=201, response_model=PlanOut,
             summary="Publish a new version of a plan (admin); issued policies keep their terms")
def publish_plan_version(product: Product, code: str, body: PlanTermsIn, cmd: AdminCommand) -> JSONResponse:
    terms = body.to_domain()
    app = cmd.services.app
    app.get_plan(product, code)  # 404 if unknown
    return cmd.run(body, lambda _idem: app.publish_plan(terms, cmd.actor, new=False), render_plan(cmd, 201))
