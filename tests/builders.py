"""Builders for every tier, in two families. Tests import them as `from tests.builders import …`.

1. Fixed-clock builders, for unit tests (no database): actors, a fixed "now" (NOW, TODAY, …), case
   reports and cases in each state, cyber notices and incidents, plan terms, policies, and the
   application in memory (`an_app()`) with helpers to drive it (a_policy_in, a_case_in, clock_at,
   recommend_in, consented_in, an_incident_in, …). Every aggregate builder returns an aggregate
   whose pending events were already collected, so a test sees only the events its own command
   records (`case.collect_events()`).
2. Real-clock builders, for the PostgreSQL and API tiers, whose commands run at the wall clock:
   actors named LIVE_* (ids ending in "-it"), `a_live_report`, `today_in_japan`, the JSON payloads
   (REPORT_JSON, approval_json, …), `a_harassment_policy_in_force`, `an_incident_time_within`.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest

from domain.application import ClaimsApplication
from domain.cyber.heads import CostInput, OffsetInput, ThirdPartyClaimInput
from domain.cyber.incident import CyberIncident
from domain.cyber.notice import IncidentNotice
from domain.cyber.vocabulary import Business, CostType, HeadOfLoss, IncidentKind, InsuredParty, OffsetKind
from domain.harassment.case import ClaimCase, ConsentInput
from domain.harassment.invoices import InvoiceInput, InvoiceLineInput
from domain.harassment.report import CaseReport, ConsultationInput
from domain.harassment.vocabulary import CaseCategory, Channel, ClaimActKind, FeeType
from domain.kernel.actors import Actor, Role
from domain.kernel.clock import JAPAN
from domain.kernel.coverage import CoverageDecision
from domain.kernel.errors import DomainError, InvalidInput
from domain.kernel.payments import SettlementInput
from domain.kernel.payout import PayoutTerms
from domain.kernel.products import Product
from domain.policies.cover import policy_year_of
from domain.policies.errors import PlanNotFound
from domain.policies.plans import MIDTERM_MONTHS, PlanTerms
from domain.policies.policy import Policy, Policyholder
from infra.plan_seed import example_plans

# #############################################################################################
# 1. FIXED-CLOCK BUILDERS (unit tests)
# #############################################################################################

JST = ZoneInfo("Asia/Tokyo")

# A fixed, aware "now": 10:00 on 15 June 2025, Japan time (01:00 UTC, the same calendar day).
NOW = datetime(2025, 6, 15, 10, 0, tzinfo=JST)
TODAY = date(2025, 6, 15)  # NOW's date in Japan
TOMORROW = TODAY + timedelta(days=1)
OCCURRED_AT = datetime(2025, 5, 16, 14, 30, tzinfo=JST)
RECOMMENDED_AT = datetime(2025, 5, 20, 11, 0, tzinfo=JST)  # the concierge's recommendation
CONSENT_DATE = date(2025, 6, 1)

# The policy the cases are reported under: applied for on 1 March 2025, premium received on
# 10 March (before the March 2025 cut-off, the 19th: the 20th is Vernal Equinox Day), so it covers
# the 2025 policy year, 16:00 JST 1 April 2025 → 16:00 JST 1 April 2026, which holds OCCURRED_AT.
POLICY_NUMBER = "HAR-2025-0001"
APPLIED_ON = date(2025, 3, 1)
PREMIUM_RECEIVED_ON = date(2025, 3, 10)
COVER_START = datetime(2025, 4, 1, 16, 0, tzinfo=JST)
COVER_END = datetime(2026, 4, 1, 16, 0, tzinfo=JST)
GENEROUS_YEN = 10**12  # limits so large they never cut a payment short

COVERED = CoverageDecision(())

CONCIERGE = Actor("concierge-1", Role.CONCIERGE)
ADJUSTER = Actor("adjuster-1", Role.ADJUSTER, authority_limit_yen=1_000_000)
UNLIMITED_ADJUSTER = Actor("adjuster-2", Role.ADJUSTER, authority_limit_yen=None)
AUDITOR = Actor("auditor-1", Role.AUDITOR)
ADMIN = Actor("admin-1", Role.ADMIN)

NOT_CONCIERGE = [ADJUSTER, AUDITOR, ADMIN]
NOT_ADJUSTER = [CONCIERGE, AUDITOR, ADMIN]


def role_id(actor: Actor) -> str:
    return actor.role.value


# ---- inputs --------------------------------------------------------------------------------


def a_report(**overrides: Any) -> CaseReport:
    report = CaseReport(
        policy_ref="HAR-2025-0001",
        insured_name="山田 太郎",
        member_number="JSPRS-12345",
        occurred_at=OCCURRED_AT,
        place="山田形成外科クリニック 受付",
        in_japan=True,
        category=CaseCategory.WAITING_TIME,
        claim_act_kinds=(ClaimActKind.REFUSAL_TO_LEAVE, ClaimActKind.INTIMIDATION),
        summary="待ち時間に不満の患者が受付で怒鳴り、閉院後も退去しなかった",
        channel=Channel.PHONE,
        legal_characterisation="不退去罪",
    )
    return dataclasses.replace(report, **overrides)


def line(
    fee_type: FeeType = FeeType.RETAINER,
    amount_yen: int = 100_000,
    work_date: date = CONSENT_DATE,
    description: str = "",
) -> InvoiceLineInput:
    """One line of a lawyer's bill; by default a covered retainer for work on the consent date."""
    return InvoiceLineInput(fee_type=fee_type, work_date=work_date, amount_yen=amount_yen, description=description)


