"""Asking the domain what a record would accept now: a command tried on a copy, by the signed-in
person, with placeholder values (a placeholder refused as invalid input is the form's business,
not the state's). Nothing is recorded; the pages never restate a rule."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from domain.kernel.errors import DomainError, InvalidInput


def accepts(record: Any, trial: Callable[[Any], object]) -> bool:
    """Whether the record, as it stands, lets the command through (on a copy: nothing is recorded)."""
    try:
        trial(copy.deepcopy(record))
    except InvalidInput:
        return True
    except DomainError:
        return False
    return True


@dataclass
class AsQuoted:
    """A claim's policy as a quote found it: it grants what the quote says, and records nothing."""

    policy_number: str
    granted_yen: int

    def limit_payment(self, claim_id: str, wanted_yen: int, head: str | None) -> tuple[int, str | None]:
        return self.granted_yen, None

    def charge(self, **_: object) -> None:
        return None
