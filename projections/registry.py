"""Every read model: its projection, its view and the tables it owns (rebuild empties them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.projection import Projection

from projections.audit_log import AuditLogProjection
from projections.case_list import CaseListProjection, CaseListView
from projections.consultation_stats import ConsultationStatsProjection
from projections.coverage import CoverageProjection
from projections.payouts import PayoutsProjection
from projections.policy_list import PolicyListProjection
from projections.reserves import ReservesProjection
from projections.sql_view import SqlView
from projections.work_queue import WorkQueueProjection, WorkQueueView


@dataclass(frozen=True)
class ReadModel:
    projection: type[Projection[Any]]
    view: type[PostgresTrackingRecorder]
    tables: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.projection.name

    @property
    def tracking_table(self) -> str:
        return f"{self.name}_tracking"  # the library's default name for a projection's tracking


READ_MODELS: dict[str, ReadModel] = {
    model.name: model
    for model in (
        ReadModel(CaseListProjection, CaseListView, ("case_list",)),
        ReadModel(WorkQueueProjection, WorkQueueView, ("work_queue",)),
        ReadModel(PayoutsProjection, SqlView, ("payouts", "payout_subjects")),
        ReadModel(CoverageProjection, SqlView, ("coverage_claims", "coverage_policies")),
        ReadModel(AuditLogProjection, SqlView, ("audit_log",)),
        ReadModel(ConsultationStatsProjection, SqlView, ("consultation_stats", "consultation_cases")),
        ReadModel(PolicyListProjection, SqlView, ("policy_list",)),
        ReadModel(ReservesProjection, SqlView, ("reserve_movements", "reserve_subjects")),
    )
}


def read_model(name: str) -> ReadModel:
    try:
        return READ_MODELS[name]
    except KeyError:
        raise ValueError(f"no read model {name!r}; known: {', '.join(READ_MODELS)}") from None
