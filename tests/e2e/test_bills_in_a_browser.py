"""A lawyer's bill in a real browser, in Japanese: the adjuster uploads a LEDES 1998B file on the
case page (first a malformed one, refused by the file field naming the line and the field), sees
each line classified — a time charge flagged for a fee type —, reduces the retainer with a reason,
gives the flagged line its fee type, approves the bill and sees the payout computed on the
reviewed amounts. Screenshots of each step."""

from __future__ import annotations

import os
import shutil
import uuid
from typing import Any

from domain.harassment.case import ConsentInput
from domain.kernel.actors import Role
from tests.api.test_bills_api import A_BILL, ledes
from tests.builders import (
    LIVE_ADJUSTER,
    LIVE_CONCIERGE,
    a_harassment_policy_in_force,
    a_live_report,
    an_incident_time_within,
    today_in_japan,
)
from tests.e2e.conftest import DOCS_SCREENSHOTS, SCREENSHOTS, sign_in, snap
from tests.e2e.test_adjusters_file_in_a_browser import open_action


def a_consented_case(services: Any) -> str:
    app = services.app
    policy = a_harassment_policy_in_force(app, member=f"JSPRS-L{uuid.uuid4().hex[:5].upper()}")
    case_id = app.report_case(a_live_report(policy_ref=policy.policy_number, occurred_at=an_incident_time_within(policy)),
                              LIVE_CONCIERGE).aggregate_id
    app.recommend_escalation(case_id, "当事者間での解決は困難", LIVE_CONCIERGE)
    app.approve_escalation(case_id, ConsentInput("SJ-L-1", today_in_japan(), "佐藤 花子", "佐藤法律事務所"), LIVE_ADJUSTER)
    return str(case_id)


def snap_bills(page: Any, name: str) -> None:
    """The whole page as every e2e test saves it, and the bills' section alone, to read it closely."""
    snap(page, name)
    section = SCREENSHOTS / f"{name}-section.png"
    page.locator("#bills").screenshot(path=str(section))
    if os.environ.get("CLAIMS_UPDATE_SCREENSHOTS") == "1":
        shutil.copyfile(section, DOCS_SCREENSHOTS / section.name)


def upload(page: Any, path: Any) -> None:
    open_action(page, "請求書をファイルから取り込む")
    form = page.locator("form[action$='/bills/import']")
    form.locator("input[type=file]").set_input_files(str(path))
    form.get_by_role("button", name="取り込む").click()
    page.wait_for_load_state()


def test_upload_a_ledes_bill_review_a_line_approve_and_see_the_payout(page, live, people, services, tmp_path):
    case_id = a_consented_case(services)
    broken, good = tmp_path / "broken.ledes", tmp_path / "sato-2026.ledes"
    broken.write_bytes(ledes(A_BILL).replace(b"|110000|", b"|11O000|"))
    good.write_bytes(ledes(A_BILL))
    sign_in(page, live.url, people[Role.ADJUSTER])
    page.goto(f"{live.url}/web/cases/{case_id}")

    # ---- a malformed file: refused by the file field, naming the line and the field ------------
    upload(page, broken)
    error = page.locator("#file-error")
    assert "4 行目" in error.inner_text() and "LINE_ITEM_TOTAL" in error.inner_text()
    page.locator("#bill-import").scroll_into_view_if_needed()
    snap_bills(page, "bill-import-refused")

    # ---- the good file: each line classified, the time charge flagged -------------------------
    upload(page, good)
    page.get_by_text("請求書のファイルを取り込みました。").wait_for()
    bill = page.locator("#bill-L-001")
    assert "審査中" in bill.inner_text() and "費目の判定が必要" in bill.inner_text()
    bill.scroll_into_view_if_needed()
    snap_bills(page, "bill-imported")

    # ---- review: reduce the retainer, classify the flagged line, approve ----------------------
    open_action(page, "明細 1 を審査する")
    line1 = page.locator("form[action$='/bills/L-001/lines/1/review']")
    line1.get_by_label("認める額（円）").fill("165,000")
    line1.get_by_label("理由").fill("時間単価が合意額を超えるため、合意単価で再計算")
    line1.get_by_role("button", name="審査を記録する").click()
    page.get_by_text("明細の審査を記録しました。").wait_for()
    line5 = page.locator("form[action$='/bills/L-001/lines/5/review']")
    line5.get_by_label("費目").select_option(label="手数料")
    line5.get_by_label("認める額（円）").fill("20000")
    line5.get_by_label("理由").fill("判例調査は手数料として上限 2 万円で認める")
    line5.get_by_role("button", name="審査を記録する").click()
    page.get_by_text("明細の審査を記録しました。").wait_for()
    page.locator("#bill-L-001").scroll_into_view_if_needed()
    snap_bills(page, "bill-reviewed")
    page.get_by_role("button", name="請求書を承認する（審査のとおり）").click()
    page.get_by_text("請求書を承認しました。").wait_for()
    assert "一部承認" in page.locator("#bill-L-001").inner_text()

    # ---- the payout on the reviewed amounts: (297,400 − 10,000) × 90 % = 258,660 --------------
    page.goto(f"{live.url}/web/cases/{case_id}/payment")
    assert page.get_by_text("¥297,400").first.is_visible()
    assert page.get_by_role("button", name="¥258,660 の支払を承認する").is_visible()
    snap(page, "bill-payout")
    page.get_by_role("button", name="¥258,660 の支払を承認する").click()
    page.wait_for_load_state()
    assert services.app.get_case(uuid.UUID(case_id)).payments[1].amount_yen == 258_660
    page.locator("#bills").scroll_into_view_if_needed()
    snap_bills(page, "bill-paid")
