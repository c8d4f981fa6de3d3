"""The report pages over HTTP, on figures the application makes in the test: the worked example
(a bill of ¥330,000 covered + ¥20,000 日当 pays ¥288,000) in its fiscal year's, its product's and
its policy's payout totals, outstanding until the transfer; the H-A plan's ¥3,000,000 less that
payment on the remaining limits; a consultation counted in its Japan month. Figures other tests
also add to (a fiscal year, a product, a month) are compared before and after."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.app import create_app
from api.services import Services
from domain.harassment.case import ConsentInput
from domain.harassment.invoices import InvoiceInput
from domain.harassment.report import ConsultationInput
from domain.harassment.vocabulary import CaseCategory, Channel
from domain.kernel.actors import Role
from domain.kernel.clock import JAPAN
from domain.kernel.payments import SettlementInput
from domain.policies.cover import fiscal_year_of, policy_year_of
from infra.access_log import AccessFilter
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
from tests.web.conftest import a_user_with_password, sign_in_through, with_settings

FISCAL_YEAR = fiscal_year_of(datetime.now(JAPAN))
POLICY_YEAR = policy_year_of(datetime.now(JAPAN))
READ_MODELS = ("payouts", "coverage", "consultation_stats")


class Tables(HTMLParser):
    """Every report table of a page: its key → rows (header cell first), body then total."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.key: str | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and (found.get("id") or "").startswith("table-"):
            self.key = str(found["id"])[len("table-"):]
            self.tables[self.key] = []
        elif self.key and tag == "tr":
            self.row = []
        elif self.row is not None and tag in ("td", "th"):
            self.cell = []

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None and self.key:
            self.tables[self.key].append(self.row)
            self.row = None
        elif tag == "table":
            self.key = None


def rows_of(html: str, key: str) -> dict[str, list[str]]:
    """The table's rows by their first cell (the heading row left out); none if it is not shown."""
    return {row[0]: row[1:] for row in Tables(html).tables.get(key, [])[1:]}


def yen_of(text: str) -> int:
    return int(text.replace("¥", "").replace(",", "").replace("−", "-"))


def caught_up(services: Services) -> None:
    for name in READ_MODELS:
        wait_for(services.pool, name, position_of(services.app), 10)


@pytest.fixture(scope="module")
def policy(services: Services) -> Any:
    return a_harassment_policy_in_force(services.app, "H-A", member=f"JSPRS-R{uuid.uuid4().hex[:5].upper()}")


@pytest.fixture
def person(services: Services) -> Iterator[Callable[..., TestClient]]:
    quick = with_settings(services, claims_sign_in_max_delay_seconds=0)
    opened: list[TestClient] = []

    def sign_in(role: str = "auditor") -> TestClient:
        user = a_user_with_password(services, Role(role))
        client = TestClient(create_app(services=quick)).__enter__()
        assert sign_in_through(client, user.user_id, user.password).status_code == 303
        client.user_id = user.user_id  # type: ignore[attr-defined]
        opened.append(client)
        return client

    yield sign_in
    for client in opened:
        client.__exit__(None, None, None)


def a_case_paid_by_the_worked_example(services: Services, policy: Any) -> Any:
    app, today = services.app, today_in_japan()
    report = a_live_report(policy_ref=policy.policy_number, occurred_at=an_incident_time_within(policy))
    case_id = app.report_case(report, LIVE_CONCIERGE).aggregate_id
    app.recommend_escalation(case_id, "当事者間での解決は困難", LIVE_CONCIERGE)
    app.approve_escalation(case_id, ConsentInput("SJ-R-1", today, "佐藤 花子", "佐藤法律事務所"), LIVE_ADJUSTER)
    app.record_invoice(case_id, InvoiceInput("INV-R-1", today, tuple(worked_example_lines(today))), LIVE_ADJUSTER)
    app.approve_payment(case_id, LIVE_ADJUSTER)
    caught_up(services)
    return case_id


def settle(services: Services, case_id: Any) -> None:
    services.app.settle_payment(case_id, SettlementInput(1, today_in_japan(), "FB-R-1"), LIVE_ADJUSTER)
    caught_up(services)