def _command_kwargs(value_type: Any, name: str, defaults: dict[str, Any], actor: Actor, overrides: dict[str, Any]
                    ) -> dict[str, Any]:
    """Keyword arguments of an aggregate command taking one value object: overrides of the value's
    fields go into it, `actor` and `now` beside it."""
    fields = {**defaults, **{k: v for k, v in overrides.items() if k not in ("actor", "now")}}
    return {name: value_type(**fields), "actor": overrides.get("actor", actor), "now": overrides.get("now", NOW)}


def consultation_kwargs(**overrides: Any) -> dict[str, Any]:
    defaults = {
        "held_at": NOW - timedelta(hours=2),
        "channel": Channel.PHONE,
        "duration_minutes": 25,
        "caller": "山田 太郎",
        "question": "退去しない患者への対応は",
        "advice": "複数名で対応し、退去を明確に求め、記録を残す",
    }
    return _command_kwargs(ConsultationInput, "consultation", defaults, CONCIERGE, overrides)


def a_consultation(**overrides: Any) -> ConsultationInput:
    return consultation_kwargs(**overrides)["consultation"]


def a_consent(**overrides: Any) -> ConsentInput:
    return consent_kwargs(**overrides)["consent"]


def consent_kwargs(**overrides: Any) -> dict[str, Any]:
    defaults = {
        "consent_reference": "SJ-CONSENT-0001",
        "consent_date": CONSENT_DATE,
        "lawyer_name": "佐藤 花子",
        "law_firm": "佐藤法律事務所",
    }
    return _command_kwargs(ConsentInput, "consent", defaults, ADJUSTER, overrides)


def settle_kwargs(**overrides: Any) -> dict[str, Any]:
    defaults = {"payment_number": 1, "transfer_date": TODAY, "bank_reference": "BANK-REF-001"}
    return _command_kwargs(SettlementInput, "settlement", defaults, ADJUSTER, overrides)


def an_invoice(*lines: InvoiceLineInput, number: str = "INV-001", invoice_date: date = TODAY) -> InvoiceInput:
    """A lawyer's bill; by default one covered ¥100,000 retainer line."""
    return InvoiceInput(number, invoice_date, tuple(lines) or (line(),))


# ---- cases ---------------------------------------------------------------------------------


def _settled(case: ClaimCase) -> ClaimCase:
    case.collect_events()
    return case


def a_reported_case(**report_overrides: Any) -> ClaimCase:
    """A covered case (the coverage decision names no reason), under the programme's own terms."""
    case = ClaimCase.report(a_report(**report_overrides), CONCIERGE, NOW, case_id=uuid4(), coverage=COVERED)
    return _settled(case)


def a_not_covered_case(*reasons: str) -> ClaimCase:
    decision = CoverageDecision(tuple(reasons) or ("claim_act_not_covered",))
    case = ClaimCase.report(a_report(), CONCIERGE, NOW, case_id=uuid4(), coverage=decision)
    return _settled(case)


def a_case_awaiting_consent() -> ClaimCase:
    case = a_reported_case()
    case.recommend_escalation(reason="当事者間での解決は困難", actor=CONCIERGE, now=RECOMMENDED_AT)
    return _settled(case)


def a_case_with_declined_escalation() -> ClaimCase:
    case = a_case_awaiting_consent()
    case.decline_escalation(reason="弁護士対応の必要性が認められない", actor=ADJUSTER)
    return _settled(case)


