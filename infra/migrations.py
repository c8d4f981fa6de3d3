"""Plain SQL migrations from migrations/, applied in order under an advisory lock and recorded."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import psycopg

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"
ADVISORY_LOCK_ID = 0x434C41494D53  # "CLAIMS"
FILE_PATTERN = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class SchemaBehind(RuntimeError):
    """The database lacks migrations this code needs."""


class MigrationChanged(RuntimeError):
    """A migration already applied was edited afterwards."""


@dataclass(frozen=True)
class Migration:
    version: str
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def available(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    found = []
    for path in sorted(directory.glob("*.sql")):
        match = FILE_PATTERN.match(path.name)
        if match:
            found.append(Migration(match.group(1), path.name, path.read_text(encoding="utf-8")))
    return found


def _ensure_ledger(conn: psycopg.Connection) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
        " applied_at timestamptz NOT NULL DEFAULT now())"
    )


def _applied(conn: psycopg.Connection) -> dict[str, str]:
    exists = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return {}
    return dict(conn.execute("SELECT version, checksum FROM schema_migrations").fetchall())


def _check_unchanged(migrations: list[Migration], applied: dict[str, str]) -> None:
    for m in migrations:
        if m.version in applied and applied[m.version] != m.checksum:
            raise MigrationChanged(f"{m.name} was changed after it was applied; add a new migration instead")


def pending(conninfo: str, directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    with psycopg.connect(conninfo) as conn:
        applied = _applied(conn)
    migrations = available(directory)
    _check_unchanged(migrations, applied)
    return [m for m in migrations if m.version not in applied]


def migrate(conninfo: str, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply what is pending; safe to run from several processes at once."""
    done: list[str] = []
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (ADVISORY_LOCK_ID,))
        try:
            _ensure_ledger(conn)
            migrations = available(directory)
            applied = _applied(conn)
            _check_unchanged(migrations, applied)
            for m in migrations:
                if m.version in applied:
                    continue
                with conn.transaction():
                    conn.execute(m.sql.encode())
                    conn.execute(
                        "INSERT INTO schema_migrations (version, name, checksum) VALUES (%s, %s, %s)",
                        (m.version, m.name, m.checksum),
                    )
                done.append(m.name)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (ADVISORY_LOCK_ID,))
    return done


def require_current(conninfo: str) -> None:
    behind = pending(conninfo)
    if behind:
        names = ", ".join(m.name for m in behind)
        raise SchemaBehind(
            f"the database schema is behind by {len(behind)} migration(s): {names}. "
            "Run `claims migrate` (or `make migrate`), then start the service again."
        )
