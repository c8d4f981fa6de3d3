"""The read models: they lag and catch up, resume exactly once after a stop or a crash, and a
rebuild from the log gives the very rows that were maintained live."""

from __future__ import annotations

import time
from typing import Any

import psycopg
import pytest
from psycopg import sql

from infra.database import Database
from projections.case_list import CaseListProjection, CaseListView
from projections.consultation_stats import ConsultationStatsProjection
from projections.rebuild import ReadModelInUse, rebuild
from projections.registry import READ_MODELS, ReadModel
from projections.runner import ModelRunner, ProjectionHost
from projections.sql_view import SqlView
from tests.integration.workload import busy_history


def query(database: Database, text: str, *params: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(database.conninfo) as conn:
        return conn.execute(text, params).fetchall()  # type: ignore[arg-type]


def head(database: Database) -> int:
    return query(database, "SELECT coalesce(max(notification_id), 0) FROM claims_events")[0][0]


def position(database: Database, model: ReadModel) -> int:
    table = sql.Identifier(model.tracking_table)
    with psycopg.connect(database.conninfo) as conn:
        row = conn.execute(sql.SQL("SELECT coalesce(max(notification_id), 0) FROM {}").format(table)).fetchone()
    return row[0] if row else 0


def wait_until_caught_up(database: Database, models: list[ReadModel], timeout: float = 60) -> None:
    target, deadline = head(database), time.monotonic() + timeout
    while any(position(database, m) < target for m in models):
        assert time.monotonic() < deadline, {m.name: position(database, m) for m in models} | {"head": target}
        time.sleep(0.02)


def snapshot(database: Database, model: ReadModel) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the read model, in a stable order."""
    out = {}
    with psycopg.connect(database.conninfo) as conn:
        for table in model.tables:
            columns = [r[0] for r in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
                (table,)).fetchall()]
            order = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
            out[table] = conn.execute(sql.SQL("SELECT * FROM {} ORDER BY {}").format(sql.Identifier(table), order)).fetchall()
    return out


def run(database: Database, *models: ReadModel) -> ProjectionHost:
    """One host, as in the service or a worker: every read model given, in one pass over the log."""
    return ProjectionHost(list(models), database, restart_delay=0.05).start()


def runner(host: ProjectionHost, model: ReadModel) -> ModelRunner:
    return next(r for r in host.runners if r.name == model.name)


def run_until_caught_up(database: Database, *models: ReadModel) -> ProjectionHost:
    """A host of these read models, run until they are at the log's head, then stopped."""
    host = run(database, *models)
    try:
        wait_until_caught_up(database, list(models))
    finally:
        host.stop()
    return host


def last_consultation(database: Database) -> int:
    """The log position of the latest consultation logged."""
    return query(database, "SELECT max(notification_id) FROM claims_events"
                           " WHERE topic = 'claims:ClaimCase.ConsultationLogged'")[0][0]


ALL = list(READ_MODELS.values())
AUDIT, STATS, PAYOUTS = READ_MODELS["audit_log"], READ_MODELS["consultation_stats"], READ_MODELS["payouts"]


def test_read_models_lag_while_no_runner_runs_then_catch_up(own_database, own_app):
    tally = busy_history(own_app, cases=6)
    assert all(position(own_database, m) == 0 for m in ALL)  # nothing ran: every read model lags by the whole log
    host = run(own_database, *ALL)
    try:
        wait_until_caught_up(own_database, ALL)
    finally:
        host.stop()
    events = query(own_database, "SELECT count(*) FROM claims_events")[0][0]
    assert query(own_database, "SELECT count(*) FROM audit_log")[0][0] == events
    assert query(own_database, "SELECT sum(consultations) FROM consultation_stats")[0][0] == tally.consultations
    assert query(own_database, "SELECT entry, count(*) FROM payouts GROUP BY entry ORDER BY entry") == [
        ("approved", tally.approvals), ("settled", tally.settlements)]
    assert query(own_database, "SELECT count(*) FROM case_list")[0][0] == len(tally.cases)


class Unhurried(SqlView):
    """A view that takes its time (3 ms an event), so that a stop lands part-way through the log."""

    def apply(self, tracking: Any, *statements: Any) -> None:
        time.sleep(0.003)
        super().apply(tracking, *statements)


def test_a_runner_stopped_mid_stream_and_restarted_counts_nothing_twice_and_misses_nothing(own_database, own_app):
    tally = busy_history(own_app, cases=60)
    target = head(own_database)
    audit = ReadModel(AUDIT.projection, Unhurried, AUDIT.tables)
    host = run(own_database, audit, STATS, PAYOUTS)
    while position(own_database, AUDIT) < target // 5:
        time.sleep(0.001)
    host.stop()
    stopped_at = position(own_database, AUDIT)
    assert 0 < stopped_at < target, "the runner must be stopped part-way through the log"
    host = run(own_database, AUDIT, STATS, PAYOUTS)
    try:
        wait_until_caught_up(own_database, [AUDIT, STATS, PAYOUTS])
    finally:
        host.stop()
    logged = query(own_database, "SELECT notification_id FROM claims_events ORDER BY 1")
    assert query(own_database, "SELECT position FROM audit_log ORDER BY 1") == logged
    assert query(own_database, "SELECT sum(consultations) FROM consultation_stats")[0][0] == tally.consultations
    assert query(own_database, "SELECT count(*) FROM payouts")[0][0] == tally.approvals + tally.settlements


class CrashOnce(SqlView):
    """Fails at one event, inside the transaction, after applying its statements: they must roll
    back. It fails twice there: in the batch the host tries first (rolled back whole, not yet a
    failure), then on that event alone (the runner's one counted failure); then it lets it pass."""

    crash_at: int = 0
    crashes_left = 0

    def apply(self, tracking: Any, *statements: Any) -> None:
        if tracking.notification_id == CrashOnce.crash_at and CrashOnce.crashes_left:
            CrashOnce.crashes_left -= 1
            with self.datastore.transaction(commit=False) as curs:
                for text, params in statements:
                    curs.execute(text, params)
                raise RuntimeError("crash in the middle of a transaction")
        super().apply(tracking, *statements)


def test_a_runner_that_crashes_is_restarted_and_counts_each_consultation_once(own_database, own_app):
    """It crashes alone: the read models beside it in the same host go on and are not restarted."""
    tally = busy_history(own_app, cases=5)
    CrashOnce.crash_at, CrashOnce.crashes_left = last_consultation(own_database), 2
    model = ReadModel(ConsultationStatsProjection, CrashOnce, STATS.tables)
    host = run_until_caught_up(own_database, model, AUDIT)
    crashed, beside = runner(host, model), runner(host, AUDIT)
    assert CrashOnce.crashes_left == 0 and crashed.restarts == 1 and crashed.last_error == "RuntimeError"
    assert beside.restarts == 0 and beside.last_error is None
    assert query(own_database, "SELECT sum(consultations) FROM consultation_stats")[0][0] == tally.consultations
    assert query(own_database, "SELECT count(*) FROM audit_log") == query(own_database, "SELECT count(*) FROM claims_events")


def test_rebuild_gives_tables_identical_row_for_row_to_the_live_ones(own_database, own_app):
    busy_history(own_app, cases=8)
    host = run(own_database, *ALL)
    busy_history(own_app, cases=4)  # written while the runners run
    try:
        wait_until_caught_up(own_database, ALL)
    finally:
        host.stop()
    live = {m.name: snapshot(own_database, m) for m in ALL}
    assert all(rows for tables in live.values() for rows in tables.values())  # every table has rows to compare
    reports = {m.name: rebuild(m, own_database) for m in ALL}
    assert {m.name: snapshot(own_database, m) for m in ALL} == live
    assert all(r.events == head(own_database) for r in reports.values())


def test_rebuild_refuses_while_a_runner_holds_the_read_model(own_database, own_app):
    busy_history(own_app, cases=1)
    host = run(own_database, STATS)
    try:
        wait_until_caught_up(own_database, [STATS])
        with pytest.raises(ReadModelInUse):
            rebuild(STATS, own_database)
    finally:
        host.stop()
    assert query(own_database, "SELECT sum(consultations) FROM consultation_stats")[0][0] == 1  # left as it was


def test_a_second_runner_of_the_same_read_model_stands_by(own_database, own_app):
    busy_history(own_app, cases=2)
    first, second = run(own_database, AUDIT, STATS), run(own_database, AUDIT)  # as two processes would
    try:
        wait_until_caught_up(own_database, [AUDIT, STATS])
        time.sleep(0.2)
        assert sorted([runner(first, AUDIT).state, runner(second, AUDIT).state]) == ["running", "standby"]
        first.stop()  # the one that ran it goes: the standby takes it over
        busy_history(own_app, cases=1)
        wait_until_caught_up(own_database, [AUDIT])
        assert runner(second, AUDIT).state == "running"
    finally:
        first.stop()
        second.stop()
    assert query(own_database, "SELECT count(*) FROM audit_log") == query(own_database, "SELECT count(*) FROM claims_events")


def test_a_stale_runner_that_overlaps_the_one_holding_the_lock_applies_nothing_twice(own_database, own_app):
    """One tracking write per share (not per event) must still refuse a share that does not start
    where the read model is: here a runner that believes it is just before a consultation already
    counted (as one whose lock connection died under load while a standby took over) replays it
    with newer events; only the position it moves from can tell."""
    from eventsourcing.persistence import InfrastructureFactory
    from eventsourcing.utils import Environment

    from domain.application import ClaimsApplication
    from projections.batching import BatchingDatastore
    from projections.runner import decoded, process

    tally = busy_history(own_app, cases=2)
    host = run(own_database, STATS)
    try:
        wait_until_caught_up(own_database, [STATS])
    finally:
        host.stop()
    tracked = position(own_database, STATS)
    busy_history(own_app, cases=1)  # more of the log, past where the read model is
    counted = query(own_database, "SELECT max(notification_id) FROM claims_events WHERE notification_id <= %s"
                                  " AND topic = 'claims:ClaimCase.ConsultationLogged'", tracked)[0][0]
    env = own_database.eventsourcing_env(pool_size=1, max_overflow=1)
    app, factory = ClaimsApplication(env=env), InfrastructureFactory.construct(env=Environment("views", env))
    try:
        views = BatchingDatastore(factory.datastore)
        stale = ModelRunner(STATS, restart_delay=0)
        stale.position = counted - 1
        stale.projection = STATS.projection(view=STATS.view(datastore=views, tracking_table_name=STATS.tracking_table))
        events, _ = decoded(app, app.recorder.select_notifications(counted - 1, 1000, inclusive_of_start=False))
        with views.batch():
            process(stale, events, views)
    finally:
        factory.close()
        app.close()
    assert stale.last_error == "IntegrityError" and stale.position == counted - 1  # refused, counted as a failure
    assert query(own_database, "SELECT sum(consultations) FROM consultation_stats")[0][0] == tally.consultations
    assert position(own_database, STATS) == tracked < head(own_database)


class CrashingCaseList(CaseListView):
    """Fails at one event after updating its case's row — a row the case list keeps in memory for
    the rest of the batch share. Twice, like CrashOnce: the batch rolls back, then the event alone."""

    crash_at: int = 0
    crashes_left = 0

    def update_case(self, case_id: Any, change: Any, tracking: Any, at: Any) -> None:
        super().update_case(case_id, change, tracking, at)
        if tracking.notification_id == CrashingCaseList.crash_at and CrashingCaseList.crashes_left:
            CrashingCaseList.crashes_left -= 1
            raise RuntimeError("crash after the row was written")


def test_a_case_list_share_that_rolls_back_forgets_the_rows_it_wrote(own_database, own_app):
    """The retry reads the rows again from the table, not as the rolled-back share left them in
    memory: every consultation is counted once."""
    tally = busy_history(own_app, cases=4)
    CrashingCaseList.crash_at, CrashingCaseList.crashes_left = last_consultation(own_database), 2
    model = ReadModel(CaseListProjection, CrashingCaseList, READ_MODELS["case_list"].tables)
    host = run_until_caught_up(own_database, model)
    assert CrashingCaseList.crashes_left == 0 and runner(host, model).restarts == 1
    assert query(own_database, "SELECT sum(consultations) FROM case_list")[0][0] == tally.consultations


class FailsInTheDatabaseOnce(SqlView):
    """Adds a statement the database refuses (division by zero) to one event's statements: within a
    batch it fails only when the batch level sends its statements, at its end. Twice, like CrashOnce."""

    crash_at: int = 0
    crashes_left = 0

    def apply(self, tracking: Any, *statements: Any) -> None:
        if tracking.notification_id == FailsInTheDatabaseOnce.crash_at and FailsInTheDatabaseOnce.crashes_left:
            FailsInTheDatabaseOnce.crashes_left -= 1
            statements = (*statements, ("SELECT 1 / 0", {}))
        super().apply(tracking, *statements)


def test_a_statement_the_database_refuses_at_the_end_of_a_batch_is_counted_on_its_own_event(own_database, own_app):
    """The statements of a batch go out together at its end; when the database refuses one, the
    batch rolls back and the events are gone over one at a time, so that the failure lands on
    its own event and every consultation is still counted once."""
    tally = busy_history(own_app, cases=5)
    FailsInTheDatabaseOnce.crash_at, FailsInTheDatabaseOnce.crashes_left = last_consultation(own_database), 2
    model = ReadModel(ConsultationStatsProjection, FailsInTheDatabaseOnce, STATS.tables)
    failed = runner(run_until_caught_up(own_database, model), model)
    assert FailsInTheDatabaseOnce.crashes_left == 0 and failed.restarts == 1
    assert failed.last_error == "DivisionByZero"
    assert query(own_database, "SELECT sum(consultations) FROM consultation_stats")[0][0] == tally.consultations