def a_case_with_consent(consent_date: date = CONSENT_DATE) -> ClaimCase:
    case = a_case_awaiting_consent()
    case.approve_escalation(**consent_kwargs(consent_date=consent_date))
    return _settled(case)


def record_invoice(case: ClaimCase, *lines: InvoiceLineInput, number: str = "INV-001", actor: Actor = ADJUSTER) -> ClaimCase:
    """Record a bill on the case (default: one covered ¥100,000 retainer line) and collect its event."""
    case.record_invoice(an_invoice(*lines, number=number), actor=actor, now=NOW)
    return _settled(case)


def a_case_with_invoice(*lines: InvoiceLineInput, number: str = "INV-001") -> ClaimCase:
    return record_invoice(a_case_with_consent(), *lines, number=number)


def a_case_with_approved_payment(covered_yen: int = 110_000) -> ClaimCase:
    """Covered fees of ¥110,000 by default: payment 1 of ¥90,000, approved, not yet settled."""
    case = a_case_with_invoice(line(amount_yen=covered_yen))
    case.approve_payment(actor=ADJUSTER, policy=a_policy(), now=NOW)
    return _settled(case)


def a_case_with_settled_payment() -> ClaimCase:
    case = a_case_with_approved_payment()
    case.settle_payment(**settle_kwargs())
    return _settled(case)


def a_closed_case() -> ClaimCase:
    case = a_reported_case()
    case.close(reason="当事者間で解決", actor=ADJUSTER, now=NOW)
    return _settled(case)


def a_closed_case_awaiting_consent() -> ClaimCase:
    case = a_case_awaiting_consent()
    case.close(reason="被保険者が取り下げ", actor=ADJUSTER, now=NOW)
    return _settled(case)


def a_closed_case_with_consent() -> ClaimCase:
    case = a_case_with_consent()
    case.close(reason="被保険者が取り下げ", actor=ADJUSTER, now=NOW)
    return _settled(case)


def a_closed_case_with_invoice() -> ClaimCase:
    case = a_case_with_invoice()
    case.close(reason="被保険者が取り下げ", actor=ADJUSTER, now=NOW)
    return _settled(case)


# ---- plans and policies --------------------------------------------------------------------

MIDTERM_EXAMPLE = {"5": 11_000, "6": 10_000, "7": 9_000, "8": 8_000, "9": 7_000, "10": 6_000,
                   "11": 5_000, "12": 4_000, "1": 3_000, "2": 2_000, "3": 1_000}
assert set(MIDTERM_EXAMPLE) == set(MIDTERM_MONTHS)


def a_plan(**overrides: Any) -> PlanTerms:
    """Harassment plan terms (¥10,000 deductible, 90 %) with generous limits, unless overridden."""
    values: dict[str, Any] = dict(
        product="harassment", code="H-T", name="テストプラン", limit_per_claim_yen=GENEROUS_YEN,
        limit_per_year_yen=GENEROUS_YEN, deductible_yen=10_000, coinsurance_percent=90,
        annual_premium_yen=12_000, midterm_premium_yen=dict(MIDTERM_EXAMPLE), sub_limits_yen={},
        group_discount_percent=0, example=True,
    )
    values.update(overrides)
    return PlanTerms(**values)


def a_cyber_physician_plan(**overrides: Any) -> PlanTerms:
    values: dict[str, Any] = dict(
        product="cyber_physician", code="CP-T", sub_limits_yen={"liability": 10_000_000, "expenses": 1_000_000},
        group_discount_percent=20, deductible_yen=0, coinsurance_percent=100,
    )
    values.update(overrides)
    return a_plan(**values)


def a_cyber_institution_plan(**overrides: Any) -> PlanTerms:
    values: dict[str, Any] = dict(product="cyber_institution", code="CI-T", deductible_yen=50_000, coinsurance_percent=100)
    values.update(overrides)
    return a_plan(**values)


def a_holder(**overrides: Any) -> Policyholder:
    values: dict[str, Any] = dict(member_number="JSPRS-12345", name="山田 太郎", kind="physician")
    values.update(overrides)
    return Policyholder(**values)


def a_clinic_holder(**overrides: Any) -> Policyholder:
    values: dict[str, Any] = dict(
        member_number="JSPRS-20001", name="医療法人 山田会", kind="clinic", clinic_id="CL-0001",
        clinic_name="山田形成外科クリニック", applicant_is_founder=True,
    )
    values.update(overrides)
    return Policyholder(**values)


def holder_for(product: str) -> Policyholder:
    """A holder of a kind eligible for the product."""
    kind = {"harassment": "physician", "cyber_physician": "physician", "cyber_institution": "institution"}[product]
    return a_holder(kind=kind)


