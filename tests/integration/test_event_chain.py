"""The hash chain over the event log: an untouched log verifies; each kind of tampering done in raw
SQL is found at the position where it was done; an exported head catches a rewritten chain; the
migration's SQL encoding and the Python one agree. Each test has a database of its own
(`own_database`/`own_app` from tests/integration/conftest.py), since it counts every row."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import psycopg
import pytest

from domain.application import ClaimsApplication, utc_now
from domain.harassment.report import ConsultationInput
from domain.harassment.vocabulary import Channel
from domain.kernel.clock import JAPAN
from infra import chain
from infra.chain import ChainReport, day_heads, link_hash, verify_chain
from infra.database import Database
from tests.builders import LIVE_CONCIERGE, a_harassment_policy_in_force, a_live_report, an_incident_time_within, today_in_japan


def _history(app: ClaimsApplication, cases: int = 2) -> None:
    """Events of several aggregates, beside the plans the fixture seeded."""
    policy = a_harassment_policy_in_force(app, member=f"JSPRS-CH-{uuid.uuid4().hex[:6]}")
    for _ in range(cases):
        report = a_live_report(policy_ref=policy.policy_number, occurred_at=an_incident_time_within(policy))
        case_id = app.report_case(report, LIVE_CONCIERGE).aggregate_id
        app.log_consultation(case_id, ConsultationInput(utc_now(), Channel.PHONE, 5, "院長", "q", "a"), LIVE_CONCIERGE)


def _sql(db: Database, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(db.conninfo, autocommit=True) as conn:
        curs = conn.execute(statement, params)
        return curs.fetchall() if curs.description else []


def _positions(db: Database) -> list[int]:
    return [row[0] for row in _sql(db, "SELECT notification_id FROM claims_events ORDER BY notification_id")]


def _broken_at(report: ChainReport, position: int, words: str) -> None:
    assert not report.ok and report.first_break == position, report
    assert report.problem is not None and words in report.problem, report
    assert report.head_position < position


@pytest.fixture
def log(own_database: Database, own_app: ClaimsApplication) -> list[int]:
    """A recorded history on a database of its own: its positions, in order."""
    _history(own_app)
    return _positions(own_database)


def test_an_untouched_log_verifies_up_to_its_last_event(own_database, log):
    report = verify_chain(own_database.conninfo)

    last_link = _sql(own_database, "SELECT chain_hash FROM event_chain ORDER BY notification_id DESC LIMIT 1")[0][0]
    assert report == ChainReport(True, len(log), log[-1], bytes(last_link).hex())
    assert len(log) >= 8


def test_one_changed_byte_of_state_is_found_at_its_row(own_database, log):
    target = log[len(log) // 2]
    _sql(own_database, "UPDATE claims_events SET state = set_byte(state, 3, get_byte(state, 3) # 1)"
                       " WHERE notification_id = %s", (target,))

    report = verify_chain(own_database.conninfo)

    _broken_at(report, target, "altered")
    assert report.checked == log.index(target) and report.head_position == log[log.index(target) - 1]


def test_a_deleted_row_is_found_at_its_position(own_database, log):
    target = log[3]
    _sql(own_database, "DELETE FROM claims_events WHERE notification_id = %s", (target,))

    _broken_at(verify_chain(own_database.conninfo), target, "deleted")


def test_a_row_inserted_outside_the_application_is_found(own_database, log):
    copied = _sql(own_database, "INSERT INTO claims_events (originator_id, originator_version, topic, state)"
                                " SELECT gen_random_uuid(), originator_version, topic, state FROM claims_events"
                                " WHERE notification_id = %s RETURNING notification_id", (log[2],))[0][0]

    assert copied > log[-1]
    _broken_at(verify_chain(own_database.conninfo), copied, "inserted outside")


def test_two_rows_with_swapped_state_are_found_at_the_first(own_database, log):
    first, second = log[4], log[-2]
    _sql(own_database, "UPDATE claims_events e SET topic = o.topic, state = o.state FROM claims_events o"
                       " WHERE (e.notification_id, o.notification_id) IN ((%s, %s), (%s, %s))",
         (first, second, second, first))

    _broken_at(verify_chain(own_database.conninfo), first, "altered")


def test_two_rows_swapped_in_order_are_found_at_the_first(own_database, log):
    first, second = log[5], log[6]
    for old, new in ((first, -1), (second, first), (-1, second)):
        _sql(own_database, "UPDATE claims_events SET notification_id = %s WHERE notification_id = %s", (new, old))

    _broken_at(verify_chain(own_database.conninfo), first, "reordered")


def test_an_exported_day_head_catches_a_chain_recomputed_after_an_alteration(own_database, own_app, log):
    head = day_heads(own_database.conninfo, today_in_japan(), today_in_japan())[-1]
    assert (head.position, head.hash) == (log[-1], verify_chain(own_database.conninfo).head_hash)
    _history(own_app, cases=1)  # the log grows after the export
    assert verify_chain(own_database.conninfo, expect=(head.position, head.hash)).ok

    target = log[len(log) // 2]
    _sql(own_database, "UPDATE claims_events SET state = set_byte(state, 3, get_byte(state, 3) # 1)"
                       " WHERE notification_id = %s", (target,))
    _sql(own_database, "DELETE FROM event_chain")  # the attacker re-links everything with the migration's function
    _sql(own_database, "SELECT event_chain_backfill()")

    assert verify_chain(own_database.conninfo).ok  # consistent in itself...
    _broken_at(verify_chain(own_database.conninfo, expect=(head.position, head.hash)), head.position, "exported head")


def test_an_exported_head_catches_the_tail_deleted_with_its_links(own_database, log):
    exported = verify_chain(own_database.conninfo)
    _sql(own_database, "DELETE FROM claims_events WHERE notification_id >= %s", (log[-3],))
    _sql(own_database, "DELETE FROM event_chain WHERE notification_id >= %s", (log[-3],))

    assert verify_chain(own_database.conninfo).ok
    report = verify_chain(own_database.conninfo, expect=(exported.head_position, exported.head_hash))
    assert not report.ok and report.first_break == log[-1] and "missing" in (report.problem or "")
    assert report.head_position == log[-4]


def test_the_migrations_sql_back_fill_links_exactly_as_the_recorder_does(own_database, log):
    recorded = verify_chain(own_database.conninfo)
    _sql(own_database, "DELETE FROM event_chain")

    assert _sql(own_database, "SELECT event_chain_backfill()")[0][0] == len(log)
    assert verify_chain(own_database.conninfo) == recorded


@pytest.mark.parametrize("topic, state", [("domain.claim_case:ClaimCase.Reported", b"{}"), ("事案:報告", b""), (None, None)])
def test_the_sql_and_python_encodings_of_one_link_agree(own_database, topic, state):
    prev, originator = bytes(range(32)), uuid.uuid4()
    in_sql = _sql(own_database, "SELECT event_chain_link(%s, %s, %s, %s, %s, %s)",
                  (prev, 2**40 + 7, originator, 3, topic, state))[0][0]

    assert bytes(in_sql) == link_hash(prev, 2**40 + 7, originator, 3, topic, state)


def test_a_failure_while_linking_records_no_event(own_database, own_app, log, monkeypatch):
    def broken(*args: Any) -> bytes:
        raise ValueError("no hashing today")

    monkeypatch.setattr(chain, "link_hash", broken)
    with pytest.raises(ValueError, match="no hashing today"):
        _history(own_app, cases=1)
    monkeypatch.undo()

    assert _positions(own_database) == log
    assert verify_chain(own_database.conninfo).ok


def test_day_heads_give_the_last_link_of_each_japan_day_with_events(own_database, log):
    today = today_in_japan()
    heads = day_heads(own_database.conninfo, today - timedelta(days=3), today + timedelta(days=1))

    assert [(h.day, h.position) for h in heads] == [(today, log[-1])]
    assert heads[0].recorded_at.astimezone(JAPAN).date() == today
    assert day_heads(own_database.conninfo, today - timedelta(days=9), today - timedelta(days=2)) == []


# ---- one record's own events (verify_record) ----------------------------------------------------


def _a_case_with_events(app: ClaimsApplication, consultations: int = 3) -> uuid.UUID:
    policy = a_harassment_policy_in_force(app, member=f"JSPRS-RC-{uuid.uuid4().hex[:6]}")
    report = a_live_report(policy_ref=policy.policy_number, occurred_at=an_incident_time_within(policy))
    case_id = app.report_case(report, LIVE_CONCIERGE).aggregate_id
    for _ in range(consultations):
        app.log_consultation(case_id, ConsultationInput(utc_now(), Channel.PHONE, 5, "院長", "q", "a"), LIVE_CONCIERGE)
    return case_id


def _position_of(db: Database, case_id: uuid.UUID, version: int) -> int:
    return _sql(db, "SELECT notification_id FROM claims_events WHERE originator_id = %s AND originator_version = %s",
                (case_id, version))[0][0]


def test_a_records_untouched_events_verify(own_database, own_app):
    case_id = _a_case_with_events(own_app)

    report = chain.verify_record(own_database.conninfo, case_id)

    assert report.ok and report.checked == 4 and report.breaks == ()


def test_a_records_altered_event_is_named_by_version_and_position(own_database, own_app):
    case_id, other = _a_case_with_events(own_app), _a_case_with_events(own_app)
    position = _position_of(own_database, case_id, 3)
    _sql(own_database, "UPDATE claims_events SET state = set_byte(state, 3, get_byte(state, 3) # 1)"
                       " WHERE notification_id = %s", (position,))

    report = chain.verify_record(own_database.conninfo, case_id)

    assert not report.ok and report.breaks == (chain.RecordBreak(3, position, "altered"),)
    assert chain.verify_record(own_database.conninfo, other).ok  # another record's events still verify


def test_a_records_deleted_event_is_named_by_its_missing_version(own_database, own_app):
    case_id = _a_case_with_events(own_app)
    _sql(own_database, "DELETE FROM claims_events WHERE notification_id = %s", (_position_of(own_database, case_id, 2),))

    report = chain.verify_record(own_database.conninfo, case_id)

    assert report.breaks == (chain.RecordBreak(2, None, "missing"),) and report.checked == 3


def test_a_records_event_inserted_outside_the_application_is_unlinked(own_database, own_app):
    case_id = _a_case_with_events(own_app, consultations=1)
    position = _sql(own_database, "INSERT INTO claims_events (originator_id, originator_version, topic, state)"
                                  " SELECT originator_id, 3, topic, state FROM claims_events"
                                  " WHERE originator_id = %s AND originator_version = 2 RETURNING notification_id",
                    (case_id,))[0][0]

    report = chain.verify_record(own_database.conninfo, case_id)

    assert report.breaks == (chain.RecordBreak(3, position, "unlinked"),)
