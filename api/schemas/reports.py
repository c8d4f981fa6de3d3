"""Response shapes of the queues, reports and operations endpoints (all read models)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.cases import CaseSummaryOut
from projections.work_queue import QUEUES, QUIET_QUEUE

Queue = Literal[(*QUEUES, QUIET_QUEUE)]  # type: ignore[valid-type]


class QueueItemOut(CaseSummaryOut):
    waiting_since: datetime = Field(description="when it entered the queue (or, without consultation: the last one)")
    last_consultation_at: datetime | None
    idle_days: int = Field(description="whole days since the last activity on it, Japan time")


class QueuePage(BaseModel):
    queue: Queue
    items: list[QueueItemOut]
    next_cursor: str | None


class QueueCountOut(BaseModel):
    queue: Queue
    role: str
    count: int


class PayoutEntryOut(BaseModel):
    position: int = Field(description="log position of the approval or settlement")
    case_id: UUID
    kind: Literal["case", "incident"]
    product: str
    policy_ref: str
    payment_number: int
    entry: Literal["approved", "settled"]
    amount_yen: int
    head: str | None
    booked_on: date = Field(description="Japan date approved, or the transfer date")
    fiscal_year: int = Field(description="April–March year of booked_on")
    recorded_at: datetime
    actor_id: str


class PayoutsPage(BaseModel):
    items: list[PayoutEntryOut]
    next_cursor: str | None


class PayoutTotalOut(BaseModel):
    key: str = Field(description="the case id, policy number, product or fiscal year")
    approved_yen: int
    settled_yen: int
    outstanding_yen: int = Field(description="approved and not yet settled")
    payments_approved: int
    payments_settled: int


class PayoutTotalsPage(BaseModel):
    by: Literal["case", "policy", "product", "fiscal_year"]
    items: list[PayoutTotalOut]
    next_cursor: str | None


class ClaimCoverageOut(BaseModel):
    claim_id: str
    approved_yen: int
    settled_yen: int
    remaining_for_claim_yen: int


class CoverageOut(BaseModel):
    policy_number: str
    product: str
    plan_code: str
    policy_year: int | None
    status: str
    limit_per_claim_yen: int
    limit_per_year_yen: int
    approved_yen: int
    settled_yen: int
    remaining_for_year_yen: int
    claims: list[ClaimCoverageOut] = []


class CoveragePage(BaseModel):
    items: list[CoverageOut]
    next_cursor: str | None


class ConsultationCountOut(BaseModel):
    month: date = Field(description="first day of the Japan month")
    category: str
    channel: str
    consultations: int


class ReadModelStatusOut(BaseModel):
    position: int
    lag: int = Field(description="events in the log not yet in this read model")
    runner: Literal["starting", "standby", "running", "stuck", "stopped", "external"]
    restarts: int
    stuck_after_position: int | None = Field(
        default=None, description="stuck: it keeps failing on the first event after this log position")
    last_error: str | None = Field(default=None, description="the type of the last error (never its message)")


class HealthOut(BaseModel):
    status: Literal["ok", "degraded", "database_down"] = Field(
        description="degraded: a read model is stuck; database_down: the database does not answer (HTTP 503)")
    log_head: int | None
    read_models: dict[str, ReadModelStatusOut]


class ReserveLineOut(BaseModel):
    key: str = Field(description="the product, accident year (April–March of occurrence), policy number or claim id")
    outstanding_yen: int = Field(description="the outstanding reserve (支払備金) as it stood")
    paid_yen: int = Field(description="payments approved by then")
    incurred_yen: int = Field(description="paid + outstanding")
    claims: int = Field(description="claims with a reserve or a payment by then")


class ReserveReportOut(BaseModel):
    by: Literal["product", "fiscal_year", "policy", "claim"]
    as_at: datetime | None = Field(description="the moment the figures stood at (null: now)")
    items: list[ReserveLineOut]
    totals: ReserveLineOut
