"""A database of one's own, for tests that count rows or compare whole tables."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from domain.application import ClaimsApplication
from infra.database import Database
from infra.migrations import migrate
from infra.plan_seed import seed_example_plans


@pytest.fixture
def own_database(database: Database) -> Iterator[Database]:
    """A fresh, migrated database on the same server as `database`, dropped afterwards."""
    name = f"claims_own_{uuid.uuid4().hex[:12]}"
    admin = database.with_dbname("postgres")
    with psycopg.connect(admin.conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    own = database.with_dbname(name)
    migrate(own.conninfo)
    yield own
    with psycopg.connect(admin.conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def own_app(own_database: Database) -> Iterator[ClaimsApplication]:
    app = ClaimsApplication(env=own_database.eventsourcing_env(pool_size=2, max_overflow=4))
    seed_example_plans(app)
    yield app
    app.close()
