"""The administrator's pages of policies: the list (filters, a text search) with the queue of
applications awaiting their premium, a policy's page (terms, cover, limits left, status) with the
forms it accepts now, the enrolment forms of the three products, the premium's bank transfer and
the end of a policy. Each form calls the application's named command through the API's schemas."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from api.deps import ServicesDep
from api.schemas.policies import EnrolmentIn, PolicyEndIn, PremiumIn
from domain.application import CommandResult
from domain.kernel.actors import Role
from domain.kernel.clock import japan_date
from domain.kernel.history import history_of
from domain.kernel.products import Product
from domain.policies.cover import policy_year_of
from domain.policies.policy import policy_id
from domain.policies.vocabulary import ELIGIBLE_KINDS, HolderKind, PolicyEndKind, PolicyStatus
from infra.chain import verify_record
from infra.sessions import WebSession
from projections import policy_list
from projections.policy_list import PolicyFilter
from web.forms import (
    Form,
    FormErrors,
    attempt,
    command_context,
    japan_instant,
    new_form_key,
    on_the_form,
    parse,
    present,
    text,
    then_go,
    yes_no,
)
from web.forms import number as typed_number  # `number` is a policy's, in these routes
from web.policy_view import PolicyView
from web.routing import PageRoute
from web.session import page_user
from web.templating import render
from web.unreadable import readable_record

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Admin = Annotated[WebSession, page_user(Role.ADMIN)]
POLICIES_PATH = "/web/admin/policies"
ENROL_PATH = "/web/admin/policies/new"
QUEUE_SHOWN = 200  # the oldest applications awaiting their premium, at most


def policy_path(number: str) -> str:
    return f"{POLICIES_PATH}/{number}"


# ---- the list -------------------------------------------------------------------------------


def chosen_or_none(value: str, allowed: list[str]) -> str | None:
    return value if value in allowed else None


@router.get(POLICIES_PATH)
def policies(request: Request, services: ServicesDep, me: Admin,
             product: Annotated[str, Query(max_length=40)] = "", status: Annotated[str, Query(max_length=40)] = "",
             policy_year: Annotated[str, Query(max_length=4)] = "", holder_kind: Annotated[str, Query(max_length=40)] = "",
             q: Annotated[str, Query(max_length=200)] = "", cursor: Annotated[str | None, Query(max_length=500)] = None,
             ) -> Response:
    where = PolicyFilter(product=chosen_or_none(product, [p.value for p in Product]),
                         status=chosen_or_none(status, [s.value for s in PolicyStatus]),
                         policy_year=int(policy_year) if policy_year.isdigit() else None,
                         holder_kind=chosen_or_none(holder_kind, [k.value for k in HolderKind]), text=q or None)
    rows, next_cursor = policy_list.list_policies(services.pool, where, 50, cursor)
    awaiting, _ = policy_list.list_policies(services.pool, PolicyFilter(status=PolicyStatus.AWAITING_PREMIUM.value),
                                            QUEUE_SHOWN, None)
    queue = sorted(awaiting, key=lambda r: (r["applied_on"], r["enrolled_at"]))  # oldest first
    this_year = policy_years(services)
    return render(request, "admin_policies.html", title="保険契約", rows=rows, next_cursor=next_cursor, queue=queue,
                  products=list(Product), statuses=list(PolicyStatus), kinds=list(HolderKind), years=this_year,
                  f={"product": product, "status": status, "policy_year": policy_year, "holder_kind": holder_kind, "q": q},
                  filtered=any((product, status, policy_year, holder_kind, q)))


def policy_years(services: ServicesDep) -> list[int]:
    """The policy years a filter offers: the current one and the four before it, and the next."""
    current = policy_year_of(services.app.clock())
    return list(range(current + 1, current - 5, -1))


# ---- enrolment ------------------------------------------------------------------------------


def enrol_form(request: Request, services: ServicesDep, product: str, values: dict[str, Any] | None = None,
               errors: FormErrors | None = None) -> Response:
    chosen = Product(product) if product in [p.value for p in Product] else Product.HARASSMENT
    plans = [p for p in services.app.plans() if p.terms.product == chosen.value]
    today = japan_date(services.app.clock()).isoformat()
    kinds = ELIGIBLE_KINDS[chosen]
    v = values or {"applied_on": today, "kind": kinds[0].value, "plan_code": plans[0].terms.code if plans else ""}
    return render(request, "admin_enrol.html", status_code=errors.status if errors else 200, title="加入の登録",
                  product=chosen, products=list(Product), plans=plans, kinds=kinds, v=v, errors=errors or FormErrors(),
                  form_key=v.get("form_key") or new_form_key())


@router.get(ENROL_PATH)
def new_policy(request: Request, services: ServicesDep, me: Admin,
               product: Annotated[str, Query(max_length=40)] = "harassment") -> Response:
    return enrol_form(request, services, product)


def holder_fields(form: Form, kind: str | None) -> dict[str, Any]:
    clinic = kind == HolderKind.CLINIC.value
    return present(member_number=text(form, "member_number"), name=text(form, "name"), kind=kind,
                   clinic_id=text(form, "clinic_id") if clinic else None,
                   clinic_name=text(form, "clinic_name") if clinic else None,
                   applicant_is_founder=yes_no(form, "applicant_is_founder") if clinic else None)


@router.post(ENROL_PATH)
def enrol(request: Request, services: ServicesDep, me: Admin, form: Form) -> Response:
    product = text(form, "product") or ""

    def run() -> Response:
        body = parse(EnrolmentIn, present(product=product, plan_code=text(form, "plan_code"),
                                          applied_on=text(form, "applied_on"),
                                          policyholder=holder_fields(form, text(form, "kind"))))
        cmd = command_context(services, me, request, form)
        return cmd.create(services.app.enrol_policy, body.product, body.plan_code, body.policyholder.to_domain(),
                          body.applied_on, body=body,
                          render=then_go(request, lambda r: policy_path(number_of(services, r)), "done.enrol_policy"))

    return attempt(run, lambda errors: enrol_form(request, services, product, dict(form),
                                                  on_the_form(holders_fields(errors), EnrolmentIn)))


HOLDER_FIELDS = ("member_number", "name", "kind", "clinic_id", "clinic_name", "applicant_is_founder")


def holders_fields(errors: FormErrors) -> FormErrors:
    """The domain names a holder's field as itself (`clinic_id`); the form, under `policyholder`."""
    errors.by_field = {f"policyholder.{k}" if k in HOLDER_FIELDS else k: m for k, m in errors.by_field.items()}
    return errors


