"""Reports from the read models: payouts and their totals, remaining coverage, consultation counts."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from api.deps import Reader, ServicesDep, require_role
from api.schemas.common import Day, Instant
from api.schemas.policies import Product
from api.schemas.reports import (
    ConsultationCountOut,
    CoverageOut,
    CoveragePage,
    PayoutEntryOut,
    PayoutsPage,
    PayoutTotalOut,
    PayoutTotalsPage,
    ReserveLineOut,
    ReserveReportOut,
)
from domain.kernel.actors import Role
from domain.kernel.errors import InvalidInput
from domain.policies.errors import PolicyNotFound
from projections import consultation_stats as consultations_model
from projections import coverage as coverage_model
from projections import payouts as payouts_model
from projections import reserves as reserves_model
from projections import status
from projections.payouts import PayoutFilter

router = APIRouter(prefix="/reports", tags=["reports"])
PaymentsReader = Annotated[Any, Depends(require_role(Role.ADJUSTER, Role.AUDITOR))]
Limit = Annotated[int, Query(ge=1, le=500)]
Cursor = Annotated[str | None, Query(max_length=500)]
Position = Annotated[int | None, Query(ge=1, description="wait until the report includes this log position")]
FiscalYear = Annotated[int | None, Query(ge=2000, le=2100, description="April–March year, e.g. 2026 = 2026-04…2027-03")]


def _fresh(services: Any, name: str, position: int | None) -> None:
    status.wait_for(services.pool, name, position, services.settings.claims_read_wait_seconds)


@router.get("/payouts", response_model=PayoutsPage, summary="Payments approved and settled, in log order")
def payouts(
    services: ServicesDep, _: PaymentsReader, case_id: UUID | None = None,
    policy_ref: Annotated[str | None, Query(max_length=200)] = None, product: Product | None = None,
    fiscal_year: FiscalYear = None, entry: Literal["approved", "settled"] | None = None,
    limit: Limit = 100, cursor: Cursor = None, position: Position = None,
) -> PayoutsPage:
    _fresh(services, "payouts", position)
    where = PayoutFilter(case_id, policy_ref, product, fiscal_year, entry)
    rows, next_cursor = payouts_model.payout_entries(services.pool, where, limit, cursor)
    return PayoutsPage(items=[PayoutEntryOut.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/payout-totals", response_model=PayoutTotalsPage, summary="Totals by case, policy, product or fiscal year")
def payout_totals(
    services: ServicesDep, _: PaymentsReader, by: Literal["case", "policy", "product", "fiscal_year"],
    product: Product | None = None, fiscal_year: FiscalYear = None,
    policy_ref: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100, cursor: Cursor = None, position: Position = None,
) -> PayoutTotalsPage:
    _fresh(services, "payouts", position)
    where = PayoutFilter(policy_ref=policy_ref, product=product, fiscal_year=fiscal_year)
    rows, next_cursor = payouts_model.payout_totals(services.pool, by, where, limit, cursor)
    return PayoutTotalsPage(by=by, items=[PayoutTotalOut.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/coverage", response_model=CoveragePage, summary="Limits, approved, settled and remaining per policy")
def coverage_list(
    services: ServicesDep, _: Reader, policy_year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    product: Product | None = None, limit: Limit = 100, cursor: Cursor = None, position: Position = None,
) -> CoveragePage:
    _fresh(services, "coverage", position)
    rows, next_cursor = coverage_model.coverage_list(services.pool, policy_year, product, limit, cursor)
    return CoveragePage(items=[CoverageOut.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/coverage/{policy_number}", response_model=CoverageOut, summary="One policy's limits, per claim too")
def coverage(policy_number: str, services: ServicesDep, _: Reader, position: Position = None) -> CoverageOut:
    _fresh(services, "coverage", position)
    found = coverage_model.coverage_of(services.pool, policy_number)
    if found is None:
        raise PolicyNotFound(f"no policy {policy_number} in the coverage read model", field="policy_number")
    return CoverageOut.model_validate(found)


@router.get("/consultations", response_model=list[ConsultationCountOut], summary="Consultations by month, category, channel")
def consultations(
    services: ServicesDep, _: Reader, from_month: date | None = None, to_month: date | None = None,
    category: Annotated[str | None, Query(max_length=100)] = None,
    channel: Annotated[str | None, Query(max_length=100)] = None, position: Position = None,
) -> list[ConsultationCountOut]:
    _fresh(services, "consultation_stats", position)
    rows = consultations_model.consultation_stats(services.pool, from_month, to_month, category, channel)
    return [ConsultationCountOut.model_validate(r) for r in rows]


@router.get("/reserves", response_model=ReserveReportOut,
            summary="Outstanding reserves (支払備金), paid and incurred — now, or as they stood at a date or instant")
def reserves(
    services: ServicesDep, _: PaymentsReader, by: Literal["product", "fiscal_year", "policy", "claim"] = "product",
    product: Product | None = None, fiscal_year: FiscalYear = None,
    policy_ref: Annotated[str | None, Query(max_length=200)] = None,
    on: Annotated[Day | None, Query(description="as at the end of this Japan date, e.g. 2026-03-31 (fiscal year end)")] = None,
    as_at: Annotated[Instant | None, Query(description="as at this instant (with offset)")] = None,
    position: Position = None,
) -> ReserveReportOut:
    if on is not None and as_at is not None:
        raise InvalidInput("ask for a date (on) or an instant (as_at), not both", field="as_at", reason="both_given")
    _fresh(services, "reserves", position)
    moment = reserves_model.end_of_japan_day(on) if on is not None else as_at
    where = reserves_model.ReserveFilter(product=product, fiscal_year=fiscal_year, policy_ref=policy_ref)
    rows, totals = reserves_model.reserve_report(services.pool, by, where, moment)
    return ReserveReportOut(by=by, as_at=moment, items=[ReserveLineOut.model_validate(r) for r in rows],
                            totals=ReserveLineOut(key="total", **totals))
