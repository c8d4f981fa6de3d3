"""Coverage of a claim-response report: the policy must be a harassment policy covering the moment
of the claim act, at least one covered claim act must be named, and the business must be in Japan."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from domain.harassment.vocabulary import ClaimActKind
from domain.kernel.coverage import CoverageDecision, PolicyReason
from domain.kernel.labels import Labelled
from domain.kernel.products import Product
from domain.policies.policy import Policy


class HarassmentReason(Labelled):
    CLAIM_ACT_NOT_COVERED = "claim_act_not_covered", "対象となるクレーム行為に該当しない"
    OUTSIDE_JAPAN = "outside_japan", "日本国内の業務に関するものでない"


def harassment_coverage(
    policy: Policy | None, occurred_at: datetime, in_japan: bool, kinds: Sequence[ClaimActKind]
) -> CoverageDecision:
    reasons: list[str] = []
    if policy is None:
        reasons.append(PolicyReason.POLICY_NOT_FOUND)
    elif policy.product != Product.HARASSMENT:
        reasons.append(PolicyReason.WRONG_PRODUCT)
    else:
        reasons.extend(policy.reasons_not_covering(occurred_at))
    if not any(ClaimActKind(kind).is_covered_kind for kind in kinds):
        reasons.append(HarassmentReason.CLAIM_ACT_NOT_COVERED)
    if not in_japan:
        reasons.append(HarassmentReason.OUTSIDE_JAPAN)
    return CoverageDecision(tuple(str(r) for r in reasons))
