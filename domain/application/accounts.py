"""The users' accounts: sign-ins, failures and sign-outs in the audit trail, and the
administrator's changes to users, by name. An account is opened on its first use, so a user name
nobody holds never gets one.

A change to a user decides on the user as the directory (the users table) has them, and hands
the directory's new state to the save as `directory_change`: the recorder writes it in the same
transaction as the events (as it writes the idempotency key), so a user change and its record
can never disagree (docs/decisions/0017)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.accounts.account import LockoutPolicy, SignOutHow, UserAccount, account_id
from domain.accounts.directory import DirectoryChange, NoDirectory, Secrets, UserDirectory, UserEntry
from domain.accounts.errors import UserAlreadyExists, UserNotFound
from domain.application.machinery import Change, CommandResult, Idempotency, Machinery
from domain.kernel.actors import Actor, Role

DEFAULT_POLICY = LockoutPolicy()


@dataclass(frozen=True)
class SignInFailure:
    consecutive_failures: int  # 0 right after a lock: the next run is counted afresh
    locked_until: datetime | None


@dataclass(frozen=True)
class AccountChange(Change):
    """A change to a user: their account's events and what the directory becomes with them."""

    directory: DirectoryChange | None = None


# The directory change of the save running in this thread (set around `_save`, read by `save`).
_SAVING: ContextVar[DirectoryChange | None] = ContextVar("directory_change", default=None)

# What a user change does to the account: (account, the user now, active admins) → the user after.
UserChange = Callable[[UserAccount, UserEntry, frozenset[str]], UserEntry]


