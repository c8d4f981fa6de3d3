"""Whether a policy gives cover at an instant: the instant lies in its cover period and before any
end it has, and — for the physician cyber product — its year's group contract stands then (10
members whose policies have not ended)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.kernel.products import Product
from domain.policies.policy import Policy
from domain.policies.registers import CyberGroup


@dataclass(frozen=True)
class PolicyStanding:
    policy: Policy
    group: CyberGroup | None  # a physician cyber policy with cover: its policy year's group
    at: datetime

    @property
    def in_group(self) -> bool:
        return self.policy.product == Product.CYBER_PHYSICIAN and self.policy.cover is not None

    @property
    def group_members(self) -> int:
        return len(self.group.members_at(self.at)) if self.group else 0

    @property
    def group_formed(self) -> bool:
        return self.group is not None and self.group.formed_at(self.at)

    @property
    def gives_cover(self) -> bool:
        return not self.policy.reasons_not_covering(self.at) and (not self.in_group or self.group_formed)
