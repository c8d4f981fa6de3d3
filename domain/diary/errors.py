"""What the diary refuses."""

from __future__ import annotations

from domain.kernel.errors import TransitionRefused


class ActivityNotFound(TransitionRefused):
    rule = "activity_not_found"
    status = "not_found"


class ActivityAlreadyDone(TransitionRefused):
    rule = "activity_already_done"


class NotYourActivity(TransitionRefused):
    """An activity is done, moved or rescheduled by its assignee, someone of the role it is assigned
    to, or an adjuster (who supervises the file)."""

    rule = "not_your_activity"
