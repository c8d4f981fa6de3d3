"""The users as the service knows them now (the directory: in the service, the `users` table),
and how a change to a user changes it. The domain decides on these facts and says what the
directory becomes; the infrastructure makes that change in the same transaction as the user's
events, so the directory and the record of who changed it can never disagree (decision 0017).
No SQL here, and no secret but a hash: a password or a token is never in a value of this module
that is not a hash of it, and never in an event."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from domain.kernel.actors import Role

USER_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")
SYSTEM_PREFIX = "system-"  # the service's own actors (system-cli, system-seed): no person may hold such an id


@dataclass(frozen=True)
class UserEntry:
    """A user as the directory has them: who, in which role, with which payment authority."""

    user_id: str
    display_name: str
    role: Role
    authority_limit_yen: int | None = None  # adjusters only; None: no personal limit
    active: bool = True


class UserDirectory(Protocol):
    def entry(self, user_id: str) -> UserEntry | None: ...

    def active_admins(self) -> frozenset[str]: ...


class NoDirectory:
    """The directory of an application that has none wired (it knows no user)."""

    def entry(self, user_id: str) -> UserEntry | None:
        return None

    def active_admins(self) -> frozenset[str]:
        return frozenset()


@dataclass(frozen=True)
class Secrets:
    """What a change stores of a user's secrets: hashes only, never shown, never in an event."""

    password_hash: str | None = field(default=None, repr=False)
    token_hash: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class DirectoryChange:
    """What the directory becomes with a user's events. `was` is the row the decision read (None:
    a new user), so a row changed meanwhile is a conflict, decided again; `admins_were` likewise
    for the active admins a decision counted on (the last-admin rule)."""

    was: UserEntry | None
    becomes: UserEntry
    changed_by: str
    secrets: Secrets = Secrets()
    revoke_tokens: bool = False
    admins_were: frozenset[str] | None = None
