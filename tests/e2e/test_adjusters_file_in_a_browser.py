"""The adjuster's file in a real browser, in Japanese: a junior adjuster whose authority is
¥100,000 sets the case's reserve, writes a note, and asks for a ¥288,000 payment, which is recorded
as a request; a colleague finds it in the queue of payments awaiting a second adjuster, cannot be
the requester, and confirms it; the reserve falls by what was paid. Screenshots of each step."""

from __future__ import annotations

import uuid
from typing import Any

from domain.harassment.case import ConsentInput
from domain.harassment.invoices import InvoiceInput
from domain.kernel.actors import Role
from infra.passwords import hash_password
from projections.status import wait_for
from tests.builders import (
    LIVE_ADJUSTER,
    LIVE_CONCIERGE,
    a_harassment_policy_in_force,
    a_live_report,
    an_incident_time_within,
    today_in_japan,
    worked_example_lines,
)
from tests.e2e.conftest import PASSWORD, Person, sign_in, snap


def open_action(page: Any, summary: str) -> None:
    details = page.locator("details.action", has=page.locator("summary", has_text=summary)).first
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def a_billed_case(services: Any) -> str:
    """A covered case, consented, with a bill of ¥330,000 covered fees (the rule owes ¥288,000)."""
    app = services.app
    policy = a_harassment_policy_in_force(app, member=f"JSPRS-F{uuid.uuid4().hex[:5].upper()}")
    case_id = app.report_case(a_live_report(policy_ref=policy.policy_number, occurred_at=an_incident_time_within(policy)),
                              LIVE_CONCIERGE).aggregate_id
    app.recommend_escalation(case_id, "当事者間での解決は困難", LIVE_CONCIERGE)
    app.approve_escalation(case_id, ConsentInput("SJ-F-1", today_in_japan(), "佐藤 花子", "佐藤法律事務所"), LIVE_ADJUSTER)
    app.record_invoice(case_id, InvoiceInput("INV-F1", today_in_japan(), tuple(worked_example_lines())), LIVE_ADJUSTER)
    return str(case_id)


def a_junior_adjuster(services: Any) -> Person:
    person = Person(f"junior-{uuid.uuid4().hex[:8]}", "新人 調査", Role.ADJUSTER)
    services.users.create(person.user_id, person.name, Role.ADJUSTER, "e2e", 100_000)
    services.users.set_password_hash(person.user_id, hash_password(PASSWORD))
    return person


