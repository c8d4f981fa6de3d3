"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ServicesDep

router = APIRouter(tags=["operations"])


@router.get("/health", summary="Is the service up and its database reachable?")
def health(services: ServicesDep) -> dict[str, object]:
    head = services.app.recorder.max_notification_id()
    return {"status": "ok", "log_head": head or 0}
