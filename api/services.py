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
from projections.case_list import CaseListProjection, CaseListView
from projections.runner import SupervisedProjection

log = logging.getLogger(__name__)


@dataclass
class Services:
    database: Database
    app: ClaimsApplication
    pool: ConnectionPool
    users: UserStore
    idempotency: IdempotencyStore
    case_list: SupervisedProjection

    @classmethod
    def open(cls, database: Database, settings: Settings) -> Services:
        require_current(database.conninfo)
        # Routes are sync and run in the thread pool: size the pools for it.
        env = database.eventsourcing_env(settings.claims_pool_size, settings.claims_pool_max_overflow)
        app = ClaimsApplication(env=env)
        pool = ConnectionPool(
            database.conninfo,
            min_size=1,
            max_size=settings.claims_pool_size + settings.claims_pool_max_overflow,
            open=True,
            name="claims-read",
        )
        runner_env = database.eventsourcing_env(pool_size=2, max_overflow=2)
        case_list = SupervisedProjection(CaseListProjection, CaseListView, runner_env).start()
        return cls(database, app, pool, UserStore(pool), IdempotencyStore(pool), case_list)

    def close(self) -> None:
        self.case_list.stop()
        self.pool.close()
        self.app.close()
