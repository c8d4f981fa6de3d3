"""A user's account as the audit trail sees it: sign-ins, refused attempts, locks and sign-outs.

The lock rule lives here: a run of consecutive failed sign-ins locks the account until a given
instant, and a locked account refuses even the right password until then. The password itself,
the session token and the caller's address never enter an event: the web layer checks the
password and keeps the session; this aggregate records what happened and decides the lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.kernel.actors import Actor
from domain.kernel.clock import require_aware
from domain.kernel.errors import TransitionRefused
from domain.kernel.labels import Labelled

ACCOUNT_NAMESPACE = uuid5(NAMESPACE_URL, "urn:jsprs-claims:user-account")


class SignOutHow(Labelled):
    BY_USER = "by_user", "本人による操作"
    IDLE_EXPIRY = "idle_expiry", "無操作による期限切れ"
    ABSOLUTE_EXPIRY = "absolute_expiry", "最長時間による期限切れ"


class AccountLocked(TransitionRefused):
    """Too many failed sign-ins in a row: the account refuses every sign-in until the lock ends."""

    rule = "account_locked"


def account_id(user_id: str) -> UUID:
    return uuid5(ACCOUNT_NAMESPACE, user_id)


@dataclass(frozen=True)
class LockoutPolicy:
    """From the `slow_after`-th consecutive failure, answers wait longer each time (doubling from
    one second, never past `max_delay_seconds`); the `lock_after`-th locks the account."""

    slow_after: int = 3
    max_delay_seconds: float = 4.0
    lock_after: int = 10
    lock_minutes: float = 30.0

    def delay_after(self, consecutive_failures: int) -> float:
        """Seconds to wait before answering an attempt that follows this many failures in a row."""
        if consecutive_failures + 1 < self.slow_after:
            return 0.0
        return min(self.max_delay_seconds, 2.0 ** (consecutive_failures + 1 - self.slow_after))


class UserAccount(Aggregate):
    TOPIC = "claims:UserAccount"

    class Created(Aggregate.Created):
        TOPIC = "claims:UserAccount.Created"

    # ---- commands -------------------------------------------------------------------------

    @classmethod
    def open_for(cls, actor: Actor) -> UserAccount:
        return cls(id=account_id(actor.user_id), user_id=actor.user_id, actor_id=actor.user_id,
                   actor_role=actor.role.value)

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def sign_in(self, *, actor: Actor, now: datetime) -> None:
        """The password was right: refused all the same while the account is locked."""
        self._require_unlocked(require_aware(now, "now"))
        self._signed_in(actor_id=actor.user_id, actor_role=actor.role.value)

    def fail_sign_in(self, *, actor: Actor, now: datetime, policy: LockoutPolicy) -> None:
        """A wrong password: counted; the `lock_after`-th in a row locks the account. While locked,
        attempts are refused before any password is checked, and are not counted."""
        self._require_unlocked(require_aware(now, "now"))
        failures = self.consecutive_failures + 1
        self._sign_in_failed(consecutive_failures=failures, actor_id=actor.user_id, actor_role=actor.role.value)
        if failures >= policy.lock_after:
            until = now + timedelta(minutes=policy.lock_minutes)
            self._locked_out(until=until, actor_id=actor.user_id, actor_role=actor.role.value)

    def sign_out(self, *, how: SignOutHow, actor: Actor) -> None:
        self._signed_out(how=SignOutHow.coerce(how, "how").value, actor_id=actor.user_id, actor_role=actor.role.value)

    def _require_unlocked(self, now: datetime) -> None:
        if self.is_locked(now):
            raise AccountLocked(f"the account is locked until {self.locked_until:%Y-%m-%d %H:%M %Z}",
                                params={"until": self.locked_until})

    # ---- events: they only record ---------------------------------------------------------

    @event("Opened", topic="claims:UserAccount.Opened")
    def __init__(self, id: Any, user_id: str, actor_id: str, actor_role: str) -> None:
        self.user_id = user_id
        self.consecutive_failures = 0
        self.locked_until: datetime | None = None

    @event("SignedIn", topic="claims:UserAccount.SignedIn")
    def _signed_in(self, actor_id: str, actor_role: str) -> None:
        self.consecutive_failures = 0

    @event("SignInFailed", topic="claims:UserAccount.SignInFailed")
    def _sign_in_failed(self, consecutive_failures: int, actor_id: str, actor_role: str) -> None:
        self.consecutive_failures = consecutive_failures

    @event("LockedOut", topic="claims:UserAccount.LockedOut")
    def _locked_out(self, until: datetime, actor_id: str, actor_role: str) -> None:
        self.locked_until = until
        self.consecutive_failures = 0  # the next run of failures is counted afresh once the lock ends

    @event("SignedOut", topic="claims:UserAccount.SignedOut")
    def _signed_out(self, how: str, actor_id: str, actor_role: str) -> None:
        pass
