"""弁護士費用保険金: the payout rule of the claim-response product.

    payout = (covered fees billed − ¥10,000 deductible) × 90 %, rounded down to the yen,
    never below zero.

It is applied to a case's *cumulative* covered fees, so the deductible is taken once per case
and each later payment is the difference from what was already approved.
"""

from __future__ import annotations

from dataclasses import dataclass

DEDUCTIBLE_YEN = 10_000
COINSURANCE_PERCENT = 90


@dataclass(frozen=True)
class PayoutTerms:
    deductible_yen: int = DEDUCTIBLE_YEN
    coinsurance_percent: int = COINSURANCE_PERCENT


HARASSMENT_TERMS = PayoutTerms()


def payout_for_covered_fees(covered_fees_yen: int, terms: PayoutTerms = HARASSMENT_TERMS) -> int:
    """What the insurer owes in total for this much covered fees; rounded down (切り捨て)."""
    above_deductible = max(0, covered_fees_yen - terms.deductible_yen)
    return above_deductible * terms.coinsurance_percent // 100


def amount_now_payable(
    covered_fees_yen: int, already_approved_yen: int, terms: PayoutTerms = HARASSMENT_TERMS
) -> int:
    """The next payment: the rule applied to the cumulative totals, less what was approved."""
    return max(0, payout_for_covered_fees(covered_fees_yen, terms) - already_approved_yen)
