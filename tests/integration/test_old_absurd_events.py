"""Events are forever: an event stored before inputs were bounded may carry an absurd instant
(year 1, year 9999). Every read model must still process it, every query and export must still
answer, and a read model that cannot go on says so — it is never silently stuck."""

from __future__ import annotations

import logging
import time
import uuid
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row

from domain.harassment.case import ClaimCase
from domain.kernel.actors import Actor, Role
from projections import audit_log, case_list, consultation_stats
from projections.audit_log import AuditFilter
from projections.case_list import CaseFilter
from projections.consultation_stats import ConsultationStatsProjection
from projections.registry import READ_MODELS, ReadModel
from projections.runner import STUCK_AFTER, ModelRunner, ProjectionHost, SupervisedProjection
from projections.sql_view import SqlView
from tests.integration.workload import a_policy_with_limits, busy_history

YEAR_ONE = datetime.fromisoformat("0001-01-01T00:00:00+14:00")
YEAR_9999 = datetime.fromisoformat("9999-12-31T23:00:00-10:00")
OLD_CONCIERGE = Actor("concierge-old", Role.CONCIERGE)


def store_absurd_events(app: Any) -> uuid.UUID:
    """A report and a consultation dated year 1, and a policy ended in year 9999, written the way
    an older version (which did not bound dates) wrote them: straight through the event methods."""
    policy = a_policy_with_limits(app, 1_000_000, 1_000_000)
    case = ClaimCase(
        id=uuid.uuid4(), policy_ref=policy.policy_number, insured_name="旧 データ", insured_name_kana=None,
        member_number="OLD-1",
        occurred_at=YEAR_ONE, place="受付", in_japan=True, category="treatment", claim_act_kinds=["force"],
        summary="古い記録", channel="phone", legal_characterisation=None, coverage="covered", coverage_reasons=[],
        deductible_yen=10_000, coinsurance_percent=90, actor_id=OLD_CONCIERGE.user_id, actor_role="concierge",
    )
    case._consultation_logged(number=1, held_at=YEAR_ONE, channel="phone", duration_minutes=5, caller="院長",
                              question="q", advice="a", actor_id=OLD_CONCIERGE.user_id, actor_role="concierge")
    policy._ended(kind="cancelled", reason="古い解約", effective_at=YEAR_9999, actor_id="admin-old", actor_role="admin")
    app.save(case, policy)
    return case.id


def caught_up(database: Any, runners: list[ModelRunner], timeout: float = 30) -> None:
    with psycopg.connect(database.conninfo) as conn:
        target = conn.execute("SELECT max(notification_id) FROM claims_events").fetchone()[0]
    deadline = time.monotonic() + timeout
    while True:
        with psycopg.connect(database.conninfo) as conn:
            done = [conn.execute(f"SELECT coalesce(max(notification_id), 0) FROM {r.model.tracking_table}")
                    .fetchone()[0] for r in runners]
        if all(d >= target for d in done):
            return
        assert time.monotonic() < deadline, dict(zip([r.name for r in runners], done, strict=True))
        assert not any(r.stuck for r in runners), [(r.name, r.last_error, r.failing_after) for r in runners if r.stuck]
        time.sleep(0.05)


def test_every_read_model_processes_absurd_old_instants_and_every_query_answers(own_database, own_app):
    busy_history(own_app, cases=2)
    case_id = store_absurd_events(own_app)
    host = ProjectionHost(list(READ_MODELS.values()), own_database, restart_delay=0.05).start()
    runners = host.runners
    try:
        caught_up(own_database, runners)
        assert all(r.restarts == 0 for r in runners), [(r.name, r.last_error) for r in runners]
    finally:
        host.stop()
    from psycopg_pool import ConnectionPool

    with ConnectionPool(own_database.conninfo, min_size=1, max_size=2, open=True) as pool:
        rows, _ = case_list.list_cases(pool, CaseFilter(), 200, None)
        listed = {r["case_id"]: r for r in rows}
        assert listed[case_id]["occurred_at"].year == 1
        entries, _ = audit_log.search(pool, AuditFilter(aggregate_id=case_id), 100, None)
        assert [e["event_type"] for e in entries] == ["Reported", "ConsultationLogged"]
        every, _ = audit_log.search(pool, AuditFilter(), 1000, None)
        assert any(e["happened_at"] and e["happened_at"].year == 9999 for e in every)
        months = consultation_stats.consultation_stats(pool, None, None, None, None)
        assert any(m["month"].year == 1 for m in months)
    exported = "".join(audit_log.as_csv(audit_log.stream_rows(own_database.conninfo, AuditFilter())))
    with psycopg.connect(own_database.conninfo, row_factory=dict_row) as conn:
        events = conn.execute("SELECT count(*) AS n FROM claims_events").fetchone()["n"]
    assert exported.count("\n") == events + 1  # every event, and the header


class FailsOnConsultations(SqlView):
    """A view that cannot store a consultation, to see what a runner does when it cannot go on."""

    def apply(self, tracking: Any, *statements: Any) -> None:
        if any("consultation_stats" in text and "INSERT" in text for text, _ in statements):
            raise RuntimeError("cannot store this one")
        super().apply(tracking, *statements)


def test_a_runner_failing_on_one_event_says_it_is_stuck_naming_the_position(own_database, own_app, caplog):
    busy_history(own_app, cases=1)
    with psycopg.connect(own_database.conninfo) as conn:
        consultation = conn.execute("SELECT min(notification_id) FROM claims_events"
                                    " WHERE topic = 'claims:ClaimCase.ConsultationLogged'").fetchone()[0]
    model = ReadModel(ConsultationStatsProjection, FailsOnConsultations, READ_MODELS["consultation_stats"].tables)
    runner = SupervisedProjection(model, own_database, restart_delay=0.01)
    with caplog.at_level(logging.ERROR, logger="projections.runner"):
        runner.start()
        try:
            deadline = time.monotonic() + 20
            while not runner.stuck:
                assert time.monotonic() < deadline, (runner.restarts, runner.failing_after)
                time.sleep(0.02)
        finally:
            runner.stop()
    assert runner.failures_there >= STUCK_AFTER and runner.last_error == "RuntimeError"
    assert runner.failing_after is not None and runner.failing_after < consultation
    assert f"after log position {runner.failing_after}" in caplog.text and "STUCK" in caplog.text
    assert "cannot store this one" not in caplog.text  # the error's type is logged, never its message