def payouts_page(client: TestClient, **query: str) -> str:
    response = client.get("/web/reports/payouts", params=query)
    assert response.status_code == 200, response.text[:1000]
    return response.text


def differences(after: list[str], before: list[str] | None) -> list[int]:
    """approved, settled, outstanding (yen) and the two counts, after less before."""
    before = before or ["¥0", "¥0", "¥0", "0", "0"]
    return [yen_of(a) - yen_of(b) for a, b in zip(after, before, strict=True)]


# ---- payout totals -----------------------------------------------------------------------------


def test_the_worked_example_is_in_its_fiscal_years_its_products_and_its_policys_totals(services, person, policy):
    auditor = person("auditor")
    caught_up(services)
    before = payouts_page(auditor)
    a_case_paid_by_the_worked_example(services, policy)
    after = payouts_page(auditor)
    year = f"{FISCAL_YEAR}年度"
    assert differences(rows_of(after, "fiscal_year")[year], rows_of(before, "fiscal_year").get(year)) == [
        288_000, 0, 288_000, 1, 0]
    assert differences(rows_of(after, "product")["クレーム対応費用保険"],
                       rows_of(before, "product").get("クレーム対応費用保険")) == [288_000, 0, 288_000, 1, 0]
    assert rows_of(after, "policy")[policy.policy_number] == ["¥288,000", "¥0", "¥288,000", "1", "0"]


def test_settling_the_payment_brings_the_policys_outstanding_to_zero(services, person, policy):
    auditor = person("auditor")
    case_id = a_case_paid_by_the_worked_example(services, policy)
    before = payouts_page(auditor, product="harassment")
    settle(services, case_id)
    after = payouts_page(auditor, product="harassment")
    year = f"{FISCAL_YEAR}年度"
    assert differences(rows_of(after, "fiscal_year")[year], rows_of(before, "fiscal_year")[year]) == [
        0, 288_000, -288_000, 0, 1]
    approved, settled, outstanding, approvals, settlements = rows_of(after, "policy")[policy.policy_number]
    assert settled == "¥288,000" and settlements == "1"
    assert yen_of(approved) - yen_of(settled) == yen_of(outstanding) == 288_000 * (int(approvals) - int(settlements))


def test_a_policy_of_its_own_shows_zero_outstanding_once_its_one_payment_is_settled(services, person):
    own = a_harassment_policy_in_force(services.app, "H-A", member=f"JSPRS-S{uuid.uuid4().hex[:5].upper()}")
    settle(services, a_case_paid_by_the_worked_example(services, own))
    row = rows_of(payouts_page(person("adjuster")), "policy")[own.policy_number]
    assert row == ["¥288,000", "¥288,000", "¥0", "1", "1"]


def test_the_filters_narrow_the_totals_to_a_fiscal_year_and_a_product(services, person, policy):
    a_case_paid_by_the_worked_example(services, policy)
    auditor = person("auditor")
    harassment = payouts_page(auditor, fiscal_year=str(FISCAL_YEAR), product="harassment")
    assert list(rows_of(harassment, "fiscal_year")) == [f"{FISCAL_YEAR}年度"]  # one row: no total to repeat it
    assert list(rows_of(harassment, "product")) == ["クレーム対応費用保険"]
    assert policy.policy_number in rows_of(harassment, "policy")
    cyber = payouts_page(auditor, product="cyber_institution")
    assert policy.policy_number not in cyber
    earlier = payouts_page(auditor, fiscal_year="2019")
    assert "該当するものはありません" in earlier and "table-policy" not in earlier
    assert '<option value="harassment" selected>クレーム対応費用保険</option>' in harassment


def test_each_payout_table_but_the_policies_has_its_chart_drawn_from_the_same_figures(services, person, policy):
    a_case_paid_by_the_worked_example(services, policy)
    html = payouts_page(person("auditor"), fiscal_year=str(FISCAL_YEAR), product="harassment")
    assert html.count('role="img"') == 2 and 'id="chart-fiscal_year"' in html and 'id="chart-product"' in html
    approved = yen_of(rows_of(html, "fiscal_year")[f"{FISCAL_YEAR}年度"][0])
    assert f'data-series="承認額" data-value="{approved}"' in html
    assert "<script" not in html.split('id="chart-fiscal_year"')[1].split("</svg>")[0]


