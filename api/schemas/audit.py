"""Response shapes of the auditor's endpoints."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field


class AuditEntryOut(BaseModel):
    position: int = Field(description="the event's position in the log")
    recorded_at: datetime
    happened_at: datetime | None
    actor_id: str
    actor_role: str
    aggregate_type: str
    aggregate_id: UUID
    aggregate_version: int
    event_type: str
    description_en: str
    description_ja: str


class AuditPage(BaseModel):
    items: list[AuditEntryOut]
    next_cursor: str | None


class AccessEntryOut(BaseModel):
    id: int
    at: datetime
    user_id: str
    role: str
    action: str = Field(description="e.g. case.read, case.history, audit.export")
    subject: str | None = Field(description="the case, incident or policy read")
    detail: dict[str, Any] = Field(description="the path and query of the request")


class AccessPage(BaseModel):
    items: list[AccessEntryOut]
    next_cursor: str | None


class ChainReportOut(BaseModel):
    ok: bool
    checked: int = Field(description="events verified")
    head_position: int
    head_hash: str = Field(description="hex SHA-256 of the chain at head_position")
    first_break: int | None = Field(description="the first log position where the chain breaks")
    problem: str | None


class DayHeadOut(BaseModel):
    day: date = Field(description="Japan calendar day")
    position: int
    hash: str
    recorded_at: datetime
