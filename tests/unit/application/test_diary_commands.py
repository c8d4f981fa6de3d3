"""The diary through ClaimsApplication, in memory: what the system opens and completes by itself
as claims record (in the same save), on the Japanese business calendar, and what people do.
NOW is Sunday 15 June 2025, 10:00 in Japan."""

from __future__ import annotations

from datetime import date

import pytest

from domain.diary.activity import ActivityInput, Assignee
from domain.diary.errors import ActivityNotFound
from domain.kernel.actors import Actor, Role
from domain.kernel.payments import SettlementInput
from tests.builders import (
    ADJUSTER,
    CONCIERGE,
    TODAY,
    a_case_in,
    a_consultation,
    a_cost,
    a_cyber_policy_in,
    a_policy_in,
    an_app,
    an_incident_in,
    an_invoice,
    consented_in,
    diary_of,
    line,
)

SETTLEMENT = SettlementInput(payment_number=1, transfer_date=TODAY, bank_reference="FB-001")
SENIOR = Actor("adjuster-senior", Role.ADJUSTER, authority_limit_yen=None)


def test_a_report_opens_the_first_consultation_due_two_business_days_later_for_the_concierge() -> None:
    app = an_app()
    case_id = a_case_in(app, a_policy_in(app))

    first = app.get_activity(diary_of(case_id, "first_consultation"))

    assert (first.due_on, first.assignee_role, first.assignee_user, first.kind) == (
        date(2025, 6, 17), "concierge", None, "first_consultation")  # Sun → Mon 16, Tue 17
    assert first.automatic and "2 営業日以内" in first.basis
    app.log_consultation(case_id, a_consultation(), CONCIERGE)
    done = app.get_activity(first.id)
    assert (done.status, done.done_note, done.done_by) == ("done", "相談 1 を記録", CONCIERGE.user_id)
    app.log_consultation(case_id, a_consultation(), CONCIERGE)  # a second one changes nothing
    assert app.get_activity(first.id).version == done.version


def test_a_bill_is_due_for_decision_and_payment_in_30_days_and_the_payment_opens_the_transfer() -> None:
    app = an_app()
    case_id = a_case_in(app, a_policy_in(app))
    consented_in(app, case_id)
    app.record_invoice(case_id, an_invoice(line(amount_yen=110_000), number="INV-7"), ADJUSTER)

    bill = app.get_activity(diary_of(case_id, "bill_decision", "INV-7"))
    assert (bill.due_on, bill.assignee_role, bill.assignee_user) == (date(2025, 7, 15), "adjuster", None)
    assert "保険法第21条" in bill.basis and "30 日後" in bill.basis
    app.approve_payment(case_id, ADJUSTER)
    assert app.get_activity(bill.id).status == "done"
    transfer = app.get_activity(diary_of(case_id, "transfer", "1"))
    assert (transfer.due_on, transfer.assignee_user) == (date(2025, 6, 20), ADJUSTER.user_id)  # 5 business days
    app.settle_payment(case_id, SETTLEMENT, ADJUSTER)
    assert app.get_activity(transfer.id).status == "done"


def test_rejecting_a_bill_completes_its_decision_and_opens_no_transfer() -> None:
    app = an_app()
    case_id = a_case_in(app, a_policy_in(app))
    consented_in(app, case_id)
    app.record_invoice(case_id, an_invoice(line(amount_yen=110_000), number="INV-8"), ADJUSTER)
    app.start_bill_review(case_id, "INV-8", ADJUSTER)

    app.reject_bill(case_id, "INV-8", "二重請求", ADJUSTER)

    bill = app.get_activity(diary_of(case_id, "bill_decision", "INV-8"))
    assert (bill.status, bill.done_note, bill.done_by) == ("done", "請求書 INV-8 を不承認（理由: 二重請求）",
                                                           ADJUSTER.user_id)
    with pytest.raises(ActivityNotFound):
        app.get_activity(diary_of(case_id, "transfer", "1"))  # nothing to transfer


def test_a_request_for_a_second_adjuster_leaves_the_bill_open_until_it_is_confirmed() -> None:
    app = an_app()
    case_id = a_case_in(app, a_policy_in(app))
    consented_in(app, case_id)
    app.record_invoice(case_id, an_invoice(line(amount_yen=2_000_000), number="INV-8"), ADJUSTER)

    app.approve_payment(case_id, ADJUSTER)  # above ADJUSTER's ¥1,000,000: a request
    assert app.get_activity(diary_of(case_id, "bill_decision", "INV-8")).is_open
    app.confirm_case_payment(case_id, 1, SENIOR)

    assert app.get_activity(diary_of(case_id, "bill_decision", "INV-8")).status == "done"
    assert app.get_activity(diary_of(case_id, "transfer", "1")).assignee_user == SENIOR.user_id


def test_closing_completes_what_the_system_opened_and_left_open() -> None:
    app = an_app()
    case_id = a_case_in(app, a_policy_in(app))
    consented_in(app, case_id)
    app.record_invoice(case_id, an_invoice(line(amount_yen=5_000), number="INV-9"), ADJUSTER)  # below the deductible

    app.close_case(case_id, "控除額以下のため支払なし", ADJUSTER)

    for kind, key in (("first_consultation", ""), ("bill_decision", "INV-9")):
        activity = app.get_activity(diary_of(case_id, kind, key))
        assert (activity.status, activity.done_note) == ("done", "事案の終了により完了")


def test_an_incident_cost_opens_its_bill_and_a_payment_of_a_head_completes_that_heads_bills_only() -> None:
    app = an_app()
    incident_id = an_incident_in(app, a_cyber_policy_in(app))
    app.record_cost(incident_id, a_cost(amount_yen=200_000, invoice_number="E-1"), ADJUSTER)

    app.approve_incident_payment(incident_id, "expenses", ADJUSTER)

    assert app.get_activity(diary_of(incident_id, "bill_decision", "E-1")).status == "done"
    assert app.get_activity(diary_of(incident_id, "transfer", "1")).claim_kind == "incident"


def test_people_plan_complete_and_reschedule_their_own_activities() -> None:
    app = an_app()
    case_id = a_case_in(app, a_policy_in(app))
    mine = Assignee(Role.CONCIERGE, CONCIERGE.user_id)
    planned = app.plan_activity(ActivityInput("院長に折り返し電話", date(2025, 6, 18), mine, claim_id=str(case_id),
                                              claim_kind="case"), CONCIERGE)

    app.reschedule_activity(planned.aggregate_id, date(2025, 6, 20), "院長が出張中", CONCIERGE)
    app.complete_activity(planned.aggregate_id, "折り返し済み", CONCIERGE)

    activity = app.get_activity(planned.aggregate_id)
    assert (activity.due_on, activity.status, activity.automatic) == (date(2025, 6, 20), "done", False)