def an_enrolled_policy(
    terms: PlanTerms | None = None,
    holder: Policyholder | None = None,
    *,
    number: str = POLICY_NUMBER,
    applied_on: date = APPLIED_ON,
    terms_version: int = 1,
) -> Policy:
    """A policy applied for, its premium not yet received."""
    terms = terms or a_plan()
    policy = Policy.enrol(number, terms, terms_version, holder or holder_for(terms.product), applied_on, ADMIN, NOW)
    policy.collect_events()
    return policy


def an_in_force_policy(
    terms: PlanTerms | None = None,
    holder: Policyholder | None = None,
    *,
    number: str = POLICY_NUMBER,
    applied_on: date = APPLIED_ON,
    received_on: date = PREMIUM_RECEIVED_ON,
) -> Policy:
    """A policy whose premium (the amount due) arrived on `received_on`; by default it covers
    the 2025 policy year, which holds OCCURRED_AT."""
    policy = an_enrolled_policy(terms, holder, number=number, applied_on=applied_on)
    policy.receive_premium(received_on=received_on, amount_yen=due_premium(policy, received_on), actor=ADMIN, now=NOW)
    policy.collect_events()
    return policy


def due_premium(policy: Policy, received_on: date) -> int:
    """The premium due for a receipt on that date. Builders only receive premiums by the 10th of
    a month, before any cut-off, so cover starts on the 1st of the next month (the cut-off rules
    themselves are tested in test_cover.py)."""
    assert received_on.day <= 10, "builders receive premiums before any cut-off"
    start_month = received_on.month % 12 + 1
    return policy.terms.premium_for(start_month)


def a_policy(**plan_overrides: Any) -> Policy:
    """The in-force policy the builders' cases are paid under (generous limits unless overridden)."""
    return an_in_force_policy(a_plan(**plan_overrides))


def charged(policy: Policy, claim_id: str, amount_yen: int, payment_number: int = 1) -> Policy:
    policy.charge(claim_id=claim_id, payment_number=payment_number, amount_yen=amount_yen, actor=ADJUSTER)
    policy.collect_events()
    return policy


# ---- cyber incidents (勤務医サイバー保険, 医療機関用サイバー保険) ---------------------------------

# The example plans shipped in data/plans.example.json, by product: CI-1 (¥50,000 deductible per
# head, 100 %, ¥30M per claim and per year, sub-limits liability ¥30M, expenses ¥5M); CP-1
# (¥0 deductible, 100 %, ¥10M per claim and per year, sub-limits liability ¥10M, expenses ¥1M).
EXAMPLE_PLAN_CODE = {"harassment": "H-A", "cyber_physician": "CP-1", "cyber_institution": "CI-1"}
INSTITUTION_POLICY_NUMBER = "CYI-2025-0001"
PHYSICIAN_POLICY_NUMBER = "CYP-2025-0001"
POLICY_NUMBER_OF = {"cyber_institution": INSTITUTION_POLICY_NUMBER, "cyber_physician": PHYSICIAN_POLICY_NUMBER}
DISCOVERED_AT = datetime(2025, 5, 18, 9, 0, tzinfo=JST)  # two days after OCCURRED_AT


@functools.cache
def an_example_plan(code: str) -> PlanTerms:
    """One of the example plans of data/plans.example.json: H-A, H-B, CP-1 or CI-1 (read once)."""
    return next(terms for terms in example_plans() if terms.code == code)


def example_plan_of(product: str) -> PlanTerms:
    return an_example_plan(EXAMPLE_PLAN_CODE[product])


def a_notice(**overrides: Any) -> IncidentNotice:
    """An institution's notice of circumstances: possible unauthorised access to the electronic
    medical-record server, 1,200 patients' data, medical care; the policyholder itself."""
    values: dict[str, Any] = dict(
        product=Product.CYBER_INSTITUTION, policy_ref=INSTITUTION_POLICY_NUMBER, insured_name="医療法人 青葉会",
        member_number="JSPRS-30001", insured_party=InsuredParty.POLICYHOLDER,
        found="電子カルテのサーバに外部から不正アクセスの可能性があることが判明", discovered_at=DISCOVERED_AT,
        occurred_at=OCCURRED_AT, country="JP", incident_kinds=(IncidentKind.CYBER_INCIDENT, IncidentKind.INFORMATION_LEAK),
        business=Business.MEDICAL_CARE, personal_data=True, medical_data=True, people_affected=1_200,
    )
    values.update(overrides)
    return IncidentNotice(**values)


