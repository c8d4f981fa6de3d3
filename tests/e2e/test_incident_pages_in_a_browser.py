"""A cyber incident in a real browser, as an adjuster works it: the notice of circumstances of a
medical institution (policy found as you type), a third party's claim, a cause investigation and
damages, both heads of loss paid from their payment screens, the transfers, and closing.
Screenshots: incident-new, incident-payment, incident."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from domain.kernel.actors import Role
from projections.status import wait_for
from tests.builders import a_cyber_policy_in_force, position_of, today_in_japan
from tests.e2e.conftest import sign_in, snap

FOUND = "電子カルテのサーバに外部から不正アクセスの可能性"


@pytest.fixture
def institution_policy(services):
    """A CI-1 policy of a medical corporation, in force this policy year, in the policy list."""
    policy = a_cyber_policy_in_force(services.app, name="医療法人 青葉会")
    wait_for(services.pool, "policy_list", position_of(services.app), 10)
    return policy


def open_action(page, summary: str):
    """The form under a collapsible action (opened if it is closed)."""
    details = page.locator("details.action", has=page.locator("summary", has_text=summary))
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details.locator("form")


def figure(page, row: str) -> str:
    return page.locator("tr", has=page.get_by_role("rowheader", name=row, exact=True)).locator("td").inner_text()


def test_an_adjuster_works_an_institutions_incident_from_notice_to_closing(page, live, people, institution_policy):
    number, yesterday = institution_policy.policy_number, (today_in_japan() - timedelta(days=1)).isoformat()
    sign_in(page, live.url, people[Role.ADJUSTER])
    page.get_by_role("navigation").get_by_role("link", name="サイバー事故の受付").click()
    assert page.get_by_role("heading", name="サイバー事故の受付").is_visible()

    # the notice of circumstances
    page.get_by_label("医療機関用サイバー保険").check()
    page.get_by_label("証券番号・会員番号・契約者名").press_sequentially(number.lower(), delay=20)
    page.locator("#policy-choices").get_by_text(number).wait_for()  # found as typed (htmx), and chosen: the only one
    page.get_by_label("被保険者名（医師名または医療機関名）").fill("医療法人 青葉会")
    page.get_by_label("フリガナ").fill("イリョウホウジン アオバカイ")
    page.get_by_label("判明した事実").fill(FOUND)
    for prefix, time in (("occurred", "08:30"), ("discovered", "10:15")):
        page.locator(f"#{prefix}_on").fill(yesterday)
        page.locator(f"#{prefix}_time").fill(time)
    kinds = page.locator(".kind-group--cyber_institution")
    kinds.get_by_label("サイバーインシデント").check()
    kinds.get_by_label("情報漏えい・おそれ").check()
    page.get_by_label("どの業務に関する事故か").select_option(label="医療業務")
    page.get_by_role("group", name="個人情報を含む").get_by_label("はい").check()
    page.get_by_role("group", name="医療情報（要配慮個人情報）を含む").get_by_label("はい").check()
    page.get_by_label("影響を受けるおそれのある人数").fill("1200")
    snap(page, "incident-new")
    page.get_by_role("button", name="受け付ける").click()
    page.wait_for_url(re.compile(r".*/web/incidents/[0-9a-f-]{36}$"))
    assert page.get_by_role("status").inner_text() == "サイバー事故の通知を受け付けました。"
    assert page.get_by_role("heading", name="医療法人 青葉会 様のサイバー事故").is_visible()
    assert "補償の対象です。" in page.locator("main").inner_text()
    incident_page = page.url

    # a third party's claim, then a cause investigation (expenses) and damages (liability)
    claim = open_action(page, "損害賠償請求を記録する")
    claim.get_by_label("請求者").fill("患者A")
    claim.get_by_label("請求額（円）").fill("1,000,000")
    claim.get_by_label("請求の内容").fill("診療情報が漏えいしたとして損害賠償を請求")
    claim.get_by_role("button", name="損害賠償請求を記録する").click()
    assert page.get_by_role("status").inner_text() == "損害賠償請求を記録しました。"
    for head, cost_type, vendor, invoice, amount in (
        ("費用", "原因究明費用", "株式会社サイバー調査", "CI-2026-001", "600,000"),
        ("賠償責任", "損害賠償金", "患者A", "SETTLE-001", "800,000"),
    ):
        cost = open_action(page, "費用を記録する")
        cost.get_by_label("補償項目").select_option(label=head)
        cost.get_by_label("費目").select_option(label=cost_type)
        cost.get_by_label("請求元（業者・弁護士など）").fill(vendor)
        cost.get_by_label("請求書番号").fill(invoice)
        cost.get_by_label("金額（円）").fill(amount)
        cost.get_by_role("button", name="費用を記録する").click()
        assert page.get_by_role("status").inner_text() == "費用を記録しました。"

    # each head paid from its payment screen: the plan's ¥50,000 deductible once per head, 100 %
    for head, payable in (("費用", "¥550,000"), ("賠償責任", "¥750,000")):
        page.get_by_role("link", name=f"{head}の支払を計算する").click()
        assert page.get_by_role("heading", name=f"支払の計算: {head}").is_visible()
        assert figure(page, "免責金額（自己負担額）") == "− ¥50,000" and figure(page, "今回お支払いする額") == payable
        if head == "費用":
            snap(page, "incident-payment")
        page.get_by_role("button", name=f"{head}の支払 {payable} を承認する").click()
        page.wait_for_url(f"{incident_page}#payments")
        assert page.get_by_role("status").inner_text() == "支払を承認しました。振込の後、振込日を記録してください。"

    # the transfers, then closing
    for number_, reference in ((1, "FB-0001"), (2, "FB-0002")):
        transfer = page.locator(f"form[action*='/payments/{number_}/settlement']")
        transfer.get_by_label("振込の照会番号").fill(reference)
        transfer.get_by_role("button", name="振込を記録する").click()
        assert page.get_by_role("status").inner_text() == "振込を記録しました。"
    snap(page, "incident")
    closing = page.locator("#closing")
    closing.get_by_label("終了の理由").fill("原因調査と賠償が完了し、振込も済んだため")
    closing.get_by_role("button", name="終了する").click()
    assert page.get_by_role("status").inner_text() == "事故対応を終了しました。"
    assert page.get_by_role("heading", name="事故対応を再開する").is_visible()
    timeline = page.locator(".timeline").inner_text()
    assert "支払 2（¥750,000）を" in timeline and "事故対応を終了" in timeline
