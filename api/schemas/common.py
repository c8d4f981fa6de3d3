"""Shapes every request schema shares: no unknown fields, trimmed text, whole yen."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt

Text = Annotated[str, Field(min_length=1, max_length=200)]
LongText = Annotated[str, Field(min_length=1, max_length=10_000)]
Yen = Annotated[StrictInt, Field(gt=0, le=100_000_000_000, description="whole yen")]
NonNegativeYen = Annotated[StrictInt, Field(ge=0, le=100_000_000_000, description="whole yen")]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