def a_physician_notice(**overrides: Any) -> IncidentNotice:
    """An employed physician's notice: a USB stick with patients' data, taken out for a paper, lost."""
    values: dict[str, Any] = dict(
        product=Product.CYBER_PHYSICIAN, policy_ref=PHYSICIAN_POLICY_NUMBER, insured_name="山田 太郎",
        member_number="JSPRS-12345", found="論文作成のために患者の医療情報を持ち出したUSBメモリを紛失",
        incident_kinds=(IncidentKind.INFORMATION_LEAK,), business=Business.EDUCATION_RESEARCH, people_affected=200,
    )
    values.update(overrides)
    return a_notice(**values)


def terms_of(product: str) -> PayoutTerms:
    """The payout terms (deductible, coinsurance) of the product's example plan."""
    plan = example_plan_of(product)
    return PayoutTerms(plan.deductible_yen, plan.coinsurance_percent)


def an_incident(notice: IncidentNotice | None = None, *, coverage: CoverageDecision = COVERED,
                terms: PayoutTerms | None = None, actor: Actor = CONCIERGE) -> CyberIncident:
    """An open incident on the notice (by default the institution's), covered unless told, under
    the payout terms of its product's example plan unless told."""
    notice = notice or a_notice()
    incident = CyberIncident.open(notice, actor, NOW, uuid4(), coverage, terms or terms_of(notice.product))
    incident.collect_events()
    return incident


def a_not_covered_incident(*reasons: str) -> CyberIncident:
    return an_incident(coverage=CoverageDecision(tuple(reasons) or ("business_not_in_scope",)))


def a_cyber_policy(product: str = "cyber_institution", terms: PlanTerms | None = None, *, number: str | None = None) -> Policy:
    """An in-force policy on the product's example plan (or `terms`), numbered as the notices name it."""
    return an_in_force_policy(terms or example_plan_of(product), number=number or POLICY_NUMBER_OF[product])


_invoice_numbers = itertools.count(1)


def a_cost(head: HeadOfLoss = HeadOfLoss.EXPENSES, cost_type: CostType | None = None, amount_yen: int = 100_000, *,
           invoice_number: str | None = None, invoice_date: date = TODAY, vendor: str = "株式会社サイバー調査",
           description: str = "") -> CostInput:
    """A vendor's bill under a head of loss (by default an expense: cause investigation; a
    liability cost is damages); each gets an invoice number of its own unless told."""
    default_type = CostType.CAUSE_INVESTIGATION if head == HeadOfLoss.EXPENSES else CostType.DAMAGES
    number = invoice_number or f"V-{next(_invoice_numbers):05d}"
    return CostInput(head=head, cost_type=cost_type or default_type, vendor=vendor, invoice_number=number,
                     invoice_date=invoice_date, amount_yen=amount_yen, description=description)


def a_liability_cost(cost_type: CostType = CostType.DAMAGES, amount_yen: int = 500_000, **options: Any) -> CostInput:
    return a_cost(HeadOfLoss.LIABILITY, cost_type, amount_yen, **options)


def a_third_party_claim(**overrides: Any) -> ThirdPartyClaimInput:
    values: dict[str, Any] = dict(claimant="患者A", amount_claimed_yen=1_000_000, received_on=TODAY,
                                  summary="個人情報漏えいの損害賠償請求")
    values.update(overrides)
    return ThirdPartyClaimInput(**values)


def an_offset(**overrides: Any) -> OffsetInput:
    """By default what the hospital's own cyber cover paid towards the expenses: ¥300,000."""
    values: dict[str, Any] = dict(kind=OffsetKind.OTHER_INSURANCE, head=HeadOfLoss.EXPENSES, amount_yen=300_000,
                                  source="勤務先病院のサイバー保険", on=TODAY, reference="H-CYBER-77")
    values.update(overrides)
    return OffsetInput(**values)


def with_claim(incident: CyberIncident, **claim_overrides: Any) -> CyberIncident:
    """A third party's claim received on the incident (liability costs may follow)."""
    incident.receive_third_party_claim(a_third_party_claim(**claim_overrides), actor=ADJUSTER, now=NOW)
    incident.collect_events()
    return incident


def with_costs(incident: CyberIncident, *costs: CostInput) -> CyberIncident:
    for cost in costs:
        incident.record_cost(cost, actor=ADJUSTER, now=NOW)
    incident.collect_events()
    return incident


