"""Histories of cases, payments and settlements, driven through the application."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from domain.harassment.case import ConsentInput
from domain.harassment.invoices import InvoiceInput, InvoiceLineInput
from domain.harassment.report import ConsultationInput
from domain.harassment.vocabulary import Channel, FeeType
from domain.kernel.actors import Actor, Role
from domain.kernel.clock import japan_date
from domain.kernel.payments import SettlementInput
from domain.policies.cover import policy_year_of
from domain.policies.plans import PlanTerms
from domain.policies.policy import Policy, Policyholder
from infra.plan_seed import example_plans
from tests.builders import LIVE_ADMIN, LIVE_CONCIERGE, a_live_report, an_incident_time_within

SENIOR_ADJUSTER = Actor("adjuster-senior-rm", Role.ADJUSTER, None)


@dataclass
class Tally:
    """What the workload did, to compare with the read models."""

    consultations: int = 0
    approvals: int = 0
    settlements: int = 0
    cases: list[UUID] = field(default_factory=list)


def a_policy_with_limits(app: Any, per_claim: int, per_year: int) -> Policy:
    base = next(p for p in example_plans() if p.code == "H-A").as_dict()
    terms = PlanTerms.from_dict({**base, "code": f"T{uuid.uuid4().hex[:8]}", "name": "test plan",
                                 "limit_per_claim_yen": per_claim, "limit_per_year_yen": per_year})
    app.publish_plan(terms, LIVE_ADMIN)
    year = policy_year_of(app.clock())
    holder = Policyholder(member_number=f"M-{uuid.uuid4().hex[:6]}", name="読取 試験", kind="physician")
    number = app.policy_at(app.enrol_policy("harassment", terms.code, holder, date(year, 3, 1), LIVE_ADMIN).aggregate_id
                           ).policy_number
    app.receive_premium(number, date(year, 3, 10), terms.premium_for(4), LIVE_ADMIN)
    return app.get_policy(number)


def a_case_with_counsel(app: Any, policy: Policy, consultations: int = 1) -> UUID:
    """A reported case, consulted on, escalated to a lawyer with the insurer's consent."""
    held = an_incident_time_within(policy) + timedelta(minutes=5)
    case_id = app.report_case(a_live_report(policy_ref=policy.policy_number, occurred_at=an_incident_time_within(policy)),
                              LIVE_CONCIERGE).aggregate_id
    for _ in range(consultations):
        app.log_consultation(case_id, ConsultationInput(held, Channel.PHONE, 10, "事務長", "q", "a"), LIVE_CONCIERGE)
    app.recommend_escalation(case_id, "困難", LIVE_CONCIERGE)
    app.approve_escalation(case_id, ConsentInput("C", japan_date(app.clock()), "L", "F"), SENIOR_ADJUSTER)
    return case_id


def bill(app: Any, case_id: UUID, amount_yen: int) -> None:
    day = japan_date(app.clock())
    lines = (InvoiceLineInput(FeeType.RETAINER, day, amount_yen, "着手金"),)
    app.record_invoice(case_id, InvoiceInput(f"INV-{uuid.uuid4().hex[:6]}", day, lines), SENIOR_ADJUSTER)


def settle(app: Any, case_id: UUID, payment_number: int) -> None:
    settlement = SettlementInput(payment_number, japan_date(app.clock()), f"FB-{payment_number}")
    app.settle_payment(case_id, settlement, SENIOR_ADJUSTER)


def busy_history(app: Any, cases: int, policy: Policy | None = None) -> Tally:
    """Cases with consultations, a bill, a payment and its settlement; every third stays unsettled."""
    policy = policy or a_policy_with_limits(app, 10_000_000, 1_000_000_000)
    tally = Tally()
    for n in range(cases):
        case_id = a_case_with_counsel(app, policy, consultations=1 + n % 3)
        tally.cases.append(case_id)
        tally.consultations += 1 + n % 3
        bill(app, case_id, 110_000 + 10_000 * (n % 5))
        app.approve_payment(case_id, SENIOR_ADJUSTER)
        tally.approvals += 1
        if n % 3:
            settle(app, case_id, 1)
            tally.settlements += 1
    return tally
