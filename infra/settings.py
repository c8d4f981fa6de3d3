"""One typed settings object, read when the service starts, never at import."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

KNOWN_DEFAULT_SECRETS = {"changethis", "changeme", "secret", "password", "postgres"}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", env_file=".env", extra="ignore")

    database_url: str | None = Field(
        default=None, description="postgresql://… of an external server; unset → embedded"
    )
    postgres_host: str | None = None
    postgres_port: int = 5432
    postgres_user: str = "postgres"
    postgres_password: SecretStr | None = None
    postgres_dbname: str = "claims"

    claims_data_dir: Path = Field(default=Path(".data"), description="embedded PostgreSQL lives here")
    claims_pool_size: int = Field(default=8, ge=1, le=200)
    claims_pool_max_overflow: int = Field(default=8, ge=0, le=200)
    claims_host: str = "127.0.0.1"
    claims_port: int = Field(default=8000, ge=1, le=65535)
    claims_migrate_on_start: bool = Field(
        default=False, description="apply pending migrations when the service starts"
    )

    @field_validator("postgres_password")
    @classmethod
    def refuse_default_secrets(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value().lower() in KNOWN_DEFAULT_SECRETS:
            raise ValueError("refusing a well-known default password; set a real secret")
        return value

    @property
    def uses_embedded_database(self) -> bool:
        return self.database_url is None and self.postgres_host is None
