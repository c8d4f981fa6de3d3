"""PostgreSQL for the tests: always an embedded server in a fresh folder, and also the server on
127.0.0.1:5432 when one answers (as on CI). Each gets a fresh, uniquely named database.
With CLAIMS_TEST_CIPHER=1 each database also gets a fresh cipher key, so every event the tests
store is encrypted at rest (`make test` runs the PostgreSQL tiers a second time that way)."""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from infra.database import Database, new_cipher_key, start_embedded
from infra.migrations import migrate

EXTERNAL_DEFAULT = "postgresql://postgres@127.0.0.1:5432/postgres"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--benchmarks", action="store_true", help="run tests/benchmarks (they print figures)")


def pytest_ignore_collect(collection_path, config):
    if "benchmarks" in collection_path.parts and not config.getoption("--benchmarks"):
        return True
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The browser tests run on the embedded server only (docs/decisions/0024): a page does what
    the API does, and the API and integration tests already run on both servers; a browser run
    per server doubled the slowest tier. CLAIMS_TEST_E2E_EVERY_SERVER=1 runs them on both."""
    if os.environ.get("CLAIMS_TEST_E2E_EVERY_SERVER", "").lower() in ("1", "on", "yes", "true"):
        return
    e2e = config.rootpath / "tests" / "e2e"
    dropped = [item for item in items if item.path.is_relative_to(e2e) and _server_of(item) == "external"]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        gone = set(dropped)
        items[:] = [item for item in items if item not in gone]


def _server_of(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("database") if callspec is not None else None


def _test_cipher_on() -> bool:
    return os.environ.get("CLAIMS_TEST_CIPHER", "").lower() in ("1", "on", "yes", "true")


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
    db = server.with_dbname(name).with_cipher_key(new_cipher_key() if _test_cipher_on() else None)
    migrate(db.conninfo)
    yield db
    with psycopg.connect(server.conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


# ---- the service, on each database ------------------------------------------------------------

from fastapi.testclient import TestClient  # noqa: E402

from api.app import create_app  # noqa: E402
from api.services import Services  # noqa: E402
from domain.application import ClaimsApplication  # noqa: E402
from domain.kernel.actors import Role  # noqa: E402
from infra.plan_seed import seed_example_plans  # noqa: E402
from infra.settings import Settings  # noqa: E402


@pytest.fixture(scope="session")
def settings(database: Database) -> Settings:
    return Settings(_env_file=None, database_url=database.conninfo, claims_pool_size=4, claims_pool_max_overflow=4,
                    claims_cipher_key=database.cipher_key)


@pytest.fixture(scope="session")
def claims_app(database: Database) -> Iterator[ClaimsApplication]:
    app = ClaimsApplication(env=database.eventsourcing_env(pool_size=4, max_overflow=8))
    seed_example_plans(app)
    yield app
    app.close()


@pytest.fixture(scope="session")
def services(database: Database, settings: Settings) -> Iterator[Services]:
    opened = Services.open(database, settings)
    seed_example_plans(opened.app)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def tokens(services: Services) -> dict[str, str]:
    """A user of each role (unique ids), plus an adjuster with a small authority limit."""
    suffix = uuid.uuid4().hex[:8]
    made = {role.value: services.users.create(f"{role.value}-{suffix}", role.value, role, "tests",
                                              1_000_000 if role is Role.ADJUSTER else None)
            for role in Role}
    made["junior_adjuster"] = services.users.create(f"junior-{suffix}", "junior", Role.ADJUSTER, "tests", 100_000)
    made["senior_adjuster"] = services.users.create(f"senior-{suffix}", "senior", Role.ADJUSTER, "tests", None)
    return made


@pytest.fixture(scope="session")
def policy_number(services: Services) -> str:
    """A harassment policy in force for the current policy year, for cases reported through the API."""
    from tests.builders import a_harassment_policy_in_force

    return a_harassment_policy_in_force(services.app).policy_number


@pytest.fixture(scope="session")
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services=services)) as test_client:
        yield test_client
