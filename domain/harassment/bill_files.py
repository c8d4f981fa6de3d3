"""Lawyers' bills sent as files: LEDES 1998B, or a plain CSV of lines for firms without LEDES.
Pure reading — bytes in, a bill (InvoiceInput) out, or one named refusal: nothing is recorded
from a file that does not read whole, and the refusal names the line and the field.

LEDES 1998B: line 1 is `LEDES1998B[]`; line 2 names the 24 fields below, `|`-separated and ending
`[]`; every further line is one bill line of 24 fields ending `[]`. Dates are CCYYMMDD; amounts
must be whole yen (`220000` or `220000.00`). One file holds one bill (one INVOICE_NUMBER), whose
INVOICE_DATE and INVOICE_TOTAL every line repeats alike, and INVOICE_TOTAL must equal the sum of
LINE_ITEM_TOTAL. Where a line gives its units and unit cost, LINE_ITEM_TOTAL must be
units × unit cost + LINE_ITEM_ADJUSTMENT_AMOUNT (LEDES 1998B's own rule; 1.5 hours × ¥20,000 =
¥30,000). Invoice-level adjustments (IF, IE) are refused: a firm sends its discounted line amounts
instead.

CSV: a header `費目,業務日,金額,摘要` then one line per bill line; the bill's number and date are
given beside the file. Either file may be UTF-8 (with or without BOM) or Shift_JIS (CP932).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from domain.harassment.fee_codes import fee_type_of_item, fee_type_of_ledes_line
from domain.harassment.invoices import InvoiceInput, InvoiceLineInput
from domain.harassment.vocabulary import BillSource
from domain.kernel.errors import InvalidInput

LEDES_MARK = "LEDES1998B[]"
LEDES_FIELDS = (
    "INVOICE_DATE", "INVOICE_NUMBER", "CLIENT_ID", "LAW_FIRM_MATTER_ID", "INVOICE_TOTAL", "BILLING_START_DATE",
    "BILLING_END_DATE", "INVOICE_DESCRIPTION", "LINE_ITEM_NUMBER", "EXP/FEE/INV_ADJ_TYPE",
    "LINE_ITEM_NUMBER_OF_UNITS", "LINE_ITEM_ADJUSTMENT_AMOUNT", "LINE_ITEM_TOTAL", "LINE_ITEM_DATE",
    "LINE_ITEM_TASK_CODE", "LINE_ITEM_EXPENSE_CODE", "LINE_ITEM_ACTIVITY_CODE", "TIMEKEEPER_ID",
    "LINE_ITEM_DESCRIPTION", "LAW_FIRM_ID", "LINE_ITEM_UNIT_COST", "TIMEKEEPER_NAME", "TIMEKEEPER_CLASSIFICATION",
    "CLIENT_MATTER_ID",
)
CSV_HEADER = ("費目", "業務日", "金額", "摘要")
CSV_HEADER_EN = ("fee_item", "work_date", "amount_yen", "description")
MOST_LINES = 500  # as the API takes in one bill
WHOLE_YEN = re.compile(r"^\d{1,12}(\.0{1,2})?$")


class BillFileMalformed(InvalidInput):
    """The file does not read as a bill: `params` name the line (1-based) and the field."""

    rule = "bill_file_malformed"

    def __init__(self, problem: str, *, reason: str, line: int | None = None, column: str | None = None,
                 **more: Any) -> None:
        where = f"line {line}, {column}: " if line is not None and column else (f"line {line}: " if line else "")
        super().__init__(where + problem, field="file", reason=reason,
                         params={"line": line, "column": column, **more})
        self.line, self.column = line, column


@dataclass(frozen=True)
class ReadBill:
    """A bill as read from a file, with the file line each bill line came from (for the report)."""

    invoice: InvoiceInput
    file_lines: tuple[int, ...]


def decoded(content: bytes) -> str:
    """UTF-8 (a BOM is dropped), else Shift_JIS as Windows writes it (CP932)."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BillFileMalformed("the file is neither UTF-8 nor Shift_JIS (CP932) text", reason="not_text")


# ---- LEDES 1998B ----------------------------------------------------------------------------


