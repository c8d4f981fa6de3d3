"""Liveness with each read model's lag, and Prometheus metrics."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from api.deps import ServicesDep, require_role
from api.schemas.reports import HealthOut, ReadModelStatusOut
from api.services import Services
from domain.kernel.actors import Role
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


@router.get("/health", response_model=HealthOut, summary="Up, with the log head and each read model's lag (no auth)")
def health(services: ServicesDep) -> HealthOut:
    head, models = read_model_status(services)
    stuck = any(m.stuck_after_position is not None for m in models.values())
    return HealthOut(status="degraded" if stuck else "ok", log_head=head, read_models=models)


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
