"""A user's account as the audit trail sees it: who registered them and every change an
administrator made (role, authority limit, password reset, deactivation, tokens), and their
sign-ins, refused attempts, locks and sign-outs.

The lock rule lives here: a run of consecutive failed sign-ins locks the account until a given
instant, and a locked account refuses even the right password until then. So do the rules of
managing users: only an administrator changes a user; an adjuster alone has an authority limit;
nobody demotes or deactivates themselves, nor the last active administrator. Each change decides
on the user as the directory has them now (`UserEntry`) and returns what the directory becomes.
The password itself, a token, the session and the caller's address never enter an event.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.accounts.directory import SYSTEM_PREFIX, USER_ID_PATTERN, UserEntry
from domain.accounts.errors import (
    LastActiveAdmin,
    NotAnAdjuster,
    OwnAccountRefused,
    UserAlreadyActive,
    UserAlreadyExists,
    UserAlreadyInactive,
)
from domain.kernel.actors import Actor, Role
from domain.kernel.clock import require_aware
from domain.kernel.errors import InvalidInput, TransitionRefused
from domain.kernel.inputs import is_whole_yen, require_text
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


def checked_user_id(user_id: str) -> str:
    if not isinstance(user_id, str) or not USER_ID_PATTERN.match(user_id):
        raise InvalidInput("user_id: 2–63 characters of a-z, 0-9, '.', '_' or '-'", field="user_id", reason="bad_user_id")
    if user_id.startswith(SYSTEM_PREFIX):
        raise InvalidInput(f"user ids starting with {SYSTEM_PREFIX!r} are the service's own", field="user_id",
                           reason="reserved_user_id")
    return user_id


def checked_limit(role: Role, authority_limit_yen: object) -> int | None:
    """An authority limit is an adjuster's alone: whole, non-negative yen, or None (no limit)."""
    if authority_limit_yen is None:
        return None
    if not is_whole_yen(authority_limit_yen) or authority_limit_yen < 0:  # type: ignore[operator]
        raise InvalidInput("authority_limit_yen: whole, non-negative yen", field="authority_limit_yen", reason="negative")
    if role is not Role.ADJUSTER:
        raise InvalidInput("only an adjuster has a payment authority limit", field="authority_limit_yen",
                           reason="adjusters_only")
    return authority_limit_yen  # type: ignore[return-value]


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

    @classmethod
    def open_by(cls, user_id: str, actor: Actor) -> UserAccount:
        """The record of a user whose account an administrator is the first to touch."""
        return cls(id=account_id(user_id), user_id=user_id, actor_id=actor.user_id, actor_role=actor.role.value)

    # ---- the administrator's commands: each takes the user as the directory has them now and
    # returns what the directory becomes ----------------------------------------------------

    def register(self, user: UserEntry, *, actor: Actor, with_password: bool, with_token: bool) -> UserEntry:
        actor.require(Role.ADMIN, command="registering a user")
        if self.registered:
            raise UserAlreadyExists(f"user {self.user_id} exists", field="user_id", params={"user_id": self.user_id})
        role = Role.coerce(user.role, "role")
        entry = UserEntry(checked_user_id(user.user_id), require_text(user.display_name, "display_name"), role,
                          checked_limit(role, user.authority_limit_yen), True)
        self._registered(display_name=entry.display_name, role=role.value, authority_limit_yen=entry.authority_limit_yen,
                         with_password=with_password, with_token=with_token, actor_id=actor.user_id,
                         actor_role=actor.role.value)
        return entry

    def change_role(
        self, user: UserEntry, role: Role, authority_limit_yen: int | None, *, actor: Actor, admins: frozenset[str],
    ) -> UserEntry:
        """A new role (and, for an adjuster, the authority limit that goes with it)."""
        self._require_another_admins_change(user, actor, command="changing a role")
        role = Role.coerce(role, "role")
        limit = checked_limit(role, authority_limit_yen)
        if role is user.role:
            raise InvalidInput(f"{user.user_id} is {role.value} already", field="role", reason="unchanged")
        if user.role is Role.ADMIN:
            self._require_another_active_admin(user, admins)
        self._role_changed(role_before=user.role.value, role=role.value, authority_limit_yen=limit,
                           actor_id=actor.user_id, actor_role=actor.role.value)
        return replace(user, role=role, authority_limit_yen=limit)

    def change_authority_limit(self, user: UserEntry, authority_limit_yen: int | None, *, actor: Actor) -> UserEntry:
        actor.require(Role.ADMIN, command="changing an authority limit")
        if user.role is not Role.ADJUSTER:
            raise NotAnAdjuster(f"{user.user_id} is not an adjuster: only an adjuster has an authority limit",
                                params={"role": user.role.value})
        limit = checked_limit(user.role, authority_limit_yen)
        if limit == user.authority_limit_yen:
            raise InvalidInput("the limit is that already", field="authority_limit_yen", reason="unchanged")
        self._authority_limit_changed(limit_before=user.authority_limit_yen, authority_limit_yen=limit,
                                      actor_id=actor.user_id, actor_role=actor.role.value)
        return replace(user, authority_limit_yen=limit)

    def reset_password(self, user: UserEntry, *, actor: Actor, generated: bool) -> UserEntry:
        """A new password (typed by the administrator, or generated and shown to them once)."""
        actor.require(Role.ADMIN, command="resetting a password")
        self._password_reset(generated=generated, actor_id=actor.user_id, actor_role=actor.role.value)
        return user

    def deactivate(self, user: UserEntry, reason: str, *, actor: Actor, admins: frozenset[str]) -> UserEntry:
        """No more sign-ins, sessions or tokens for them, until reactivated; their record stays."""
        self._require_another_admins_change(user, actor, command="deactivating a user")
        if not user.active:
            raise UserAlreadyInactive(f"{user.user_id} is inactive already", field="active")
        why = require_text(reason, "reason")
        if user.role is Role.ADMIN:
            self._require_another_active_admin(user, admins)
        self._deactivated(reason=why, actor_id=actor.user_id, actor_role=actor.role.value)
        return replace(user, active=False)

    def reactivate(self, user: UserEntry, *, actor: Actor) -> UserEntry:
        actor.require(Role.ADMIN, command="reactivating a user")
        if user.active:
            raise UserAlreadyActive(f"{user.user_id} is active", field="active")
        self._reactivated(actor_id=actor.user_id, actor_role=actor.role.value)
        return replace(user, active=True)

    def revoke_tokens(self, user: UserEntry, *, actor: Actor, new_token: bool) -> UserEntry:
        """Every API token of the user stops working (and, if asked, a new one is issued)."""
        actor.require(Role.ADMIN, command="revoking tokens")
        self._tokens_revoked(new_token_issued=new_token, actor_id=actor.user_id, actor_role=actor.role.value)
        return user

    def _require_another_admins_change(self, user: UserEntry, actor: Actor, *, command: str) -> None:
        actor.require(Role.ADMIN, command=command)
        if actor.user_id == user.user_id:
            raise OwnAccountRefused(f"{command} of your own account is for another administrator")

    @staticmethod
    def _require_another_active_admin(user: UserEntry, admins: frozenset[str]) -> None:
        if user.active and not admins - {user.user_id}:
            raise LastActiveAdmin(f"{user.user_id} is the last active administrator")

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
        self.registered = False  # accounts of users made before users were recorded were never registered

    @event("Registered", topic="claims:UserAccount.Registered")
    def _registered(
        self, display_name: str, role: str, authority_limit_yen: int | None, with_password: bool, with_token: bool,
        actor_id: str, actor_role: str,
    ) -> None:
        self.registered = True

    @event("RoleChanged", topic="claims:UserAccount.RoleChanged")
    def _role_changed(self, role_before: str, role: str, authority_limit_yen: int | None, actor_id: str,
                      actor_role: str) -> None:
        pass

    @event("AuthorityLimitChanged", topic="claims:UserAccount.AuthorityLimitChanged")
    def _authority_limit_changed(self, limit_before: int | None, authority_limit_yen: int | None, actor_id: str,
                                 actor_role: str) -> None:
        pass

    @event("PasswordReset", topic="claims:UserAccount.PasswordReset")
    def _password_reset(self, generated: bool, actor_id: str, actor_role: str) -> None:
        pass

    @event("Deactivated", topic="claims:UserAccount.Deactivated")
    def _deactivated(self, reason: str, actor_id: str, actor_role: str) -> None:
        pass

    @event("Reactivated", topic="claims:UserAccount.Reactivated")
    def _reactivated(self, actor_id: str, actor_role: str) -> None:
        pass

    @event("TokensRevoked", topic="claims:UserAccount.TokensRevoked")
    def _tokens_revoked(self, new_token_issued: bool, actor_id: str, actor_role: str) -> None:
        pass

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
