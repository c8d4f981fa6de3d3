"""Users' passwords from the command line, and the demo users `claims run` makes."""

from __future__ import annotations

import uuid

import pytest
from typer.testing import CliRunner

from api.cli import DEMO_USERS, cli, ensure_demo_users
from api.services import Services
from domain.kernel.actors import Role
from infra.passwords import verify_password
from infra.settings import Settings


@pytest.fixture
def own_services(own_database):
    settings = Settings(_env_file=None, database_url=own_database.conninfo, claims_run_projections=False,
                        claims_cipher_key=own_database.cipher_key)
    services = Services.open(own_database, settings)
    yield services
    services.close()


@pytest.fixture
def cli_env(database, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database.conninfo)
    monkeypatch.setenv("CLAIMS_RUN_PROJECTIONS", "false")
    if database.cipher_key:
        monkeypatch.setenv("CLAIMS_CIPHER_KEY", database.cipher_key)


def password_of(services: Services, user_id: str) -> str | None:
    found = services.users.credentials(user_id)
    return found.password_hash if found else None


def test_demo_users_are_made_with_passwords_and_tokens_in_a_database_without_users(own_services):
    made = ensure_demo_users(own_services)
    assert list(made) == [user_id for user_id, *_ in DEMO_USERS]
    for user_id, secrets in made.items():
        assert verify_password(password_of(own_services, user_id), secrets.password)
        assert own_services.users.by_token(secrets.token).user_id == user_id


def test_demo_users_keep_their_secrets_on_a_later_start(own_services):
    first = ensure_demo_users(own_services)
    again = ensure_demo_users(own_services)
    assert set(again) == set(first) and all(secrets is None for secrets in again.values())
    assert own_services.users.by_token(first["concierge1"].token) is not None


def test_reset_demo_secrets_issues_new_ones_and_revokes_the_old_tokens(own_services):
    first = ensure_demo_users(own_services)
    reset = ensure_demo_users(own_services, reset_secrets=True)
    assert own_services.users.by_token(first["adjuster1"].token) is None
    assert verify_password(password_of(own_services, "adjuster1"), reset["adjuster1"].password)


def test_no_demo_users_in_a_database_that_has_users(own_services):
    own_services.users.create("someone", "誰か", Role.ADMIN, "tests")
    assert ensure_demo_users(own_services) == {}
    assert not own_services.users.exists("concierge1")


def test_create_user_with_a_generated_password_prints_it_once(cli_env, services):
    user_id = f"gen-{uuid.uuid4().hex[:8]}"
    result = CliRunner().invoke(cli, ["create-user", user_id, "--name", "生成 太郎", "--role", "concierge",
                                      "--generate-password"])
    assert result.exit_code == 0, result.output
    password = result.output.strip().splitlines()[-1]
    assert verify_password(password_of(services, user_id), password)


def test_create_user_asks_for_the_password_twice_and_refuses_a_short_one(cli_env, services):
    user_id = f"ask-{uuid.uuid4().hex[:8]}"
    typed = "short\nshort\nlong enough passphrase\nlong enough passphrase\n"
    result = CliRunner().invoke(cli, ["create-user", user_id, "--name", "入力 花子", "--role", "auditor"], input=typed)
    assert result.exit_code == 0, result.output
    assert "at least 12 characters" in result.output
    assert "long enough passphrase" not in result.output  # typed without echo
    assert verify_password(password_of(services, user_id), "long enough passphrase")


def test_create_user_without_a_password_has_a_token_only(cli_env, services):
    user_id = f"scraper-{uuid.uuid4().hex[:8]}"
    result = CliRunner().invoke(cli, ["create-user", user_id, "--name", "metrics", "--role", "monitor", "--no-password"])
    assert result.exit_code == 0, result.output
    assert password_of(services, user_id) is None


def test_set_password_of_an_unknown_user_fails(cli_env):
    result = CliRunner().invoke(cli, ["set-password", "nobody-at-all", "--generate-password"])
    assert result.exit_code == 1 and "no user nobody-at-all" in result.output


def test_create_user_and_set_password_from_the_cli_are_recorded_by_the_system_actor(cli_env, services):
    user_id = f"rec-{uuid.uuid4().hex[:8]}"
    created = CliRunner().invoke(cli, ["create-user", user_id, "--name", "記録 一郎", "--role", "adjuster",
                                       "--authority-limit", "200000", "--generate-password"])
    reset = CliRunner().invoke(cli, ["set-password", user_id, "--generate-password"])
    assert (created.exit_code, reset.exit_code) == (0, 0), created.output + reset.output
    history = services.app.user_history(user_id)
    assert [(type(e).__name__, e.actor_id) for e in history] == [
        ("Opened", "system-cli"), ("Registered", "system-cli"), ("PasswordReset", "system-cli")]
    assert history[1].authority_limit_yen == 200_000


def test_create_user_with_a_taken_id_from_the_cli_fails_and_says_why(cli_env, services):
    user_id = f"twice-{uuid.uuid4().hex[:8]}"
    assert CliRunner().invoke(cli, ["create-user", user_id, "--name", "一", "--role", "auditor", "--no-password"]).exit_code == 0
    again = CliRunner().invoke(cli, ["create-user", user_id, "--name", "二", "--role", "auditor", "--no-password"])
    assert again.exit_code == 1 and "exists" in again.output
