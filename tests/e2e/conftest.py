"""Browser tests: the real service (uvicorn in a thread, on the session's test database, for each
PostgreSQL server like the other PostgreSQL tests) driven by Debian's chromium through
Playwright. Playwright's own browser download is never used: the system binary is launched.

Each run saves a screenshot of every main page to tests/e2e/screenshots/ (ignored by git);
with CLAIMS_UPDATE_SCREENSHOTS=1 they are also copied to docs/screenshots/ (committed)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from api.app import create_app
from api.services import Services
from domain.kernel.actors import Role
from infra.passwords import hash_password
from tests.web.conftest import with_settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "e2e-passphrase-2026"
LAPTOP = {"width": 1280, "height": 800}
# People as the screenshots show them (their user ids get a suffix: each run has its own).
PEOPLE = {Role.CONCIERGE: "山田 花子", Role.ADJUSTER: "佐藤 健一", Role.AUDITOR: "鈴木 美咲", Role.ADMIN: "高橋 誠",
          Role.MONITOR: "監視システム"}
# A small idle expiry and an early lock for the tests of those rules (a server of their own).
STRICT = {"claims_session_idle_minutes": 0.05, "claims_sign_in_lock_after": 3, "claims_sign_in_max_delay_seconds": 0}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "e2e" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.e2e)


@dataclass(frozen=True)
class Person:
    user_id: str
    name: str
    role: Role
    password: str = PASSWORD


class LiveServer:
    """The service on a free local port, in a background thread."""

    def __init__(self, services: Services) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        config = uvicorn.Config(create_app(services=services), host="127.0.0.1", port=port, log_level="warning",
                                access_log=False)
        self.server = uvicorn.Server(config)
        self.url = f"http://127.0.0.1:{port}"
        self.thread = threading.Thread(target=self.server.run, name=f"e2e-server-{port}", daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the service did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *_: Any) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


@pytest.fixture(scope="session")
def live(services: Services) -> Iterator[LiveServer]:
    with LiveServer(services) as server:
        yield server


@pytest.fixture(scope="session")
def strict_live(services: Services) -> Iterator[LiveServer]:
    with LiveServer(with_settings(services, **STRICT)) as server:
        yield server


@pytest.fixture(scope="session")
def people(services: Services) -> dict[Role, Person]:
    suffix = uuid.uuid4().hex[:6]
    made = {}
    for role, name in PEOPLE.items():
        person = Person(f"{role.value}-{suffix}", name, role)
        services.users.create(person.user_id, name, role, "e2e", 1_000_000 if role is Role.ADJUSTER else None)
        services.users.set_password_hash(person.user_id, hash_password(PASSWORD))
        made[role] = person
    return made


@pytest.fixture
def a_person(services: Services):
    """A person of their own, for a test that locks or expires them."""

    def make(role: Role = Role.CONCIERGE) -> Person:
        person = Person(f"{role.value}-{uuid.uuid4().hex[:8]}", PEOPLE[role], role)
        services.users.create(person.user_id, person.name, role, "e2e")
        services.users.set_password_hash(person.user_id, hash_password(PASSWORD))
        return person

    return make


@pytest.fixture(scope="session")
def waiting_work(services: Services, policy_number: str) -> None:
    """A few new reports, so the home pages show queues that are not all empty."""
    from projections.status import wait_for
    from tests.builders import CONCIERGE, a_report, an_incident_time_within

    policy = services.app.get_policy(policy_number)
    for _ in range(3):
        result = services.app.report_case(a_report(policy_ref=policy_number, occurred_at=an_incident_time_within(policy)),
                                          CONCIERGE)
    wait_for(services.pool, "work_queue", result.position, 10)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"no browser: {CHROMIUM} is not installed (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A fresh browser profile (no cookies) on a laptop-sized window, in Japanese, in Japan time."""
    context = chromium.new_context(viewport=LAPTOP, locale="ja-JP", timezone_id="Asia/Tokyo")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def snap(page: Any, name: str, *, full_page: bool = True) -> None:
    """Save a screenshot of the page; with CLAIMS_UPDATE_SCREENSHOTS=1 also into docs/screenshots/."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    if os.environ.get("CLAIMS_UPDATE_SCREENSHOTS") == "1":
        DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS_SCREENSHOTS / path.name)


def sign_in(page: Any, base: str, person: Person, password: str | None = None) -> None:
    page.goto(f"{base}/")
    page.get_by_label("ユーザー名").fill(person.user_id)
    page.get_by_label("パスワード").fill(password or person.password)
    page.get_by_role("button", name="サインイン").click()
    page.wait_for_load_state()
