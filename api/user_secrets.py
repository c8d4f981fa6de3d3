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


def password_given(typed: str | None, *, generate: bool, required: bool = True) -> NewPassword | None:
    """The password typed (12 to 256 characters) or a generated one; None when neither and not required."""
    if generate:
        password = generate_password()
        return NewPassword(hash_password(password), password)
    if not typed:
        if required:
            raise InvalidInput("type a password or have one generated", field="password", reason="empty")
        return None
    try:
        check_strength(typed)
    except WeakPassword as weak:
        raise InvalidInput(str(weak), field="password", reason="weak_password",
                           params={"min_length": MIN_LENGTH, "max_length": MAX_LENGTH}) from None
    return NewPassword(hash_password(typed))


def token_issued() -> NewToken:
    shown, hashed = new_token()
    return NewToken(hashed, shown)
