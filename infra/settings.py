"""One typed settings object, read when the service starts, never at import."""

from __future__ import annotations

import binascii
from base64 import b64decode
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

KNOWN_DEFAULT_SECRETS = {"changethis", "changeme", "secret", "password", "postgres"}
AES_KEY_SIZES = (16, 24, 32)


class Settings(BaseSettings):
    # hide_input_in_errors: a refused value (a malformed key, a password) is never echoed in the error.
    model_config = SettingsConfigDict(env_prefix="", env_file=".env", extra="ignore", hide_input_in_errors=True)

    database_url: str | None = Field(
        default=None, description="postgresql://… of an external server; unset → embedded"
    )
    postgres_host: str | None = None
    postgres_port: int = 5432
    postgres_user: str = "postgres"
    postgres_password: SecretStr | None = None
    postgres_dbname: str = "claims"

    claims_data_dir: Path = Field(default=Path(".data"), description="embedded PostgreSQL lives here")
    claims_pool_size: int = Field(default=2, ge=1, le=200)
    claims_pool_max_overflow: int = Field(default=2, ge=0, le=200)
    claims_host: str = "127.0.0.1"
    claims_port: int = Field(default=8000, ge=1, le=65535)
    claims_migrate_on_start: bool = Field(
        default=False, description="apply pending migrations when the service starts"
    )
    claims_run_projections: bool = Field(
        default=True, description="run the read models' projections inside the service (off: run `claims worker`)"
    )
    claims_read_wait_seconds: float = Field(
        default=5.0, gt=0, le=60, description="how long a read with ?position= waits for the read model"
    )
    claims_database_wait_seconds: int = Field(
        default=3, ge=1, le=60, description="how long a request waits for the database before answering 503"
    )
    claims_max_body_bytes: int = Field(
        default=6_000_000, ge=1_000, le=100_000_000, description="the largest request body taken (413 above it)"
    )
    claims_max_document_bytes: int = Field(
        default=20 * 1024 * 1024, ge=1_024, le=100 * 1024 * 1024,
        description="the largest document a case, incident or policy takes (413 above it); the upload routes"
                    " alone take a body of this size plus 64 KiB for the form's other fields",
    )
    claims_quiet_days: int = Field(
        default=7, ge=1, le=365, description="concierge queue: open cases without a consultation for this many days"
    )
    claims_session_idle_minutes: float = Field(
        default=30, gt=0, le=24 * 60, description="a web session unused this long ends (sign in again)"
    )
    claims_session_max_hours: float = Field(
        default=12, gt=0, le=7 * 24, description="a web session ends this long after sign-in, however busy"
    )
    claims_trust_proxy_headers: bool = Field(
        default=False, description="honour X-Forwarded-Proto (only behind a proxy that sets it): https → Secure cookies"
    )
    claims_sign_in_slow_after: int = Field(
        default=3, ge=1, le=100, description="from this consecutive failed sign-in on, answers wait longer each time"
    )
    claims_sign_in_max_delay_seconds: float = Field(
        default=4, ge=0, le=10, description="the longest wait before answering a sign-in"
    )
    claims_sign_in_lock_after: int = Field(
        default=10, ge=1, le=100, description="this many failed sign-ins in a row lock the account"
    )
    claims_sign_in_lock_minutes: float = Field(
        default=30, gt=0, le=24 * 60, description="how long a locked account refuses every sign-in"
    )
    claims_cipher_key: SecretStr | None = Field(
        default=None, description="base64 AES key (16, 24 or 32 bytes): event payloads are encrypted at rest"
    )

    @field_validator("postgres_password")
    @classmethod
    def refuse_default_secrets(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value().lower() in KNOWN_DEFAULT_SECRETS:
            raise ValueError("refusing a well-known default password; set a real secret")
        return value

    @field_validator("database_url")
    @classmethod
    def refuse_default_secret_in_url(cls, value: str | None) -> str | None:
        """The same refusal for a password written inside DATABASE_URL (never echoed)."""
        if value is None:
            return None
        try:
            password = conninfo_to_dict(value).get("password")
        except psycopg.ProgrammingError:
            raise ValueError("DATABASE_URL is not a PostgreSQL connection string") from None
        if isinstance(password, str) and password.lower() in KNOWN_DEFAULT_SECRETS:
            raise ValueError("refusing a well-known default password in DATABASE_URL; set a real secret")
        return value

    @field_validator("claims_cipher_key")
    @classmethod
    def check_cipher_key(cls, value: SecretStr | None) -> SecretStr | None:
        """Refuse a key the cipher could not use, at start rather than at the first event.
        The messages never include the key."""
        if value is None:
            return None
        text = value.get_secret_value().strip()
        try:
            key = b64decode(text.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError, ValueError):
            raise ValueError("CLAIMS_CIPHER_KEY is not valid base64; make one with infra.database.new_cipher_key()") from None
        if len(key) not in AES_KEY_SIZES:
            raise ValueError(
                f"CLAIMS_CIPHER_KEY decodes to {len(key)} bytes; an AES key is 16, 24 or 32 bytes"
                " (make one with infra.database.new_cipher_key())"
            )
        return SecretStr(text)

    @property
    def uses_embedded_database(self) -> bool:
        return self.database_url is None and self.postgres_host is None
