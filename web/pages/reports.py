"""The reports' index, and the payout totals: approved, settled and outstanding by fiscal year
(April–March), by product and by policy, from the `payouts` read model — a chart over each table,
the tables as CSV, the whole report as Excel. Approvals count in the fiscal year they were
approved, settlements in that of the transfer (projections/payouts.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import ServicesDep
from api.services import Services
from domain.policies.cover import fiscal_year_of
from infra.sessions import WebSession
from projections import payouts as payouts_model
from projections.payouts import PayoutFilter
from web.charts import BarChart, Series, render
from web.formatting import label
from web.navigation import REPORT_READERS, REPORTS_PATH
from web.report_files import Column, Report, ReportTable, with_total
from web.report_page import (
    PRODUCT_CHOICES,
    Choice,
    FilterField,
    Section,
    choice_of,
    download,
    every_row,
    fiscal_year_label,
    label_of_choice,
    render_report,
    year_of,
)
from web.routing import PageRoute
from web.session import page_user
from web.templating import render as render_page

router = APIRouter(route_class=PageRoute, include_in_schema=False)
ReportReader = Annotated[WebSession, page_user(*REPORT_READERS)]
Text = Annotated[str, Query(max_length=20)]
PAYOUTS_PATH = f"{REPORTS_PATH}/payouts"
FIGURES = (Column("承認額", "yen"), Column("振込額", "yen"), Column("未払（承認−振込）", "yen"),
           Column("承認件数", "count"), Column("振込件数", "count"))
OUTSTANDING_NOTE = ("承認はその日の年度、振込は振込日の年度に数えます。3月に承認して4月に振り込んだ支払は、"
                    "承認した年度では未払、振り込んだ年度ではマイナスの未払として表れます。")


@router.get(REPORTS_PATH)
def index(request: Request, me: ReportReader) -> Response:
    return render_page(request, "reports.html", title="報告書")


def figures(row: dict[str, Any]) -> tuple[int, ...]:
    """The row's sums as whole numbers (PostgreSQL's sum of bigints is a numeric)."""
    return tuple(int(row[name]) for name in ("approved_yen", "settled_yen", "outstanding_yen", "payments_approved",
                                             "payments_settled"))


def totals(services: Services, by: str, where: PayoutFilter) -> list[dict[str, Any]]:
    return every_row(lambda cursor: payouts_model.payout_totals(services.pool, by, where, 500, cursor))


def payout_chart(table: ReportTable, title: str) -> Any:
    chart = BarChart(title, f"{title}。承認額と振込額を並べた横棒グラフです。同じ数値を下の表に示します。",
                     tuple(str(row[0]) for row in table.rows),
                     (Series("承認額", tuple(r[1] for r in table.rows), "#173a5e"),
                      Series("振込額", tuple(r[2] for r in table.rows), "#e08a1e")))
    return render(chart, f"chart-{table.key}")


def payout_tables(services: Services, where: PayoutFilter) -> tuple[ReportTable, ...]:
    years = totals(services, "fiscal_year", where)
    products = totals(services, "product", where)
    policies = totals(services, "policy", where)
    return (
        with_total(ReportTable("年度別", "年度別の支払額", (Column("年度"), *FIGURES),
                               tuple((fiscal_year_label(r["key"]), *figures(r)) for r in years), key="fiscal_year")),
        with_total(ReportTable("保険の種類別", "保険の種類別の支払額", (Column("保険の種類"), *FIGURES),
                               tuple((label(r["key"]), *figures(r)) for r in products), key="product")),
        with_total(ReportTable("証券別", "証券別の支払額", (Column("証券番号"), *FIGURES),
                               tuple((r["key"], *figures(r)) for r in policies), key="policy",
                               links=tuple(f"{REPORTS_PATH}/limits/{r['key']}" for r in policies))),
    )


def year_choices(services: Services, now: datetime) -> tuple[Choice, ...]:
    booked = {int(r["key"]) for r in totals(services, "fiscal_year", PayoutFilter())} | {fiscal_year_of(now)}
    return (Choice("", "すべての年度"), *(Choice(str(y), fiscal_year_label(y)) for y in sorted(booked, reverse=True)))


def payouts_report(services: Services, fiscal_year: str, product: str) -> tuple[Report, tuple[FilterField, ...]]:
    now = datetime.now(UTC)
    year = year_of(fiscal_year, "fiscal_year")
    chosen = choice_of(product, (c.value for c in PRODUCT_CHOICES), "product")
    filters = (FilterField("fiscal_year", "年度（4月〜翌年3月）", fiscal_year, year_choices(services, now)),
               FilterField("product", "保険の種類", product, PRODUCT_CHOICES))
    tables = payout_tables(services, PayoutFilter(product=chosen, fiscal_year=year))
    stem = "支払額の集計" + (f"_{fiscal_year_label(year)}" if year else "")
    report = Report("支払額の集計", (("年度", fiscal_year_label(year) if year else "すべての年度"),
                                     ("保険の種類", label_of_choice(PRODUCT_CHOICES, chosen))),
                    now, tables, stem, f"payouts{'-' + str(year) if year else ''}", (OUTSTANDING_NOTE,))
    return report, filters


@router.get(PAYOUTS_PATH)
def payouts(request: Request, services: ServicesDep, me: ReportReader, fiscal_year: Text = "",
            product: Text = "") -> Response:
    report, filters = payouts_report(services, fiscal_year, product)
    by_year, by_product, by_policy = report.tables
    sections = (Section(by_year, payout_chart(by_year, "年度別の承認額と振込額"), OUTSTANDING_NOTE),
                Section(by_product, payout_chart(by_product, "保険の種類別の承認額と振込額")),
                Section(by_policy, note="証券番号から、その証券の限度額と残額を開けます。"))
    return render_report(request, report, sections, filters, PAYOUTS_PATH,
                         "承認した支払と振り込んだ支払の額と件数です。金額は円単位の合計です。")


@router.get(f"{PAYOUTS_PATH}/download")
def payouts_download(request: Request, services: ServicesDep, me: ReportReader, fiscal_year: Text = "",
                     product: Text = "", format: Text = "xlsx", table: Text = "") -> Response:
    report, _ = payouts_report(services, fiscal_year, product)
    return download(request, services, me, report, format, table)
