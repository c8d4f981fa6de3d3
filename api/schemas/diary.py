"""Request and response shapes of the diary."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.common import Day, LongText, Request, Text
from domain.diary.activity import ActivityInput, Assignee
from domain.kernel.actors import Role

WorkerRole = Literal["concierge", "adjuster"]


class ActivityIn(Request):
    subject: Text
    due_on: Day = Field(description="the Japan date it is due")
    assignee_role: WorkerRole = Field(description="the role it is for (a person of it, or anyone of it)")
    assignee_user: Text | None = Field(default=None, description="the person it is for (a user id); none: the whole role")
    claim_id: UUID | None = Field(default=None, description="the case or incident it is about, if any")
    claim_kind: Literal["case", "incident"] | None = None

    def to_domain(self) -> ActivityInput:
        return ActivityInput(self.subject, self.due_on, Assignee(Role(self.assignee_role), self.assignee_user),
                             str(self.claim_id) if self.claim_id else None, self.claim_kind)


class DoneIn(Request):
    note: LongText


class ReassignIn(Request):
    assignee_role: WorkerRole
    assignee_user: Text | None = None
    reason: LongText

    def assignee(self) -> Assignee:
        return Assignee(Role(self.assignee_role), self.assignee_user)


class RescheduleIn(Request):
    due_on: Day
    reason: LongText


class ActivityOut(BaseModel):
    id: UUID = Field(validation_alias="activity_id")
    version: int
    claim_id: str | None
    claim_kind: str | None
    insured_name: str | None = None
    policy_ref: str | None = None
    kind: str = Field(description="first_consultation, bill_decision, transfer (opened by the system) or follow_up")
    subject: str
    due_on: date
    assignee_role: str
    assignee_user: str | None
    basis: str | None = Field(description="why this due date (the system's activities)")
    automatic: bool
    status: str
    opened_at: datetime
    opened_by: str
    done_at: datetime | None = None
    done_by: str | None = None
    done_note: str | None = None
    when: Literal["overdue", "today", "later", "done"] = Field(description="against today in Japan")
    overdue_days: int


class DiaryOut(BaseModel):
    today: date = Field(description="today in Japan")
    overdue: int
    due_today: int
    later: int
    items: list[ActivityOut]
