"""Request and response shapes for the administrator's management of users."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from api.schemas.common import NonNegativeYen, Request, Text, choice
from domain.accounts.directory import UserEntry
from domain.kernel.actors import Role
from infra.users import UserRow

UserId = Annotated[str, Field(min_length=2, max_length=63, pattern=r"^[a-z0-9][a-z0-9._-]{1,62}$",
                              description="sign-in name: lower-case a-z, 0-9, '.', '_', '-'")]
Password = Annotated[str | None, Field(default=None, max_length=1_000, description="12 to 256 characters")]


class UserIn(Request):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)  # a password is taken as typed
    user_id: UserId
    display_name: Annotated[str, Field(min_length=1, max_length=100)]
    role: choice(Role)  # type: ignore[valid-type]
    authority_limit_yen: NonNegativeYen | None = Field(default=None, description="adjusters only; null: no limit")
    password: Password = None
    generate_password: StrictBool = Field(default=False, description="make one and answer it once")
    issue_token: StrictBool = Field(default=True, description="issue an API token and answer it once")

    def to_domain(self) -> UserEntry:
        return UserEntry(self.user_id, self.display_name.strip(), self.role, self.authority_limit_yen)

    @property
    def fingerprinted(self) -> UserIn:
        """The request as its Idempotency-Key's fingerprint sees it: without the password (a SHA-256
        of it, unsalted, would be far easier to guess than its Argon2 hash)."""
        return self.model_copy(update={"password": None})


class RoleIn(Request):
    role: choice(Role)  # type: ignore[valid-type]
    authority_limit_yen: NonNegativeYen | None = Field(default=None, description="for an adjuster; null: no limit")


class AuthorityLimitIn(Request):
    authority_limit_yen: NonNegativeYen | None = Field(description="null: no limit")


class PasswordIn(Request):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)
    password: Password = None
    generate: StrictBool = Field(default=False, description="make one and answer it once")

    @property
    def fingerprinted(self) -> PasswordIn:
        """Without the password (see UserIn.fingerprinted)."""
        return self.model_copy(update={"password": None})


class DeactivationIn(Request):
    reason: Text


class TokensIn(Request):
    issue_new: StrictBool = Field(default=True, description="issue a new token (answered once) after revoking all")


class UserOut(BaseModel):
    user_id: str
    display_name: str
    role: str
    authority_limit_yen: int | None
    active: bool
    has_password: bool
    password_changed_at: datetime | None
    active_tokens: int
    created_at: datetime
    created_by: str
    password: str | None = Field(default=None, description="a generated password, in this answer only")
    token: str | None = Field(default=None, description="a new API token, in this answer only")
    log_position: int | None = Field(default=None, description="the change's log position (audit search: ?position=)")

    @classmethod
    def of(cls, row: UserRow, password: str | None = None, token: str | None = None,
           log_position: int | None = None) -> UserOut:
        return cls(**{**vars(row), "role": row.role.value}, password=password, token=token, log_position=log_position)
