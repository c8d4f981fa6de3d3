"""User accounts in the audit trail: sign-ins, failures, the lock, sign-outs. Given / When / Then."""

from __future__ import annotations

from datetime import timedelta

import pytest
from eventsourcing.domain import DomainEvent

from domain.accounts import account as accounts
from domain.accounts.account import AccountLocked, LockoutPolicy, UserAccount, account_id
from domain.kernel.actors import Actor, Role
from domain.kernel.descriptions import TEMPLATES, describe
from tests.builders import NOW, an_app

CONCIERGE = Actor("concierge-1", Role.CONCIERGE)
POLICY = LockoutPolicy(slow_after=3, max_delay_seconds=4.0, lock_after=3, lock_minutes=30)


def an_account(failures: int = 0) -> UserAccount:
    account = UserAccount.open_for(CONCIERGE)
    for _ in range(failures):
        account.fail_sign_in(actor=CONCIERGE, now=NOW, policy=POLICY)
    account.collect_events()
    return account


def recorded(account: UserAccount) -> list[str]:
    return [type(e).__name__ for e in account.collect_events()]


def test_account_id_is_stable_per_user_and_names_no_one():
    assert account_id("concierge-1") == account_id("concierge-1") != account_id("concierge-2")
    assert "concierge" not in str(account_id("concierge-1"))


def test_sign_in_records_who_and_in_which_role():
    account = an_account()
    account.sign_in(actor=CONCIERGE, now=NOW)
    (event,) = account.collect_events()
    assert type(event).TOPIC == "claims:UserAccount.SignedIn"
    assert (event.actor_id, event.actor_role) == ("concierge-1", "concierge")


def test_fail_sign_in_counts_consecutive_failures():
    account = an_account(failures=1)
    account.fail_sign_in(actor=CONCIERGE, now=NOW, policy=POLICY)
    (event,) = account.collect_events()
    assert event.consecutive_failures == 2


def test_sign_in_resets_the_count_of_failures():
    account = an_account(failures=2)
    account.sign_in(actor=CONCIERGE, now=NOW)
    assert account.consecutive_failures == 0


def test_fail_sign_in_at_the_limit_locks_the_account_until_lock_minutes_later():
    account = an_account(failures=2)
    account.fail_sign_in(actor=CONCIERGE, now=NOW, policy=POLICY)
    assert recorded(account) == ["SignInFailed", "LockedOut"]
    assert account.locked_until == NOW + timedelta(minutes=30)


def test_sign_in_while_locked_is_refused_even_with_the_right_password():
    account = an_account(failures=3)
    with pytest.raises(AccountLocked):
        account.sign_in(actor=CONCIERGE, now=NOW + timedelta(minutes=29))
    assert recorded(account) == []


def test_fail_sign_in_while_locked_is_refused_and_not_counted():
    account = an_account(failures=3)
    with pytest.raises(AccountLocked):
        account.fail_sign_in(actor=CONCIERGE, now=NOW + timedelta(minutes=1), policy=POLICY)
    assert recorded(account) == []


def test_sign_in_after_the_lock_ends_is_recorded():
    account = an_account(failures=3)
    account.sign_in(actor=CONCIERGE, now=NOW + timedelta(minutes=30))
    assert recorded(account) == ["SignedIn"]


def test_sign_out_records_how():
    account = an_account()
    account.sign_out(how="idle_expiry", actor=CONCIERGE)
    (event,) = account.collect_events()
    assert event.how == "idle_expiry"


@pytest.mark.parametrize(("failures", "delay"), [(0, 0), (1, 0), (2, 1), (3, 2), (4, 4), (9, 4)])
def test_delay_grows_from_the_third_attempt_and_stays_bounded(failures, delay):
    assert LockoutPolicy(slow_after=3, max_delay_seconds=4).delay_after(failures) == delay


def test_every_account_event_has_a_description_without_secrets():
    topics = {m.TOPIC for m in vars(UserAccount).values()
              if isinstance(m, type) and issubclass(m, DomainEvent) and "." in getattr(m, "TOPIC", "")}
    topics.discard("claims:UserAccount.Created")
    assert topics - set(TEMPLATES) == set()
    account = an_account(failures=2)
    account.fail_sign_in(actor=CONCIERGE, now=NOW, policy=POLICY)
    failed, locked = account.collect_events()
    assert describe(failed)[1] == "サインイン失敗: パスワード誤り（3 回連続）"
    assert describe(locked)[0].startswith("Account locked until ")


def test_no_account_event_carries_a_password_token_or_address():
    fields = set()
    account = UserAccount.open_for(CONCIERGE)
    account.fail_sign_in(actor=CONCIERGE, now=NOW, policy=POLICY)
    account.sign_in(actor=CONCIERGE, now=NOW + timedelta(hours=1))
    account.sign_out(how="by_user", actor=CONCIERGE)
    for event in account.collect_events():
        fields |= set(vars(event))
    assert not {f for f in fields if any(word in f for word in ("password", "token", "ip", "address", "session"))}


# ---- the application's commands ---------------------------------------------------------------


def test_record_sign_in_opens_the_account_on_first_use():
    app = an_app()
    app.record_sign_in("adjuster-9", Role.ADJUSTER)
    topics = [type(e).TOPIC for e in app.events.get(account_id("adjuster-9"))]
    assert topics == ["claims:UserAccount.Opened", "claims:UserAccount.SignedIn"]


def test_record_sign_in_failure_returns_the_count_and_the_lock():
    app = an_app()
    for _ in range(2):
        app.record_sign_in_failure("adjuster-9", Role.ADJUSTER, POLICY)
    third = app.record_sign_in_failure("adjuster-9", Role.ADJUSTER, POLICY)
    assert third.locked_until == NOW + timedelta(minutes=30)
    assert app.account("adjuster-9").is_locked(NOW)


def test_record_sign_in_on_a_locked_account_is_refused():
    app = an_app()
    for _ in range(3):
        app.record_sign_in_failure("adjuster-9", Role.ADJUSTER, POLICY)
    with pytest.raises(AccountLocked):
        app.record_sign_in("adjuster-9", Role.ADJUSTER)


def test_record_sign_out_with_an_explicit_instant():
    app = an_app()
    app.record_sign_out("adjuster-9", Role.ADJUSTER, "absolute_expiry", now=NOW + timedelta(hours=12))
    assert app.events.get(account_id("adjuster-9")).__next__().actor_role == "adjuster"


def test_account_of_a_user_never_seen_is_none():
    assert an_app().account("nobody") is None


def test_the_module_defines_stable_topics():
    assert {getattr(m, "TOPIC", "") for m in vars(UserAccount).values() if isinstance(m, type)} >= {
        "claims:UserAccount.Opened", "claims:UserAccount.SignedIn", "claims:UserAccount.SignInFailed",
        "claims:UserAccount.LockedOut", "claims:UserAccount.SignedOut"}
    assert accounts.UserAccount.TOPIC == "claims:UserAccount"
