"""Coverage decisions (有無責判断) taken when a case is reported. A report that fails is still
recorded, with the reasons, so the concierge's record is never lost."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from domain.policy import Policy
from domain.vocabulary import BUSINESS_SCOPE, ClaimActKind

REASONS = {
    "policy_not_found": ("証券番号に該当する契約がない", "no policy has this reference"),
    "wrong_product": ("契約の保険種類が異なる", "the policy is of another product"),
    "policy_awaiting_premium": ("保険料が未着金", "the policy's premium has not arrived"),
    "outside_cover_period": ("事故日が保険期間外", "the incident is outside the cover period"),
    "policy_cancelled": ("事故日時点で解約済み", "the policy was cancelled before the incident"),
    "policy_lapsed": ("事故日時点で失効済み", "the policy had lapsed before the incident"),
    "claim_act_not_covered": ("対象となるクレーム行為に該当しない", "no covered claim act is named"),
    "outside_japan": ("日本国内の業務に関するものでない", "not about business done in Japan"),
    "group_not_formed": ("団体契約が不成立（加入者10名未満）", "the group has fewer than 10 members"),
    "business_not_in_scope": ("対象となる業務に該当しない", "the business is outside the product's scope"),
    "insured_party_not_covered": ("被保険者に該当しない", "this party is not insured under the product"),
}


@dataclass(frozen=True)
class CoverageDecision:
    reasons: tuple[str, ...]

    @property
    def covered(self) -> bool:
        return not self.reasons

    @property
    def label(self) -> str:
        return "covered" if self.covered else "not_covered"


def harassment_coverage(
    policy: Policy | None, occurred_at: datetime, in_japan: bool, kinds: Sequence[ClaimActKind]
) -> CoverageDecision:
    reasons: list[str] = []
    if policy is None:
        reasons.append("policy_not_found")
    elif policy.product != "harassment":
        reasons.append("wrong_product")
    else:
        reasons.extend(policy.reasons_not_covering(occurred_at))
    if not any(kind.is_covered_kind for kind in kinds):
        reasons.append("claim_act_not_covered")
    if not in_japan:
        reasons.append("outside_japan")
    return CoverageDecision(tuple(reasons))


def cyber_coverage(
    product: str, policy: Policy | None, group_formed: bool | None, occurred_at: datetime, business: str,
    insured_party: str,
) -> CoverageDecision:
    """Territory is worldwide: no place is checked. An institution's officers and employees are
    insured (for liability only — checked when costs are recorded)."""
    reasons: list[str] = []
    if policy is None:
        reasons.append("policy_not_found")
    elif policy.product != product:
        reasons.append("wrong_product")
    else:
        reasons.extend(policy.reasons_not_covering(occurred_at))
        if product == "cyber_physician" and group_formed is False:
            reasons.append("group_not_formed")
    if business not in BUSINESS_SCOPE[product]:
        reasons.append("business_not_in_scope")
    if insured_party != "policyholder" and product != "cyber_institution":
        reasons.append("insured_party_not_covered")
    return CoverageDecision(tuple(reasons))