def test_a_filter_that_is_not_one_of_the_choices_is_refused_in_japanese(person):
    auditor = person("auditor")
    for query in ({"fiscal_year": "20x6"}, {"product": "life"}):
        response = auditor.get("/web/reports/payouts", params=query)
        assert response.status_code == 422 and "選択肢の中から選んでください" in response.text


# ---- remaining limits --------------------------------------------------------------------------------


def test_the_remaining_limit_is_the_plans_3000000_less_the_worked_example(services, person, policy):
    own = a_harassment_policy_in_force(services.app, "H-A", member=f"JSPRS-L{uuid.uuid4().hex[:5].upper()}")
    case_id = a_case_paid_by_the_worked_example(services, own)
    html = person("admin").get("/web/reports/limits", params={"product": "harassment"}).text
    assert f'<option value="{POLICY_YEAR}" selected>' in html  # the current policy year, at first
    row = rows_of(html, "policies")[own.policy_number]
    assert row == ["クレーム対応費用保険", "H-A", "有効", f"{POLICY_YEAR}年度", "¥3,000,000", "¥3,000,000", "¥288,000",
                   "¥0", "¥2,712,000"]
    detail = person("adjuster").get(f"/web/reports/limits/{own.policy_number.lower()}").text
    assert rows_of(detail, "claims")[f"事案 {str(case_id)[:8]}"] == ["¥288,000", "¥0", "¥2,712,000"]
    assert f'href="/web/cases/{case_id}"' in detail and 'id="chart-claims"' in detail


def test_the_limits_chart_shows_the_policies_that_have_paid(services, person, policy):
    a_case_paid_by_the_worked_example(services, policy)
    html = person("auditor").get("/web/reports/limits", params={"policy_year": str(POLICY_YEAR)}).text
    chart = html.split('id="chart-policies"')[1].split("</svg>")[0]
    assert policy.policy_number in chart and 'data-series="残額"' in chart


def test_a_policy_that_does_not_exist_is_the_japanese_404_page(person):
    response = person("auditor").get("/web/reports/limits/NO-SUCH-POLICY")
    assert response.status_code == 404 and "ページが見つかりません" in response.text


# ---- consultations -----------------------------------------------------------------------------------


def test_a_consultation_counts_in_the_japan_month_it_was_held(services, person, policy):
    """Held at 00:30 on 1 June in Japan, which is still 31 May in UTC: it is June's."""
    held_at = datetime(POLICY_YEAR, 6, 1, 0, 30, tzinfo=JAPAN)
    case_id = services.app.report_case(
        a_live_report(policy_ref=policy.policy_number, occurred_at=an_incident_time_within(policy),
                      category=CaseCategory.MEDICAL_CERTIFICATE), LIVE_CONCIERGE).aggregate_id
    auditor = person("auditor")
    query = {"from_month": f"{POLICY_YEAR}-05", "to_month": f"{POLICY_YEAR}-06"}
    caught_up(services)
    before = auditor.get("/web/reports/consultations", params=query).text
    consultation = ConsultationInput(held_at, Channel.VIDEO_CALL, 20, "事務長", "診断書の要求", "記録を残す")
    services.app.log_consultation(case_id, consultation, LIVE_CONCIERGE)
    caught_up(services)
    after = auditor.get("/web/reports/consultations", params=query).text
    may, june = f"{POLICY_YEAR}年5月", f"{POLICY_YEAR}年6月"
    headings = Tables(after).tables["months"][0]
    certificate, total = headings.index("診断書") - 1, headings.index("合計") - 1
    assert int(rows_of(after, "months")[june][certificate]) - int(rows_of(before, "months")[june][certificate]) == 1
    assert int(rows_of(after, "months")[june][total]) - int(rows_of(before, "months")[june][total]) == 1
    assert rows_of(after, "months")[may] == rows_of(before, "months")[may]
    assert int(rows_of(after, "channels")["ビデオ通話"][0]) - int(rows_of(before, "channels")["ビデオ通話"][0]) == 1


