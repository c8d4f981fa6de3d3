"""Who runs a command: user id, role and, for adjusters, the payment authority limit."""

from __future__ import annotations

from dataclasses import dataclass

from domain.kernel.errors import RoleNotAllowed
from domain.kernel.labels import Labelled


class Role(Labelled):
    CONCIERGE = "concierge", "クレームコンシェル"
    ADJUSTER = "adjuster", "損害調査担当"
    AUDITOR = "auditor", "監査"
    ADMIN = "admin", "管理者"
    MONITOR = "monitor", "監視"  # operations' scraper: metrics and health, nothing of the cases


@dataclass(frozen=True)
class Actor:
    user_id: str
    role: Role
    authority_limit_yen: int | None = None  # None: no personal limit set

    def require(self, *roles: Role, command: str) -> None:
        if self.role not in roles:
            allowed = ", ".join(r.value for r in roles)
            raise RoleNotAllowed(f"{command} is for {allowed}; you are {self.role.value}",
                                 params={"allowed": "・".join(r.ja for r in roles), "role": self.role.ja})

    def within_authority(self, amount_yen: int) -> bool:
        return self.authority_limit_yen is None or amount_yen <= self.authority_limit_yen
