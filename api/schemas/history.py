"""An event as the history shows it: who, when, what it says, what it changed."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any

from fastapi import Query
from fastapi.encoders import jsonable_encoder

from api.schemas.claims import HistoryEntryOut
from domain.kernel.history import history_of


def history_entries(events: Any) -> list[HistoryEntryOut]:
    return [HistoryEntryOut.model_validate(jsonable_encoder(asdict(entry))) for entry in history_of(events)]


Version = Annotated[int | None, Query(ge=1, le=2**63 - 1, description="the record as it was after this many events")]
AsOf = Annotated[datetime | None, Query(description="the record as it stood at this instant (with a time zone)")]
