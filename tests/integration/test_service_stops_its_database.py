"""`claims run` on its embedded PostgreSQL: SIGTERM stops the service and the database (as Ctrl-C
does), and a service killed with -9 does not keep a later start from stopping it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

CLAIMS = Path(sys.executable).with_name("claims")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(data_dir: Path, *options: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "CLAIMS_DATA_DIR": str(data_dir), "CLAIMS_PORT": str(port)}
    env.pop("DATABASE_URL", None)
    env.pop("POSTGRES_HOST", None)
    service = subprocess.Popen([str(CLAIMS), "run", "--no-demo", *options], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as answer:
                if answer.status == 200:
                    return service, port
        except OSError:
            pass
        assert service.poll() is None, service.stdout.read().decode() if service.stdout else ""
        assert time.monotonic() < deadline, "the service did not start"
        time.sleep(0.3)


def postmaster(data_dir: Path) -> psutil.Process | None:
    pid_file = data_dir / "pg" / "postmaster.pid"
    if not pid_file.exists():
        return None
    try:
        process = psutil.Process(int(pid_file.read_text().split()[0]))
    except (psutil.NoSuchProcess, ValueError):
        return None
    return process if process.is_running() and process.status() != psutil.STATUS_ZOMBIE else None


def stopped(data_dir: Path, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while postmaster(data_dir) is not None:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


@pytest.fixture
def data_dir(tmp_path: Path):
    yield tmp_path
    server = postmaster(tmp_path)
    if server is not None:  # leave nothing running, whatever the test found
        server.terminate()


def test_sigterm_stops_the_service_and_its_embedded_database(data_dir):
    service, _ = start(data_dir)
    assert postmaster(data_dir) is not None

    service.send_signal(signal.SIGTERM)

    assert service.wait(timeout=30) == 0
    assert stopped(data_dir), "the embedded PostgreSQL kept running after SIGTERM"


def test_a_service_killed_with_minus_9_does_not_spoil_the_next_start_or_stop(data_dir):
    killed, _ = start(data_dir)
    killed.kill()
    killed.wait(timeout=10)
    assert postmaster(data_dir) is not None  # nobody stopped it: the next start joins it

    service, _ = start(data_dir)
    service.send_signal(signal.SIGTERM)

    assert service.wait(timeout=30) == 0
    assert stopped(data_dir), "a dead process in the server's list of users kept it running"


def test_two_api_processes_answer_on_one_port_and_sigterm_stops_them_and_the_database(data_dir):
    service, port = start(data_dir, "--workers", "2")
    try:
        children = [c for c in psutil.Process(service.pid).children() if "python" in c.name().lower()
                    or "claims" in " ".join(c.cmdline())]
        assert len(children) >= 2, [c.cmdline() for c in children]  # the API processes
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as answer:
            health = json.loads(answer.read())
        # An API process runs no read model: the first process does (each shows as "external").
        assert {m["runner"] for m in health["read_models"].values()} == {"external"}
        deadline = time.monotonic() + 30
        while any(m["lag"] for m in health["read_models"].values()):
            assert time.monotonic() < deadline, health
            time.sleep(0.3)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as answer:
                health = json.loads(answer.read())
    finally:
        service.send_signal(signal.SIGTERM)
    assert service.wait(timeout=30) == 0
    assert stopped(data_dir), "the embedded PostgreSQL kept running after SIGTERM"
    _, alive = psutil.wait_procs(children, timeout=15)  # multiprocessing's helper may take a moment
    assert not [c for c in alive if c.status() != psutil.STATUS_ZOMBIE]
