"""Builders for tests that drive the application or the API to a given state."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from domain.harassment.invoices import InvoiceLineInput
from domain.harassment.report import CaseReport
from domain.harassment.vocabulary import CaseCategory, Channel, ClaimActKind, FeeType
from domain.kernel.actors import Actor, Role
from domain.kernel.clock import JAPAN

CONCIERGE = Actor("concierge-it", Role.CONCIERGE)
ADJUSTER = Actor("adjuster-it", Role.ADJUSTER, 1_000_000)


def a_report(**overrides: Any) -> CaseReport:
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

ADMIN = Actor("admin-it", Role.ADMIN)


def a_harassment_policy_in_force(app: Any, plan_code: str = "H-A", member: str = "JSPRS-10001") -> Any:
    """A harassment policy whose premium arrived in March, so it covers the current policy year."""
    from domain.policies.cover import policy_year_of
    from domain.policies.policy import Policyholder

    year = policy_year_of(datetime.now(JAPAN))
    holder = Policyholder(member_number=member, name="山田 太郎", kind="physician")
    result = app.enrol_policy("harassment", plan_code, holder, date(year, 3, 1), ADMIN)
    policy = app.policy_at(result.aggregate_id)
    due = policy.terms.premium_for(4)
    app.receive_premium(policy.policy_number, date(year, 3, 10), due, ADMIN)
    return app.get_policy(policy.policy_number)


def an_incident_time_within(policy: Any) -> datetime:
    """Yesterday, or just after the cover started if that was less than a day ago."""
    from datetime import timedelta

    return max(datetime.now(UTC) - timedelta(days=1), policy.cover.start + timedelta(minutes=1))
