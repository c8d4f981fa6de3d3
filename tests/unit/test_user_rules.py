"""The rules of managing users, on the UserAccount aggregate: Given (the user as the directory has
them, the active admins) / When (one change) / Then (the event, or one named error and no event)."""

from __future__ import annotations

import pytest

from domain.accounts.account import UserAccount
from domain.accounts.directory import UserEntry
from domain.accounts.errors import (
    LastActiveAdmin,
    NotAnAdjuster,
    OwnAccountRefused,
    UserAlreadyActive,
    UserAlreadyExists,
    UserAlreadyInactive,
)
from domain.kernel.actors import Actor, Role
from domain.kernel.errors import InvalidInput, RoleNotAllowed
from tests.builders import refused

ADMIN = Actor("admin-1", Role.ADMIN)
OTHER_ADMIN = UserEntry("admin-2", "管理 次郎", Role.ADMIN)
ADJUSTER = UserEntry("adjuster-1", "佐藤 健一", Role.ADJUSTER, 1_000_000)
BOTH_ADMINS = frozenset({"admin-1", "admin-2"})


def an_account(user_id: str = "adjuster-1") -> UserAccount:
    account = UserAccount.open_by(user_id, ADMIN)
    account.collect_events()
    return account


def recorded(account: UserAccount) -> list[tuple[str, dict]]:
    return [(type(e).__name__, {k: v for k, v in vars(e).items() if k not in (
        "originator_id", "originator_version", "timestamp")}) for e in account.collect_events()]


# ---- register ------------------------------------------------------------------------------


def test_register_records_name_role_and_limit_never_a_secret():
    account = an_account()
    after = account.register(ADJUSTER, actor=ADMIN, with_password=True, with_token=False)
    [(name, fields)] = recorded(account)
    assert name == "Registered" and after == ADJUSTER
    assert fields == {"display_name": "佐藤 健一", "role": "adjuster", "authority_limit_yen": 1_000_000,
                      "with_password": True, "with_token": False, "actor_id": "admin-1", "actor_role": "admin"}


def test_register_twice_is_refused_with_user_already_exists():
    account = an_account()
    account.register(ADJUSTER, actor=ADMIN, with_password=True, with_token=False)
    account.collect_events()
    refused(lambda: account.register(ADJUSTER, actor=ADMIN, with_password=True, with_token=False),
            UserAlreadyExists, "user_already_exists")


@pytest.mark.parametrize(("user_id", "reason"), [
    ("A", "bad_user_id"), ("山田", "bad_user_id"), ("system-cli", "reserved_user_id")])
def test_register_with_an_unusable_user_id_is_invalid_naming_user_id(user_id, reason):
    error = refused(lambda: an_account(user_id).register(UserEntry(user_id, "名前", Role.CONCIERGE), actor=ADMIN,
                                                         with_password=True, with_token=False),
                    InvalidInput, "invalid_input", "user_id")
    assert error.reason == reason


def test_register_a_concierge_with_an_authority_limit_is_invalid():
    error = refused(lambda: an_account("c-1").register(UserEntry("c-1", "名前", Role.CONCIERGE, 100), actor=ADMIN,
                                                       with_password=True, with_token=False),
                    InvalidInput, "invalid_input", "authority_limit_yen")
    assert error.reason == "adjusters_only"


def test_register_by_an_adjuster_is_refused():
    refused(lambda: an_account().register(ADJUSTER, actor=Actor("j", Role.ADJUSTER), with_password=True,
                                          with_token=False), RoleNotAllowed, "role_not_allowed")


# ---- role, limit ---------------------------------------------------------------------------


def test_change_role_records_before_and_after_and_clears_the_limit_of_a_former_adjuster():
    account = an_account()
    after = account.change_role(ADJUSTER, Role.AUDITOR, None, actor=ADMIN, admins=BOTH_ADMINS)
    assert recorded(account)[0][1]["role_before"] == "adjuster"
    assert (after.role, after.authority_limit_yen) == (Role.AUDITOR, None)


def test_change_role_of_another_admin_while_one_admin_remains_is_recorded():
    account = an_account("admin-2")
    after = account.change_role(OTHER_ADMIN, Role.AUDITOR, None, actor=ADMIN, admins=BOTH_ADMINS)
    assert after.role is Role.AUDITOR and recorded(account)[0][0] == "RoleChanged"