class AccountCommands(Machinery):
    directory: UserDirectory = NoDirectory()  # the service wires the users table (api/services.py)

    def account(self, user_id: str) -> UserAccount | None:
        return self._maybe(account_id(user_id), UserAccount)

    # ---- the administrator's commands -------------------------------------------------------

    def register_user(
        self, user: UserEntry, secrets: Secrets, actor: Actor, *, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        """A new user, active, with a password and a token if their hashes are given."""

        def decide(account: UserAccount | None, _now: datetime) -> Change:
            if self.directory.entry(user.user_id) is not None:
                raise UserAlreadyExists(f"user {user.user_id} exists", field="user_id", params={"user_id": user.user_id})
            opened = account or UserAccount.open_by(user.user_id, actor)
            entry = opened.register(user, actor=actor, with_password=secrets.password_hash is not None,
                                    with_token=secrets.token_hash is not None)
            return AccountChange(opened, directory=DirectoryChange(None, entry, actor.user_id, secrets))

        return self._run(lambda: self.account(user.user_id), decide, idempotency=idempotency)

    def change_user_role(
        self, user_id: str, role: Role, authority_limit_yen: int | None, actor: Actor,
        *, expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        return self._change_user(
            user_id, actor, lambda a, u, admins: a.change_role(u, role, authority_limit_yen, actor=actor, admins=admins),
            counts_admins=True, expected_version=expected_version, idempotency=idempotency)

    def change_authority_limit(
        self, user_id: str, authority_limit_yen: int | None, actor: Actor,
        *, expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        return self._change_user(user_id, actor, lambda a, u, _: a.change_authority_limit(u, authority_limit_yen, actor=actor),
                                 expected_version=expected_version, idempotency=idempotency)

    def reset_password(
        self, user_id: str, password_hash: str, actor: Actor, *, generated: bool = False,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        """A new password, given as its hash (the caller hashed what was typed or generated)."""
        return self._change_user(user_id, actor, lambda a, u, _: a.reset_password(u, actor=actor, generated=generated),
                                 secrets=Secrets(password_hash=password_hash), expected_version=expected_version,
                                 idempotency=idempotency)

    def deactivate_user(
        self, user_id: str, reason: str, actor: Actor,
        *, expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        return self._change_user(user_id, actor, lambda a, u, admins: a.deactivate(u, reason, actor=actor, admins=admins),
                                 counts_admins=True, expected_version=expected_version, idempotency=idempotency)

    def reactivate_user(
        self, user_id: str, actor: Actor, *, expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        return self._change_user(user_id, actor, lambda a, u, _: a.reactivate(u, actor=actor),
                                 expected_version=expected_version, idempotency=idempotency)

    def revoke_tokens(
        self, user_id: str, new_token_hash: bytes | None, actor: Actor,
        *, expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        """Every API token of the user revoked; a new one stored if its hash is given."""
        return self._change_user(user_id, actor,
                                 lambda a, u, _: a.revoke_tokens(u, actor=actor, new_token=new_token_hash is not None),
                                 secrets=Secrets(token_hash=new_token_hash), revoke_tokens=True,
                                 expected_version=expected_version, idempotency=idempotency)

    def user_history(self, user_id: str) -> list[Any]:
        """Every event of a user's account (sign-ins too), oldest first; none for a user never recorded."""
        return self._history(account_id(user_id)) if self.account(user_id) is not None else []

    def _change_user(
        self, user_id: str, actor: Actor, change: UserChange, *, counts_admins: bool = False,
        secrets: Secrets = Secrets(), revoke_tokens: bool = False,  # noqa: B008 — frozen, shared safely
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        def decide(account: UserAccount | None, _now: datetime) -> Change:
            user = self.directory.entry(user_id)
            if user is None:
                raise UserNotFound(f"no user {user_id}", field="user_id")
            admins = self.directory.active_admins()
            opened = account or UserAccount.open_by(user_id, actor)
            after = change(opened, user, admins)
            counted = admins if counts_admins and user.role is Role.ADMIN else None
            return AccountChange(opened, directory=DirectoryChange(user, after, actor.user_id, secrets, revoke_tokens,
                                                                   counted))

        return self._run(lambda: self.account(user_id), decide, expected_version=expected_version,
                         idempotency=idempotency)

    # ---- saving: the directory's change travels with the events into their transaction -----

    def _save(self, change: Change, idempotency: Idempotency | None) -> CommandResult:
        with _saving(change.directory if isinstance(change, AccountChange) else None):
            return super()._save(change, idempotency)

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        directory_change = _SAVING.get()
        if directory_change is not None:
            kwargs["directory_change"] = directory_change
        return super().save(*objs, **kwargs)

    def record_sign_in(self, user_id: str, role: Role, now: datetime | None = None) -> CommandResult:
        """The password was right: recorded, unless the account is locked (AccountLocked)."""
        actor = Actor(user_id, role)

        def decide(account: UserAccount | None, clock_now: datetime) -> Change:
            opened = account or UserAccount.open_for(actor)
            opened.sign_in(actor=actor, now=now or clock_now)
            return Change(opened)

        return self._run(lambda: self.account(user_id), decide)

    def record_sign_in_failure(
        self, user_id: str, role: Role, policy: LockoutPolicy = DEFAULT_POLICY, now: datetime | None = None
    ) -> SignInFailure:
        """A wrong password for an existing user: counted, and the account locked when the policy says."""
        actor = Actor(user_id, role)

        def decide(account: UserAccount | None, clock_now: datetime) -> Change:
            opened = account or UserAccount.open_for(actor)
            opened.fail_sign_in(actor=actor, now=now or clock_now, policy=policy)
            return Change(opened)

        after: UserAccount = self._run(lambda: self.account(user_id), decide).subject
        return SignInFailure(after.consecutive_failures, after.locked_until)

    def record_sign_out(self, user_id: str, role: Role, how: SignOutHow, now: datetime | None = None) -> CommandResult:
        actor = Actor(user_id, role)

        def decide(account: UserAccount | None, _now: datetime) -> Change:
            opened = account or UserAccount.open_for(actor)
            opened.sign_out(how=how, actor=actor)
            return Change(opened)

        return self._run(lambda: self.account(user_id), decide)


@contextmanager
def _saving(change: DirectoryChange | None) -> Iterator[None]:
    token = _SAVING.set(change)
    try:
        yield
    finally:
        _SAVING.reset(token)