def test_reserve_note_and_a_payment_confirmed_by_a_second_adjuster(page, live, people, services):
    case_id = a_billed_case(services)
    junior = a_junior_adjuster(services)
    case_url = f"{live.url}/web/cases/{case_id}"

    # ---- the junior adjuster: a reserve, a note, and a payment above their authority ------------
    sign_in(page, live.url, junior)
    page.goto(case_url)
    open_action(page, "支払備金を変更する")
    reserve = page.locator("form[action$='/reserve#reserve']")
    reserve.get_by_label("新しい支払備金（円）").fill("-1")
    reserve.get_by_label("理由").fill("訴訟移行の見込み")
    reserve.get_by_role("button", name="支払備金を記録する").click()
    assert page.locator("#reserve .field-error").first.is_visible()  # refused by the field, in Japanese
    page.locator("form[action$='/reserve#reserve']").get_by_label("新しい支払備金（円）").fill("500,000")
    page.locator("form[action$='/reserve#reserve']").get_by_role("button", name="支払備金を記録する").click()
    page.get_by_text("支払備金を記録しました。").wait_for()
    open_action(page, "メモを書く")
    notes = page.locator("form[action$='/notes#notes']")
    notes.get_by_label("種類").select_option(label="社内検討")
    notes.get_by_label("内容").fill("着手金は LAC 基準の範囲内。決裁権限を超えるため上席に確認を依頼する。")
    notes.get_by_role("button", name="メモを記録する").click()
    page.get_by_text("メモを記録しました。").wait_for()
    snap(page, "case-reserve-and-notes")

    page.goto(f"{case_url}/payment")
    assert page.get_by_text("二人目の損害調査担当への確認依頼").is_visible()
    snap(page, "payment-above-authority")
    page.get_by_role("button", name="¥288,000 の支払の確認を依頼する").click()
    page.get_by_text("確認依頼として記録しました").wait_for()
    assert page.get_by_text("ご自身の依頼です").is_visible()
    assert page.get_by_role("button", name="確認して支払を承認する").count() == 0  # never one's own
    snap(page, "case-payment-requested")
    page.get_by_role("button", name="サインアウト").click()
    page.wait_for_url("**/")

    # ---- a colleague: the queue, then the confirmation -----------------------------------------
    wait_for(services.pool, "work_queue", services.app.recorder.max_notification_id(), 10)
    sign_in(page, live.url, people[Role.ADJUSTER])
    page.goto(f"{live.url}/web/queues/payments_awaiting_confirmation")
    snap(page, "queue-payments-awaiting-confirmation")
    page.locator(f"a[href='/web/cases/{case_id}']").first.click()
    page.get_by_role("button", name="確認して支払を承認する").click()
    page.get_by_text("確認依頼を確認し、支払を承認しました。").wait_for()
    assert page.locator("#reserve").get_by_text("¥212,000").first.is_visible()  # ¥500,000 − ¥288,000
    snap(page, "case-payment-confirmed")
    case = services.app.get_case(uuid.UUID(case_id))
    assert [(p.amount_yen, p.requested_by, p.approved_by) for p in case.payments.values()] == [
        (288_000, junior.user_id, people[Role.ADJUSTER].user_id)]


def test_the_diary_on_the_home_page_and_its_own_page(page, live, people, services):
    from datetime import datetime, timedelta

    from domain.diary.activity import ActivityInput, Assignee
    from domain.kernel.actors import Actor
    from domain.kernel.clock import JAPAN
    from tests.builders import clock_at

    concierge = people[Role.CONCIERGE]
    me = Actor(concierge.user_id, Role.CONCIERGE)
    days_ago = datetime.now(JAPAN) - timedelta(days=4)
    with clock_at(services.app, days_ago):
        services.app.plan_activity(ActivityInput("院長に折り返し電話（面談日程の調整）", days_ago.date() + timedelta(days=1),
                                                 Assignee(Role.CONCIERGE, concierge.user_id)), me)
    case_id = a_billed_case(services)  # its report opened the concierges' first consultation
    wait_for(services.pool, "diary", services.app.recorder.max_notification_id(), 10)

    sign_in(page, live.url, concierge)
    assert page.get_by_text("期限切れ 3 日").first.is_visible()
    snap(page, "home-diary")
    page.get_by_role("link", name="予定表").first.click()
    open_action(page, "予定を登録する")
    plan = page.locator("form[action='/web/diary']")
    plan.get_by_label("予定").fill("弁護士に進捗を確認")
    plan.get_by_label("期限").fill((datetime.now(JAPAN).date() - timedelta(days=1)).isoformat())
    plan.get_by_role("button", name="予定を登録する").click()
    refusal = page.locator("form[action='/web/diary'] .field-error").first
    refusal.wait_for(timeout=10_000)  # the answer is a new page: wait for it, then read it
    assert refusal.is_visible() and "今日以降" in refusal.inner_text()  # in the past: refused by the field
    plan = page.locator("form[action='/web/diary']")
    plan.get_by_label("期限").fill((datetime.now(JAPAN).date() + timedelta(days=3)).isoformat())
    plan.get_by_role("button", name="予定を登録する").click()
    page.get_by_text("予定を登録しました。").wait_for()
    snap(page, "diary")
    page.goto(f"{live.url}/web/cases/{case_id}#diary")
    assert page.locator("#diary").get_by_text("初回の相談（受付から2営業日以内）").is_visible()
