"""The reports in a real browser, as an auditor reads them: each report from the menu, its table
and its chart, the CSV and the Excel saved through the browser's downloads, and the Excel opened
with openpyxl to find the worked example's ¥288,000. Screenshots: report-payouts, report-limits,
report-limits-policy, report-consultations."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook

from domain.harassment.report import ConsultationInput
from domain.harassment.vocabulary import CaseCategory, Channel
from domain.kernel.actors import Role
from domain.kernel.clock import JAPAN
from domain.policies.cover import fiscal_year_of
from tests.builders import LIVE_CONCIERGE, a_harassment_policy_in_force, a_live_report, an_incident_time_within
from tests.e2e.conftest import sign_in, snap
from tests.web.test_report_pages import a_case_paid_by_the_worked_example, caught_up, settle

CONSULTED = ((CaseCategory.WAITING_TIME, Channel.PHONE), (CaseCategory.TREATMENT, Channel.PHONE),
             (CaseCategory.MEDICAL_CERTIFICATE, Channel.EMAIL), (CaseCategory.OTHER, Channel.WEB_FORM))


@pytest.fixture
def paid_policy(services):
    """An H-A policy with two worked examples paid (one transferred), and consultations over the
    last few months in several categories and channels."""
    policy = a_harassment_policy_in_force(services.app, "H-A", member=f"JSPRS-E{uuid.uuid4().hex[:5].upper()}")
    settle(services, a_case_paid_by_the_worked_example(services, policy))
    a_case_paid_by_the_worked_example(services, policy)
    now = datetime.now(JAPAN)
    for n, (category, channel) in enumerate(CONSULTED):
        occurred_at = min(policy.cover.start + timedelta(days=1), an_incident_time_within(policy))
        report = a_live_report(policy_ref=policy.policy_number, occurred_at=occurred_at, category=category)
        case_id = services.app.report_case(report, LIVE_CONCIERGE).aggregate_id
        for back in range(n + 1):
            held = max(now - timedelta(days=30 * back + 1), report.occurred_at + timedelta(hours=1))
            services.app.log_consultation(case_id, ConsultationInput(held, channel, 15, "事務長", "対応の相談", "記録を残す"),
                                          LIVE_CONCIERGE)
    caught_up(services)
    return policy


def open_report(page, name: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name="報告書").click()
    page.get_by_role("link", name=name).click()
    page.wait_for_load_state()


def saved(page, link_name: str) -> tuple[bytes, str]:
    """The file the link downloads, and the name the browser would save it as."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).first.click()
    path = info.value.path()
    return open(path, "rb").read(), info.value.suggested_filename


def test_an_auditor_reads_each_report_with_its_chart_and_downloads_it(page, live, people, paid_policy):
    number = paid_policy.policy_number
    sign_in(page, live.url, people[Role.AUDITOR])

    # payout totals
    open_report(page, "支払額の集計")
    assert page.get_by_role("heading", name="支払額の集計", level=1).is_visible()
    assert page.get_by_role("img", name="年度別の承認額と振込額").is_visible()
    page.get_by_label("保険の種類", exact=True).select_option(label="クレーム対応費用保険")
    page.get_by_role("button", name="集計する").click()
    page.wait_for_load_state()
    row = page.locator("#table-policy tr", has=page.get_by_role("rowheader", name=number, exact=True))
    assert row.locator("td").all_inner_texts() == ["¥576,000", "¥288,000", "¥288,000", "2", "1"]
    snap(page, "report-payouts")
    content, name = saved(page, "Excel でダウンロード（すべての表）")
    assert name == "支払額の集計.xlsx"
    sheet = load_workbook(io.BytesIO(content))["証券別"]
    figures = next(r for r in sheet.iter_rows(min_row=6) if r[0].value == number)
    assert [c.value for c in figures] == [number, 576_000, 288_000, 288_000, 2, 1]
    assert figures[1].number_format == '"¥"#,##0' and sheet["A2"].value.endswith("保険の種類：クレーム対応費用保険")
    content, name = saved(page, "この表を CSV でダウンロード")
    assert name == "支払額の集計_年度別.csv" and content.startswith(b"\xef\xbb\xbf")
    year = f"{fiscal_year_of(datetime.now(JAPAN))}年度"
    assert year in [r[0] for r in csv.reader(io.StringIO(content.decode("utf-8-sig")))]

    # remaining limits, and the policy's claims
    open_report(page, "限度額と残額")
    page.get_by_label("保険の種類", exact=True).select_option(label="クレーム対応費用保険")
    page.get_by_role("button", name="集計する").click()
    page.wait_for_load_state()
    assert page.get_by_role("img", name="年間の限度額の使用状況（支払のある証券、残額の少ない順に最大30件）").is_visible()
    row = page.locator("#table-policies tr", has=page.get_by_role("rowheader", name=number, exact=True))
    assert row.locator("td").last.inner_text() == "¥2,424,000"  # ¥3,000,000 − 2 × ¥288,000
    snap(page, "report-limits")
    content, _ = saved(page, "Excel でダウンロード（すべての表）")
    sheet = load_workbook(io.BytesIO(content)).active
    assert next(r for r in sheet.iter_rows(min_row=6) if r[0].value == number)[-1].value == 2_424_000
    page.get_by_role("link", name=number, exact=True).click()
    assert page.get_by_role("heading", name=f"証券 {number} の限度額と残額").is_visible()
    assert page.get_by_role("img", name="請求ごとの承認額（振込済・未払）").is_visible()
    snap(page, "report-limits-policy")

    # consultations
    open_report(page, "相談件数")
    assert page.get_by_role("img", name="月別・区分別の相談件数").is_visible()
    assert page.get_by_role("img", name="相談の経路別の件数").is_visible()
    assert page.locator("#table-channels").get_by_role("rowheader", name="電話").is_visible()
    snap(page, "report-consultations")
    content, name = saved(page, "Excel でダウンロード（すべての表）")
    assert name.startswith("相談件数_") and load_workbook(io.BytesIO(content)).sheetnames == ["月別・区分別", "経路別", "明細"]
