"""Users, roles, bearer tokens and passwords. A token is shown once; only its SHA-256 hash is
kept. A password is kept only as its Argon2id hash (infra/passwords.py)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from eventsourcing.persistence import RecordConflictError
from psycopg import Cursor, errors
from psycopg_pool import ConnectionPool

from domain.accounts.directory import USER_ID_PATTERN, DirectoryChange, UserEntry
from domain.accounts.errors import UserAlreadyExists
from domain.kernel.actors import Actor, Role

TOKEN_PREFIX = "clm_"  # noqa: S105 — a prefix, not a secret
__all__ = ["USER_ID_PATTERN", "Credentials", "User", "UserRow", "UserStore", "apply_directory_change", "new_token"]


@dataclass(frozen=True)
class User:
    user_id: str
    display_name: str
    role: Role
    authority_limit_yen: int | None

    @property
    def actor(self) -> Actor:
        return Actor(self.user_id, self.role, self.authority_limit_yen)


@dataclass(frozen=True)
class Credentials:
    """What a sign-in checks: the user, and the hash of their password (None: no password set)."""

    user: User
    password_hash: str | None = field(repr=False)


def hash_token(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def new_token() -> tuple[str, bytes]:
    """A new API token (shown once) and the hash that alone is kept."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return token, hash_token(token)


@dataclass(frozen=True)
class UserRow:
    """A user as the administrator's list shows them."""

    user_id: str
    display_name: str
    role: Role
    authority_limit_yen: int | None
    active: bool
    has_password: bool
    password_changed_at: datetime | None
    active_tokens: int
    created_at: datetime
    created_by: str


ENTRY = "SELECT user_id, display_name, role, authority_limit_yen, active FROM users"
ROWS = (
    "SELECT u.user_id, u.display_name, u.role, u.authority_limit_yen, u.active, u.password_hash IS NOT NULL,"
    " u.password_changed_at, (SELECT count(*) FROM user_tokens t WHERE t.user_id = u.user_id AND t.revoked_at IS NULL),"
    " u.created_at, u.created_by FROM users u"
)


class UserStore:
    def __init__(self, pool: ConnectionPool) -> None:
        self.pool = pool

    def create(
        self, user_id: str, display_name: str, role: Role, created_by: str, authority_limit_yen: int | None = None
    ) -> str:
        """Create the user and return a new token, which is not stored anywhere."""
        if not USER_ID_PATTERN.match(user_id):
            raise ValueError("user_id: 2–63 characters of a-z, 0-9, '.', '_' or '-'")
        with self.pool.connection() as conn, conn.transaction():
            conn.execute(
                "INSERT INTO users (user_id, display_name, role, authority_limit_yen, created_by)"
                " VALUES (%s, %s, %s, %s, %s)",
                (user_id, display_name, role.value, authority_limit_yen, created_by),
            )
        return self.issue_token(user_id)

    def issue_token(self, user_id: str, *, revoke_others: bool = False) -> str:
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.pool.connection() as conn, conn.transaction():
            if revoke_others:
                conn.execute(
                    "UPDATE user_tokens SET revoked_at = now() WHERE user_id = %s AND revoked_at IS NULL", (user_id,)
                )
            conn.execute("INSERT INTO user_tokens (token_hash, user_id) VALUES (%s, %s)", (hash_token(token), user_id))
        return token

    # ---- the directory the application decides user changes on (domain.accounts.directory) ---

    def entry(self, user_id: str) -> UserEntry | None:
        with self.pool.connection() as conn:
            row = conn.execute(ENTRY + " WHERE user_id = %s", (user_id,)).fetchone()
        return None if row is None else UserEntry(row[0], row[1], Role(row[2]), row[3], row[4])

    def display_names(self) -> dict[str, str]:
        """Every user's name as the pages show people (user id → お名前); deactivated users too,
        since the record still names them."""
        with self.pool.connection() as conn:
            return dict(conn.execute("SELECT user_id, display_name FROM users").fetchall())

    def active_admins(self) -> frozenset[str]:
        with self.pool.connection() as conn:
            rows = conn.execute("SELECT user_id FROM users WHERE role = 'admin' AND active").fetchall()
        return frozenset(r[0] for r in rows)

    def rows(self, *, role: str | None = None, active: bool | None = None) -> list[UserRow]:
        """Every user (the administrator's list), active first, then by id."""
        clauses, params = [], []
        if role:
            clauses.append("u.role = %s")
            params.append(role)
        if active is not None:
            clauses.append("u.active = %s")
            params.append(active)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        with self.pool.connection() as conn:
            found = conn.execute(ROWS + where + " ORDER BY u.active DESC, u.user_id", params).fetchall()
        return [UserRow(r[0], r[1], Role(r[2]), *r[3:]) for r in found]

    def row(self, user_id: str) -> UserRow | None:
        with self.pool.connection() as conn:
            r = conn.execute(ROWS + " WHERE u.user_id = %s", (user_id,)).fetchone()
        return None if r is None else UserRow(r[0], r[1], Role(r[2]), *r[3:])

    def exists(self, user_id: str) -> bool:
        with self.pool.connection() as conn:
            return conn.execute("SELECT 1 FROM users WHERE user_id = %s", (user_id,)).fetchone() is not None

    def by_token(self, token: str) -> User | None:
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT u.user_id, u.display_name, u.role, u.authority_limit_yen FROM user_tokens t"
                " JOIN users u USING (user_id)"
                " WHERE t.token_hash = %s AND t.revoked_at IS NULL AND u.active",
                (hash_token(token),),
            ).fetchone()
        if row is None:
            return None
        return User(row[0], row[1], Role(row[2]), row[3])

    def count(self) -> int:
        with self.pool.connection() as conn:
            row = conn.execute("SELECT count(*) FROM users").fetchone()
        return int(row[0]) if row else 0

    def set_password_hash(self, user_id: str, password_hash: str) -> None:
        with self.pool.connection() as conn, conn.transaction():
            changed = conn.execute(
                "UPDATE users SET password_hash = %s, password_changed_at = now() WHERE user_id = %s",
                (password_hash, user_id),
            ).rowcount
        if changed != 1:
            raise LookupError(f"no user {user_id}")

    def credentials(self, user_id: str) -> Credentials | None:
        """An active user's credentials; None for an unknown or deactivated user name."""
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT user_id, display_name, role, authority_limit_yen, password_hash FROM users"
                " WHERE user_id = %s AND active",
                (user_id,),
            ).fetchone()
        if row is None:
            return None
        return Credentials(User(row[0], row[1], Role(row[2]), row[3]), row[4])


