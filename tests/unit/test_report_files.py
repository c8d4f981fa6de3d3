"""The reports' downloads (web/report_files.py): the CSV opens in Excel in Japan (UTF-8 with a BOM,
Japanese headings, whole yen), and the Excel workbook, read back with openpyxl, has the title,
filters and time made in its first rows, frozen headings, yen in "¥"#,##0 and fitting widths."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from urllib.parse import unquote

from openpyxl import load_workbook

from web.report_files import (
    HEADING_ROW,
    YEN_FORMAT,
    Column,
    Report,
    ReportTable,
    as_csv,
    as_xlsx,
    attachment,
    display_width,
    sheet_name,
    with_total,
)

COLUMNS = (Column("年度"), Column("承認額", "yen"), Column("振込額", "yen"), Column("未払", "yen"), Column("承認件数", "count"))
BY_YEAR = ReportTable("年度別", "年度別の支払額", COLUMNS,
                      (("2025年度", 1_288_000, 1_000_000, 288_000, 3), ("2026年度", 288_000, 576_000, -288_000, 1)))
MADE_AT = datetime(2026, 4, 1, 7, 0, tzinfo=UTC)  # 16:00 in Japan
REPORT = Report("支払額の集計", (("年度", "すべて"), ("保険の種類", "クレーム対応費用保険")), MADE_AT,
                (with_total(BY_YEAR), ReportTable("保険別", "保険の種類別", COLUMNS[:2], (("勤務医サイバー保険", 0),))),
                "支払額の集計", "payouts")


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_starts_with_the_utf8_bom_and_japanese_headings():
    data = as_csv(BY_YEAR)
    assert data.startswith(b"\xef\xbb\xbf")
    assert read_csv(data)[0] == ["年度", "承認額", "振込額", "未払", "承認件数"]


def test_csv_amounts_are_whole_yen_without_symbol_or_separators():
    assert read_csv(as_csv(BY_YEAR))[1:] == [["2025年度", "1288000", "1000000", "288000", "3"],
                                            ["2026年度", "288000", "576000", "-288000", "1"]]


def test_csv_rows_end_with_crlf_and_a_comma_in_a_name_is_quoted():
    table = ReportTable("t", "t", (Column("証券番号"), Column("残額", "yen")), (("H,1", 5),))
    assert as_csv(table).decode("utf-8-sig") == "証券番号,残額\r\n\"H,1\",5\r\n"


def test_csv_leaves_the_total_row_to_the_page_and_the_workbook():
    assert [row[0] for row in read_csv(as_csv(with_total(BY_YEAR)))] == ["年度", "2025年度", "2026年度"]


def test_with_total_adds_the_sum_of_each_numeric_column():
    assert with_total(BY_YEAR).total == ("合計", 1_576_000, 1_576_000, 0, 4)


def test_a_table_of_one_row_gets_no_total_that_would_only_repeat_it():
    assert with_total(ReportTable("t", "t", COLUMNS[:2], (("2026年度", 5),))).total is None


def workbook():
    return load_workbook(io.BytesIO(as_xlsx(REPORT)))


def test_excel_has_a_sheet_per_table_named_in_japanese():
    assert workbook().sheetnames == ["年度別", "保険別"]


def test_excel_first_rows_say_the_title_the_filters_and_when_it_was_made_in_japan_time():
    sheet = workbook()["年度別"]
    assert sheet["A1"].value == "支払額の集計（年度別の支払額）" and sheet["A1"].font.bold
    assert sheet["A2"].value == "条件：年度：すべて　保険の種類：クレーム対応費用保険"
    assert sheet["A3"].value == "作成日時：2026年4月1日 16:00（日本時間）"


def test_excel_headings_values_and_yen_number_format():
    sheet = workbook()["年度別"]
    assert [c.value for c in sheet[HEADING_ROW]] == ["年度", "承認額", "振込額", "未払", "承認件数"]
    assert [c.value for c in sheet[HEADING_ROW + 1]] == ["2025年度", 1_288_000, 1_000_000, 288_000, 3]
    assert [c.value for c in sheet[HEADING_ROW + 2]] == ["2026年度", 288_000, 576_000, -288_000, 1]
    assert all(sheet.cell(HEADING_ROW + 1, col).number_format == YEN_FORMAT for col in (2, 3, 4))
    assert sheet.cell(HEADING_ROW + 1, 5).number_format == "#,##0"
    assert isinstance(sheet["B6"].value, int)


def test_excel_closes_with_the_total_row_in_bold():
    sheet = workbook()["年度別"]
    total = [c.value for c in sheet[HEADING_ROW + 3]]
    assert total == ["合計", 1_576_000, 1_576_000, 0, 4] and sheet.cell(HEADING_ROW + 3, 2).font.bold


def test_excel_freezes_the_rows_down_to_the_headings_and_filters_them():
    sheet = workbook()["年度別"]
    assert sheet.freeze_panes == f"A{HEADING_ROW + 1}"
    assert sheet.auto_filter.ref == f"A{HEADING_ROW}:E{HEADING_ROW + 2}"


def test_excel_columns_are_wide_enough_for_their_japanese_text():
    sheet = workbook()["保険別"]
    assert sheet.column_dimensions["A"].width >= display_width("勤務医サイバー保険") == 18
    assert sheet.column_dimensions["B"].width >= 10


def test_a_sheet_name_drops_what_excel_refuses_and_keeps_to_31_characters():
    assert sheet_name("月別/区分別[件数]") == "月別・区分別・件数・"
    assert len(sheet_name("あ" * 40)) == 31


def test_a_download_is_an_attachment_with_its_japanese_name():
    response = attachment(b"x", "text/csv; charset=utf-8", "支払額の集計_2026年度.csv", "payouts-2026.csv")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="payouts-2026.csv"; filename*=UTF-8\'\'')
    assert unquote(disposition.split("''", 1)[1]) == "支払額の集計_2026年度.csv"
