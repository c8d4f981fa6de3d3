"""Who runs a command: user id, role and, for adjusters, the payment authority limit."""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import RoleNotAllowed
from domain.vocabulary import Role


@dataclass(frozen=True)
class Actor:
    user_id: str
    role: Role
    authority_limit_yen: int | None = None  # None: no personal limit set

    def require(self, *roles: Role, command: str) -> None:
        if self.role not in roles:
            allowed = ", ".join(r.value for r in roles)
            raise RoleNotAllowed(f"{command} is for {allowed}; you are {self.role.value}")
