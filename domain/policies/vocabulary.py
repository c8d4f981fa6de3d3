"""The words of enrolment: who holds a policy, its status, how it ends."""

from __future__ import annotations

from domain.kernel.labels import Labelled
from domain.kernel.products import Product


class HolderKind(Labelled):
    PHYSICIAN = "physician", "医師（勤務医）"
    INSTITUTION = "institution", "医療法人・医療施設"
    CLINIC = "clinic", "診療所契約"


ELIGIBLE_KINDS: dict[Product, tuple[HolderKind, ...]] = {
    Product.HARASSMENT: (HolderKind.PHYSICIAN, HolderKind.INSTITUTION, HolderKind.CLINIC),
    Product.CYBER_PHYSICIAN: (HolderKind.PHYSICIAN,),
    Product.CYBER_INSTITUTION: (HolderKind.INSTITUTION,),
}


class PolicyEndKind(Labelled):
    CANCELLED = "cancelled", "解約"
    LAPSED = "lapsed", "失効"


class PolicyStatus(Labelled):
    AWAITING_PREMIUM = "awaiting_premium", "保険料着金待ち"
    IN_FORCE = "in_force", "有効"
    CANCELLED = "cancelled", "解約"
    LAPSED = "lapsed", "失効"


class LimitName(Labelled):
    """The policy limit that cuts a payment short (a payment's `limited_by`)."""

    LIMIT_PER_CLAIM = "limit_per_claim", "1 事案あたりの支払限度額"
    LIMIT_PER_YEAR = "limit_per_year", "保険年度の支払限度額"
    SUB_LIMIT_LIABILITY = "sub_limit_liability", "賠償責任の支払限度額"
    SUB_LIMIT_EXPENSES = "sub_limit_expenses", "費用の支払限度額"
