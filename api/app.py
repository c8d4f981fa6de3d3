"""The FastAPI application. Nothing connects or reads settings until the lifespan starts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api import errors, openapi
from api.guards import ContainFailures, RequestGuard
from api.input_guard import RefuseNul
from api.request_log import RequestLog
from api.routers import (
    audit,
    case_commands,
    cases,
    counsel,
    diary,
    documents,
    health,
    incidents,
    plans,
    policies,
    queues,
    reports,
    users,
)
from api.services import Services
from infra.database import database_from_settings
from infra.migrations import migrate
from infra.settings import Settings
from web import STATIC_DIR
from web import router as pages

DESCRIPTION = """
Claims case management for the JSPRS group insurance programme
(クレーム対応費用保険 · 勤務医サイバー保険 · 医療機関用サイバー保険).

Authenticate with `Authorization: Bearer <token>` (tokens come from `claims create-user`).
Mutating requests accept `If-Match` (the `ETag` of the case you read; stale → 412) and
`Idempotency-Key` (a retried POST records nothing twice and gets the first answer).
Errors are `application/problem+json` and name the `rule` and the `field`.
"""


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = services is None
        if own:
            cfg = settings or Settings()
            database = database_from_settings(cfg)
            if cfg.claims_migrate_on_start or cfg.uses_embedded_database:
                migrate(database.conninfo)
            app.state.services = Services.open(database, cfg)
        else:
            app.state.services = services
        try:
            yield
        finally:
            if own:
                app.state.services.close()

    # /docs and /redoc are pages of web/, served from vendored assets (FastAPI's defaults use a CDN).
    app = FastAPI(title="JSPRS claims", version="0.1.0", description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None)
    errors.install(app)
    openapi.install(app)
    app.add_middleware(RefuseNul)
    app.add_middleware(RequestGuard)  # body limit, the API's caller first, headers (before RefuseNul reads)
    app.add_middleware(RequestLog)
    app.add_middleware(ContainFailures)  # outermost: an unexpected failure ends here, logged by type only
    app.include_router(health.router)
    app.include_router(cases.router)
    app.include_router(case_commands.router)
    app.include_router(incidents.router)
    app.include_router(plans.router)
    app.include_router(policies.router)
    app.include_router(queues.router)
    app.include_router(diary.router)
    app.include_router(reports.router)
    app.include_router(audit.router)
    app.include_router(documents.router)
    app.include_router(counsel.router)
    app.include_router(users.router)
    app.include_router(pages)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
