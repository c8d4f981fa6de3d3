"""Migrations: applied once, in order, under an advisory lock; the service refuses a schema behind."""

from __future__ import annotations

import shutil
import threading
import uuid

import psycopg
import pytest
from psycopg import sql

from api.services import Services
from infra.database import Database
from infra.migrations import MIGRATIONS_DIR, MigrationChanged, SchemaBehind, available, migrate, pending


@pytest.fixture
def empty_database(database: Database):
    server = database.with_dbname("postgres")
    name = f"claims_mig_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server.conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield database.with_dbname(name)
    with psycopg.connect(server.conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def test_migrate_applies_every_file_once_in_order(empty_database):
    assert migrate(empty_database.conninfo) == [m.name for m in available()]
    assert migrate(empty_database.conninfo) == []
    assert pending(empty_database.conninfo) == []


def test_migrate_from_several_processes_at_once_applies_each_file_once(empty_database):
    results: list[list[str]] = []
    threads = [threading.Thread(target=lambda: results.append(migrate(empty_database.conninfo))) for _ in range(3)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    applied = [name for result in results for name in result]
    assert sorted(applied) == [m.name for m in available()]


def test_service_refuses_to_start_on_a_schema_behind_and_says_what_to_run(empty_database, settings):
    with pytest.raises(SchemaBehind, match="claims migrate"):
        Services.open(empty_database, settings)


def test_an_applied_migration_edited_afterwards_is_refused(empty_database, tmp_path):
    copy = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, copy)
    migrate(empty_database.conninfo, copy)
    first = sorted(copy.glob("*.sql"))[0]
    first.write_text(first.read_text() + "\n-- edited\n")
    with pytest.raises(MigrationChanged):
        migrate(empty_database.conninfo, copy)
