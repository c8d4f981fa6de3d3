"""Passwords, kept only as Argon2id hashes (RFC 9106's low-memory profile: t=3, m=64 MiB, p=4;
docs/decisions/0013). A check against an unknown user name verifies a dummy hash, so it takes
as long as a check against a real one."""

from __future__ import annotations

import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from argon2.profiles import RFC_9106_LOW_MEMORY

MIN_LENGTH = 12
MAX_LENGTH = 256  # longer input is refused before hashing: no one types more, and hashing it costs
GENERATED_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I

HASHER = PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY)


class WeakPassword(ValueError):
    """A password the service refuses to set."""


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"a password has at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"a password has at most {MAX_LENGTH} characters")


def hash_password(password: str) -> str:
    check_strength(password)
    return HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches. With no hash (an unknown user, or one without a password)
    or an overlong password, a dummy hash is verified all the same, so every answer takes as long."""
    usable = password_hash is not None and len(password) <= MAX_LENGTH
    try:
        matched = HASHER.verify(password_hash if usable else _dummy_hash(), password[:MAX_LENGTH])
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return matched and usable


def needs_rehash(password_hash: str) -> bool:
    return HASHER.check_needs_rehash(password_hash)


def generate_password(groups: int = 4, size: int = 4) -> str:
    """e.g. `Kp7d-wR3m-Xa9q-2hTz`: about 91 bits, easy to read aloud and to type."""
    return "-".join("".join(secrets.choice(GENERATED_ALPHABET) for _ in range(size)) for _ in range(groups))


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return HASHER.hash(secrets.token_urlsafe(16))
