"""What the report pages share: their filters (from a GET form; a value that is not one of the
choices is refused in Japanese), the sections they show (a chart over its table), every row of a
paged read-model query, and the downloads, each recorded in the access log before it is sent."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response
from markupsafe import Markup

from api.services import Services
from domain.kernel.errors import InvalidInput
from domain.kernel.products import Product
from infra.paging import Rows
from infra.sessions import WebSession
from web.report_files import CSV_MEDIA, XLSX_MEDIA, Report, ReportTable, as_csv, as_xlsx, attachment
from web.session import PageNotFound
from web.templating import render

EVERY_ROW_CAP = 20_000  # a report reads at most this many rows of a read model
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class FilterField:
    name: str
    label: str
    value: str
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Section:
    """A table of the report, the chart drawn from it (if any), a note under its heading."""

    table: ReportTable
    chart: Markup | None = None
    note: str = ""
    empty: str = "該当するものはありません。"


ALL = Choice("", "すべて")
PRODUCT_CHOICES = (ALL, *(Choice(p.value, p.ja) for p in Product))


# ---- reading the filters -----------------------------------------------------------------------


def refused(field: str) -> InvalidInput:
    return InvalidInput(f"{field}: not one of the report's choices", field=field, reason="not_a_choice")


def choice_of(value: str, allowed: Iterable[str], field: str) -> str | None:
    """The chosen code; "" (すべて) is no filter."""
    if not value:
        return None
    if value not in set(allowed):
        raise refused(field)
    return value


def year_of(value: str, field: str) -> int | None:
    if not value:
        return None
    if not value.isdigit() or not 2000 <= int(value) <= 2100:
        raise refused(field)
    return int(value)


def month_of(value: str, field: str) -> date | None:
    """A month as the browser's month field sends it (2026-04), as its first day."""
    if not value:
        return None
    found = MONTH.match(value)
    if not found or not 2000 <= int(found[1]) <= 2100 or not 1 <= int(found[2]) <= 12:
        raise refused(field)
    return date(int(found[1]), int(found[2]), 1)


def fiscal_year_label(year: int | str) -> str:
    return f"{year}年度"


def month_label(month: date) -> str:
    return f"{month.year}年{month.month}月"


def label_of_choice(choices: Iterable[Choice], value: str | None) -> str:
    return next((c.label for c in choices if c.value == (value or "")), value or "すべて")


# ---- reading the read models ---------------------------------------------------------------------


def every_row(fetch: Callable[[str | None], tuple[Rows, str | None]]) -> Rows:
    """All the rows of a paged query, page after page (up to EVERY_ROW_CAP)."""
    rows, cursor = fetch(None)
    while cursor and len(rows) < EVERY_ROW_CAP:
        more, cursor = fetch(cursor)
        rows += more
    return rows


# ---- the page and its downloads ------------------------------------------------------------------


def query_of(filters: Iterable[FilterField]) -> str:
    return urlencode({f.name: f.value for f in filters if f.value})


def render_report(request: Request, report: Report, sections: Iterable[Section], filters: tuple[FilterField, ...],
                  path: str, lead: str, *, template: str = "report.html", download: str | None = None,
                  **context: object) -> Response:
    """The report's page; its downloads at `path`/download with the same filters (none if `download` is "")."""
    query = query_of(filters)
    link = f"{path}/download?{query}{'&' if query else ''}" if download is None else download
    return render(request, template, title=report.title, report=report, sections=tuple(sections), filters=filters,
                  path=path, lead=lead, download=link, **context)


def download(request: Request, services: Services, me: WebSession, report: Report, file_format: str,
             table_key: str) -> Response:
    """The report as a file: the Excel workbook (every table), or one table as CSV."""
    if file_format == "xlsx":
        content, media, suffix = as_xlsx(report), XLSX_MEDIA, ""
    elif file_format == "csv" and (table := report.table(table_key)) is not None:
        content, media, suffix = as_csv(table), CSV_MEDIA, f"_{table.name}"
    else:
        raise PageNotFound()
    services.access_log.record(me.user.user_id, me.user.role.value, "report.download", report.ascii_stem,
                               {"path": request.url.path, "query": dict(request.query_params)})
    stem = f"{report.ascii_stem}{'-' + table_key if suffix else ''}"
    return attachment(content, media, f"{report.file_stem}{suffix}.{file_format}", f"{stem}.{file_format}")
