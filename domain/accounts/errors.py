"""Rules of managing users that refuse a command."""

from __future__ import annotations

from domain.kernel.errors import NotFound, TransitionRefused


class UserNotFound(NotFound):
    rule = "user_not_found"


class UserAlreadyExists(TransitionRefused):
    rule = "user_already_exists"


class LastActiveAdmin(TransitionRefused):
    """Demoting or deactivating them would leave no active administrator to manage the users."""

    rule = "last_active_admin"


class OwnAccountRefused(TransitionRefused):
    """An administrator does not demote or deactivate themselves: another administrator does."""

    rule = "own_account_refused"


class UserAlreadyInactive(TransitionRefused):
    rule = "user_already_inactive"


class UserAlreadyActive(TransitionRefused):
    rule = "user_already_active"


class NotAnAdjuster(TransitionRefused):
    """An authority limit caps the payments an adjuster approves: other roles have none."""

    rule = "not_an_adjuster"
