"""Policies: enrolment, premium, cancellation or lapse, and the roster import."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from api.commands import AdminCommand, Render, versioned
from api.deps import STAFF_ROLES, ClaimsApp, ServicesDep, Staff, audited
from api.policy_import import csv_text, import_roster
from api.schemas.claims import HistoryEntryOut
from api.schemas.history import AsOf, Version, history_entries
from api.schemas.policies import (
    EnrolmentIn,
    HolderKindCode,
    ImportReportOut,
    PoliciesPage,
    PolicyEndIn,
    PolicyOut,
    PolicyStatusCode,
    PolicySummaryOut,
    PremiumIn,
    Product,
)
from domain.application import ClaimsApplication, CommandResult
from domain.policies.policy import Policy
from infra.users import User
from projections import policy_list
from projections.policy_list import PolicyFilter
from projections.status import wait_for

router = APIRouter(prefix="/policies", tags=["policies"])
POLICY_READERS = STAFF_ROLES


def policy_response(
    app: ClaimsApplication, policy: Policy, status: int, position: int | None, at: datetime | None = None
) -> JSONResponse:
    body = PolicyOut.from_standing(app.policy_standing(policy, at), position).model_dump(mode="json")
    return versioned(body, policy.version, f"/policies/{policy.policy_number}", status)


def policy_answer(app: ClaimsApplication, status: int) -> Render:
    """The policy as a command left it (loaded again only for a replayed Idempotency-Key)."""

    def render(result: CommandResult) -> JSONResponse:
        policy = result.subject if isinstance(result.subject, Policy) else app.policy_at(result.aggregate_id, result.version)
        return policy_response(app, policy, status, result.position)

    return render


@router.post("", status_code=201, response_model=PolicyOut, summary="Enrol a policy (admin)")
def enrol(body: EnrolmentIn, cmd: AdminCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.create(app.enrol_policy, body.product, body.plan_code, body.policyholder.to_domain(), body.applied_on,
                      body=body, render=policy_answer(app, 201))


@router.get("", response_model=PoliciesPage, summary="List policies by number (read model), with filters")
def list_policies(
    services: ServicesDep, _: Staff,
    product: Product | None = None,
    status: Annotated[PolicyStatusCode | None, Query()] = None,
    policy_year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    holder_kind: Annotated[HolderKindCode | None, Query()] = None,
    text: Annotated[str | None, Query(max_length=200, description="a policy or member number, or a holder's name")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    position: Annotated[int | None, Query(ge=1, description="wait until the list includes this log position")] = None,
) -> PoliciesPage:
    wait_for(services.pool, "policy_list", position, timeout=services.settings.claims_read_wait_seconds)
    where = PolicyFilter(product=product, status=status, policy_year=policy_year, holder_kind=holder_kind, text=text)
    rows, next_cursor = policy_list.list_policies(services.pool, where, limit, cursor)
    return PoliciesPage(items=[PolicySummaryOut.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/{number}", response_model=PolicyOut, summary="A policy: cover, terms, remaining limits; now or at a past point")
def get_policy(
    number: str, app: ClaimsApp, _: Annotated[User, audited("policy.read", "number", POLICY_READERS)],
    version: Version = None, as_of: AsOf = None,
) -> JSONResponse:
    return policy_response(app, app.get_policy(number, version, as_of), 200, None, at=as_of)


@router.get("/{number}/history", response_model=list[HistoryEntryOut], summary="Every event of a policy, EN/JA")
def policy_history(
    number: str, app: ClaimsApp, _: Annotated[User, audited("policy.history", "number", POLICY_READERS)]
) -> list[HistoryEntryOut]:
    return history_entries(app.policy_history(number))


@router.post("/{number}/premiums", response_model=PolicyOut, summary="Record the premium's bank transfer (admin)")
def receive_premium(number: str, body: PremiumIn, cmd: AdminCommand) -> JSONResponse:
    app = cmd.services.app
    record = partial(app.receive_premium, bank_reference=body.bank_reference)
    return cmd.change(record, number, body.received_on, body.amount_yen, body=body, render=policy_answer(app, 200))


@router.post("/{number}/end", response_model=PolicyOut, summary="Cancel (解約) or lapse (失効) a policy (admin)")
def end_policy(number: str, body: PolicyEndIn, cmd: AdminCommand) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.end_policy, number, body.to_domain(), body=body, render=policy_answer(app, 200))


@router.post("/import", response_model=ImportReportOut, summary="Import enrolments from the society's roster (CSV)",
             openapi_extra={"requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}}})
def import_enrolments(cmd: AdminCommand, text: Annotated[str, Depends(csv_text)]) -> ImportReportOut:
    return import_roster(cmd.services, cmd.user, text)
