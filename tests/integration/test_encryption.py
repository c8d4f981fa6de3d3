"""Encryption at rest: with a cipher key the event state in claims_events is ciphertext, the
application reads it back intact, another key cannot read it, and a malformed key is refused."""

from __future__ import annotations

import os
import uuid
from base64 import b64encode
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import psycopg
import pytest
from eventsourcing.persistence import MapperDeserialisationError
from psycopg import sql
from pydantic import ValidationError

from domain.application import ClaimsApplication
from infra.database import Database, database_from_settings, new_cipher_key
from infra.migrations import migrate
from infra.plan_seed import seed_example_plans
from infra.settings import Settings
from tests.builders import LIVE_CONCIERGE, a_harassment_policy_in_force, a_live_report, an_incident_time_within


@pytest.fixture
def fresh_database(database: Database) -> Iterator[Database]:
    """A database of our own on the same server, keyless: each test attaches the key it needs.
    (The session's database may hold events under another key, which these apps could not read.)"""
    server = database.with_dbname("postgres").with_cipher_key(None)
    name = f"claims_enc_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server.conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    migrate(server.with_dbname(name).conninfo)
    yield server.with_dbname(name)
    with psycopg.connect(server.conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def open_app() -> Iterator[Callable[[Database], ClaimsApplication]]:
    with ExitStack() as apps:
        def opener(db: Database) -> ClaimsApplication:
            app = ClaimsApplication(env=db.eventsourcing_env(pool_size=2, max_overflow=2))
            apps.callback(app.close)
            return app

        yield opener


def _report_a_case(app: ClaimsApplication) -> tuple[uuid.UUID, str, str]:
    """A case with personal details no other row holds: a name and a summary with a fresh marker."""
    seed_example_plans(app)
    policy = a_harassment_policy_in_force(app, member=f"JSPRS-ENC-{uuid.uuid4().hex[:6]}")
    marker = uuid.uuid4().hex
    name = f"暗号 花子 {marker}"
    summary = f"患者が受付で医師の自宅住所を尋ね続けた({marker})"
    report = a_live_report(policy_ref=policy.policy_number, occurred_at=an_incident_time_within(policy),
                      insured_name=name, summary=summary)
    case_id = app.report_case(report, LIVE_CONCIERGE).aggregate_id
    return case_id, name, summary


def _raw_states(db: Database, case_id: uuid.UUID) -> list[bytes]:
    with psycopg.connect(db.conninfo) as conn:
        rows = conn.execute("SELECT state FROM claims_events WHERE originator_id = %s ORDER BY originator_version",
                            (case_id,)).fetchall()
    return [bytes(state) for (state,) in rows]


def _rows_containing(db: Database, text: str) -> int:
    with psycopg.connect(db.conninfo) as conn:
        (count,) = conn.execute("SELECT count(*) FROM claims_events WHERE position(%s::bytea IN state) > 0",
                                (text.encode("utf-8"),)).fetchone()
    return count


def test_with_a_key_personal_details_are_not_in_the_stored_state_yet_read_back_intact(fresh_database, open_app):
    db = fresh_database.with_cipher_key(new_cipher_key())
    case_id, name, summary = _report_a_case(open_app(db))

    states = _raw_states(db, case_id)
    assert states, "the case was stored"
    for state in states:
        assert name.encode("utf-8") not in state and summary.encode("utf-8") not in state
        assert b"insured_name" not in state and not state.lstrip().startswith(b"{")  # not JSON at all
    assert _rows_containing(db, name) == 0 and _rows_containing(db, summary) == 0
    assert _rows_containing(db, "山田 太郎") == 0  # the policyholder's name, in the policy's events

    case = open_app(db).get_case(case_id)  # a second process with the same key
    assert (case.insured_name, case.summary) == (name, summary)


def test_without_a_key_the_same_details_are_visible_in_the_stored_state(fresh_database, open_app):
    db = fresh_database.with_cipher_key(None)
    case_id, name, summary = _report_a_case(open_app(db))

    states = _raw_states(db, case_id)
    assert any(name.encode("utf-8") in state for state in states)
    assert any(summary.encode("utf-8") in state for state in states)
    assert _rows_containing(db, name) >= 1


def test_another_key_cannot_read_the_events_and_says_so(fresh_database, open_app):
    db = fresh_database.with_cipher_key(new_cipher_key())
    case_id, _, _ = _report_a_case(open_app(db))

    other = open_app(db.with_cipher_key(new_cipher_key()))
    # AES-GCM authenticates: the library's AESCipher turns cryptography's InvalidTag into this.
    with pytest.raises(ValueError, match="Invalid cipher tag"):
        other.get_case(case_id)


def test_no_key_cannot_read_encrypted_events_either(fresh_database, open_app):
    db = fresh_database.with_cipher_key(new_cipher_key())
    case_id, _, _ = _report_a_case(open_app(db))

    keyless = open_app(db.with_cipher_key(None))
    with pytest.raises(MapperDeserialisationError, match="Failed to deserialise state"):  # ciphertext is not JSON
        keyless.get_case(case_id)


def test_the_suite_runs_encrypted_exactly_when_claims_test_cipher_asks(database, claims_app):
    """`make test`'s second run (CLAIMS_TEST_CIPHER=1) really stores ciphertext; the first does not."""
    asked = os.environ.get("CLAIMS_TEST_CIPHER", "").lower() in ("1", "on", "yes", "true")
    assert (database.cipher_key is not None) == asked
    case_id, name, _ = _report_a_case(claims_app)
    assert any(name.encode("utf-8") in state for state in _raw_states(database, case_id)) is not asked
    assert claims_app.get_case(case_id).insured_name == name


# ---- settings (no database) ---------------------------------------------------------------------

@pytest.mark.parametrize("bad_key", [
    "not base64 at all!",                                # not base64
    b64encode(b"x" * 10).decode(),                       # base64, but 10 bytes
    b64encode(b"x" * 33).decode(),                       # base64, but 33 bytes
    "",                                                  # nothing
])
def test_settings_refuse_a_malformed_key_and_name_the_setting(bad_key):
    with pytest.raises(ValidationError) as refused:
        Settings(_env_file=None, claims_cipher_key=bad_key)
    message = str(refused.value)
    assert "CLAIMS_CIPHER_KEY" in message
    if bad_key:
        assert bad_key not in message  # the key is never echoed


def test_settings_take_a_key_from_the_environment_and_the_database_carries_it_unseen(monkeypatch):
    key = new_cipher_key()
    monkeypatch.setenv("CLAIMS_CIPHER_KEY", key)
    settings = Settings(_env_file=None, database_url="postgresql://claims@db.invalid/claims")
    assert key not in repr(settings) and key not in str(settings.model_dump())

    db = database_from_settings(settings)
    assert db.cipher_key == key and key not in repr(db)
    env = db.eventsourcing_env(pool_size=1, max_overflow=1)
    assert env["CIPHER_TOPIC"] == "eventsourcing.cryptography:AESCipher" and env["CIPHER_KEY"] == key
    assert db.with_dbname("other").cipher_key == key


def test_without_a_key_the_environment_switches_the_cipher_off(monkeypatch):
    monkeypatch.delenv("CLAIMS_CIPHER_KEY", raising=False)
    db = database_from_settings(Settings(_env_file=None, database_url="postgresql://claims@db.invalid/claims"))
    env = db.eventsourcing_env(pool_size=1, max_overflow=1)
    assert db.cipher_key is None and env["CIPHER_TOPIC"] == "" and env["CIPHER_KEY"] == ""
