"""The auditor's screens in a real browser: find who approved a payment through the audit search,
read the case's history and how it stood just before the approval (the date-time picker, Japan
time), download the search as CSV and as JSON Lines (as many rows as the search counts), and see a
payment altered directly in the database flagged on the case's page and by the chain check.
Screenshots: audit-search, audit-history, audit-as-of, audit-case-altered, audit-chain-broken,
audit-chain, audit-access."""

from __future__ import annotations

import csv
import io
import json
import time
import uuid
from datetime import timedelta

from domain.harassment.case import ConsentInput
from domain.harassment.invoices import InvoiceInput
from domain.kernel.actors import Role
from domain.kernel.clock import JAPAN
from projections.status import wait_for
from tests.builders import (
    LIVE_ADJUSTER,
    LIVE_CONCIERGE,
    a_harassment_policy_in_force,
    a_live_report,
    an_incident_time_within,
    position_of,
    today_in_japan,
    worked_example_lines,
)
from tests.e2e.conftest import sign_in, snap
from tests.web.test_audit_pages import PAID, altered


def a_case_paid_after_a_pause(services) -> uuid.UUID:
    """The worked example, its approval two seconds after the bill (a picker to the second can
    tell them apart)."""
    app, today = services.app, today_in_japan()
    policy = a_harassment_policy_in_force(app, "H-A", member=f"JSPRS-E{uuid.uuid4().hex[:5].upper()}")
    report = a_live_report(policy_ref=policy.policy_number, occurred_at=an_incident_time_within(policy))
    case_id = app.report_case(report, LIVE_CONCIERGE).aggregate_id
    app.recommend_escalation(case_id, "当事者間での解決は困難", LIVE_CONCIERGE)
    app.approve_escalation(case_id, ConsentInput("SJ-E-1", today, "佐藤 花子", "佐藤法律事務所"), LIVE_ADJUSTER)
    app.record_invoice(case_id, InvoiceInput("INV-E-1", today, tuple(worked_example_lines(today))), LIVE_ADJUSTER)
    time.sleep(2.1)
    app.approve_payment(case_id, LIVE_ADJUSTER)
    wait_for(services.pool, "audit_log", position_of(app), 10)
    return case_id


def saved(page, link_name: str) -> tuple[str, str]:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    with open(info.value.path(), encoding="utf-8") as file:
        return file.read(), info.value.suggested_filename


def total_on(page) -> int:
    return int(page.locator("#audit-total").inner_text().removeprefix("該当 ").removesuffix(" 件").replace(",", ""))


def test_an_auditor_finds_who_approved_a_payment_how_the_case_stood_before_and_an_altered_event(
        page, live, people, services):
    case_id = a_case_paid_after_a_pause(services)
    approved_at = services.app.case_history(case_id)[4].timestamp
    just_before = (approved_at.astimezone(JAPAN) - timedelta(seconds=1)).replace(microsecond=0)
    sign_in(page, live.url, people[Role.AUDITOR])

    # Who approved the payment: the audit search, by the case's number and the kind of event.
    page.get_by_role("navigation").get_by_role("link", name="監査ログの検索").click()
    page.get_by_label("記録の番号（ID）").fill(str(case_id))
    page.get_by_label("出来事の種類").select_option(label="支払の承認")
    page.get_by_role("button", name="検索する").click()
    assert total_on(page) == 1
    row = page.locator("#audit-results tbody tr")
    assert "損害調査担当" in row.inner_text() and LIVE_ADJUSTER.user_id in row.inner_text()
    assert "支払 1（¥288,000）を承認" in row.inner_text()
    snap(page, "audit-search")

    # The case's history: the approval, by whom, and what it changed.
    row.get_by_role("link").click()
    approval = page.locator("#v5")
    assert "支払の承認" in approval.inner_text() and LIVE_ADJUSTER.user_id in approval.inner_text()
    assert "¥288,000" in approval.locator(".history__after").first.inner_text()
    snap(page, "audit-history")

    # How it stood one second before the approval, picked in Japan time.
    page.get_by_label("日付").fill(just_before.date().isoformat())
    page.get_by_label("時刻").fill(just_before.strftime("%H:%M:%S"))
    page.get_by_role("button", name="この時点の内容を表示").click()
    stood = page.locator("#as-of-table").inner_text()
    assert "第4版まで" in page.locator("#as-of-result").inner_text()
    assert "承諾済み" in stood and "¥288,000" not in stood
    assert "指定した時点より後" in page.locator("#v5").inner_text()
    page.locator("#as-of").scroll_into_view_if_needed()
    snap(page, "audit-as-of", full_page=False)

    # The case's events exported: as many rows as the search counts.
    page.goto(f"{live.url}/web/audit/events?aggregate_id={case_id}")
    total = total_on(page)
    as_csv, csv_name = saved(page, "CSV（Excel 用）")
    as_jsonl, jsonl_name = saved(page, "JSON Lines")
    rows = list(csv.DictReader(io.StringIO(as_csv.lstrip("\ufeff"))))
    lines = [json.loads(line) for line in as_jsonl.splitlines()]
    assert total == 5 and len(rows) == total and len(lines) == total
    assert csv_name.endswith(".csv") and jsonl_name.endswith(".jsonl")
    assert [r["event_type"] for r in rows][-1] == "PaymentApproved" and lines[-1]["actor_id"] == LIVE_ADJUSTER.user_id

    # Someone with database rights changes the payment: the case's page says so at the top.
    with altered(services, case_id, 5, PAID, b'"amount_yen":988000') as position:
        page.goto(f"{live.url}/web/cases/{case_id}")
        warning = page.get_by_role("alert").filter(has_text="改ざんされているおそれがあります")
        assert warning.is_visible()
        assert f"第5版の出来事（ログ位置 {position}）" in warning.inner_text()
        snap(page, "audit-case-altered", full_page=False)
        page.get_by_role("navigation").get_by_role("link", name="改ざんの検査").click()
        page.get_by_role("button", name="検査する").click()
        assert f"位置 {position} で鎖が一致しません" in page.locator("#chain-result").inner_text()
        snap(page, "audit-chain-broken")

    page.get_by_role("button", name="検査する").click()
    assert "異常はありません" in page.locator("#chain-result").inner_text()
    snap(page, "audit-chain")

    # Who read the case: the access log, by the case's number.
    page.get_by_role("navigation").get_by_role("link", name="アクセス記録").click()
    page.get_by_label("記録の番号・証券番号").fill(str(case_id))
    page.get_by_role("button", name="検索する").click()
    reads = page.locator("#access-results").inner_text()
    assert "事案の画面" in reads and "事案の履歴" in reads and people[Role.AUDITOR].user_id in reads
    snap(page, "audit-access")
