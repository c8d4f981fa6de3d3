"""Server-side web sessions. The browser's cookie holds a random 256-bit token; this table keeps
only its SHA-256, the user, the session's CSRF token and its times. Ending a session is a row
update, so a sign-out holds on the server whatever the browser keeps."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from psycopg_pool import ConnectionPool

from domain.kernel.actors import Role
from infra.users import User, hash_token


@dataclass(frozen=True)
class WebSession:
    token_hash: bytes = field(repr=False)
    user: User
    csrf_token: str = field(repr=False)
    created_at: datetime
    last_seen_at: datetime


class SessionStore:
    def __init__(self, pool: ConnectionPool) -> None:
        self.pool = pool

    def start(self, user_id: str, now: datetime) -> str:
        """A new session for the user; returns its token, which is not stored anywhere."""
        token = secrets.token_urlsafe(32)
        with self.pool.connection() as conn, conn.transaction():
            conn.execute(
                "INSERT INTO web_sessions (token_hash, user_id, csrf_token, created_at, last_seen_at)"
                " VALUES (%s, %s, %s, %s, %s)",
                (hash_token(token), user_id, secrets.token_urlsafe(32), now, now),
            )
        return token

    def find(self, token: str) -> WebSession | None:
        """The open session this token names, if its user is still active."""
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT s.token_hash, u.user_id, u.display_name, u.role, u.authority_limit_yen, s.csrf_token,"
                " s.created_at, s.last_seen_at FROM web_sessions s JOIN users u USING (user_id)"
                " WHERE s.token_hash = %s AND s.ended_at IS NULL AND u.active",
                (hash_token(token),),
            ).fetchone()
        if row is None:
            return None
        return WebSession(row[0], User(row[1], row[2], Role(row[3]), row[4]), row[5], row[6], row[7])

    def touch(self, session: WebSession, now: datetime) -> None:
        with self.pool.connection() as conn, conn.transaction():
            conn.execute("UPDATE web_sessions SET last_seen_at = %s WHERE token_hash = %s AND ended_at IS NULL",
                         (now, session.token_hash))

    def end(self, session: WebSession, now: datetime, how: str) -> bool:
        """End it; True only for the call that did (two tabs signing out record one sign-out)."""
        with self.pool.connection() as conn, conn.transaction():
            ended = conn.execute(
                "UPDATE web_sessions SET ended_at = %s, ended_how = %s WHERE token_hash = %s AND ended_at IS NULL",
                (now, how, session.token_hash),
            ).rowcount
        return ended == 1