def test_change_role_of_the_last_active_admin_is_refused():
    account = an_account("admin-2")
    refused(lambda: account.change_role(OTHER_ADMIN, Role.AUDITOR, None, actor=Actor("system-cli", Role.ADMIN),
                                        admins=frozenset({"admin-2"})), LastActiveAdmin, "last_active_admin")
    assert recorded(account) == []


def test_change_role_of_ones_own_account_is_refused():
    me = UserEntry("admin-1", "管理 太郎", Role.ADMIN)
    refused(lambda: an_account("admin-1").change_role(me, Role.AUDITOR, None, actor=ADMIN, admins=BOTH_ADMINS),
            OwnAccountRefused, "own_account_refused")


def test_change_role_to_the_same_role_is_invalid():
    error = refused(lambda: an_account().change_role(ADJUSTER, Role.ADJUSTER, 5, actor=ADMIN, admins=BOTH_ADMINS),
                    InvalidInput, "invalid_input", "role")
    assert error.reason == "unchanged"


def test_change_authority_limit_records_the_limit_before_and_after():
    account = an_account()
    after = account.change_authority_limit(ADJUSTER, 2_000_000, actor=ADMIN)
    [(name, fields)] = recorded(account)
    assert (name, fields["limit_before"], fields["authority_limit_yen"]) == ("AuthorityLimitChanged", 1_000_000, 2_000_000)
    assert after.authority_limit_yen == 2_000_000


def test_change_authority_limit_of_an_auditor_is_refused_not_an_adjuster():
    auditor = UserEntry("a-1", "鈴木", Role.AUDITOR)
    refused(lambda: an_account("a-1").change_authority_limit(auditor, 10, actor=ADMIN), NotAnAdjuster, "not_an_adjuster")


def test_change_authority_limit_to_a_negative_amount_is_invalid():
    refused(lambda: an_account().change_authority_limit(ADJUSTER, -1, actor=ADMIN), InvalidInput, "invalid_input",
            "authority_limit_yen")


# ---- deactivate, reactivate, password, tokens ----------------------------------------------


def test_deactivate_records_the_reason_and_makes_the_user_inactive():
    account = an_account()
    after = account.deactivate(ADJUSTER, "退職のため", actor=ADMIN, admins=BOTH_ADMINS)
    assert recorded(account)[0][1]["reason"] == "退職のため" and after.active is False


def test_deactivate_oneself_is_refused():
    me = UserEntry("admin-1", "管理 太郎", Role.ADMIN)
    refused(lambda: an_account("admin-1").deactivate(me, "退職", actor=ADMIN, admins=BOTH_ADMINS), OwnAccountRefused,
            "own_account_refused")


def test_deactivate_the_last_active_admin_is_refused():
    refused(lambda: an_account("admin-2").deactivate(OTHER_ADMIN, "退職", actor=ADMIN, admins=frozenset({"admin-2"})),
            LastActiveAdmin, "last_active_admin")


def test_deactivate_an_inactive_user_is_refused():
    inactive = UserEntry("adjuster-1", "佐藤", Role.ADJUSTER, None, active=False)
    refused(lambda: an_account().deactivate(inactive, "退職", actor=ADMIN, admins=BOTH_ADMINS), UserAlreadyInactive,
            "user_already_inactive")


def test_reactivate_an_active_user_is_refused():
    refused(lambda: an_account().reactivate(ADJUSTER, actor=ADMIN), UserAlreadyActive, "user_already_active")


def test_reset_password_records_whether_it_was_generated_and_nothing_of_it():
    account = an_account()
    account.reset_password(ADJUSTER, actor=ADMIN, generated=True)
    assert recorded(account) == [("PasswordReset", {"generated": True, "actor_id": "admin-1", "actor_role": "admin"})]


def test_revoke_tokens_records_whether_a_new_one_was_issued():
    account = an_account()
    account.revoke_tokens(ADJUSTER, actor=ADMIN, new_token=True)
    assert recorded(account)[0] == ("TokensRevoked", {"new_token_issued": True, "actor_id": "admin-1", "actor_role": "admin"})
