"""Builders for the claim-case unit tests: actors, a fixed clock, reports, cases in each state.

Every case builder returns a case whose pending events were already collected, so a test sees
only the events its own command records (`case.collect_events()`).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

from domain.actors import Actor
from domain.claim_case import CaseReport, ClaimCase, InvoiceLineInput
from domain.vocabulary import CaseCategory, Channel, ClaimActKind, FeeType, Role

JST = ZoneInfo("Asia/Tokyo")

# A fixed, aware "now": 10:00 on 15 June 2025, Japan time (01:00 UTC, the same calendar day).
NOW = datetime(2025, 6, 15, 10, 0, tzinfo=JST)
TODAY = date(2025, 6, 15)  # NOW's date in Japan
TOMORROW = TODAY + timedelta(days=1)
OCCURRED_AT = datetime(2025, 5, 16, 14, 30, tzinfo=JST)
RECOMMENDED_AT = datetime(2025, 5, 20, 11, 0, tzinfo=JST)  # the concierge's recommendation
CONSENT_DATE = date(2025, 6, 1)

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


def consultation_kwargs(**overrides: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "held_at": NOW - timedelta(hours=2),
        "channel": Channel.PHONE,
        "duration_minutes": 25,
        "caller": "山田 太郎",
        "question": "退去しない患者への対応は",
        "advice": "複数名で対応し、退去を明確に求め、記録を残す",
        "actor": CONCIERGE,
        "now": NOW,
    }
    kwargs.update(overrides)
    return kwargs


def consent_kwargs(**overrides: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "consent_reference": "SJ-CONSENT-0001",
        "consent_date": CONSENT_DATE,
        "lawyer_name": "佐藤 花子",
        "law_firm": "佐藤法律事務所",
        "actor": ADJUSTER,
        "now": NOW,
    }
    kwargs.update(overrides)
    return kwargs


def settle_kwargs(**overrides: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "payment_number": 1,
        "transfer_date": TODAY,
        "bank_reference": "BANK-REF-001",
        "actor": ADJUSTER,
        "now": NOW,
    }
    kwargs.update(overrides)
    return kwargs


# ---- cases ---------------------------------------------------------------------------------


def _settled(case: ClaimCase) -> ClaimCase:
    case.collect_events()
    return case


def a_reported_case(**report_overrides: Any) -> ClaimCase:
    case = ClaimCase.report(a_report(**report_overrides), CONCIERGE, NOW, case_id=uuid4())
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
    case.record_invoice(
        invoice_number=number,
        invoice_date=TODAY,
        lines=list(lines) or [line()],
        actor=actor,
        now=NOW,
    )
    return _settled(case)


def a_case_with_invoice(*lines: InvoiceLineInput, number: str = "INV-001") -> ClaimCase:
    return record_invoice(a_case_with_consent(), *lines, number=number)


def a_case_with_approved_payment(covered_yen: int = 110_000) -> ClaimCase:
    """Covered fees of ¥110,000 by default: payment 1 of ¥90,000, approved, not yet settled."""
    case = a_case_with_invoice(line(amount_yen=covered_yen))
    case.approve_payment(actor=ADJUSTER)
    return _settled(case)


def a_case_with_settled_payment() -> ClaimCase:
    case = a_case_with_approved_payment()
    case.settle_payment(**settle_kwargs())
    return _settled(case)


def a_closed_case() -> ClaimCase:
    case = a_reported_case()
    case.close(reason="当事者間で解決", actor=ADJUSTER)
    return _settled(case)


def a_closed_case_awaiting_consent() -> ClaimCase:
    case = a_case_awaiting_consent()
    case.close(reason="被保険者が取り下げ", actor=ADJUSTER)
    return _settled(case)


def a_closed_case_with_consent() -> ClaimCase:
    case = a_case_with_consent()
    case.close(reason="被保険者が取り下げ", actor=ADJUSTER)
    return _settled(case)


def a_closed_case_with_invoice() -> ClaimCase:
    case = a_case_with_invoice()
    case.close(reason="被保険者が取り下げ", actor=ADJUSTER)
    return _settled(case)


# ---- reading events ------------------------------------------------------------------------


def event_names(events: list[Any]) -> list[str]:
    return [type(e).__name__ for e in events]


def only_event(case: ClaimCase, name: str) -> Any:
    """The single pending event of the case, which must be of the named type."""
    events = case.collect_events()
    assert event_names(events) == [name]
    return events[0]
