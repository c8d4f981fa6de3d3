"""Request and response shapes for plans and policies."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from api.schemas.common import Day, Instant, NonNegativeYen, ProductCode, Request, Text, choice
from domain.cyber.vocabulary import HeadOfLoss
from domain.policies.plans import MIDTERM_MONTHS, PlanTerms
from domain.policies.policy import PolicyEnding, Policyholder
from domain.policies.standing import PolicyStanding
from domain.policies.vocabulary import HolderKind, PolicyEndKind, PolicyStatus

Product = ProductCode
PolicyStatusCode = Literal[tuple(s.value for s in PolicyStatus)]  # type: ignore[valid-type]
HolderKindCode = Literal[tuple(k.value for k in HolderKind)]  # type: ignore[valid-type]
Month = Literal[MIDTERM_MONTHS]  # type: ignore[valid-type]
Head = Literal[tuple(h.value for h in HeadOfLoss)]  # type: ignore[valid-type]


class PlanTermsIn(Request):
    product: Product
    code: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_-]+$")]
    name: Text
    limit_per_claim_yen: NonNegativeYen
    limit_per_year_yen: NonNegativeYen
    deductible_yen: NonNegativeYen
    coinsurance_percent: Annotated[StrictInt, Field(ge=1, le=100)]
    annual_premium_yen: NonNegativeYen
    midterm_premium_yen: dict[Month, NonNegativeYen]  # type: ignore[valid-type]
    sub_limits_yen: dict[Head, NonNegativeYen] = Field(default_factory=dict)  # type: ignore[valid-type]
    group_discount_percent: Annotated[StrictInt, Field(ge=0, le=99)] = 0
    example: StrictBool = False

    def to_domain(self) -> PlanTerms:
        return PlanTerms(**self.model_dump())


class PlanOut(PlanTermsIn):
    model_config = ConfigDict(extra="ignore")
    version: int


class PolicyholderIn(Request):
    member_number: Text = Field(description="JSPRS member number (会員番号)")
    name: Text
    kind: choice(HolderKind)  # type: ignore[valid-type]
    clinic_id: str | None = Field(default=None, max_length=100, description="clinic contracts: the clinic's code")
    clinic_name: str | None = Field(default=None, max_length=200)
    applicant_is_founder: StrictBool | None = Field(default=None, description="clinic contracts: applicant is 開設者")

    def to_domain(self) -> Policyholder:
        return Policyholder(**self.model_dump())


class EnrolmentIn(Request):
    product: Product
    plan_code: Text
    policyholder: PolicyholderIn
    applied_on: Day


class PremiumIn(Request):
    received_on: Day = Field(description="the day the bank transfer arrived in the society's account (Japan)")
    amount_yen: Annotated[StrictInt, Field(gt=0, le=100_000_000)]
    bank_reference: Annotated[str | None, Field(
        default=None, max_length=100, description="the bank's reference for the transfer (振込の照会番号)")] = None


class PolicyEndIn(Request):
    kind: choice(PolicyEndKind)  # type: ignore[valid-type]
    reason: Annotated[str, Field(min_length=1, max_length=2000)]
    effective_at: Instant

    def to_domain(self) -> PolicyEnding:
        return PolicyEnding(**self.model_dump())


class CoverOut(BaseModel):
    start: datetime
    end: datetime
    policy_year: int


class ClaimLimitOut(BaseModel):
    claim_id: str
    paid_yen: int
    remaining_yen: int


class LimitsOut(BaseModel):
    limit_per_claim_yen: int
    limit_per_year_yen: int
    paid_in_year_yen: int
    remaining_for_year_yen: int
    remaining_for_a_new_claim_yen: int
    claims: list[ClaimLimitOut]


class GroupOut(BaseModel):
    policy_year: int
    members: int = Field(description="members whose policy has not ended")
    formed: bool = Field(description="the group contract forms with 10 members; until then no cover")


class PolicyOut(BaseModel):
    policy_number: str
    version: int
    product: str
    plan_code: str
    plan_version: int
    terms: PlanTermsIn
    policyholder: PolicyholderIn
    applied_on: date
    status: str = Field(description="awaiting_premium, in_force, cancelled or lapsed")
    gives_cover: bool = Field(description="it covers now (or at the as_of instant): within its cover period, before any"
                                          " end, and, for the physician cyber group, with the group formed")
    premium_received_on: date | None
    premium_bank_reference: str | None = None
    premium_yen: int
    cover: CoverOut | None
    ended_at: datetime | None
    ended_reason: str | None
    limits: LimitsOut
    group: GroupOut | None
    log_position: int | None = None

    @classmethod
    def from_standing(cls, standing: PolicyStanding, log_position: int | None = None) -> PolicyOut:
        policy = standing.policy
        group = None
        if standing.in_group:
            group = GroupOut(policy_year=policy.cover.policy_year, members=standing.group_members,  # type: ignore[union-attr]
                             formed=standing.group_formed)
        return cls(
            policy_number=policy.policy_number, version=policy.version, product=policy.product,
            plan_code=policy.plan_code, plan_version=policy.plan_version,
            terms=PlanTermsIn.model_validate(policy.terms.as_dict()),
            policyholder=PolicyholderIn.model_validate(vars(policy.holder)), applied_on=policy.applied_on,
            status=policy.status, gives_cover=standing.gives_cover,
            premium_received_on=policy.premium_received_on, premium_bank_reference=policy.premium_bank_reference,
            premium_yen=policy.premium_yen,
            cover=CoverOut.model_validate(vars(policy.cover)) if policy.cover else None,
            ended_at=policy.ended_at, ended_reason=policy.ended_reason,
            limits=LimitsOut(
                limit_per_claim_yen=policy.terms.limit_per_claim_yen, limit_per_year_yen=policy.terms.limit_per_year_yen,
                paid_in_year_yen=sum(policy.paid_by_claim.values()), remaining_for_year_yen=policy.remaining_for_year,
                remaining_for_a_new_claim_yen=policy.remaining_for_claim("new"),
                claims=[ClaimLimitOut(claim_id=c, paid_yen=p, remaining_yen=policy.remaining_for_claim(c))
                        for c, p in policy.paid_by_claim.items()],
            ),
            group=group, log_position=log_position,
        )


class ImportRowOut(BaseModel):
    row: int = Field(description="line number in the file (the header is line 1)")
    status: Literal["imported", "already_imported", "refused"]
    policy_number: str | None = None
    premium: Literal["recorded", "not_given", "refused"] | None = None
    rule: str | None = None
    field: str | None = None
    detail: str | None = None
    detail_ja: str | None = Field(default=None, description="the refusal in Japanese (as the roster page shows it)")


class ImportReportOut(BaseModel):
    rows: int
    imported: int
    refused: int
    report: list[ImportRowOut]


class PolicySummaryOut(BaseModel):
    policy_number: str
    version: int
    product: str
    plan_code: str
    plan_version: int
    holder_kind: str
    holder_name: str
    member_number: str
    clinic_name: str | None
    status: str = Field(description="awaiting_premium, in_force, cancelled or lapsed")
    applied_on: date
    premium_received_on: date | None
    premium_yen: int
    cover_start: datetime | None
    cover_end: datetime | None
    policy_year: int | None
    ended_at: datetime | None


class PoliciesPage(BaseModel):
    items: list[PolicySummaryOut]
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page; null on the last")
