"""A report as the page shows it and as it is downloaded: tables of Japanese headings and figures,
written as CSV (UTF-8 with a BOM, so Excel in Japan opens it without mojibake; amounts as whole
yen, no ¥ or commas) or as an Excel workbook (.xlsx, openpyxl): one sheet per table, the report's
title, its filters and when it was made (Japan time) in the first rows, the headings frozen under
them, yen in the number format "¥"#,##0, columns wide enough for their Japanese text."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal
from urllib.parse import quote

from fastapi.responses import Response
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from domain.kernel.clock import japanese_instant
from web.formatting import yen

Kind = Literal["text", "yen", "count"]
YEN_FORMAT = '"¥"#,##0'
COUNT_FORMAT = "#,##0"
HEADING_ROW = 5  # rows 1–3: title, filters, made at; row 4 empty
CSV_MEDIA = "text/csv; charset=utf-8"
XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    heading: str
    kind: Kind = "text"

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


@dataclass(frozen=True)
class ReportTable:
    """One table: `name` is its sheet's name, `caption` what it shows; `links` (per row, or
    empty) the page the first cell opens; `total` a closing row (label first), page and Excel;
    `key` names it in a download's address (?table=…)."""

    name: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    links: tuple[str | None, ...] = ()
    total: tuple[Any, ...] | None = None
    key: str = ""

    def link(self, index: int) -> str | None:
        return self.links[index] if index < len(self.links) else None


def with_total(table: ReportTable, label: str = "合計") -> ReportTable:
    """The table with a closing row: the sum of each numeric column (and `label` first); a table
    of one row or none has none (it would only repeat it)."""
    if len(table.rows) < 2:
        return table
    sums = tuple(sum(row[i] for row in table.rows) if col.numeric else "" for i, col in enumerate(table.columns))
    return replace(table, total=(label, *sums[1:]))


@dataclass(frozen=True)
class Report:
    title: str
    filters: tuple[tuple[str, str], ...]
    made_at: datetime
    tables: tuple[ReportTable, ...]
    file_stem: str  # the download's name (Japanese), without extension
    ascii_stem: str = "report"  # for browsers that take only the plain filename
    notes: tuple[str, ...] = field(default=())

    def table(self, key: str) -> ReportTable | None:
        return next((t for t in self.tables if t.key == key), None)

    @property
    def filter_line(self) -> str:
        return "　".join(f"{name}：{value}" for name, value in self.filters)

    @property
    def made_line(self) -> str:
        return f"{japanese_instant(self.made_at)}（日本時間）"


def cell_text(value: Any, kind: Kind) -> str:
    """A cell as the page shows it."""
    if kind == "yen":
        return yen(value)
    if kind == "count":
        return f"{value:,}"
    return "" if value is None else str(value)


# ---- CSV ---------------------------------------------------------------------------------------


def as_csv(table: ReportTable) -> bytes:
    """The table's headings and rows (no title rows, no total: a CSV is read by programs too)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.heading for c in table.columns])
    writer.writerows([[v if c.numeric else cell_text(v, c.kind) for v, c in zip(row, table.columns, strict=True)]
                      for row in table.rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# ---- Excel -------------------------------------------------------------------------------------

HEADING_FILL = PatternFill("solid", fgColor="DCE6F0")
THIN = Side(style="thin", color="8899AA")


def display_width(text: str) -> int:
    """Columns a text takes in Excel: a full-width character two, others one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def sheet_name(name: str) -> str:
    cleaned = "".join("・" if ch in '[]:*?/\\' else ch for ch in name)
    return cleaned[:31] or "表"


def write_heading(sheet: Worksheet, report: Report, table: ReportTable) -> None:
    sheet["A1"] = f"{report.title}（{table.caption}）"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = f"条件：{report.filter_line}" if report.filters else "条件：なし"
    sheet["A3"] = f"作成日時：{report.made_line}"
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(HEADING_ROW, index, column.heading)
        cell.font, cell.fill, cell.border = Font(bold=True), HEADING_FILL, Border(bottom=THIN)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def write_row(sheet: Worksheet, row_number: int, values: Sequence[Any], columns: Sequence[Column], *,
              bold: bool = False) -> None:
    for index, (value, column) in enumerate(zip(values, columns, strict=True), start=1):
        cell = sheet.cell(row_number, index, value if column.numeric and value != "" else cell_text(value, "text"))
        if column.numeric:
            cell.number_format = YEN_FORMAT if column.kind == "yen" else COUNT_FORMAT
        if bold:
            cell.font, cell.border = Font(bold=True), Border(top=THIN)


def fit_columns(sheet: Worksheet, table: ReportTable) -> None:
    rows = [*table.rows, *([table.total] if table.total else [])]
    for index, column in enumerate(table.columns, start=1):
        texts = [column.heading] + [cell_text(row[index - 1], column.kind) for row in rows if row[index - 1] != ""]
        width = max(display_width(text) for text in texts) + 3
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 10), 60)


def write_sheet(sheet: Worksheet, report: Report, table: ReportTable) -> None:
    sheet.title = sheet_name(table.name)
    write_heading(sheet, report, table)
    for offset, row in enumerate(table.rows, start=1):
        write_row(sheet, HEADING_ROW + offset, row, table.columns)
    end = HEADING_ROW + len(table.rows)
    if table.total:
        end += 1
        write_row(sheet, end, table.total, table.columns, bold=True)
    for offset, note in enumerate(report.notes, start=2):
        sheet.cell(end + offset, 1, f"注：{note}").font = Font(color="52606D")
    last = get_column_letter(len(table.columns))
    sheet.freeze_panes = f"A{HEADING_ROW + 1}"  # the title rows and the headings stay in view
    sheet.auto_filter.ref = f"A{HEADING_ROW}:{last}{HEADING_ROW + max(len(table.rows), 1)}"
    fit_columns(sheet, table)


def as_xlsx(report: Report) -> bytes:
    book = Workbook()
    book.properties.title, book.properties.creator = report.title, "JSPRS 事案管理"
    for index, table in enumerate(report.tables):
        write_sheet(book.active if index == 0 else book.create_sheet(), report, table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---- the download ------------------------------------------------------------------------------


def attachment(content: bytes, media_type: str, filename: str, ascii_name: str) -> Response:
    """A file to save: its Japanese name for browsers that take RFC 6266's filename*, a plain one
    for the rest."""
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition,
                                                             "Cache-Control": "no-store",
                                                             "X-Content-Type-Options": "nosniff"})
