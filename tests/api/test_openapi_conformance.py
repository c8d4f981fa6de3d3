"""The OpenAPI document is the integrators' reference, so it must be honest: schemathesis sends
generated requests (valid and not) to every route as every role, and no answer may be a server
error or a status the document does not declare, and every answer's content type is declared.
Bounded (a few examples per route and role) to stay quick; on a database of its own, since it
records what it generates."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from psycopg import sql
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

from api.app import create_app
from api.services import Services
from domain.kernel.actors import Role
from infra.database import Database
from infra.migrations import migrate
from infra.plan_seed import seed_example_plans
from infra.settings import Settings


def no_server_fault(ctx: Any, response: Any, case: Any) -> None:
    """No 5xx, except 503 as the document declares it: problem+json saying what is not available
    yet (here every `?position=` read past the head: this database runs no read models)."""
    if response.status_code == 503:  # schemathesis gives each header as a list of its values
        assert response.headers["content-type"][0].startswith("application/problem+json"), response.headers
        assert json.loads(response.content)["rule"] in ("read_model_behind", "database_unavailable"), response.content
        return
    not_a_server_error(ctx, response, case)


CHECKS = [no_server_fault, status_code_conformance, content_type_conformance]
EXAMPLES = 8  # per route; each sent as no one and as every role


@pytest.fixture(scope="module")
def fuzzed(database: Database) -> Iterator[tuple[Any, dict[str, str]]]:
    name = f"claims_fuzz_{uuid.uuid4().hex[:10]}"
    server = database.with_dbname("postgres")
    with psycopg.connect(server.conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    own = database.with_dbname(name)
    migrate(own.conninfo)
    cfg = Settings(_env_file=None, database_url=own.conninfo, claims_pool_size=2, claims_pool_max_overflow=4,
                   claims_run_projections=False, claims_read_wait_seconds=0.05, claims_cipher_key=database.cipher_key)
    services = Services.open(own, cfg)
    seed_example_plans(services.app)
    tokens = {role.value: services.users.create(f"{role.value}-fuzz", role.value, role, "tests",
                                                1_000_000 if role is Role.ADJUSTER else None) for role in Role}
    app = create_app(services=services)
    with TestClient(app):
        yield app, tokens
    services.close()
    with psycopg.connect(server.conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def operations(app: Any) -> list[Any]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def test_every_route_answers_as_declared_for_every_role(fuzzed: tuple[Any, dict[str, str]]) -> None:
    app, tokens = fuzzed
    callers = [None, *tokens.values()]
    checked = []
    for operation in operations(app):

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def answers_as_declared(case: Any) -> None:
            for token in callers:
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                response = case.call(headers=headers)
                case.validate_response(response, checks=CHECKS, headers=headers)

        answers_as_declared()
        checked.append(operation.label)
    documented = [op for item in app.openapi()["paths"].values() for op in item]
    assert len(checked) == len(documented) > 40  # every operation the document names was tried
