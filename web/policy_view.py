"""What a policy's admin page shows and offers. Which forms it offers is asked of the domain: each
command is tried on a copy of the policy by the signed-in person (with the premium due for a
transfer arriving today, so the amount is not what refuses it); the page never restates a rule.
The cover a premium would buy, and the premium due, are the domain's own computation."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from domain.kernel.clock import japan_date
from domain.kernel.errors import DomainError, InvalidInput
from domain.policies.cover import CoverPeriod, cover_for_premium
from domain.policies.policy import Policy, PolicyEnding
from domain.policies.standing import PolicyStanding
from domain.policies.vocabulary import PolicyEndKind
from infra.users import User


def accepts(policy: Policy, trial: Callable[[Policy], object]) -> bool:
    """Whether the policy, as it stands, lets the command through (on a copy: nothing is recorded)."""
    try:
        trial(copy.deepcopy(policy))
    except InvalidInput:
        return True
    except DomainError:
        return False
    return True


@dataclass(frozen=True)
class PremiumQuote:
    """What a transfer arriving on a day buys: the cover the cut-off rule gives, and its premium."""

    received_on: date
    cover: CoverPeriod
    due_yen: int


class PolicyView:
    def __init__(self, standing: PolicyStanding, user: User, now: datetime) -> None:
        self.standing = standing
        self.policy = standing.policy
        self.user = user
        self.now = now

    def premium_if_received(self, received_on: date) -> PremiumQuote:
        cover = cover_for_premium(received_on)
        return PremiumQuote(received_on, cover, self.policy.terms.premium_for(cover.start.month))

    @property
    def premium_today(self) -> PremiumQuote:
        return self.premium_if_received(japan_date(self.now))

    @property
    def offers_premium(self) -> bool:
        quote = self.premium_today
        return accepts(self.policy, lambda p: p.receive_premium(received_on=quote.received_on, amount_yen=quote.due_yen,
                                                                actor=self.user.actor, now=self.now))

    @property
    def offers_end(self) -> bool:
        ending = PolicyEnding(PolicyEndKind.CANCELLED, "-", self.now)
        return accepts(self.policy, lambda p: p.end(ending, actor=self.user.actor))
