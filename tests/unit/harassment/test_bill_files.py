"""Reading lawyers' bills from files: LEDES 1998B (a golden sample, generated files read back, and
malformed lines named by line and field) and the plain CSV. Nothing here records anything."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.harassment.bill_files import LEDES_FIELDS, LEDES_MARK, BillFileMalformed, read_csv, read_ledes
from domain.harassment.fee_codes import FEE_TYPE_BY_CODE
from domain.harassment.vocabulary import FeeType

GOLDEN = Path(__file__).parents[2] / "fixtures" / "bills" / "golden_1998b.ledes"


# ---- the golden sample ------------------------------------------------------------------------


def test_read_ledes_golden_sample_gives_its_bill_and_classifies_each_line() -> None:
    read = read_ledes(GOLDEN.read_bytes())

    bill = read.invoice
    assert (bill.invoice_number, bill.invoice_date, bill.source) == ("L-2025-001", date(2025, 6, 10), "ledes")
    assert [(x.fee_type, x.amount_yen, x.work_date, x.source_code) for x in bill.lines] == [
        (FeeType.RETAINER, 220_000, date(2025, 6, 2), "F:JP200/A101"),
        (FeeType.CONSULTATION_FEE, 110_000, date(2025, 6, 3), "F:JP100/A106"),
        (FeeType.DAILY_ALLOWANCE, 20_000, date(2025, 6, 5), "F:JP500/A109"),
        (FeeType.LITIGATION_COSTS, 2_400, date(2025, 6, 6), "E:E112"),
        (None, 30_000, date(2025, 6, 9), "F:L120/A102"),  # a time charge: not in the mapping, never guessed
    ]
    assert read.file_lines == (3, 4, 5, 6, 7)
    assert bill.lines[0].description == "着手金（交渉事件）"


def test_read_ledes_golden_sample_in_shift_jis_reads_the_same() -> None:
    utf8 = GOLDEN.read_bytes()

    assert read_ledes(utf8.decode("utf-8").encode("cp932")) == read_ledes(utf8)


def test_read_ledes_with_a_line_of_23_fields_names_the_line() -> None:
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace("|FIRM-SATO|", "|", 1)

    error = refused_file(lambda: read_ledes("\n".join(lines).encode()))

    assert (error.reason, error.line) == ("wrong_field_count", 5)


def test_read_ledes_without_its_first_line_is_refused_as_not_ledes() -> None:
    error = refused_file(lambda: read_ledes(b"INVOICE_DATE|INVOICE_NUMBER[]\n"))

    assert (error.reason, error.line) == ("not_ledes", 1)


def test_read_ledes_whose_total_is_not_the_lines_total_names_invoice_total() -> None:
    text = GOLDEN.read_text(encoding="utf-8").replace("|382400|", "|382401|")

    error = refused_file(lambda: read_ledes(text.encode()))

    assert (error.reason, error.line, error.column) == ("total_mismatch", 3, "INVOICE_TOTAL")


def test_read_ledes_of_neither_utf8_nor_cp932_is_refused() -> None:
    refused_file(lambda: read_ledes(b"LEDES1998B[]\n\xff\xfe\xfa\n"))


# ---- generated files read back; malformed lines are named -------------------------------------

KNOWN = sorted(FEE_TYPE_BY_CODE)
day = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
text_field = st.text(st.characters(blacklist_characters="|[]\r\n\x1c\x1d\x1e\x85\u2028\u2029\x0b\x0c",
                                   blacklist_categories=("Cs", "Cc")), max_size=30)
line_st = st.fixed_dictionaries({
    "kind": st.sampled_from(["F", "E"]),
    "code": st.one_of(st.sampled_from(KNOWN), st.from_regex(r"\A[LAEX][0-9]{3}\Z")),
    "amount": st.integers(min_value=1, max_value=10**9),
    "date": day,
    "description": text_field.map(str.strip),
})


def ledes_text(invoice_number: str, invoice_date: date, lines: list[dict]) -> str:
    total = sum(x["amount"] for x in lines)
    out = [LEDES_MARK, "|".join(LEDES_FIELDS) + "[]"]
    for n, x in enumerate(lines, 1):
        row = dict.fromkeys(LEDES_FIELDS, "")
        row.update({"INVOICE_DATE": invoice_date.strftime("%Y%m%d"), "INVOICE_NUMBER": invoice_number,
                    "INVOICE_TOTAL": str(total), "LINE_ITEM_NUMBER": str(n), "EXP/FEE/INV_ADJ_TYPE": x["kind"],
                    "LINE_ITEM_TOTAL": f"{x['amount']}.00", "LINE_ITEM_DATE": x["date"].strftime("%Y%m%d"),
                    "LINE_ITEM_DESCRIPTION": x["description"]})
        row["LINE_ITEM_EXPENSE_CODE" if x["kind"] == "E" else "LINE_ITEM_TASK_CODE"] = x["code"]
        out.append("|".join(row[f] for f in LEDES_FIELDS) + "[]")
    return "\r\n".join(out) + "\r\n"


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(number=st.from_regex(r"\A[A-Z0-9][A-Z0-9-]{0,15}\Z"), invoice_date=day,
       lines=st.lists(line_st, min_size=1, max_size=12))
def test_read_ledes_of_a_generated_file_gives_back_its_lines(number: str, invoice_date: date, lines: list) -> None:
    bill = read_ledes(ledes_text(number, invoice_date, lines).encode("utf-8")).invoice

    assert (bill.invoice_number, bill.invoice_date) == (number, invoice_date)
    assert [(x.amount_yen, x.work_date, x.description) for x in bill.lines] == [
        (x["amount"], x["date"], x["description"]) for x in lines]
    assert [x.fee_type for x in bill.lines] == [FEE_TYPE_BY_CODE.get(x["code"]) for x in lines]


BREAKS = {
    "LINE_ITEM_TOTAL": ("12.5", "not_whole_yen"),
    "LINE_ITEM_DATE": ("20251301", "not_a_date"),
    "INVOICE_NUMBER": ("OTHER-BILL", "other_invoice"),
    "EXP/FEE/INV_ADJ_TYPE": ("IF", "unknown_line_type"),
    "INVOICE_TOTAL": ("1", "invoice_field_differs"),  # every line repeats the bill's own fields alike
    "INVOICE_DATE": ("20250611", "invoice_field_differs"),
}


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(line_st, min_size=2, max_size=8), data=st.data())
def test_read_ledes_with_one_malformed_field_names_its_line_and_field(lines: list, data) -> None:
    rows = ledes_text("INV-1", date(2025, 6, 10), lines).split("\r\n")
    broken = data.draw(st.integers(min_value=1, max_value=len(lines) - 1), label="data line")  # not the first:
    column = data.draw(st.sampled_from(sorted(BREAKS)), label="field")  # its INVOICE_NUMBER names the bill
    fields = rows[broken + 2][:-2].split("|")
    fields[LEDES_FIELDS.index(column)] = BREAKS[column][0]
    rows[broken + 2] = "|".join(fields) + "[]"

    error = refused_file(lambda: read_ledes("\r\n".join(rows).encode()))

    assert (error.line, error.column, error.reason) == (broken + 3, column, BREAKS[column][1])


# ---- CSV --------------------------------------------------------------------------------------


def test_read_csv_maps_japanese_fee_items_and_flags_bare_disbursements() -> None:
    content = ("費目,業務日,金額,摘要\n着手金,2025-06-02,\"220,000\",\n実費（印紙代）,2025/06/06,2400,訴状\n"
               "実費（交通費）,2025-06-07,１，２００,\n日当,2025-06-05,20000,\n実費,2025-06-08,500,\n").encode("cp932")

    bill = read_csv(content, "C-1", date(2025, 6, 10)).invoice

    assert [(x.fee_type, x.amount_yen) for x in bill.lines] == [
        (FeeType.RETAINER, 220_000), (FeeType.LITIGATION_COSTS, 2_400), (FeeType.OTHER_MANDATE_COSTS, 1_200),
        (FeeType.DAILY_ALLOWANCE, 20_000), (None, 500)]
    assert bill.source == "csv"


def test_read_csv_with_a_bad_amount_names_the_line_and_column() -> None:
    error = refused_file(lambda: read_csv("費目,業務日,金額,摘要\n着手金,2025-06-02,abc,\n".encode(), "C-1",
                                          date(2025, 6, 10)))

    assert (error.line, error.column, error.reason) == (2, "金額", "not_whole_yen")


def test_read_csv_without_its_header_is_refused() -> None:
    error = refused_file(lambda: read_csv(b"a,b,c\n", "C-1", date(2025, 6, 10)))

    assert (error.line, error.reason) == (1, "bad_csv_header")


def refused_file(call) -> BillFileMalformed:
    with pytest.raises(BillFileMalformed) as info:
        call()
    assert info.value.rule == "bill_file_malformed" and info.value.field == "file"
    return info.value


# ---- units × unit cost + adjustment = the line's total (LEDES 1998B's rule) -------------------


def with_units(text: str, line_index: int, units: str, cost: str, adjustment: str, total: str) -> bytes:
    rows = text.split("\r\n")
    fields = rows[line_index][:-2].split("|")
    for name, value in (("LINE_ITEM_NUMBER_OF_UNITS", units), ("LINE_ITEM_UNIT_COST", cost),
                        ("LINE_ITEM_ADJUSTMENT_AMOUNT", adjustment), ("LINE_ITEM_TOTAL", total)):
        fields[LEDES_FIELDS.index(name)] = value
    rows[line_index] = "|".join(fields) + "[]"
    return "\r\n".join(rows).encode()


@settings(max_examples=80)
@given(tenths=st.integers(1, 2_000), cost_tens=st.integers(1, 10_000), discount=st.integers(0, 100))
def test_a_line_whose_total_is_units_times_cost_plus_adjustment_reads_and_one_yen_off_is_refused(
        tenths: int, cost_tens: int, discount: int) -> None:
    units, cost = Decimal(tenths) / 10, cost_tens * 10  # 0.1–200 hours at ¥10–¥100,000: whole yen
    gross = int(units * cost)
    adjustment = -min(discount, gross - 1)
    total = gross + adjustment
    text = ledes_text("INV-U", date(2025, 6, 10), [{"kind": "F", "code": "JP100", "amount": total,
                                                    "date": date(2025, 6, 2), "description": "相談"}])

    read = read_ledes(with_units(text, 2, str(units), str(cost), str(adjustment), str(total))).invoice
    error = refused_file(lambda: read_ledes(with_units(text, 2, str(units), str(cost), str(adjustment), str(total + 1))))

    assert read.lines[0].amount_yen == total
    assert (error.reason, error.line, error.column) == ("line_total_mismatch", 3, "LINE_ITEM_TOTAL")


def test_the_golden_bills_hourly_line_is_checked_and_a_unit_cost_that_is_not_a_number_is_named() -> None:
    text = GOLDEN.read_text(encoding="utf-8")
    wrong = refused_file(lambda: read_ledes(text.replace("|1.5|0|30000|", "|2|0|30000|").encode()))
    not_a_number = refused_file(lambda: read_ledes(text.replace("|FIRM-SATO|20000|", "|FIRM-SATO|二万|").encode()))

    assert (wrong.reason, wrong.line, wrong.params["expected"]) == ("line_total_mismatch", 7, "40,000")
    assert (not_a_number.reason, not_a_number.line, not_a_number.column) == ("not_a_number", 5, "LINE_ITEM_UNIT_COST")


@pytest.mark.parametrize("units", ["9e999999", "1e5000", "1_5", "NaN", "Infinity", "1" * 13, "0.1234567"])
def test_units_that_are_not_a_plain_figure_are_refused_by_name_never_a_crash(units: str) -> None:
    text = GOLDEN.read_text(encoding="utf-8").replace("|1.5|0|30000|", f"|{units}|0|30000|")

    error = refused_file(lambda: read_ledes(text.encode()))

    assert (error.reason, error.line, error.column) == ("not_a_number", 7, "LINE_ITEM_NUMBER_OF_UNITS")


def test_the_invoice_total_written_with_decimals_on_one_line_is_the_same_total() -> None:
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace("|382400|", "|382400.00|", 1)

    assert read_ledes("\n".join(lines).encode()).invoice.invoice_number == "L-2025-001"