def number_of(services: ServicesDep, result: CommandResult) -> str:
    policy = result.subject or services.app.policy_at(result.aggregate_id)
    return policy.policy_number


# ---- one policy -----------------------------------------------------------------------------


def policy_page(request: Request, services: ServicesDep, me: WebSession, number: str, errors: FormErrors | None = None,
                form: dict | None = None, section: str | None = None) -> Response:
    return readable_record(request, services, policy_id(number), "この保険契約",
                           lambda: _policy_page(request, services, me, number, errors, form, section))


def _policy_page(request: Request, services: ServicesDep, me: WebSession, number: str, errors: FormErrors | None,
                 form: dict | None, section: str | None) -> Response:
    app = services.app
    policy = app.get_policy(number)
    services.access_log.record(me.user.user_id, me.user.role.value, "policy.page", policy.policy_number, {"page": "policy"})
    now = app.clock()
    view = PolicyView(app.policy_standing(policy), me.user, now)
    timeline = list(reversed(history_of(app.policy_history(number))))
    today = japan_date(now)
    defaults = {"received_on": today.isoformat(), "amount_yen": f"{view.premium_today.due_yen}",
                "end_kind": PolicyEndKind.CANCELLED.value, "effective_on": today.isoformat(), "effective_time": "16:00"}
    return render(request, "admin_policy.html", status_code=errors.status if errors else 200, title="保険契約",
                  policy=policy, view=view, standing=view.standing, timeline=timeline, errors=errors or FormErrors(),
                  no_errors=FormErrors(), v=form or {}, section=section, defaults=defaults, form_key=new_form_key(),
                  end_kinds=list(PolicyEndKind), quotes=premium_quotes(view, today),
                  chain=verify_record(services.pool, policy.id), record_name="この保険契約")


def premium_quotes(view: PolicyView, today: date) -> list[Any]:
    """What a transfer arriving today, or on the 1st of next month, buys (the cut-off rule's answer)."""
    first_next = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    return [view.premium_if_received(today), view.premium_if_received(first_next)]


@router.get(f"{POLICIES_PATH}/{{number}}")
def show_policy(number: str, request: Request, services: ServicesDep, me: Admin) -> Response:
    return policy_page(request, services, me, number)


def on_policy_form(request: Request, services: ServicesDep, me: WebSession, number: str, form: Form, section: str,
                   schema: type[BaseModel], run: Any) -> Response:
    return attempt(run, lambda errors: policy_page(request, services, me, number, on_the_form(errors, schema), dict(form),
                                                   section))


@router.post(f"{POLICIES_PATH}/{{number}}/premium")
def receive_premium(number: str, request: Request, services: ServicesDep, me: Admin, form: Form) -> Response:
    def run() -> Response:
        body = parse(PremiumIn, present(received_on=text(form, "received_on"), amount_yen=typed_number(form, "amount_yen"),
                                        bank_reference=text(form, "bank_reference")))
        cmd = command_context(services, me, request, form)
        record = partial(services.app.receive_premium, bank_reference=body.bank_reference)
        return cmd.change(record, number, body.received_on, body.amount_yen, body=body,
                          render=then_go(request, lambda _: policy_path(number), "done.receive_premium"))

    return on_policy_form(request, services, me, number, form, "premium", PremiumIn, run)


@router.post(f"{POLICIES_PATH}/{{number}}/end")
def end_policy(number: str, request: Request, services: ServicesDep, me: Admin, form: Form) -> Response:
    def run() -> Response:
        body = parse(PolicyEndIn, present(kind=text(form, "end_kind"), reason=text(form, "reason"),
                                          effective_at=japan_instant(form, "effective_on", "effective_time")))
        cmd = command_context(services, me, request, form)
        return cmd.change(services.app.end_policy, number, body.to_domain(), body=body,
                          render=then_go(request, lambda _: policy_path(number), "done.end_policy"))

    return on_policy_form(request, services, me, number, form, "end", PolicyEndIn, run)

