"""The administrator's pages of plans: every plan with its current terms, one plan's versions (its
terms per version, which one is current), and the form that publishes a new version — the terms
as data, through the API's schema and the application's `publish_plan_version`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import ServicesDep
from api.schemas.policies import PlanTermsIn
from domain.kernel.actors import Role
from domain.kernel.products import Product
from domain.policies.plans import HEADS_OF_LOSS, MIDTERM_MONTHS, PlanTerms
from infra.sessions import WebSession
from web.forms import Form, FormErrors, attempt, command_context, new_form_key, number, on_the_form, parse, text, then_go
from web.routing import PageRoute
from web.session import page_user
from web.templating import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Admin = Annotated[WebSession, page_user(Role.ADMIN)]
PLANS_PATH = "/web/admin/plans"
AMOUNTS = ("limit_per_claim_yen", "limit_per_year_yen", "deductible_yen", "annual_premium_yen")
PERCENTS = ("coinsurance_percent", "group_discount_percent")


def plan_path(product: str, code: str) -> str:
    return f"{PLANS_PATH}/{product}/{code}"


@router.get(PLANS_PATH)
def plans(request: Request, services: ServicesDep, me: Admin) -> Response:
    by_product = {p: [plan for plan in services.app.plans() if plan.terms.product == p.value] for p in Product}
    return render(request, "admin_plans.html", title="プラン", by_product=by_product)


def as_typed(terms: PlanTerms) -> dict[str, Any]:
    """A version's terms as the form shows them (the amounts as digits)."""
    values: dict[str, Any] = {"name": terms.name, "example": "yes" if terms.example else "no"}
    values |= {name: str(getattr(terms, name)) for name in AMOUNTS + PERCENTS}
    values |= {f"midterm_{m}": str(terms.midterm_premium_yen.get(m, "")) for m in MIDTERM_MONTHS}
    values |= {f"sub_{h}": str(terms.sub_limits_yen[h]) for h in terms.sub_limits_yen}
    return values


def plan_page(request: Request, services: ServicesDep, product: str, code: str, values: dict[str, Any] | None = None,
              errors: FormErrors | None = None) -> Response:
    plan = services.app.get_plan(product, code)
    return render(request, "admin_plan.html", status_code=errors.status if errors else 200, title="プラン", plan=plan,
                  versions=list(enumerate(plan.history, start=1)), months=MIDTERM_MONTHS, heads=HEADS_OF_LOSS,
                  v=values or as_typed(plan.terms), errors=errors or FormErrors(),
                  form_key=(values or {}).get("form_key") or new_form_key())


@router.get(f"{PLANS_PATH}/{{product}}/{{code}}")
def show_plan(product: str, code: str, request: Request, services: ServicesDep, me: Admin) -> Response:
    return plan_page(request, services, product, code)


def terms_typed(form: Form, product: str, code: str) -> dict[str, Any]:
    values: dict[str, Any] = {"product": product, "code": code, "name": text(form, "name"),
                              "example": text(form, "example") == "yes"}
    values |= {name: number(form, name) for name in AMOUNTS + PERCENTS}
    values["midterm_premium_yen"] = {m: number(form, f"midterm_{m}") for m in MIDTERM_MONTHS}
    if product != Product.HARASSMENT.value:
        values["sub_limits_yen"] = {h: number(form, f"sub_{h}") for h in HEADS_OF_LOSS if text(form, f"sub_{h}")}
    return {k: v for k, v in values.items() if v is not None}


@router.post(f"{PLANS_PATH}/{{product}}/{{code}}/versions")
def publish_version(product: str, code: str, request: Request, services: ServicesDep, me: Admin, form: Form) -> Response:
    def run() -> Response:
        body = parse(PlanTermsIn, terms_typed(form, product, code))
        cmd = command_context(services, me, request, form)
        return cmd.create(services.app.publish_plan_version, body.product, body.code, body.to_domain(), body=body,
                          render=then_go(request, lambda _: plan_path(product, code), "done.publish_plan_version"))

    return attempt(run, lambda errors: plan_page(request, services, product, code, dict(form),
                                                 on_the_form(errors, PlanTermsIn)))
