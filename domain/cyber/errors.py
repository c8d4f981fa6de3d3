"""Rules of the cyber products' heads of loss that refuse a command."""

from __future__ import annotations

from domain.kernel.errors import TransitionRefused


class CostNotInProduct(TransitionRefused):
    rule = "cost_not_in_product"


class HeadNotCoveredForParty(TransitionRefused):
    rule = "head_not_covered_for_insured_party"


class LiabilityNeedsClaim(TransitionRefused):
    rule = "liability_needs_third_party_claim"
