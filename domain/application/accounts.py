"""The users' accounts: sign-ins, failures and sign-outs in the audit trail, by name. An account
is opened on its first use, so a user name nobody holds never gets one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.accounts.account import LockoutPolicy, SignOutHow, UserAccount, account_id
from domain.application.machinery import Change, CommandResult, Machinery
from domain.kernel.actors import Actor, Role

DEFAULT_POLICY = LockoutPolicy()


@dataclass(frozen=True)
class SignInFailure:
    consecutive_failures: int  # 0 right after a lock: the next run is counted afresh
    locked_until: datetime | None


class AccountCommands(Machinery):
    def account(self, user_id: str) -> UserAccount | None:
        return self._maybe(account_id(user_id), UserAccount)

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