def test_every_month_of_the_range_has_its_row_even_without_consultations(person):
    html = person("auditor").get("/web/reports/consultations",
                                 params={"from_month": "2019-11", "to_month": "2020-02", "channel": "letter"}).text
    assert list(rows_of(html, "months")) == ["2019年11月", "2019年12月", "2020年1月", "2020年2月", "合計"]
    assert list(rows_of(html, "channels")) == ["書面"]
    assert 'id="chart-months"' in html and "この期間の相談はありません" in html


def test_a_range_that_ends_before_it_starts_is_refused_in_japanese(person):
    response = person("auditor").get("/web/reports/consultations", params={"from_month": "2026-06", "to_month": "2026-04"})
    assert response.status_code == 422 and "開始の月は終了の月と同じか、それより前に" in response.text


# ---- downloads ---------------------------------------------------------------------------------------


def test_the_policys_csv_has_a_bom_japanese_headings_and_whole_yen(services, person):
    own = a_harassment_policy_in_force(services.app, "H-A", member=f"JSPRS-C{uuid.uuid4().hex[:5].upper()}")
    a_case_paid_by_the_worked_example(services, own)
    response = person("auditor").get("/web/reports/payouts/download",
                                     params={"product": "harassment", "format": "csv", "table": "policy"})
    assert response.status_code == 200 and response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "attachment;" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["証券番号", "承認額", "振込額", "未払（承認−振込）", "承認件数", "振込件数"]
    assert [own.policy_number, "288000", "0", "288000", "1", "0"] in rows


def test_the_excel_report_holds_every_table_with_yen_formatted_figures(services, person, policy):
    a_case_paid_by_the_worked_example(services, policy)
    response = person("adjuster").get("/web/reports/payouts/download",
                                      params={"fiscal_year": str(FISCAL_YEAR), "format": "xlsx"})
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["年度別", "保険の種類別", "証券別"]
    sheet = book["証券別"]
    assert sheet["A2"].value == f"条件：年度：{FISCAL_YEAR}年度　保険の種類：すべて"
    assert [c.value for c in sheet[5]][:3] == ["証券番号", "承認額", "振込額"]
    row = next(r for r in sheet.iter_rows(min_row=6) if r[0].value == policy.policy_number)
    assert row[1].value % 288_000 == 0 and row[1].number_format == '"¥"#,##0'
    assert sheet.freeze_panes == "A6"


def test_each_download_is_recorded_in_the_access_log(services, person):
    auditor = person("auditor")
    auditor.get("/web/reports/limits/download", params={"format": "xlsx", "product": "harassment"})
    auditor.get("/web/reports/consultations/download", params={"format": "csv", "table": "detail"})
    rows, _ = services.access_log.search(AccessFilter(user_id=auditor.user_id, action="report.download"), 10, None)
    assert [(r["role"], r["detail"]["query"].get("format")) for r in rows] == [("auditor", "xlsx"), ("auditor", "csv")]
    assert rows[0]["subject"].startswith("limits") and rows[1]["subject"].startswith("consultations")


def test_an_unknown_format_or_table_is_the_japanese_404_page_and_is_not_logged(services, person):
    auditor = person("auditor")
    assert auditor.get("/web/reports/payouts/download", params={"format": "pdf"}).status_code == 404
    assert auditor.get("/web/reports/payouts/download", params={"format": "csv", "table": "x"}).status_code == 404
    rows, _ = services.access_log.search(AccessFilter(user_id=auditor.user_id, action="report.download"), 10, None)
    assert rows == []


# ---- who reads the reports -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["adjuster", "auditor", "admin"])
def test_the_report_readers_find_the_reports_in_their_menu(person, role):
    html = person(role).get("/home").text
    assert '<a href="/web/reports">報告書</a>' in html


@pytest.mark.parametrize("role", ["concierge", "monitor"])
def test_a_concierge_and_the_monitor_get_the_japanese_403_page_and_no_menu_entry(person, role):
    client = person(role)
    response = client.get("/web/reports/payouts")
    assert response.status_code == 403 and "この画面を開く権限がありません" in response.text
    assert "「損害調査担当」「監査」「管理者」" in response.text
    assert 'href="/web/reports"' not in client.get("/home").text
