"""What one service process holds: the application, a connection pool and the stores."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from psycopg_pool import ConnectionPool

from domain.application import ClaimsApplication
from infra.access_log import AccessLog
from infra.database import Database, check_unless_recently_used, use_quick_checks
from infra.idempotency import IdempotencyStore
from infra.migrations import require_current
from infra.settings import Settings
from infra.users import UserStore
from projections.registry import READ_MODELS
from projections.runner import ModelRunner, ProjectionHost

log = logging.getLogger(__name__)


@dataclass
class Services:
    database: Database
    app: ClaimsApplication
    pool: ConnectionPool
    users: UserStore
    idempotency: IdempotencyStore
    host: ProjectionHost | None  # None when workers run the projections
    settings: Settings
    access_log: AccessLog

    @classmethod
    def open(cls, database: Database, settings: Settings) -> Services:
        require_current(database.conninfo)
        # Routes are sync and run in the thread pool: size the pools for it.
        wait = settings.claims_database_wait_seconds
        env = database.eventsourcing_env(settings.claims_pool_size, settings.claims_pool_max_overflow, wait)
        app = ClaimsApplication(env=env)
        use_quick_checks(app)
        pool = ConnectionPool(
            database.conninfo,
            min_size=1,
            max_size=settings.claims_pool_size + settings.claims_pool_max_overflow,
            open=True,
            name="claims-read",
            timeout=wait,  # a request waits this long for a connection, then answers 503
            kwargs={"connect_timeout": wait},
            check=check_unless_recently_used,  # a connection the database dropped is replaced, not used
        )
        host = ProjectionHost(list(READ_MODELS.values()), database).start() if settings.claims_run_projections else None
        users = UserStore(pool)
        app.directory = users  # user changes decide on the users table, and change it with their events
        return cls(database, app, pool, users, IdempotencyStore(pool), host, settings, AccessLog(pool))

    @property
    def runners(self) -> list[ModelRunner]:
        return self.host.runners if self.host is not None else []

    def close(self) -> None:
        if self.host is not None:
            self.host.stop()
        self.pool.close()
        self.app.close()