def with_offsets(incident: CyberIncident, *offsets: OffsetInput) -> CyberIncident:
    for offset in offsets:
        incident.record_offset(offset, actor=ADJUSTER, now=NOW)
    incident.collect_events()
    return incident


def an_incident_with_claim(notice: IncidentNotice | None = None) -> CyberIncident:
    return with_claim(an_incident(notice))


def an_incident_with_costs(*costs: CostInput, notice: IncidentNotice | None = None) -> CyberIncident:
    """An incident with these costs recorded (a third party's claim first, when one is a liability cost)."""
    incident = an_incident(notice)
    if any(cost.head == HeadOfLoss.LIABILITY for cost in costs):
        with_claim(incident)
    return with_costs(incident, *(costs or (a_cost(),)))


def paid(incident: CyberIncident, head: HeadOfLoss, policy: Policy, actor: Actor = UNLIMITED_ADJUSTER) -> CyberIncident:
    """Approve what the head owes now, under the policy (charged); both aggregates' events collected."""
    incident.approve_payment(head=head, actor=actor, policy=policy, now=NOW)
    incident.collect_events()
    policy.collect_events()
    return incident


def an_incident_with_approved_payment(amount_yen: int = 150_000) -> CyberIncident:
    """An institution's incident with one expense of `amount_yen`, paid (less the ¥50,000 deductible), not settled."""
    return paid(an_incident_with_costs(a_cost(amount_yen=amount_yen)), HeadOfLoss.EXPENSES, a_cyber_policy())


def an_incident_with_settled_payment() -> CyberIncident:
    incident = an_incident_with_approved_payment()
    incident.settle_payment(**settle_kwargs())
    incident.collect_events()
    return incident


def a_closed_incident() -> CyberIncident:
    incident = an_incident()
    incident.close(reason="調査の結果、漏えいなし", actor=ADJUSTER, now=NOW)
    incident.collect_events()
    return incident


# ---- the application in memory ---------------------------------------------------------------

IN_MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}


def an_app(now: datetime = NOW) -> ClaimsApplication:
    return ClaimsApplication(env=IN_MEMORY, clock=lambda: now)


def a_policy_in(
    app: ClaimsApplication,
    terms: PlanTerms | None = None,
    holder: Policyholder | None = None,
    *,
    applied_on: date = APPLIED_ON,
    received_on: date | None = PREMIUM_RECEIVED_ON,
) -> str:
    """Publish the plan (if it is new), enrol a policy on it and, unless `received_on` is None,
    record the premium due. Returns the policy number."""
    terms = terms or a_plan()
    try:
        app.get_plan(terms.product, terms.code)
    except PlanNotFound:
        app.publish_plan(terms, ADMIN)
    result = app.enrol_policy(terms.product, terms.code, holder or holder_for(terms.product), applied_on, ADMIN)
    number = app.policy_at(result.aggregate_id).policy_number
    if received_on is not None:
        policy = app.get_policy(number)
        app.receive_premium(number, received_on, due_premium(policy, received_on), ADMIN)
    return number


@contextmanager
def clock_at(app: ClaimsApplication, instant: datetime) -> Iterator[None]:
    """Run the application's commands at another instant, then go back to its own."""
    own = app.clock
    app.clock = lambda: instant
    try:
        yield
    finally:
        app.clock = own


def recommend_in(app: ClaimsApplication, case_id: Any) -> None:
    """The concierge recommends a lawyer at RECOMMENDED_AT (before the consent date)."""
    with clock_at(app, RECOMMENDED_AT):
        app.recommend_escalation(case_id, "当事者間での解決は困難", CONCIERGE)


def consented_in(app: ClaimsApplication, case_id: Any) -> None:
    """Recommended at RECOMMENDED_AT, consented on CONSENT_DATE."""
    recommend_in(app, case_id)
    app.approve_escalation(case_id, a_consent(), ADJUSTER)


def a_case_in(app: ClaimsApplication, policy_number: str, **report_overrides: Any) -> Any:
    """Report a case under that policy through the application; returns the case id."""
    return app.report_case(a_report(policy_ref=policy_number, **report_overrides), CONCIERGE).aggregate_id


def a_cyber_policy_in(app: ClaimsApplication, product: str = "cyber_institution", terms: PlanTerms | None = None,
                      holder: Policyholder | None = None, *, received_on: date | None = PREMIUM_RECEIVED_ON) -> str:
    """A policy of a cyber product on its example plan (or `terms`), premium received unless told."""
    return a_policy_in(app, terms or example_plan_of(product), holder or holder_for(product), received_on=received_on)


