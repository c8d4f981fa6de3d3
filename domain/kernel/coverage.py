"""Coverage decisions (有無責判断) taken when a claim is reported. A report that fails is still
recorded, with the reasons, so the concierge's record is never lost. Each product decides with its
own reasons (domain/harassment/coverage.py, domain/cyber/coverage.py); the reasons a policy gives
are here, since every product shares them."""

from __future__ import annotations

from dataclasses import dataclass

from domain.kernel.labels import Labelled


class Coverage(Labelled):
    COVERED = "covered", "補償対象"
    NOT_COVERED = "not_covered", "補償対象外"
    NOT_DECIDED = "not_decided", "未判定"  # reported before policies existed (v1 events)


class PolicyReason(Labelled):
    """Why the policy named on a report does not cover it."""

    POLICY_NOT_FOUND = "policy_not_found", "証券番号に該当する契約がない"
    WRONG_PRODUCT = "wrong_product", "契約の保険種類が異なる"
    POLICY_AWAITING_PREMIUM = "policy_awaiting_premium", "保険料が未着金"
    OUTSIDE_COVER_PERIOD = "outside_cover_period", "事故日が保険期間外"
    POLICY_CANCELLED = "policy_cancelled", "事故日時点で解約済み"
    POLICY_LAPSED = "policy_lapsed", "事故日時点で失効済み"


@dataclass(frozen=True)
class CoverageDecision:
    reasons: tuple[str, ...]

    @property
    def covered(self) -> bool:
        return not self.reasons

    @property
    def label(self) -> Coverage:
        return Coverage.COVERED if self.covered else Coverage.NOT_COVERED