def read_ledes(content: bytes) -> ReadBill:
    lines = decoded(content).splitlines()
    if not lines or lines[0].strip() != LEDES_MARK:
        raise BillFileMalformed(f"line 1 must be {LEDES_MARK}", reason="not_ledes", line=1, column="LEDES1998B")
    header = _fields(lines[1] if len(lines) > 1 else "", 2)
    for name, expected in zip(header, LEDES_FIELDS, strict=True):
        if name.strip().upper() != expected:
            raise BillFileMalformed(f"the header names {name!r} where {expected} belongs", reason="bad_header",
                                    line=2, column=expected)
    rows = [(number, _fields(text, number)) for number, text in enumerate(lines[2:], 3) if text.strip()]
    if not rows:
        raise BillFileMalformed("the file has no bill lines", reason="no_lines", line=3)
    if len(rows) > MOST_LINES:
        raise BillFileMalformed(f"at most {MOST_LINES} lines", reason="too_many_lines", maximum=MOST_LINES)
    first = dict(zip(LEDES_FIELDS, rows[0][1], strict=True))
    number = _required(first, "INVOICE_NUMBER", rows[0][0])
    invoice_date = _date(first, "INVOICE_DATE", rows[0][0])
    bill_lines = [_ledes_line(dict(zip(LEDES_FIELDS, fields, strict=True)), at, number, first, rows[0][0])
                  for at, fields in rows]
    _check_total(first, rows[0][0], sum(x.amount_yen for x in bill_lines))
    invoice = InvoiceInput(number, invoice_date, tuple(bill_lines), BillSource.LEDES)
    return ReadBill(invoice, tuple(at for at, _ in rows))


def _fields(text: str, line: int) -> list[str]:
    text = text.rstrip("\r\n").rstrip()
    if not text.endswith("[]"):
        raise BillFileMalformed("a LEDES line ends with []", reason="no_line_end", line=line, column="[]")
    fields = text[:-2].split("|")
    if len(fields) != len(LEDES_FIELDS):
        raise BillFileMalformed(f"{len(fields)} fields where LEDES 1998B has {len(LEDES_FIELDS)}",
                                reason="wrong_field_count", line=line, column="|", found=len(fields),
                                expected=len(LEDES_FIELDS))
    return fields


INVOICE_FIELDS = ("INVOICE_DATE", "INVOICE_TOTAL")  # the bill's own, repeated alike on every line
PLAIN_NUMBER = re.compile(r"-?[0-9]{1,12}(\.[0-9]{1,6})?")  # units, a unit cost, an adjustment


def _ledes_line(row: dict[str, str], line: int, invoice_number: str, first: dict[str, str], first_line: int
                ) -> InvoiceLineInput:
    if row["INVOICE_NUMBER"].strip() != invoice_number:
        raise BillFileMalformed("one file holds one bill", reason="other_invoice", line=line,
                                column="INVOICE_NUMBER", value=row["INVOICE_NUMBER"])
    for name in INVOICE_FIELDS:
        same = (_yen(row, name, line, positive=False) == _yen(first, name, first_line, positive=False)
                if name == "INVOICE_TOTAL" else row[name].strip() == first[name].strip())  # 382400 = 382400.00
        if not same:
            raise BillFileMalformed(f"{name} differs from line {first_line}'s", reason="invoice_field_differs",
                                    line=line, column=name, value=row[name], first=first[name], first_line=first_line)
    kind = row["EXP/FEE/INV_ADJ_TYPE"].strip().upper()
    if kind not in ("F", "E"):
        raise BillFileMalformed("only fee (F) and expense (E) lines are taken", reason="unknown_line_type",
                                line=line, column="EXP/FEE/INV_ADJ_TYPE", value=kind)
    amount = _yen(row, "LINE_ITEM_TOTAL", line)
    _check_units(row, line, amount)
    work_date = _date(row, "LINE_ITEM_DATE", line)
    fee_type, codes = fee_type_of_ledes_line(kind, row["LINE_ITEM_TASK_CODE"], row["LINE_ITEM_ACTIVITY_CODE"],
                                             row["LINE_ITEM_EXPENSE_CODE"])
    description = row["LINE_ITEM_DESCRIPTION"].strip()[:1000]
    return InvoiceLineInput(fee_type, work_date, amount, description, source_code=f"{kind}:{codes}")


def _check_units(row: dict[str, str], line: int, amount: int) -> None:
    """LINE_ITEM_TOTAL = units × unit cost + adjustment, exactly, where the line gives both."""
    units, cost = row["LINE_ITEM_NUMBER_OF_UNITS"].strip(), row["LINE_ITEM_UNIT_COST"].strip()
    if not units or not cost:
        return
    adjustment = row["LINE_ITEM_ADJUSTMENT_AMOUNT"].strip() or "0"
    numbers = []
    for name, value in (("LINE_ITEM_NUMBER_OF_UNITS", units), ("LINE_ITEM_UNIT_COST", cost),
                        ("LINE_ITEM_ADJUSTMENT_AMOUNT", adjustment)):
        if not PLAIN_NUMBER.fullmatch(value):  # no exponents, no "1_5": what a bill's figure looks like
            raise BillFileMalformed(f"{name} {value!r} is not a number", reason="not_a_number", line=line,
                                    column=name, value=value)
        numbers.append(Decimal(value))
    expected = numbers[0] * numbers[1] + numbers[2]
    if expected != amount:
        shown = f"{int(expected):,}" if expected == expected.to_integral_value() else f"{expected:,}"
        raise BillFileMalformed(f"LINE_ITEM_TOTAL {amount} is not units × unit cost + adjustment ({expected})",
                                reason="line_total_mismatch", line=line, column="LINE_ITEM_TOTAL",
                                value=row["LINE_ITEM_TOTAL"], expected=shown)


