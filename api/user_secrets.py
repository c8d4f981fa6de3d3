"""A user's secrets as an administrator gives them: a password typed or generated, an API token.
Only their hashes go to the commands (and so to the users table); what is generated is returned
here to be shown once, and is kept nowhere. Shared by the JSON API, the pages and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.kernel.errors import InvalidInput
from infra.passwords import MAX_LENGTH, MIN_LENGTH, WeakPassword, check_strength, generate_password, hash_password
from infra.users import new_token


@dataclass(frozen=True)
class NewPassword:
    hash: str = field(repr=False)
    shown: str | None = field(default=None, repr=False)  # generated: shown to the administrator once


@dataclass(frozen=True)
class NewToken:
    hash: bytes = field(repr=False)
    shown: str = field(repr=False)  # shown once


def password_if_any(typed: str | None, *, generate: bool) -> NewPassword | None:
    """The password typed or a generated one; None when neither (a user with a token only)."""
    return new_password(typed, generate=generate) if generate or typed else None


def new_password(typed: str | None, *, generate: bool) -> NewPassword:
    """A generated password, or the one typed (12 to 256 characters)."""
    if generate:
        password = generate_password()
        return NewPassword(hash_password(password), password)
    if not typed:
        raise InvalidInput("type a password or have one generated", field="password", reason="empty")
    try:
        check_strength(typed)
    except WeakPassword as weak:
        raise InvalidInput(str(weak), field="password", reason="weak_password",
                           params={"min_length": MIN_LENGTH, "max_length": MAX_LENGTH}) from None
    return NewPassword(hash_password(typed))


def token_issued() -> NewToken:
    shown, hashed = new_token()
    return NewToken(hashed, shown)
