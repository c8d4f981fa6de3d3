"""Read model `diary`: one row per activity, with the claim it belongs to, for the lists of what
is due — a person's own, their role's, the overdue queue of each role — and a claim's activities.
Overdue means open with a due date before today in Japan (the caller's today: never stored)."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from domain.cyber.incident import CyberIncident
from domain.diary.activity import Activity
from domain.harassment.case import ClaimCase
from infra.paging import Rows
from projections.sql_view import SqlView

INSERT_CLAIM = (
    "INSERT INTO diary_claims (claim_id, kind, insured_name, policy_ref)"
    " VALUES (%(claim_id)s, %(kind)s, %(insured_name)s, %(policy_ref)s) ON CONFLICT (claim_id) DO NOTHING"
)
INSERT_ACTIVITY = (
    "INSERT INTO diary (activity_id, version, claim_id, claim_kind, kind, subject, due_on, assignee_role,"
    " assignee_user, basis, automatic, status, opened_at, opened_by)"
    " VALUES (%(activity_id)s, %(version)s, %(claim_id)s, %(claim_kind)s, %(kind)s, %(subject)s, %(due_on)s,"
    " %(assignee_role)s, %(assignee_user)s, %(basis)s, %(automatic)s, 'open', %(at)s, %(actor_id)s)"
)


def _update(columns: str) -> str:
    return f"UPDATE diary SET version = %(version)s, {columns} WHERE activity_id = %(activity_id)s"  # noqa: S608


class DiaryProjection(Projection[SqlView]):
    name = "diary"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking)

    @process_event.register(ClaimCase.Reported)
    @process_event.register(CyberIncident.Opened)
    def _claim(self, event: Any, tracking: Tracking) -> None:
        kind = "case" if isinstance(event, ClaimCase.Reported) else "incident"
        self.view.apply(tracking, (INSERT_CLAIM, {"claim_id": str(event.originator_id), "kind": kind,
                                                  "insured_name": event.insured_name, "policy_ref": event.policy_ref}))

    @process_event.register(Activity.Opened)
    def _opened(self, event: Any, tracking: Tracking) -> None:
        row = {name: getattr(event, name) for name in (
            "claim_id", "claim_kind", "kind", "subject", "due_on", "assignee_role", "assignee_user", "basis", "automatic",
            "actor_id")}
        row |= {"activity_id": event.originator_id, "version": event.originator_version, "at": event.timestamp}
        self.view.apply(tracking, (INSERT_ACTIVITY, row))

    @process_event.register(Activity.Done)
    def _done(self, event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking, (_update("status = 'done', done_at = %(at)s, done_by = %(actor_id)s, done_note = %(note)s"),
                                   {"activity_id": event.originator_id, "version": event.originator_version,
                                    "at": event.timestamp, "actor_id": event.actor_id, "note": event.note}))

    @process_event.register(Activity.Reassigned)
    def _reassigned(self, event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking, (_update("assignee_role = %(role)s, assignee_user = %(user)s"),
                                   {"activity_id": event.originator_id, "version": event.originator_version,
                                    "role": event.assignee_role, "user": event.assignee_user}))

    @process_event.register(Activity.Rescheduled)
    def _rescheduled(self, event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking, (_update("due_on = %(due_on)s"), {
            "activity_id": event.originator_id, "version": event.originator_version, "due_on": event.due_on}))


# ---- queries ------------------------------------------------------------------------------

SELECT = (
    "SELECT d.*, c.insured_name, c.policy_ref FROM diary d LEFT JOIN diary_claims c ON c.claim_id = d.claim_id"
)


def _rows(pool: ConnectionPool, sql: str, params: dict[str, Any]) -> Rows:
    with pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(sql, params).fetchall()  # type: ignore[arg-type]


def due_for(pool: ConnectionPool, user_id: str, role: str, today: date, limit: int = 200) -> Rows:
    """A person's open activities — theirs, and their role's not given to anyone — oldest due first,
    each marked overdue (before today in Japan) or due today."""
    rows = _rows(pool, SELECT + " WHERE d.status = 'open' AND (d.assignee_user = %(user)s OR"
                 " (d.assignee_user IS NULL AND d.assignee_role = %(role)s)) ORDER BY d.due_on, d.opened_at LIMIT %(limit)s",
                 {"user": user_id, "role": role, "limit": limit})
    return [_when(row, today) for row in rows]


def overdue_of_role(pool: ConnectionPool, role: str, today: date, limit: int = 200) -> Rows:
    """Every open activity of a role (given to one of its people or to the role) past its due date."""
    rows = _rows(pool, SELECT + " WHERE d.status = 'open' AND d.assignee_role = %(role)s AND d.due_on < %(today)s"
                 " ORDER BY d.due_on, d.opened_at LIMIT %(limit)s", {"role": role, "today": today, "limit": limit})
    return [_when(row, today) for row in rows]


def of_claim(pool: ConnectionPool, claim_id: str, today: date) -> Rows:
    rows = _rows(pool, SELECT + " WHERE d.claim_id = %(claim)s ORDER BY d.status DESC, d.due_on, d.opened_at",
                 {"claim": claim_id})
    return [_when(row, today) for row in rows]


def counts_for(pool: ConnectionPool, user_id: str, role: str, today: date) -> dict[str, int]:
    """How many of a person's open activities are overdue, due today, and later."""
    rows = _rows(pool, "SELECT count(*) FILTER (WHERE due_on < %(today)s) AS overdue,"
                 " count(*) FILTER (WHERE due_on = %(today)s) AS today, count(*) FILTER (WHERE due_on > %(today)s) AS later"
                 " FROM diary WHERE status = 'open' AND (assignee_user = %(user)s OR"
                 " (assignee_user IS NULL AND assignee_role = %(role)s))", {"user": user_id, "role": role, "today": today})
    return dict(rows[0])


def _when(row: dict[str, Any], today: date) -> dict[str, Any]:
    due = row["due_on"]
    row["when"] = "done" if row["status"] == "done" else "overdue" if due < today else "today" if due == today else "later"
    row["overdue_days"] = (today - due).days if row["when"] == "overdue" else 0
    return row
