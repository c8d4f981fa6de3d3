"""A service process with the default settings holds at most twelve database connections, idle
and under load from many clients at once (commands, reads, the read models running): its pools
are bounded, and the projection host's connections are counted with them (docs/operations.md,
"Connections and contention")."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
from fastapi.testclient import TestClient

from api.app import create_app
from api.services import Services
from domain.kernel.actors import Role
from infra.plan_seed import seed_example_plans
from infra.settings import Settings
from tests.builders import CONSULTATION_JSON, REPORT_JSON, a_harassment_policy_in_force, an_incident_time_within
from tests.integration.conftest import own_database  # noqa: F401 — fixture

BUDGET = 12
CLIENTS = 16


def connections_to(conn: psycopg.Connection, dbname: str) -> int:
    row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                       (dbname,)).fetchone()
    return int(row[0]) if row else 0


def test_a_service_with_the_default_settings_holds_at_most_twelve_connections(own_database):  # noqa: F811
    settings = Settings(_env_file=None, database_url=own_database.conninfo, claims_cipher_key=own_database.cipher_key)
    assert (settings.claims_pool_size, settings.claims_pool_max_overflow) == (2, 2)  # the defaults, as documented
    dbname = own_database.params["dbname"]
    services = Services.open(own_database, settings)
    peak, stop = [0], threading.Event()
    try:
        seed_example_plans(services.app)
        policy = a_harassment_policy_in_force(services.app)
        concierge = services.users.create("budget-concierge", "受付", Role.CONCIERGE, "tests", None)
        auditor = services.users.create("budget-auditor", "監査", Role.AUDITOR, "tests", None)
        report = {**REPORT_JSON, "policy_ref": policy.policy_number,
                  "occurred_at": an_incident_time_within(policy).isoformat()}
        with TestClient(create_app(services=services)) as client, \
                psycopg.connect(own_database.conninfo, autocommit=True) as watch:
            time.sleep(0.5)
            idle = connections_to(watch, dbname)

            def sample() -> None:
                while not stop.is_set():
                    peak[0] = max(peak[0], connections_to(watch, dbname))
                    time.sleep(0.005)

            def one_client(n: int) -> list[int]:
                as_concierge = {"Authorization": f"Bearer {concierge}"}
                case = client.post("/cases", json=report, headers=as_concierge).json()
                codes = [client.post(f"/cases/{case['id']}/consultations", json=CONSULTATION_JSON,
                                     headers=as_concierge).status_code for _ in range(3)]
                codes.append(client.get(f"/cases/{case['id']}/history",
                                        headers={"Authorization": f"Bearer {auditor}"}).status_code)
                codes.append(client.get("/audit/events?limit=50", headers={"Authorization": f"Bearer {auditor}"}
                                        ).status_code)
                return codes

            sampler = threading.Thread(target=sample)
            sampler.start()
            try:
                with ThreadPoolExecutor(CLIENTS) as pool:
                    answers = [code for codes in pool.map(one_client, range(CLIENTS)) for code in codes]
            finally:
                stop.set()
                sampler.join()
        print(f"\nconnections: idle {idle}, peak {peak[0]} under {CLIENTS} clients (budget {BUDGET})")
        assert set(answers) == {200, 201}, sorted(set(answers))  # every request answered; none waited out (503)
        assert idle <= BUDGET and peak[0] <= BUDGET
        assert peak[0] > idle  # the load did draw on the pools: the bound was tried
    finally:
        stop.set()
        services.close()
