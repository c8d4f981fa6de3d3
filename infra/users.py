"""Users, roles, bearer tokens and passwords. A token is shown once; only its SHA-256 hash is
kept. A password is kept only as its Argon2id hash (infra/passwords.py)."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field

from psycopg_pool import ConnectionPool

from domain.kernel.actors import Actor, Role

TOKEN_PREFIX = "clm_"  # noqa: S105 — a prefix, not a secret
USER_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")


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
