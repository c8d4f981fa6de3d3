"""The two heads of loss of every cyber incident — liability (賠償責任) and expenses (費用) — and
what may be recorded against them:

- a cost must be of a type of its head; 状態収拾費用 only under the institution product;
- an institution's officers and employees are insured for liability only;
- liability costs need a third party's claim against the insured.

What other insurance paid and what was recovered reduce the head's basis.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.cyber.errors import CostNotInProduct, HeadNotCoveredForParty, LiabilityNeedsClaim
from domain.cyber.vocabulary import COST_TYPES, INSTITUTION_ONLY_COSTS, CostType, HeadOfLoss, InsuredParty, OffsetKind
from domain.kernel.products import Product


@dataclass(frozen=True)
class ThirdPartyClaimInput:
    claimant: str
    amount_claimed_yen: int
    received_on: date
    summary: str


@dataclass(frozen=True)
class CostInput:
    head: HeadOfLoss
    cost_type: CostType
    vendor: str
    invoice_number: str
    invoice_date: date
    amount_yen: int
    description: str = ""


@dataclass(frozen=True)
class OffsetInput:
    """Money that reduces a head's basis: another insurer's payment, or a recovery."""

    kind: OffsetKind
    head: HeadOfLoss
    amount_yen: int
    source: str
    on: date
    reference: str = ""


@dataclass(frozen=True)
class Cost:
    head: str
    cost_type: str
    vendor: str
    invoice_number: str
    invoice_date: date
    amount_yen: int
    description: str


@dataclass(frozen=True)
class ThirdPartyClaim:
    claimant: str
    amount_claimed_yen: int
    received_on: date
    summary: str


@dataclass(frozen=True)
class Offset:
    kind: str  # other_insurance or recovery
    head: str
    amount_yen: int
    source: str
    on: date
    reference: str


def check_cost_allowed(
    *, product: str, insured_party: str, head: HeadOfLoss, cost_type: CostType, third_party_claims: int
) -> None:
    if cost_type not in COST_TYPES[head]:
        raise CostNotInProduct(f"{cost_type} is not a {head} cost: {', '.join(COST_TYPES[head])}", field="cost_type",
                               params={"cost_type": cost_type.ja, "head": head.ja})
    if cost_type in INSTITUTION_ONLY_COSTS and product != Product.CYBER_INSTITUTION:
        raise CostNotInProduct(f"{cost_type} is covered by the institution product only", field="cost_type",
                               params={"cost_type": cost_type.ja, "head": head.ja})
    if head is HeadOfLoss.EXPENSES and insured_party != InsuredParty.POLICYHOLDER:
        raise HeadNotCoveredForParty(f"an institution's {insured_party} is insured for liability only", field="head",
                                     params={"party": InsuredParty(insured_party).ja})
    if head is HeadOfLoss.LIABILITY and not third_party_claims:
        raise LiabilityNeedsClaim("liability costs need a third party's claim against the insured", field="head")
