"""The pages over HTTP (TestClient): each test has a browser of its own (its own cookie jar), on
the session's service; users with passwords are made per test, so no test shares a lock."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.services import Services
from domain.kernel.actors import Role
from infra.passwords import hash_password

PASSWORD = "correct horse battery"  # a test's own password


@dataclasses.dataclass(frozen=True)
class WebUser:
    user_id: str
    password: str
    role: Role


def a_user_with_password(services: Services, role: Role, display_name: str | None = None) -> WebUser:
    user_id = f"{role.value}-{uuid.uuid4().hex[:8]}"
    services.users.create(user_id, display_name or f"テスト {role.value}", role, "tests")
    services.users.set_password_hash(user_id, hash_password(PASSWORD))
    return WebUser(user_id, PASSWORD, role)


def with_settings(services: Services, **changes: Any) -> Services:
    """The same service (application, pool, read models) with other settings."""
    return dataclasses.replace(services, settings=services.settings.model_copy(update=changes))


def sign_in_through(client: TestClient, user_name: str, password: str) -> Any:
    client.get("/")
    token = client.cookies.get("claims_sign_in_csrf")
    return client.post("/", data={"user_name": user_name, "password": password, "csrf_token": token},
                       follow_redirects=False)


@pytest.fixture
def a_user(services: Services) -> Callable[..., WebUser]:
    return lambda role=Role.CONCIERGE, name=None: a_user_with_password(services, role, name)


@pytest.fixture
def browser(services: Services) -> Iterator[TestClient]:
    """A browser of its own on the service: fast sign-in answers (no delays)."""
    quick = with_settings(services, claims_sign_in_max_delay_seconds=0)
    with TestClient(create_app(services=quick)) as client:
        yield client


@pytest.fixture
def browser_with(services: Services) -> Iterator[Callable[..., TestClient]]:
    """A browser on the service with other settings (small expiries, an early lock…)."""
    opened: list[TestClient] = []

    def make(base_url: str = "http://testserver", **changes: Any) -> TestClient:
        client = TestClient(create_app(services=with_settings(services, **changes)), base_url=base_url)
        opened.append(client.__enter__())
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)
