"""How the diary's events read in histories and the audit log (the subject and notes are shown on
the diary's own pages; here only what kind of activity, its due date and who)."""

from __future__ import annotations

from domain.kernel.descriptions import describe_events

describe_events({
    "claims:Activity.Opened": ("Activity opened ({kind}), due {due_on}", "予定を登録（{kind}、期限 {due_on}）"),
    "claims:Activity.Done": ("Activity done", "予定を完了"),
    "claims:Activity.Reassigned": ("Activity reassigned to {assignee_role}", "予定の担当を変更（{assignee_role}）"),
    "claims:Activity.Rescheduled": ("Activity due date moved to {due_on}", "予定の期限を {due_on} に変更"),
})
