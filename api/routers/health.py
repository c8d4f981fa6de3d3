"""Liveness with each read model's lag, and Prometheus metrics."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from api.deps import ServicesDep, require_role
from api.errors import RETRY_AFTER_SECONDS
from api.schemas.reports import HealthOut, ReadModelStatusOut
from api.services import Services
from domain.kernel.actors import Role
from infra.database import DATABASE_DOWN
from projections import status

router = APIRouter(tags=["operations"])
Monitor = Annotated[Any, Depends(require_role(Role.MONITOR, Role.ADMIN))]


def read_model_status(services: Services) -> tuple[int, dict[str, ReadModelStatusOut]]:
    head = status.log_head(services.pool)
    runners = {r.name: r for r in services.runners}
    out = {}
    for name, position in status.positions(services.pool).items():
        runner = runners.get(name)
        out[name] = ReadModelStatusOut(
            position=position, lag=max(head - position, 0), runner=runner.state if runner else "external",
            restarts=runner.restarts if runner else 0, last_error=runner.last_error if runner else None,
            stuck_after_position=runner.failing_after if runner and runner.stuck else None,
        )
    return head, out


def health_report(services: Services) -> HealthOut:
    """ok, degraded (a read model is stuck) or database_down — the last found within a second."""
    try:
        with services.pool.connection(timeout=1.0) as conn:
            conn.execute("SELECT 1")
        head, models = read_model_status(services)
    except DATABASE_DOWN:
        return HealthOut(status="database_down", log_head=None, read_models={})
    stuck = any(m.stuck_after_position is not None for m in models.values())
    return HealthOut(status="degraded" if stuck else "ok", log_head=head, read_models=models)


@router.get("/health", response_model=HealthOut, summary="Up, with the log head and each read model's lag (no auth)",
            responses={503: {"model": HealthOut, "description": "the database does not answer"}})
def health(services: ServicesDep) -> JSONResponse:
    report = health_report(services)
    down = report.status == "database_down"
    return JSONResponse(report.model_dump(mode="json"), status_code=503 if down else 200,
                        headers={"Retry-After": str(RETRY_AFTER_SECONDS)} if down else None)


class _Collector:
    def __init__(self, services: Services) -> None:
        self.services = services

    def collect(self) -> Any:
        head, models = read_model_status(self.services)
        yield GaugeMetricFamily("claims_log_head", "Position of the last event in the log", value=head)
        position = GaugeMetricFamily("claims_read_model_position", "Last log position a read model processed",
                                     labels=["read_model"])
        lag = GaugeMetricFamily("claims_read_model_lag_events", "Events not yet in the read model", labels=["read_model"])
        restarts = CounterMetricFamily("claims_read_model_restarts", "Runner restarts in this process",
                                       labels=["read_model"])
        stuck = GaugeMetricFamily("claims_read_model_stuck", "1 when the runner keeps failing on one event",
                                  labels=["read_model"])
        for name, model in models.items():
            position.add_metric([name], model.position)
            lag.add_metric([name], model.lag)
            restarts.add_metric([name], model.restarts)
            stuck.add_metric([name], 1 if model.stuck_after_position is not None else 0)
        yield from (position, lag, restarts, stuck)
        yield CounterMetricFamily("claims_command_conflicts_retried", "Version conflicts retried by reloading",
                                  value=self.services.app.conflicts_retried)


@router.get("/metrics", summary="Prometheus metrics (monitor or admin role)", response_class=Response)
def metrics(services: ServicesDep, _: Monitor) -> Response:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Collector(services))  # type: ignore[arg-type]
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
