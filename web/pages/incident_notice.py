"""The notice of circumstances (事故の通知) that opens a cyber incident, before any claim exists:
the policy found as you type, both products' incident kinds grouped, open to the concierge and
the adjuster. It runs the application's open_incident through the API's IncidentNoticeIn."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import ServicesDep
from api.schemas.incidents import IncidentNoticeIn
from domain.cyber.vocabulary import BUSINESS_SCOPE, INCIDENT_KINDS, Business, InsuredParty
from domain.kernel.products import CYBER_PRODUCTS
from infra.sessions import WebSession
from projections.policy_list import find_policies
from web.forms import (
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
from web.navigation import INCIDENT_REPORTERS, NEW_INCIDENT_PATH
from web.pages.incidents import incident_path, on_the_form
from web.routing import PageRoute
from web.session import page_user
from web.templating import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Reporter = Annotated[WebSession, page_user(*INCIDENT_REPORTERS)]


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