def a_physician_group_in(app: ClaimsApplication, members: int = 10) -> list[str]:
    """`members` physicians' cyber policies on the example plan, premiums received in March 2025:
    the 2025 group forms with the tenth. Returns their policy numbers."""
    return [a_cyber_policy_in(app, "cyber_physician", holder=a_holder(member_number=f"JSPRS-{n:05d}"))
            for n in range(members)]


def an_incident_in(app: ClaimsApplication, policy_number: str, actor: Actor = CONCIERGE, **notice_overrides: Any) -> Any:
    """Open an incident under that policy (the notice of its product); returns the incident id."""
    product = notice_overrides.pop("product", None) or app.get_policy(policy_number).product
    notice = a_physician_notice() if product == Product.CYBER_PHYSICIAN else a_notice()
    notice = dataclasses.replace(notice, policy_ref=policy_number, **notice_overrides)
    return app.open_incident(notice, actor).aggregate_id


# ---- reading events and refusals --------------------------------------------------------------------


def event_names(events: list[Any]) -> list[str]:
    return [type(e).__name__ for e in events]


def only_event(aggregate: Any, name: str) -> Any:
    """The single pending event of the aggregate, which must be of the named type."""
    events = aggregate.collect_events()
    assert event_names(events) == [name]
    return events[0]


def position_of(app: ClaimsApplication) -> int:
    """Where the application's log ends now: read what a command records with `recorded_since`."""
    return app.recorder.max_notification_id() or 0


def recorded_since(app: ClaimsApplication, position: int) -> list[tuple[Any, str]]:
    """(aggregate id, event name) of every event recorded after `position`, on any aggregate, in order."""
    notifications = app.recorder.select_notifications(start=position + 1, limit=10_000)
    return [(n.originator_id, n.topic.rpartition(".")[2]) for n in notifications]


def new_events(app: ClaimsApplication, aggregate_id: Any, after_version: int) -> list[Any]:
    """The events of one aggregate recorded after `after_version`."""
    return list(app.events.get(aggregate_id, gt=after_version))


_UNSET = object()


def refused(call: Callable[[], object], error: type[DomainError], rule: str, field: object = _UNSET) -> DomainError:
    """Run the command; it must raise exactly `error`, carrying `rule` (and `field`, when given)."""
    with pytest.raises(error) as info:
        call()
    assert type(info.value) is error
    assert info.value.rule == rule
    if field is not _UNSET:
        assert info.value.field == field
    return info.value


def invalid(call: Callable[[], object], field: str) -> DomainError:
    """Run the command; it must be refused as invalid input naming `field`."""
    return refused(call, InvalidInput, "invalid_input", field)



def refused_in(app: ClaimsApplication, call: Callable[[], object], error: type[DomainError], rule: str,
               field: object = _UNSET) -> DomainError:
    """Run an application command: refused as `refused` checks, and nothing saved on any aggregate."""
    position = position_of(app)
    found = refused(call, error, rule, field)
    assert recorded_since(app, position) == []
    return found

# #############################################################################################
# 2. REAL-CLOCK BUILDERS (PostgreSQL and API tests: commands run at the wall clock)
# #############################################################################################

LIVE_CONCIERGE = Actor("concierge-it", Role.CONCIERGE)
LIVE_ADJUSTER = Actor("adjuster-it", Role.ADJUSTER, 1_000_000)
LIVE_ADMIN = Actor("admin-it", Role.ADMIN)


def a_live_report(**overrides: Any) -> CaseReport:
    """A report for the PostgreSQL tiers; callers name the policy and a moment it covers
    (`policy_ref=…, occurred_at=an_incident_time_within(policy)`)."""
    values: dict[str, Any] = dict(
        policy_ref="HAR-2026-0001", insured_name="山田 太郎", member_number="JSPRS-10001",
        occurred_at=datetime(2026, 4, 10, 1, 30, tzinfo=UTC), place="診察室", in_japan=True,
        category=CaseCategory.TREATMENT, claim_act_kinds=(ClaimActKind.REFUSAL_TO_LEAVE,),
        summary="患者が「注射してくれるまで帰らない」と診察室で仰向けになった", channel=Channel.PHONE,
        legal_characterisation="不退去罪",
    )
    values.update(overrides)
    return CaseReport(**values)


def today_in_japan() -> date:
    return datetime.now(JAPAN).date()