# ---- a user change, written by the event recorder in the events' own transaction -------------

INSERT_USER = ("INSERT INTO users (user_id, display_name, role, authority_limit_yen, active, created_by)"
               " VALUES (%s, %s, %s, %s, %s, %s)")
UPDATE_USER = (
    "UPDATE users SET display_name = %s, role = %s, authority_limit_yen = %s, active = %s"
    " WHERE user_id = %s AND display_name = %s AND role = %s AND authority_limit_yen IS NOT DISTINCT FROM %s"
    " AND active = %s RETURNING user_id"
)


def apply_directory_change(curs: Cursor[Any], change: DirectoryChange) -> None:
    """Make the users table what the change says, or fail the transaction: a row or a set of active
    admins that is no longer what the decision read is a conflict (the command is decided again);
    a user id taken meanwhile is UserAlreadyExists."""
    if change.admins_were is not None:
        _require_admins(curs, change.admins_were)
    new = change.becomes
    values = (new.display_name, new.role.value, new.authority_limit_yen, new.active)
    try:
        with curs.connection.pipeline():
            if change.was is None:
                curs.execute(INSERT_USER, (new.user_id, *values, change.changed_by))
            else:
                was = change.was
                curs.execute(UPDATE_USER, (*values, was.user_id, was.display_name, was.role.value,
                                           was.authority_limit_yen, was.active))
    except errors.UniqueViolation:
        raise UserAlreadyExists(f"user {new.user_id} exists", field="user_id", params={"user_id": new.user_id}) from None
    if change.was is not None and curs.fetchone() is None:
        raise RecordConflictError(f"user {new.user_id} changed meanwhile")
    if change.was is not None and change.was.active and not new.active:  # their open sessions end with them
        curs.execute("UPDATE web_sessions SET ended_at = now(), ended_how = 'deactivated'"
                     " WHERE user_id = %s AND ended_at IS NULL", (new.user_id,))
    _store_secrets(curs, change)


def _require_admins(curs: Cursor[Any], expected: frozenset[str]) -> None:
    with curs.connection.pipeline():
        curs.execute("SELECT user_id FROM users WHERE role = 'admin' AND active ORDER BY user_id FOR UPDATE")
    found = frozenset(_first(r) for r in curs.fetchall())
    if found != expected:
        raise RecordConflictError("the active administrators changed meanwhile")


def _store_secrets(curs: Cursor[Any], change: DirectoryChange) -> None:
    user_id, stored = change.becomes.user_id, change.secrets
    with curs.connection.pipeline():
        if stored.password_hash is not None:
            curs.execute("UPDATE users SET password_hash = %s, password_changed_at = now() WHERE user_id = %s",
                         (stored.password_hash, user_id))
        if change.revoke_tokens:
            curs.execute("UPDATE user_tokens SET revoked_at = now() WHERE user_id = %s AND revoked_at IS NULL", (user_id,))
        if stored.token_hash is not None:
            curs.execute("INSERT INTO user_tokens (token_hash, user_id) VALUES (%s, %s)", (stored.token_hash, user_id))


def _first(row: Any) -> Any:
    return row["user_id"] if isinstance(row, dict) else row[0]
