"""PostgreSQL for the tests: always an embedded server in a fresh folder, and also the server on
127.0.0.1:5432 when one answers (as on CI). Each gets a fresh, uniquely named database."""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from infra.database import Database, start_embedded
from infra.migrations import migrate

EXTERNAL_DEFAULT = "postgresql://postgres@127.0.0.1:5432/postgres"


def _external_url() -> str | None:
    url = os.environ.get("CLAIMS_TEST_EXTERNAL_PG", EXTERNAL_DEFAULT)
    if url.lower() in ("", "off", "no", "0"):
        return None
    try:
        with psycopg.connect(url, connect_timeout=2):
            return url
    except psycopg.Error:
        return None


@pytest.fixture(scope="session")
def _external_server() -> str | None:
    return _external_url()


@pytest.fixture(scope="session")
def _embedded_server(tmp_path_factory: pytest.TempPathFactory) -> Database:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return start_embedded(tmp_path_factory.mktemp("embedded-pg"), dbname="postgres")


@pytest.fixture(scope="session", params=["embedded", "external"])
def database(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A fresh database, migrated, on each available server; dropped afterwards."""
    if request.param == "external":
        url = request.getfixturevalue("_external_server")
        if url is None:
            pytest.skip("no PostgreSQL server answers on 127.0.0.1:5432 (set CLAIMS_TEST_EXTERNAL_PG)")
        server = Database(url)
    else:
        server = request.getfixturevalue("_embedded_server")
    name = f"claims_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server.conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    db = server.with_dbname(name)
    migrate(db.conninfo)
    yield db
    with psycopg.connect(server.conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
