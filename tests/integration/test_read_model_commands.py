"""The operator's commands: `claims worker` runs the projections in a process of its own, and
`claims rebuild` replays one read model with a progress bar."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from typer.testing import CliRunner

from api.cli import cli
from projections.registry import READ_MODELS
from tests.integration.test_read_models import query, snapshot, wait_until_caught_up
from tests.integration.workload import busy_history


def cli_env(database) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database.conninfo}
    if database.cipher_key:
        env["CLAIMS_CIPHER_KEY"] = database.cipher_key
    return env


def test_a_worker_process_keeps_every_read_model_and_stops_on_sigterm(own_database, own_app):
    tally = busy_history(own_app, cases=3)
    worker = subprocess.Popen([sys.executable, "-m", "api.cli", "worker"], env=cli_env(own_database),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_caught_up(own_database, list(READ_MODELS.values()))
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=30)
    assert worker.returncode == 0, output
    assert "worker running: case_list, work_queue, payouts, coverage, audit_log, consultation_stats" in output
    assert query(own_database, "SELECT sum(consultations) FROM consultation_stats")[0][0] == tally.consultations


def test_rebuild_command_replays_one_read_model_and_reports_its_rate(own_database, own_app, monkeypatch):
    busy_history(own_app, cases=3)
    model = READ_MODELS["payouts"]
    for name, value in cli_env(own_database).items():
        monkeypatch.setenv(name, value)
    first = CliRunner().invoke(cli, ["rebuild", "payouts"])
    assert first.exit_code == 0, first.output
    assert "payouts:" in first.output and "events/s" in first.output
    rows = snapshot(own_database, model)
    assert len(rows["payouts"]) == 3 + 2  # three approvals, two settlements
    again = CliRunner().invoke(cli, ["rebuild", "payouts"])
    assert again.exit_code == 0 and snapshot(own_database, model) == rows


def test_rebuild_of_an_unknown_read_model_names_the_known_ones(own_database, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", own_database.conninfo)
    result = CliRunner().invoke(cli, ["rebuild", "everything"])
    assert result.exit_code == 2
    assert "no read model 'everything'" in result.output and "case_list" in result.output
