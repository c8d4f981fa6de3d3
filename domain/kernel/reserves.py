"""The outstanding reserve (支払備金) of a claim: the adjuster's estimate of what is still to be
paid — one figure on a case, one per head of loss on an incident.

The adjuster sets it with a reason; each approved payment lowers it by what it pays (never below
zero); closing releases what is left. Incurred = approved payments + outstanding reserve.
Here "paid" means approved: the amount is committed when approved, and the bank transfer that
settles it changes neither figure (docs/decisions/0019-the-adjusters-file.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.kernel.errors import InvalidInput, ReserveUnchanged
from domain.kernel.inputs import is_whole_yen
from domain.kernel.labels import Labelled

LARGEST_RESERVE_YEN = 10_000_000_000  # ¥10 billion: far above any limit of the programme; a typo's guard


class ReserveMove(Labelled):
    SET = "set", "設定"
    LOWERED = "lowered", "支払による減額"
    RELEASED = "released", "終了による取崩し"


@dataclass(frozen=True)
class ReserveMovement:
    kind: str
    head: str | None
    previous_yen: int
    outstanding_yen: int
    reason: str
    actor_id: str
    at: datetime
    payment_number: int | None = None

    @property
    def change_yen(self) -> int:
        return self.outstanding_yen - self.previous_yen


@dataclass(frozen=True)
class Lowering:
    head: str | None
    previous_yen: int
    outstanding_yen: int


@dataclass
class ReserveBook:
    outstanding: dict[str | None, int] = field(default_factory=dict)
    movements: list[ReserveMovement] = field(default_factory=list)

    def outstanding_yen(self, head: str | None = None) -> int:
        return self.outstanding.get(head, 0)

    @property
    def total_outstanding_yen(self) -> int:
        return sum(self.outstanding.values())

    def check_new(self, head: str | None, amount_yen: object) -> int:
        if not is_whole_yen(amount_yen) or amount_yen < 0:  # type: ignore[operator]
            raise InvalidInput("amount_yen must be a whole yen of 0 or more", field="amount_yen",
                               reason="negative_or_not_yen")
        if amount_yen > LARGEST_RESERVE_YEN:  # type: ignore[operator]
            raise InvalidInput(f"a reserve above ¥{LARGEST_RESERVE_YEN:,} is not plausible", field="amount_yen",
                               reason="too_large", params={"maximum": LARGEST_RESERVE_YEN})
        if amount_yen == self.outstanding_yen(head):
            raise ReserveUnchanged(f"the reserve is already ¥{amount_yen:,}", field="amount_yen",
                                   params={"amount_yen": amount_yen})
        return amount_yen  # type: ignore[return-value]

    def lowering_by(self, head: str | None, paid_yen: int) -> Lowering | None:
        """What a payment of `paid_yen` does to the reserve: lowered by it, never below zero
        (None: there was no reserve to lower)."""
        previous = self.outstanding_yen(head)
        if previous <= 0:
            return None
        return Lowering(head, previous, max(0, previous - paid_yen))

    def releases(self) -> list[Lowering]:
        """Closing: every head's reserve left, released to zero."""
        return [Lowering(head, amount, 0) for head, amount in self.outstanding.items() if amount > 0]

    # called from @event bodies: record only
    def record(self, movement: ReserveMovement) -> None:
        self.outstanding[movement.head] = movement.outstanding_yen
        self.movements.append(movement)