def _check_total(first: dict[str, str], line: int, lines_total: int) -> None:
    total = _yen(first, "INVOICE_TOTAL", line, positive=False)
    if total != lines_total:
        raise BillFileMalformed(f"INVOICE_TOTAL {total} is not the lines' total {lines_total}",
                                reason="total_mismatch", line=line, column="INVOICE_TOTAL",
                                value=first["INVOICE_TOTAL"], lines_total=lines_total)


def _required(row: dict[str, str], name: str, line: int) -> str:
    value = row[name].strip()
    if not value:
        raise BillFileMalformed(f"{name} is empty", reason="empty", line=line, column=name)
    return value


def _date(row: dict[str, str], name: str, line: int) -> date:
    value = _required(row, name, line)
    try:
        if not re.fullmatch(r"\d{8}", value):
            raise ValueError(value)
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise BillFileMalformed(f"{name} {value!r} is not a date (CCYYMMDD)", reason="not_a_date", line=line,
                                column=name, value=value) from None


def _yen(row: dict[str, str], name: str, line: int, *, positive: bool = True) -> int:
    value = _required(row, name, line)
    if not WHOLE_YEN.match(value) or (positive and int(value.split(".")[0]) <= 0):
        raise BillFileMalformed(f"{name} {value!r} is not a whole, positive number of yen", reason="not_whole_yen",
                                line=line, column=name, value=value)
    return int(value.split(".")[0])


# ---- CSV ------------------------------------------------------------------------------------


def read_csv(content: bytes, invoice_number: str, invoice_date: date) -> ReadBill:
    rows = list(csv.reader(io.StringIO(decoded(content))))
    header = tuple(unicodedata.normalize("NFKC", c).strip() for c in (rows[0] if rows else ()))
    if header[:4] not in (CSV_HEADER, CSV_HEADER_EN):
        raise BillFileMalformed("the header is 費目,業務日,金額,摘要", reason="bad_csv_header", line=1,
                                column=",".join(CSV_HEADER))
    body = [(at, row) for at, row in enumerate(rows[1:], 2) if any(cell.strip() for cell in row)]
    if not body:
        raise BillFileMalformed("the file has no bill lines", reason="no_lines", line=2)
    if len(body) > MOST_LINES:
        raise BillFileMalformed(f"at most {MOST_LINES} lines", reason="too_many_lines", maximum=MOST_LINES)
    lines = tuple(_csv_line(row, at) for at, row in body)
    return ReadBill(InvoiceInput(invoice_number, invoice_date, lines, BillSource.CSV), tuple(at for at, _ in body))


def _csv_line(row: list[str], line: int) -> InvoiceLineInput:
    if len(row) < 3:
        raise BillFileMalformed("a line has 費目, 業務日, 金額 (and 摘要)", reason="wrong_field_count", line=line,
                                column=",", found=len(row), expected=4)
    cells = dict(zip(CSV_HEADER, [unicodedata.normalize("NFKC", c).strip() for c in row[:4]], strict=False))
    item = cells["費目"]
    if not item:
        raise BillFileMalformed("費目 is empty", reason="empty", line=line, column="費目")
    amount_text = re.sub(r"[,¥\\円]", "", cells["金額"])
    if not WHOLE_YEN.match(amount_text) or int(amount_text.split(".")[0]) <= 0:
        raise BillFileMalformed(f"金額 {cells['金額']!r} is not a whole, positive number of yen",
                                reason="not_whole_yen", line=line, column="金額", value=cells["金額"])
    try:
        work_date = date.fromisoformat(cells["業務日"].replace("/", "-"))
    except ValueError:
        raise BillFileMalformed(f"業務日 {cells['業務日']!r} is not a date", reason="not_a_date", line=line,
                                column="業務日", value=cells["業務日"]) from None
    return InvoiceLineInput(fee_type_of_item(item), work_date, int(amount_text.split(".")[0]),
                            cells.get("摘要", "")[:1000], source_code=item)
