"""The application's commands on user accounts (sign-ins in the audit trail), mixed into
`ClaimsApplication`. Each is load → decide → save through the application's own machinery; the
account is opened on its first use, so a user name nobody holds never gets one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from domain.accounts import LockoutPolicy, SignOutHow, UserAccount, account_id
from domain.actors import Actor
from domain.vocabulary import Role

if TYPE_CHECKING:
    from domain.application import CommandResult

DEFAULT_POLICY = LockoutPolicy()


@dataclass(frozen=True)
class SignInFailure:
    consecutive_failures: int  # 0 right after a lock: the next run is counted afresh
    locked_until: datetime | None


class AccountCommands:
    if TYPE_CHECKING:  # provided by ClaimsApplication
        clock: Callable[[], datetime]
        _run: Callable[..., CommandResult]
        _maybe: Callable[..., Any]

    def account(self, user_id: str) -> UserAccount | None:
        return self._maybe(account_id(user_id), UserAccount)

    def record_sign_in(self, user_id: str, role: Role, now: datetime | None = None) -> CommandResult:
        """The password was right: recorded, unless the account is locked (AccountLocked)."""
        actor = Actor(user_id, role)
        return self._on_account(actor, lambda account, at: account.sign_in(actor=actor, now=at), now)

    def record_sign_in_failure(
        self, user_id: str, role: Role, policy: LockoutPolicy = DEFAULT_POLICY, now: datetime | None = None
    ) -> SignInFailure:
        """A wrong password for an existing user: counted, and the account locked when the policy says."""
        actor = Actor(user_id, role)
        after: list[UserAccount] = []

        def fail(account: UserAccount, at: datetime) -> None:
            account.fail_sign_in(actor=actor, now=at, policy=policy)
            after[:] = [account]

        self._on_account(actor, fail, now)
        return SignInFailure(after[0].consecutive_failures, after[0].locked_until)

    def record_sign_out(self, user_id: str, role: Role, how: SignOutHow, now: datetime | None = None) -> CommandResult:
        actor = Actor(user_id, role)
        return self._on_account(actor, lambda account, _at: account.sign_out(how=how, actor=actor), now)

    def _on_account(
        self, actor: Actor, command: Callable[[UserAccount, datetime], None], now: datetime | None
    ) -> CommandResult:
        def decide(aggs: list[Any], clock_now: datetime) -> list[UserAccount]:
            created = [] if aggs[0] is not None else [UserAccount.open_for(actor)]
            command(aggs[0] or created[0], now or clock_now)
            return created

        return self._run(lambda: [self.account(actor.user_id)], decide, None, None)
