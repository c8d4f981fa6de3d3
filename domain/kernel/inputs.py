"""Checks every command's inputs share: text that says something, whole yen."""

from __future__ import annotations

from domain.kernel.errors import InvalidInput


def require_text(value: str, field: str) -> str:
    """The text, trimmed; refused when empty or only spaces."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{field} may not be empty", field=field, reason="empty")
    return value.strip()


def optional_text(value: str | None) -> str | None:
    return (value or "").strip() or None


def is_whole_yen(amount: object) -> bool:
    return isinstance(amount, int) and not isinstance(amount, bool)


def require_positive_yen(amount: object, field: str) -> int:
    if not is_whole_yen(amount) or amount <= 0:  # type: ignore[operator]
        raise InvalidInput(f"{field} must be a positive whole yen", field=field, reason="not_positive_yen")
    return amount  # type: ignore[return-value]
