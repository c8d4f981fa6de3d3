"""Settings refuse well-known default passwords wherever they are written, without echoing them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from infra.settings import Settings


@pytest.mark.parametrize("url", ["postgresql://claims:postgres@db.example:5432/claims",
                                 "postgresql://claims:ChangeMe@db.example/claims",
                                 "host=db.example user=claims password=secret dbname=claims"])
def test_a_default_password_inside_database_url_is_refused_and_not_echoed(url):
    with pytest.raises(ValidationError) as refused:
        Settings(_env_file=None, database_url=url)
    message = str(refused.value)
    assert "default password" in message
    assert "ChangeMe" not in message and "db.example" not in message


def test_a_default_postgres_password_is_refused():
    with pytest.raises(ValidationError, match="default password"):
        Settings(_env_file=None, postgres_host="db.example", postgres_password="password")


def test_a_real_password_in_database_url_is_taken():
    settings = Settings(_env_file=None, database_url="postgresql://claims:w7Qv-9pLz-xK2m@db.example:5432/claims")
    assert settings.database_url is not None and not settings.uses_embedded_database


def test_database_url_that_is_not_a_connection_string_is_refused():
    with pytest.raises(ValidationError, match="not a PostgreSQL connection string"):
        Settings(_env_file=None, database_url="postgresql://[broken")
