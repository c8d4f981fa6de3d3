"""Coverage of a cyber notice. Territory is worldwide: no place is checked. The physician group
must have formed (10 members) at the moment of the incident; the business must be in the
product's scope; an institution's officers and employees are insured (for liability only —
checked when costs are recorded), a physician's are not."""

from __future__ import annotations

from datetime import datetime

from domain.cyber.vocabulary import BUSINESS_SCOPE, Business, InsuredParty
from domain.kernel.coverage import CoverageDecision, PolicyReason
from domain.kernel.labels import Labelled
from domain.kernel.products import Product
from domain.policies.policy import Policy
from domain.policies.registers import CyberGroup


class CyberReason(Labelled):
    GROUP_NOT_FORMED = "group_not_formed", "団体契約が不成立（加入者10名未満）"
    BUSINESS_NOT_IN_SCOPE = "business_not_in_scope", "対象となる業務に該当しない"
    INSURED_PARTY_NOT_COVERED = "insured_party_not_covered", "被保険者に該当しない"


def cyber_coverage(
    product: str, policy: Policy | None, group: CyberGroup | None, occurred_at: datetime, business: str,
    insured_party: str,
) -> CoverageDecision:
    """`group`: the physician group of the policy's cover year (None when there is none yet)."""
    reasons: list[str] = []
    if policy is None:
        reasons.append(PolicyReason.POLICY_NOT_FOUND)
    elif policy.product != product:
        reasons.append(PolicyReason.WRONG_PRODUCT)
    else:
        reasons.extend(policy.reasons_not_covering(occurred_at))
        if product == Product.CYBER_PHYSICIAN and policy.cover is not None and not (group and group.formed_at(occurred_at)):
            reasons.append(CyberReason.GROUP_NOT_FORMED)
    if Business(business) not in BUSINESS_SCOPE[Product(product)]:
        reasons.append(CyberReason.BUSINESS_NOT_IN_SCOPE)
    if insured_party != InsuredParty.POLICYHOLDER and product != Product.CYBER_INSTITUTION:
        reasons.append(CyberReason.INSURED_PARTY_NOT_COVERED)
    return CoverageDecision(tuple(str(r) for r in reasons))
