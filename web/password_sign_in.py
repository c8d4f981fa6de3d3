"""Signing in with a user name and a password.

The lock rule is the UserAccount aggregate's; this module checks the password, asks the
application to record what happened, and starts the session. A wrong user name and a wrong
password get the same answer after the same work (a dummy hash is verified), and user names
nobody holds slow down and lock like real ones, in memory only: no event, no aggregate is
stored for a guessed name, and the answers do not tell which names exist.
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from api.services import Services
from domain.accounts.account import AccountLocked, LockoutPolicy, UserAccount
from domain.kernel.actors import Actor, Role
from infra.passwords import hash_password, needs_rehash, verify_password
from infra.sessions import SessionStore
from infra.settings import Settings
from infra.users import USER_ID_PATTERN, Credentials, User

GUESSED_NAMES_KEPT = 10_000


@dataclass(frozen=True)
class Attempt:
    delay: float  # seconds to wait before answering, whatever the outcome
    user: User | None = None  # signed in…
    session_token: str | None = None  # …with this new session
    refusal: str | None = None  # or refused: sign_in_failed or account_locked


def lockout_policy(settings: Settings) -> LockoutPolicy:
    return LockoutPolicy(settings.claims_sign_in_slow_after, settings.claims_sign_in_max_delay_seconds,
                         settings.claims_sign_in_lock_after, settings.claims_sign_in_lock_minutes)


def user_name_as_typed(text: str) -> str:
    """User ids are lower-case ASCII; full-width letters typed with the IME on still match."""
    return unicodedata.normalize("NFKC", text).strip().lower()


class GuessedNames:
    """Failures against names nobody holds, counted in memory by the same rule as real accounts
    (a UserAccount that is never saved), keyed by a hash of the name, the oldest forgotten first."""

    def __init__(self, kept: int = GUESSED_NAMES_KEPT) -> None:
        self._accounts: OrderedDict[str, UserAccount] = OrderedDict()
        self._kept = kept
        self._lock = threading.Lock()

    def account(self, name: str) -> UserAccount:
        key = hashlib.sha256(name.encode()).hexdigest()
        with self._lock:
            found = self._accounts.pop(key, None) or UserAccount.open_for(Actor(key, Role.MONITOR))
            self._accounts[key] = found
            while len(self._accounts) > self._kept:
                self._accounts.popitem(last=False)
            return found


GUESSED = GuessedNames()


class SignIn:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.policy = lockout_policy(services.settings)

    def attempt(self, typed_name: str, password: str) -> Attempt:
        name = user_name_as_typed(typed_name)
        found = self.services.users.credentials(name) if USER_ID_PATTERN.match(name) else None
        now = self.services.app.clock()
        if found is None:
            return self._unknown(name, password, now)
        account = self.services.app.account(name)
        delay = self.policy.delay_after(account.consecutive_failures if account else 0)
        if account is not None and account.is_locked(now):
            return Attempt(delay, refusal="account_locked")
        if not verify_password(found.password_hash, password):
            failure = self.services.app.record_sign_in_failure(name, found.user.role, self.policy, now)
            return Attempt(delay, refusal="account_locked" if failure.locked_until else "sign_in_failed")
        return self._signed_in(found, password, delay, now)

    def _signed_in(self, found: Credentials, password: str, delay: float, now: datetime) -> Attempt:
        user = found.user
        try:
            self.services.app.record_sign_in(user.user_id, user.role, now)
        except AccountLocked:  # locked by a concurrent attempt since we looked
            return Attempt(delay, refusal="account_locked")
        if found.password_hash and needs_rehash(found.password_hash):
            self.services.users.set_password_hash(user.user_id, hash_password(password))
        return Attempt(delay, user=user, session_token=SessionStore(self.services.pool).start(user.user_id, now))

    def _unknown(self, name: str, password: str, now: datetime) -> Attempt:
        account = GUESSED.account(name)
        delay = self.policy.delay_after(account.consecutive_failures)
        if account.is_locked(now):
            return Attempt(delay, refusal="account_locked")
        verify_password(None, password)  # the same work as a real check
        account.fail_sign_in(actor=Actor(account.user_id, Role.MONITOR), now=now, policy=self.policy)
        account.collect_events()  # never saved: the role is a placeholder
        return Attempt(delay, refusal="account_locked" if account.is_locked(now) else "sign_in_failed")
