"""The counsel register in a real browser, in Japanese: the adjuster registers a law firm and a
lawyer, consents to that lawyer on a case by picking them from the register, records the matter's
course, and finds the case among the firm's matters. Screenshots of each page."""

from __future__ import annotations

import uuid
from typing import Any

from domain.kernel.actors import Role
from tests.builders import LIVE_CONCIERGE, a_harassment_policy_in_force, a_live_report, an_incident_time_within
from tests.e2e.conftest import SCREENSHOTS, sign_in, snap
from tests.e2e.test_adjusters_file_in_a_browser import open_action


def a_case_awaiting_consent(services: Any) -> str:
    app = services.app
    policy = a_harassment_policy_in_force(app, member=f"JSPRS-K{uuid.uuid4().hex[:5].upper()}")
    case_id = app.report_case(a_live_report(policy_ref=policy.policy_number, occurred_at=an_incident_time_within(policy)),
                              LIVE_CONCIERGE).aggregate_id
    app.recommend_escalation(case_id, "当事者間での解決は困難", LIVE_CONCIERGE)
    return str(case_id)


def test_register_a_firm_and_lawyer_consent_to_them_and_see_the_firms_matters(page, live, people, services):
    case_id = a_case_awaiting_consent(services)
    number = str(uuid.uuid4().int % 90_000 + 10_000)
    sign_in(page, live.url, people[Role.ADJUSTER])

    page.goto(f"{live.url}/web/counsel/firms/new")
    page.get_by_label("法律事務所の名称").fill("中村・木下法律事務所")
    page.get_by_label("フリガナ").fill("ナカムラキノシタホウリツジムショ")
    page.get_by_label("所在地").fill("東京都港区虎ノ門1-2-3")
    page.get_by_label("電話番号").fill("03-5555-0101")
    page.get_by_role("button", name="登録する").click()
    page.get_by_text("法律事務所を登録しました。").wait_for()
    open_action(page, "弁護士を登録する")
    lawyer = page.locator("form[action$='/lawyers']")
    lawyer.get_by_label("弁護士名").fill("中村 真理")
    lawyer.get_by_label("フリガナ").fill("ナカムラ マリ")
    lawyer.get_by_label("弁護士登録番号").fill(number)
    lawyer.get_by_label("所属弁護士会").fill("第一東京弁護士会")
    lawyer.get_by_role("button", name="登録する").click()
    page.get_by_text("弁護士を登録しました。").wait_for()
    firm_url = page.url

    page.goto(f"{live.url}/web/cases/{case_id}")
    consent = page.locator("form[action$='/consent']")
    consent.get_by_label("承諾番号").fill("SJ-K-1")
    consent.get_by_label("登録されている弁護士").select_option(label=f"中村 真理（中村・木下法律事務所・登録番号 {number}）")
    snap(page, "consent-registered-lawyer")
    consent.get_by_role("button", name="承諾する").click()
    page.get_by_text("中村 真理").first.wait_for()
    open_action(page, "経過を記録する")
    matter = page.locator("form[action$='/matter']")
    matter.get_by_label("段階").select_option(label="交渉中")
    matter.get_by_role("button", name="記録する").click()
    page.get_by_text("弁護士の対応の経過を記録しました。").wait_for()
    snap(page, "case-matter-course")
    page.locator("#lawyer").screenshot(path=str(SCREENSHOTS / "case-matter-course-section.png"))

    page.goto(firm_url)
    assert "交渉中" in page.locator("#matters-title + table").inner_text()
    snap(page, "counsel-firm")
    page.goto(f"{live.url}/web/counsel")
    assert page.get_by_text("中村・木下法律事務所").is_visible()
    snap(page, "counsel-list")