def worked_example_lines(work_date: date | None = None) -> list[InvoiceLineInput]:
    """SPEC's worked example: ¥330,000 of covered fees and ¥20,000 of 日当 → pays ¥288,000."""
    day = work_date or today_in_japan()
    return [
        InvoiceLineInput(FeeType.RETAINER, day, 220_000, "着手金"),
        InvoiceLineInput(FeeType.CONSULTATION_FEE, day, 110_000, "相談料"),
        InvoiceLineInput(FeeType.DAILY_ALLOWANCE, day, 20_000, "日当"),
    ]


# ---- API payloads ----------------------------------------------------------------------------

REPORT_JSON: dict[str, Any] = {
    "policy_ref": "HAR-2026-0001", "insured_name": "山田 太郎", "member_number": "JSPRS-10001",
    "occurred_at": "2026-04-10T10:30:00+09:00", "place": "受付カウンター", "in_japan": True,
    "category": "waiting_time", "claim_act_kinds": ["force", "assault"],
    "summary": "待ち時間に腹を立てた患者が職員の肩をつかんで罵倒した", "channel": "phone",
    "legal_characterisation": "威力業務妨害",
}
CONSULTATION_JSON = {
    "held_at": "2026-04-11T14:00:00+09:00", "channel": "phone", "duration_minutes": 25,
    "caller": "事務長", "question": "出入り禁止にできるか", "advice": "記録を残し、次回は警察に相談",
}
# Consent, bills and transfers follow the recommendation, which the tests record today.
def approval_json() -> dict[str, Any]:
    return {"consent_reference": "SJ-CONSENT-001", "consent_date": today_in_japan().isoformat(),
            "lawyer_name": "佐藤 花子", "law_firm": "佐藤法律事務所"}


def invoice_json() -> dict[str, Any]:
    day = today_in_japan().isoformat()
    return {"invoice_number": "INV-001", "invoice_date": day, "lines": [
        {"fee_type": "retainer", "work_date": day, "amount_yen": 220000},
        {"fee_type": "consultation_fee", "work_date": day, "amount_yen": 110000},
        {"fee_type": "daily_allowance", "work_date": day, "amount_yen": 20000},
    ]}


def settlement_json() -> dict[str, Any]:
    return {"transfer_date": today_in_japan().isoformat(), "bank_reference": "FB-001"}


# ---- policies --------------------------------------------------------------------------------


def a_harassment_policy_in_force(app: Any, plan_code: str = "H-A", member: str = "JSPRS-10001") -> Any:
    """A harassment policy whose premium arrived in March, so it covers the current policy year."""
    year = policy_year_of(datetime.now(JAPAN))
    holder = Policyholder(member_number=member, name="山田 太郎", kind="physician")
    result = app.enrol_policy("harassment", plan_code, holder, date(year, 3, 1), LIVE_ADMIN)
    policy = app.policy_at(result.aggregate_id)
    due = policy.terms.premium_for(4)
    app.receive_premium(policy.policy_number, date(year, 3, 10), due, LIVE_ADMIN)
    return app.get_policy(policy.policy_number)


def a_cyber_policy_in_force(app: Any, product: str = "cyber_institution", member: str | None = None,
                            name: str = "医療法人 青葉会") -> Any:
    """A policy of a cyber product on its example plan (CI-1 or CP-1), premium in March, so it covers
    the current policy year; a member number of its own unless told (its limits are its own)."""
    year = policy_year_of(datetime.now(JAPAN))
    kind = "institution" if product == "cyber_institution" else "physician"
    holder = Policyholder(member_number=member or f"JSPRS-{uuid4().hex[:8].upper()}", name=name, kind=kind)
    result = app.enrol_policy(product, EXAMPLE_PLAN_CODE[product], holder, date(year, 3, 1), LIVE_ADMIN)
    policy = app.policy_at(result.aggregate_id)
    app.receive_premium(policy.policy_number, date(year, 3, 10), policy.terms.premium_for(4), LIVE_ADMIN)
    return app.get_policy(policy.policy_number)


def an_incident_time_within(policy: Any) -> datetime:
    """Yesterday, or just after the cover started if that was less than a day ago."""
    return max(datetime.now(UTC) - timedelta(days=1), policy.cover.start + timedelta(minutes=1))


# ---- the diary ----------------------------------------------------------------------------------


def diary_of(claim_id: Any, kind: str, key: str = "") -> Any:
    """The id of the activity the system opens for a claim: (first_consultation), (bill_decision,
    invoice number), (transfer, payment number)."""
    from domain.diary.activity import system_activity_id
    from domain.diary.vocabulary import ActivityKind

    return system_activity_id(claim_id, ActivityKind(kind), key)
