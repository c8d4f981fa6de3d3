"""What one service process holds: the application, a connection pool and the stores."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from psycopg_pool import ConnectionPool

from domain.application import ClaimsApplication
from infra.database import Database
from infra.idempotency import IdempotencyStore
from infra.migrations import require_current
from infra.settings import Settings
from infra.users import UserStore

log = logging.getLogger(__name__)


@dataclass
class Services:
    database: Database
    app: ClaimsApplication
    pool: ConnectionPool
    users: UserStore
    idempotency: IdempotencyStore

    @classmethod
    def open(cls, database: Database, settings: Settings) -> Services:
        require_current(database.conninfo)
        # Routes are sync and run in the thread pool: size the pools for it.
        app = ClaimsApplication(
            env=database.eventsourcing_env(settings.claims_pool_size, settings.claims_pool_max_overflow)
        )
        pool = ConnectionPool(
            database.conninfo,
            min_size=1,
            max_size=settings.claims_pool_size + settings.claims_pool_max_overflow,
            open=True,
            name="claims-read",
        )
        return cls(database, app, pool, UserStore(pool), IdempotencyStore(pool))

    def close(self) -> None:
        self.pool.close()
        self.app.close()
