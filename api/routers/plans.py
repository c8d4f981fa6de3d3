"""Plans: their terms as data; an admin publishes new versions."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.commands import AdminCommand, Render, versioned
from api.deps import ClaimsApp, Staff
from api.schemas.policies import PlanOut, PlanTermsIn, Product
from domain.application import ClaimsApplication, CommandResult
from domain.policies.plans import Plan

router = APIRouter(prefix="/plans", tags=["plans"])


def plan_out(plan: Plan) -> PlanOut:
    return PlanOut.model_validate({**plan.terms.as_dict(), "version": plan.terms_version})


def plan_answer(app: ClaimsApplication, status: int) -> Render:
    def render(result: CommandResult) -> JSONResponse:
        plan = result.subject if isinstance(result.subject, Plan) else app.plan_at(result.aggregate_id, result.version)
        location = f"/plans/{plan.terms.product}/{plan.terms.code}"
        return versioned(plan_out(plan).model_dump(mode="json"), plan.version, location, status)

    return render


@router.get("", response_model=list[PlanOut], summary="Every plan's current terms")
def list_plans(app: ClaimsApp, _: Staff) -> list[PlanOut]:
    return [plan_out(plan) for plan in app.plans()]


@router.get("/{product}/{code}", response_model=PlanOut, summary="One plan's current terms")
def get_plan(product: Product, code: str, app: ClaimsApp, _: Staff) -> PlanOut:
    return plan_out(app.get_plan(product, code))


@router.post("", status_code=201, response_model=PlanOut, summary="Publish a new plan (admin)")
def publish_plan(body: PlanTermsIn, cmd: AdminCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.create(app.publish_plan, body.to_domain(), body=body, render=plan_answer(app, 201))


@router.post("/{product}/{code}/versions", status_code=201, response_model=PlanOut,
             summary="Publish a new version of the plan in the path (admin); issued policies keep their terms")
def publish_plan_version(product: Product, code: str, body: PlanTermsIn, cmd: AdminCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.create(app.publish_plan_version, product, code, body.to_domain(), body=body, render=plan_answer(app, 201))
