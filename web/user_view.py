"""What a user's admin page offers. Which changes it offers is asked of the domain: each is tried on
a copy of the user's account, with the user as the directory has them and the active admins, by
the signed-in administrator; a change refused by the user's state (oneself, the last admin, not an
adjuster, inactive already) is not offered, and the page says why in the domain's own words."""

from __future__ import annotations

import copy
from collections.abc import Callable

from api.i18n import translate
from domain.accounts.account import UserAccount
from domain.accounts.directory import UserEntry
from domain.kernel.actors import Actor, Role
from domain.kernel.errors import DomainError, InvalidInput

Trial = Callable[[UserAccount, UserEntry, Actor, frozenset[str]], object]


def other_role(user: UserEntry) -> Role:
    return Role.AUDITOR if user.role is Role.ADMIN else Role.ADMIN


TRIALS: dict[str, Trial] = {
    "role": lambda a, u, me, admins: a.change_role(u, other_role(u), None, actor=me, admins=admins),
    "limit": lambda a, u, me, _: a.change_authority_limit(u, (u.authority_limit_yen or 0) + 1, actor=me),
    "password": lambda a, u, me, _: a.reset_password(u, actor=me, generated=True),
    "deactivate": lambda a, u, me, admins: a.deactivate(u, "-", actor=me, admins=admins),
    "reactivate": lambda a, u, me, _: a.reactivate(u, actor=me),
    "tokens": lambda a, u, me, _: a.revoke_tokens(u, actor=me, new_token=True),
}


class UserView:
    def __init__(self, account: UserAccount | None, user: UserEntry, me: Actor, admins: frozenset[str]) -> None:
        self.account = account or UserAccount.open_by(user.user_id, me)
        self.user = user
        self.me = me
        self.admins = admins

    def refusal(self, form: str) -> DomainError | None:
        """The rule that refuses this change now (None: the form is offered)."""
        try:
            TRIALS[form](copy.deepcopy(self.account), self.user, self.me, self.admins)
        except InvalidInput:
            return None
        except DomainError as refused:
            return refused
        return None

    def offers(self, form: str) -> bool:
        return self.refusal(form) is None

    def why_not(self, form: str) -> str | None:
        refused = self.refusal(form)
        return None if refused is None else translate(refused.rule, reason=refused.reason, params=refused.params)
