"""A user change and its record never disagree: the users table changes in the transaction that
stores the user's events (infra/recorder.py), so a refusal at either end leaves both as they were;
the last-admin rule holds when its facts change between the decision and the save."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from api.services import Services
from domain.accounts.account import account_id
from domain.accounts.directory import Secrets, UserEntry
from domain.accounts.errors import LastActiveAdmin, UserAlreadyExists
from domain.kernel.actors import Actor, Role
from infra.settings import Settings

SYSTEM = Actor("system-cli", Role.ADMIN)


@pytest.fixture
def own_services(own_database) -> Iterator[Services]:
    settings = Settings(_env_file=None, database_url=own_database.conninfo, claims_run_projections=False,
                        claims_cipher_key=own_database.cipher_key, claims_pool_size=2, claims_pool_max_overflow=2)
    services = Services.open(own_database, settings)
    yield services
    services.close()


@dataclass
class StaleDirectory:
    """The users table as a decision read it a moment ago: `stale` answers once, then the truth."""

    truth: object
    stale_entry: UserEntry | None = None
    stale_admins: frozenset[str] | None = None

    def entry(self, user_id: str) -> UserEntry | None:
        if self.stale_entry is not None:
            found, self.stale_entry = self.stale_entry, None
            return None if found.user_id == "(none)" else found
        return self.truth.entry(user_id)  # type: ignore[attr-defined]

    def active_admins(self) -> frozenset[str]:
        if self.stale_admins is not None:
            found, self.stale_admins = self.stale_admins, None
            return found
        return self.truth.active_admins()  # type: ignore[attr-defined]


def events_of(services: Services, user_id: str) -> list[str]:
    return [type(e).__name__ for e in services.app.user_history(user_id)]


def test_register_user_whose_id_was_taken_after_the_decision_stores_no_event(own_services):
    own_services.app.register_user(UserEntry("taken", "先 客", Role.CONCIERGE), Secrets(), SYSTEM)
    own_services.app.directory = StaleDirectory(own_services.users, stale_entry=UserEntry("(none)", "", Role.ADMIN))
    with pytest.raises(UserAlreadyExists):
        own_services.app.register_user(UserEntry("taken", "後 客", Role.AUDITOR), Secrets(), SYSTEM)
    assert own_services.users.entry("taken").display_name == "先 客"
    assert events_of(own_services, "taken") == ["Opened", "Registered"]


def test_register_user_stores_the_row_the_hashes_and_the_events_together(own_services):
    own_services.app.register_user(UserEntry("adj", "佐藤", Role.ADJUSTER, 500_000), Secrets("$argon2id$h", b"t" * 32),
                                   SYSTEM)
    row = own_services.users.row("adj")
    assert (row.role, row.authority_limit_yen, row.has_password, row.active_tokens, row.created_by) == (
        Role.ADJUSTER, 500_000, True, 1, "system-cli")
    assert own_services.app.account("adj").id == account_id("adj")


def test_demoting_an_admin_when_the_other_left_meanwhile_is_decided_again_and_refused(own_services):
    for user_id in ("admin-a", "admin-b"):
        own_services.app.register_user(UserEntry(user_id, user_id, Role.ADMIN), Secrets(), SYSTEM)
    with own_services.pool.connection() as conn:  # admin-a leaves outside any command
        conn.execute("UPDATE users SET active = false WHERE user_id = 'admin-a'")
    own_services.app.directory = StaleDirectory(own_services.users, stale_admins=frozenset({"admin-a", "admin-b"}))

    with pytest.raises(LastActiveAdmin):
        own_services.app.change_user_role("admin-b", Role.AUDITOR, None, SYSTEM)

    assert own_services.users.entry("admin-b").role is Role.ADMIN
    assert events_of(own_services, "admin-b") == ["Opened", "Registered"]
    assert own_services.app.conflicts_retried >= 1


def test_a_row_changed_after_the_decision_is_decided_again_on_the_new_row(own_services):
    own_services.app.register_user(UserEntry("adj2", "鈴木", Role.ADJUSTER, 100), Secrets(), SYSTEM)
    stale = UserEntry("adj2", "鈴木", Role.ADJUSTER, 50)  # what a decision read before another change
    own_services.app.directory = StaleDirectory(own_services.users, stale_entry=stale)

    own_services.app.change_authority_limit("adj2", 300, SYSTEM)

    assert own_services.users.entry("adj2").authority_limit_yen == 300
    (changed,) = [e for e in own_services.app.user_history("adj2") if type(e).__name__ == "AuthorityLimitChanged"]
    assert changed.limit_before == 100  # the event says what the row really was
