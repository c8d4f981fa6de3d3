"""The administrator's commands on users, on the in-memory persistence with the users table in
memory (tests/directory.py). Given (the directory, earlier commands) / When (one command) / Then
(the account's new events and the directory change saved with them — or one named error, and
nothing saved, nothing changed in the directory)."""

from __future__ import annotations

from domain.accounts.account import account_id
from domain.accounts.directory import Secrets, UserEntry
from domain.accounts.errors import LastActiveAdmin, OwnAccountRefused, UserAlreadyExists, UserNotFound
from domain.application import ClaimsApplication
from domain.kernel.actors import Actor, Role
from tests.builders import an_app, event_names, new_events, position_of, recorded_since, refused_in
from tests.directory import DirectoryInMemory

ADMIN = Actor("admin-1", Role.ADMIN)
ME = UserEntry("admin-1", "管理 太郎", Role.ADMIN)
OTHER_ADMIN = UserEntry("admin-2", "管理 次郎", Role.ADMIN)
ADJUSTER = UserEntry("adjuster-1", "佐藤 健一", Role.ADJUSTER, 1_000_000)
NEW_CONCIERGE = UserEntry("concierge-9", "山田 花子", Role.CONCIERGE)


def an_app_with_users(*entries: UserEntry) -> tuple[ClaimsApplication, DirectoryInMemory]:
    app = an_app()
    return app, DirectoryInMemory().given(*entries).attach(app)


def test_register_user_saves_opened_and_registered_and_adds_the_row_with_the_hashes():
    app, directory = an_app_with_users(ME)
    position = position_of(app)

    result = app.register_user(NEW_CONCIERGE, Secrets(password_hash="$argon2id$x", token_hash=b"t"), ADMIN)

    assert recorded_since(app, position) == [(account_id("concierge-9"), "Opened"), (account_id("concierge-9"), "Registered")]
    assert result.aggregate_id == account_id("concierge-9")
    assert directory.entry("concierge-9") == NEW_CONCIERGE
    assert directory.password_hashes["concierge-9"] == "$argon2id$x" and directory.tokens["concierge-9"] == [b"t"]
    (change,) = directory.changes
    assert (change.was, change.changed_by) == (None, "admin-1")


def test_register_user_whose_id_the_directory_has_is_refused_and_saves_nothing():
    app, directory = an_app_with_users(ME, ADJUSTER)
    refused_in(app, lambda: app.register_user(ADJUSTER, Secrets(), ADMIN), UserAlreadyExists, "user_already_exists")
    assert directory.changes == []


def test_change_user_role_of_a_user_never_recorded_opens_their_account_and_changes_the_row():
    app, directory = an_app_with_users(ME, ADJUSTER)
    position = position_of(app)

    app.change_user_role("adjuster-1", Role.AUDITOR, None, ADMIN)

    assert [name for _, name in recorded_since(app, position)] == ["Opened", "RoleChanged"]
    assert directory.entry("adjuster-1") == UserEntry("adjuster-1", "佐藤 健一", Role.AUDITOR, None)
    assert directory.changes[0].was == ADJUSTER


def test_change_user_role_of_another_admin_counts_the_active_admins_it_decided_on():
    app, directory = an_app_with_users(ME, OTHER_ADMIN)

    app.change_user_role("admin-2", Role.AUDITOR, None, ADMIN)

    assert directory.changes[0].admins_were == frozenset({"admin-1", "admin-2"})
    assert directory.active_admins() == frozenset({"admin-1"})


def test_change_user_role_of_the_last_active_admin_by_the_system_is_refused():
    app, directory = an_app_with_users(OTHER_ADMIN)
    refused_in(app, lambda: app.change_user_role("admin-2", Role.AUDITOR, None, Actor("system-cli", Role.ADMIN)),
               LastActiveAdmin, "last_active_admin")
    assert directory.entry("admin-2") == OTHER_ADMIN


def test_deactivate_user_oneself_is_refused_and_nothing_changes():
    app, directory = an_app_with_users(ME, OTHER_ADMIN)
    refused_in(app, lambda: app.deactivate_user("admin-1", "退職", ADMIN), OwnAccountRefused, "own_account_refused")
    assert directory.entry("admin-1").active is True


def test_deactivate_then_reactivate_user_records_both_and_the_row_follows():
    app, directory = an_app_with_users(ME, ADJUSTER)
    app.deactivate_user("adjuster-1", "休職のため", ADMIN)
    assert directory.entry("adjuster-1").active is False

    app.reactivate_user("adjuster-1", ADMIN)

    assert event_names(new_events(app, account_id("adjuster-1"), 0)) == ["Opened", "Deactivated", "Reactivated"]
    assert directory.entry("adjuster-1").active is True


def test_reset_password_stores_only_the_new_hash_and_records_who_reset_it():
    app, directory = an_app_with_users(ME, ADJUSTER)

    app.reset_password("adjuster-1", "$argon2id$new", ADMIN, generated=True)

    (reset,) = new_events(app, account_id("adjuster-1"), 1)
    assert (type(reset).__name__, reset.actor_id, reset.generated) == ("PasswordReset", "admin-1", True)
    assert "$argon2id$new" not in str(vars(reset))
    assert directory.password_hashes["adjuster-1"] == "$argon2id$new"


def test_revoke_tokens_revokes_every_token_and_stores_the_new_ones_hash():
    app, directory = an_app_with_users(ME, ADJUSTER)
    directory.tokens["adjuster-1"] = [b"old-1", b"old-2"]

    app.revoke_tokens("adjuster-1", b"new", ADMIN)

    assert directory.tokens["adjuster-1"] == [b"new"]


def test_change_authority_limit_of_an_unknown_user_is_refused_with_user_not_found():
    app, _ = an_app_with_users(ME)
    refused_in(app, lambda: app.change_authority_limit("nobody", 10, ADMIN), UserNotFound, "user_not_found")


def test_user_history_lists_the_changes_with_who_made_them():
    app, _ = an_app_with_users(ME, ADJUSTER)
    app.change_authority_limit("adjuster-1", 2_000_000, ADMIN)
    app.record_sign_in("adjuster-1", Role.ADJUSTER)

    history = app.user_history("adjuster-1")

    assert event_names(history) == ["Opened", "AuthorityLimitChanged", "SignedIn"]
    assert [e.actor_id for e in history] == ["admin-1", "admin-1", "adjuster-1"]
