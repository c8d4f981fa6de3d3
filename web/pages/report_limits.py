"""Remaining limits: per policy its payment limits (per claim, per policy year), what has been
approved and settled against them, and what remains for the year; on a policy's page the same
per claim. Read from the `coverage` read model; the policy aggregate alone decides a payment."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import ServicesDep
from api.services import Services
from domain.kernel.products import Product
from domain.policies.cover import policy_year_of
from infra.sessions import WebSession
from projections import coverage as coverage_model
from web.charts import BarChart, Series, render
from web.formatting import label
from web.navigation import REPORT_READERS, REPORTS_PATH, NavItem
from web.report_files import Column, Report, ReportTable, with_total
from web.report_page import (
    PRODUCT_CHOICES,
    Choice,
    FilterField,
    Section,
    choice_of,
    download,
    every_row,
    label_of_choice,
    render_report,
    year_of,
)
from web.routing import PageRoute
from web.session import PageNotFound, page_user

router = APIRouter(route_class=PageRoute, include_in_schema=False)
ReportReader = Annotated[WebSession, page_user(*REPORT_READERS)]
Text = Annotated[str, Query(max_length=20)]
LIMITS_PATH = f"{REPORTS_PATH}/limits"
CHARTED = 30  # policies in the chart: those with the least left
USE = (("振込済", "#173a5e"), ("未払", "#e08a1e"), ("残額", "#c9d3dc"))
FIGURES = (Column("1請求の限度額", "yen"), Column("年間の限度額", "yen"), Column("承認済", "yen"), Column("振込済", "yen"),
           Column("年間の残額", "yen"))


def policy_year_label(year: int | None) -> str:
    return f"{year}年度" if year else "（保険料着金前）"


def limits_row(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["policy_number"], label(row["product"]), row["plan_code"], label(row["status"]),
            policy_year_label(row["policy_year"]), row["limit_per_claim_yen"], row["limit_per_year_yen"],
            row["approved_yen"], row["settled_yen"], row["remaining_for_year_yen"])


def use_chart(title: str, names: tuple[str, ...], rows: list[tuple[int, ...]], chart_id: str, length: str) -> Any:
    """Stacked bars: settled, approved not yet settled, and (where rows have a third figure) what is left."""
    series = tuple(Series(name, tuple(r[i] for r in rows), colour) for i, (name, colour) in enumerate(USE[:len(rows[0])]))
    parts = "・".join(s.name for s in series)
    description = f"{title}。{parts}を積み上げた横棒で、{length}同じ数値を下の表に示します。"
    return render(BarChart(title, description, names, series, "yen", stacked=True), chart_id)


def policies_chart(rows: list[dict[str, Any]]) -> Any:
    used = sorted((r for r in rows if r["approved_yen"]), key=lambda r: (r["remaining_for_year_yen"], r["policy_number"]))
    if not used:
        return None
    used = used[:CHARTED]
    return use_chart(f"年間の限度額の使用状況（支払のある証券、残額の少ない順に最大{CHARTED}件）",
                     tuple(r["policy_number"] for r in used),
                     [(r["settled_yen"], r["approved_yen"] - r["settled_yen"], r["remaining_for_year_yen"]) for r in used],
                     "chart-policies", "棒の長さが年間の限度額です。")


def year_choices(now: datetime) -> tuple[Choice, ...]:
    current = policy_year_of(now)
    years = range(current + 1, max(current - 6, 2000) - 1, -1)
    return (Choice("", "すべての年度"), *(Choice(str(y), f"{y}年度") for y in years))


def limits_report(services: Services, policy_year: str | None, product: str) -> tuple[Report, tuple[FilterField, ...],
                                                                                  list[dict[str, Any]]]:
    now = datetime.now(UTC)
    typed = str(policy_year_of(now)) if policy_year is None else policy_year  # the current policy year, at first
    year, chosen = year_of(typed, "policy_year"), choice_of(product, (c.value for c in PRODUCT_CHOICES), "product")
    filters = (FilterField("policy_year", "保険年度（4月1日16時から1年）", typed, year_choices(now)),
               FilterField("product", "保険の種類", product, PRODUCT_CHOICES))
    rows = every_row(lambda cursor: coverage_model.coverage_list(services.pool, year, chosen, 500, cursor))
    table = with_total(ReportTable(
        "証券別", "証券ごとの限度額と残額",
        (Column("証券番号"), Column("保険の種類"), Column("プラン"), Column("状態"), Column("保険年度"), *FIGURES),
        tuple(limits_row(r) for r in rows), tuple(f"{LIMITS_PATH}/{r['policy_number']}" for r in rows), key="policies"))
    if table.total:  # limits do not add up: only what was approved, settled and remains
        table = replace(table, total=("合計", "", "", "", "", "", "", *table.total[7:]))
    report = Report("限度額と残額", (("保険年度", f"{year}年度" if year else "すべての年度"),
                                     ("保険の種類", label_of_choice(PRODUCT_CHOICES, chosen))),
                    now, (table,), "限度額と残額" + (f"_{year}年度" if year else ""),
                    f"limits{'-' + str(year) if year else ''}")
    return report, filters, rows


@router.get(LIMITS_PATH)
def limits(request: Request, services: ServicesDep, me: ReportReader,
           policy_year: Annotated[str | None, Query(max_length=20)] = None, product: Text = "") -> Response:
    report, filters, rows = limits_report(services, policy_year, product)
    (table,) = report.tables
    note = "残額は、保険年度の限度額から、その年度に承認した額を引いたものです。証券番号を開くと請求ごとの残額が見られます。"
    return render_report(request, report, (Section(table, policies_chart(rows), note),), filters, LIMITS_PATH,
                         "証券ごとの支払限度額と、承認済・振込済の額、保険年度の残額です。")


@router.get(f"{LIMITS_PATH}/download")
def limits_download(request: Request, services: ServicesDep, me: ReportReader,
                    policy_year: Annotated[str | None, Query(max_length=20)] = None, product: Text = "",
                    format: Text = "xlsx", table: Text = "") -> Response:
    report, _, _ = limits_report(services, policy_year, product)
    return download(request, services, me, report, format, table)


# ---- one policy, per claim -----------------------------------------------------------------------


def claim_path(product: str, claim_id: str) -> str:
    return f"/web/{'cases' if product == Product.HARASSMENT else 'incidents'}/{claim_id}"


def claims_table(policy: dict[str, Any]) -> ReportTable:
    claims = policy["claims"]
    kind = "事案" if policy["product"] == Product.HARASSMENT else "事故"
    table = with_total(ReportTable(
        "請求別", "請求ごとの承認済・振込済と残額",
        (Column(f"{kind}（番号の先頭8桁）"), Column("承認済", "yen"), Column("振込済", "yen"), Column("この請求の残額", "yen")),
        tuple((f"{kind} {str(c['claim_id'])[:8]}", c["approved_yen"], c["settled_yen"], c["remaining_for_claim_yen"])
              for c in claims),
        tuple(claim_path(policy["product"], c["claim_id"]) for c in claims), key="claims"))
    if table.total:  # what remains for each claim does not add up
        table = replace(table, total=(*table.total[:3], ""))
    return table


def claims_chart(table: ReportTable) -> Any:
    """What each claim was paid: settled and not yet settled (its remaining limit is in the table:
    it is not a part of any one bar, since the year's remaining is shared by every claim)."""
    return use_chart("請求ごとの承認額（振込済・未払）", tuple(r[0] for r in table.rows),
                     [(r[2], r[1] - r[2]) for r in table.rows], "chart-claims", "棒の長さが承認額です。")


@router.get(f"{LIMITS_PATH}/{{policy_number}}")
def policy_limits(policy_number: str, request: Request, services: ServicesDep, me: ReportReader) -> Response:
    policy = coverage_model.coverage_of(services.pool, policy_number[:40])
    if policy is None:
        raise PageNotFound()
    table = claims_table(policy)
    chart = claims_chart(table) if table.rows else None
    report = Report(f"証券 {policy['policy_number']} の限度額と残額", (), datetime.now(UTC), (table,), "", "")
    section = Section(table, chart, "請求の残額は、1請求の限度額の残りと、保険年度の残額の少ないほうです。",
                      empty="この証券には、まだ承認した支払がありません。")
    return render_report(request, report, (section,), (), LIMITS_PATH, "この証券の限度額と、請求（事案・事故）ごとの残額です。",
                         template="report_policy.html", download="", policy=policy,
                         crumbs=(NavItem("限度額と残額", LIMITS_PATH),))
