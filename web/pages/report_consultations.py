"""Consultations by month, category and channel, from the `consultation_stats` read model: each
consultation counts in the Japan month it was held (not that of its recording). Every month of the
range has its row, a month without consultations too."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import ServicesDep
from api.services import Services
from domain.harassment.vocabulary import CaseCategory, Channel
from domain.kernel.clock import japan_date
from domain.kernel.errors import InvalidInput
from domain.policies.cover import fiscal_year_of_date
from infra.sessions import WebSession
from projections import consultation_stats
from web.charts import BarChart, Series, render
from web.formatting import label
from web.navigation import REPORT_READERS, REPORTS_PATH
from web.report_files import Column, Report, ReportTable, with_total
from web.report_page import (
    ALL,
    Choice,
    FilterField,
    Section,
    choice_of,
    download,
    label_of_choice,
    month_label,
    month_of,
    render_report,
)
from web.routing import PageRoute
from web.session import page_user

router = APIRouter(route_class=PageRoute, include_in_schema=False)
ReportReader = Annotated[WebSession, page_user(*REPORT_READERS)]
Text = Annotated[str, Query(max_length=20)]
CONSULTATIONS_PATH = f"{REPORTS_PATH}/consultations"
CATEGORY_CHOICES = (ALL, *(Choice(c.value, c.ja) for c in CaseCategory))
CHANNEL_CHOICES = (ALL, *(Choice(c.value, c.ja) for c in Channel))
LONGEST = 120  # months in one report


def months_between(first: date, last: date) -> list[date]:
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    return [date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1) for i in range(count)]


def month_choices(today: date, *chosen: date) -> tuple[Choice, ...]:
    """Months to choose from, the latest first: this month back to April five fiscal years ago
    (and any month the address asked for beyond them)."""
    start = date(fiscal_year_of_date(today) - 5, 4, 1)
    months = set(months_between(start, today.replace(day=1))) | set(chosen)
    return tuple(Choice(f"{m:%Y-%m}", month_label(m)) for m in sorted(months, reverse=True))


def month_range(from_month: str, to_month: str, today: date) -> tuple[date, date, str, str]:
    """The months asked for; at first, from April of this fiscal year to this month."""
    first = month_of(from_month, "from_month") or date(fiscal_year_of_date(today), 4, 1)
    last = month_of(to_month, "to_month") or today.replace(day=1)
    if first > last or len(months_between(first, last)) > LONGEST:
        raise InvalidInput("from_month must come before to_month, at most 120 months apart", field="to_month",
                           reason="month_range")
    return first, last, f"{first:%Y-%m}", f"{last:%Y-%m}"


def by_month_table(rows: list[dict[str, Any]], months: list[date], categories: list[CaseCategory]) -> ReportTable:
    counts = Counter()
    for r in rows:
        counts[(r["month"], r["category"])] += r["consultations"]
    body = tuple((month_label(m), *(counts[(m, c.value)] for c in categories), sum(counts[(m, c.value)] for c in categories))
                 for m in months)
    columns = (Column("年月"), *(Column(c.ja, "count") for c in categories), Column("合計", "count"))
    return with_total(ReportTable("月別・区分別", "月別・区分別の相談件数", columns, body, key="months"))


def by_channel_table(rows: list[dict[str, Any]], channels: list[Channel]) -> ReportTable:
    counts = Counter()
    for r in rows:
        counts[r["channel"]] += r["consultations"]
    body = tuple((c.ja, counts[c.value]) for c in channels)
    return with_total(ReportTable("経路別", "相談の経路別の件数", (Column("相談の経路"), Column("件数", "count")), body,
                                  key="channels"))


def detail_table(rows: list[dict[str, Any]]) -> ReportTable:
    body = tuple((month_label(r["month"]), label(r["category"]), label(r["channel"]), r["consultations"])
                 for r in rows)
    columns = (Column("年月"), Column("事案の区分"), Column("相談の経路"), Column("件数", "count"))
    return with_total(ReportTable("明細", "月・区分・経路ごとの件数（明細）", columns, body, key="detail"))


def consultations_report(services: Services, from_month: str, to_month: str, category: str,
                         channel: str) -> tuple[Report, tuple[FilterField, ...]]:
    now = datetime.now(UTC)
    first, last, shown_from, shown_to = month_range(from_month, to_month, japan_date(now))
    chosen_category = choice_of(category, (c.value for c in CATEGORY_CHOICES), "category")
    chosen_channel = choice_of(channel, (c.value for c in CHANNEL_CHOICES), "channel")
    rows = consultation_stats.consultation_stats(services.pool, first, last, chosen_category, chosen_channel)
    categories = [CaseCategory(chosen_category)] if chosen_category else list(CaseCategory)
    channels = [Channel(chosen_channel)] if chosen_channel else list(Channel)
    tables = (by_month_table(rows, months_between(first, last), categories), by_channel_table(rows, channels),
              detail_table(rows))
    months = month_choices(japan_date(now), first, last)
    filters = (FilterField("from_month", "開始の月", shown_from, months), FilterField("to_month", "終了の月", shown_to, months),
               FilterField("category", "事案の区分", category, CATEGORY_CHOICES),
               FilterField("channel", "相談の経路", channel, CHANNEL_CHOICES))
    period = f"{month_label(first)}〜{month_label(last)}"
    report = Report("相談件数", (("期間", period), ("事案の区分", label_of_choice(CATEGORY_CHOICES, chosen_category)),
                                 ("相談の経路", label_of_choice(CHANNEL_CHOICES, chosen_channel))),
                    now, tables, f"相談件数_{shown_from}_{shown_to}", f"consultations-{shown_from}-{shown_to}",
                    ("相談は、相談を受けた日時（日本時間）の月に数えます。",))
    return report, filters


def charts(report: Report) -> tuple[Any, Any]:
    months, channels, _ = report.tables
    categories = [c.heading for c in months.columns[1:-1]]
    by_month = BarChart("月別・区分別の相談件数",
                        "月ごとの相談件数を事案の区分で積み上げた横棒グラフです。同じ数値を下の表に示します。",
                        tuple(r[0] for r in months.rows),
                        tuple(Series(name, tuple(r[i + 1] for r in months.rows)) for i, name in enumerate(categories)),
                        "count", stacked=True)
    by_channel = BarChart("相談の経路別の件数", "相談の経路ごとの件数の横棒グラフです。同じ数値を下の表に示します。",
                          tuple(r[0] for r in channels.rows), (Series("件数", tuple(r[1] for r in channels.rows)),),
                          "count")
    return render(by_month, "chart-months"), render(by_channel, "chart-channels")


@router.get(CONSULTATIONS_PATH)
def consultations(request: Request, services: ServicesDep, me: ReportReader, from_month: Text = "", to_month: Text = "",
                  category: Text = "", channel: Text = "") -> Response:
    report, filters = consultations_report(services, from_month, to_month, category, channel)
    months, channels, detail = report.tables
    month_chart, channel_chart = charts(report)
    sections = (Section(months, month_chart, "相談は、相談を受けた日時（日本時間）の月に数えます。"),
                Section(channels, channel_chart), Section(detail, empty="この期間の相談はありません。"))
    return render_report(request, report, sections, filters, CONSULTATIONS_PATH,
                         "クレームコンシェルへの相談の件数です（相談は無料のサービスで、支払にはなりません）。")


@router.get(f"{CONSULTATIONS_PATH}/download")
def consultations_download(request: Request, services: ServicesDep, me: ReportReader, from_month: Text = "",
                           to_month: Text = "", category: Text = "", channel: Text = "", format: Text = "xlsx",
                           table: Text = "") -> Response:
    report, _ = consultations_report(services, from_month, to_month, category, channel)
    return download(request, services, me, report, format, table)
