"""Benchmark: the service over HTTP (uvicorn, read models running in the service, as `make run`
starts it), beside raw single-row inserts measured in the same run on the same server.

Prints, for one client and for eight: commands per second, latency percentiles, the statuses
answered and how many write conflicts the service retried for its clients — eight clients
logging consultations on ONE case (every command races the others for the same aggregate),
then eight clients each on a case of its own — and how long after the load the read models are
back at the head of the log. Asserts no timings: only that no request failed outright."""

from __future__ import annotations

import collections
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from api.services import Services
from domain.kernel.actors import Role
from infra.plan_seed import seed_example_plans
from infra.settings import Settings
from projections.registry import READ_MODELS
from tests.benchmarks.test_command_throughput import _percentiles, _raw_inserts
from tests.builders import CONSULTATION_JSON, REPORT_JSON, a_harassment_policy_in_force, an_incident_time_within
from tests.e2e.conftest import LiveServer
from tests.integration.conftest import own_database  # noqa: F401 — fixture
from tests.integration.test_read_models import head, position

PER_CLIENT = 40


def _consult(url: str, token: str, case_ids: list[str], n: int, out: dict[str, Any]) -> None:
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
        for i in range(n):
            started = time.perf_counter()
            answer = client.post(f"/cases/{case_ids[i % len(case_ids)]}/consultations", json=CONSULTATION_JSON)
            out["latencies"].append(time.perf_counter() - started)
            out["statuses"][answer.status_code] += 1


def _round(url: str, token: str, clients: int, cases: list[list[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {"latencies": [], "statuses": collections.Counter()}
    threads = [threading.Thread(target=_consult, args=(url, token, cases[c % len(cases)], PER_CLIENT, out))
               for c in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out["seconds"] = time.perf_counter() - started
    return out


def test_benchmark_http_one_and_eight_clients_and_conflicts_on_one_case(own_database):  # noqa: F811
    label = f"[{own_database.params.get('host', '?')}]"
    raw_total, raw_lat = _raw_inserts(own_database.conninfo)
    raw_rate = 300 / raw_total
    print(f"\n{label} baseline raw INSERT (one client): {raw_rate:,.0f}/s · {_percentiles(raw_lat)}")
    settings = Settings(_env_file=None, database_url=own_database.conninfo, claims_cipher_key=own_database.cipher_key)
    services = Services.open(own_database, settings)
    try:
        seed_example_plans(services.app)
        token = services.users.create(f"bench-{uuid.uuid4().hex[:6]}", "bench", Role.CONCIERGE, "bench", None)
        policy = a_harassment_policy_in_force(services.app)
        report = {**REPORT_JSON, "policy_ref": policy.policy_number,
                  "occurred_at": an_incident_time_within(policy).isoformat()}
        with LiveServer(services) as live, httpx.Client(base_url=live.url,
                                                        headers={"Authorization": f"Bearer {token}"}) as client:
            def a_case() -> str:
                answer = client.post("/cases", json=report)
                assert answer.status_code == 201, answer.text
                return str(answer.json()["id"])

            one_case = [a_case()]
            own_cases = [[a_case()] for _ in range(8)]
            rounds = (("1 client, one case", 1, [one_case]), ("8 clients, ONE case", 8, [one_case]),
                      ("8 clients, a case each", 8, own_cases))
            for name, clients, cases in rounds:
                retried_before = services.app.conflicts_retried
                result = _round(live.url, token, clients, cases)
                done = time.perf_counter()
                target = head(own_database)
                while any(position(own_database, m) < target for m in READ_MODELS.values()):
                    time.sleep(0.005)
                lag = time.perf_counter() - done
                retried = services.app.conflicts_retried - retried_before
                n = len(result["latencies"])
                statuses = dict(sorted(result["statuses"].items()))
                conflicts = result["statuses"].get(409, 0)
                print(f"{label} {name:<24} {n / result['seconds']:,.0f} commands/s "
                      f"({n / result['seconds'] / raw_rate:.2f} × raw) · {_percentiles(result['latencies'])} · "
                      f"statuses {statuses} · 409 to clients {conflicts / n:.1%} · conflicts retried by the service "
                      f"{retried} ({retried / n:.2f} per command) · read models at the head {lag * 1000:.0f} ms later")
                assert set(result["statuses"]) <= {201, 409}, statuses  # no request failed outright
    finally:
        services.close()


def _serve(database: Any, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": database.conninfo, "CLAIMS_PORT": str(port)}
    if database.cipher_key:
        env["CLAIMS_CIPHER_KEY"] = database.cipher_key
    service = subprocess.Popen([str(Path(sys.executable).with_name("claims")), "run", "--no-demo",
                                "--workers", str(workers)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return service, url
        except httpx.HTTPError:
            pass
        assert service.poll() is None and time.monotonic() < deadline, "the service did not start"
        time.sleep(0.3)


def test_benchmark_one_and_two_api_processes(own_database):  # noqa: F811
    """`claims run` and `claims run --workers 2` on the same database, eight clients each on a
    case of their own (no contention): what a second API process adds on this machine."""
    label = f"[{own_database.params.get('host', '?')}]"
    raw_total, _ = _raw_inserts(own_database.conninfo)
    raw_rate = 300 / raw_total
    print(f"\n{label} baseline raw INSERT (one client): {raw_rate:,.0f}/s")
    settings = Settings(_env_file=None, database_url=own_database.conninfo, claims_cipher_key=own_database.cipher_key,
                        claims_run_projections=False)
    services = Services.open(own_database, settings)
    try:
        seed_example_plans(services.app)
        token = services.users.create(f"bench-{uuid.uuid4().hex[:6]}", "bench", Role.CONCIERGE, "bench", None)
        policy = a_harassment_policy_in_force(services.app)
    finally:
        services.close()
    report = {**REPORT_JSON, "policy_ref": policy.policy_number, "occurred_at": an_incident_time_within(policy).isoformat()}
    for workers in (1, 2):
        service, url = _serve(own_database, workers)
        try:
            with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as client:
                cases = [[str(client.post("/cases", json=report).json()["id"])] for _ in range(8)]
            result = _round(url, token, 8, cases)
            n = len(result["latencies"])
            print(f"{label} {workers} API process(es), 8 clients: {n / result['seconds']:,.0f} commands/s "
                  f"({n / result['seconds'] / raw_rate:.2f} × raw) · {_percentiles(result['latencies'])} · "
                  f"statuses {dict(result['statuses'])}")
            assert set(result["statuses"]) == {201}, result["statuses"]
        finally:
            service.send_signal(signal.SIGTERM)
            service.wait(timeout=30)
