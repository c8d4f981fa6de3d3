"""The diary: activities with a due date and an assignee (a user, or a role), done with a note.
The system opens some by itself from what the claims record (domain/diary/rules.py)."""

from domain.diary import descriptions as _descriptions  # noqa: F401  (registers the events' descriptions)
