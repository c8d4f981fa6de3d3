"""Shapes every request schema shares: no unknown fields, trimmed text, whole yen, and choices
taken from the domain's own enums (their codes, or the programme's Japanese terms)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, field_validator

from domain.kernel.labels import Labelled
from domain.kernel.lifecycle import ClaimStatus
from domain.kernel.products import Product

Text = Annotated[str, Field(min_length=1, max_length=200)]
LongText = Annotated[str, Field(min_length=1, max_length=10_000)]
Yen = Annotated[StrictInt, Field(gt=0, le=100_000_000_000, description="whole yen")]
NonNegativeYen = Annotated[StrictInt, Field(ge=0, le=100_000_000_000, description="whole yen")]


def _written_as_text(kind: str, example: str) -> Any:
    """Dates and instants come as ISO text: a number is refused, not read as seconds or days."""

    def check(value: Any) -> Any:
        if isinstance(value, int | float):
            raise ValueError(f"write the {kind} as text, e.g. {example}")
        return value

    return BeforeValidator(check)


Instant = Annotated[AwareDatetime, _written_as_text("instant", "2026-04-01T16:00:00+09:00")]
Day = Annotated[date, _written_as_text("date", "2026-04-01")]
ProductCode = Literal[tuple(p.value for p in Product)]  # type: ignore[valid-type]
StatusCode = Literal[tuple(s.value for s in ClaimStatus)]  # type: ignore[valid-type]


def choice(enum: type[Labelled]) -> Any:
    """A field of one of the enum's codes; its Japanese term (e.g. 不退去) is taken too."""
    by_term = {member.ja: member.value for member in enum}

    def from_term(value: Any) -> Any:
        return by_term.get(value.strip(), value) if isinstance(value, str) else value

    return Annotated[enum, BeforeValidator(from_term)]


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def refuse_nul(cls, value: Any) -> Any:
        """A NUL character can be stored in no PostgreSQL text: refuse it here, naming the field."""
        if _has_nul(value):
            raise ValueError("text may not contain the NUL character (U+0000)")
        return value
