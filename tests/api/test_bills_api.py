"""Lawyers' bills through the HTTP API on a real PostgreSQL: a LEDES 1998B file imported with a
report per line, reviewed (a line reduced with a reason, a flagged line classified), approved,
and paid by exactly SPEC's rule on the reviewed amounts; malformed files refused whole."""

from __future__ import annotations

from datetime import date

from domain.harassment.bill_files import LEDES_FIELDS, LEDES_MARK
from tests.builders import today_in_japan


def ledes(lines: list[tuple[str, str, int]], *, number: str = "L-001", day: date | None = None,
          total: int | None = None) -> bytes:
    """A LEDES 1998B file: lines of (F/E, code, amount), all worked and billed `day` (today)."""
    when = (day or today_in_japan()).strftime("%Y%m%d")
    out = [LEDES_MARK, "|".join(LEDES_FIELDS) + "[]"]
    for n, (kind, code, amount) in enumerate(lines, 1):
        row = dict.fromkeys(LEDES_FIELDS, "")
        row.update({"INVOICE_DATE": when, "INVOICE_NUMBER": number, "LINE_ITEM_NUMBER": str(n),
                    "INVOICE_TOTAL": str(total if total is not None else sum(x[2] for x in lines)),
                    "EXP/FEE/INV_ADJ_TYPE": kind, "LINE_ITEM_TOTAL": str(amount), "LINE_ITEM_DATE": when,
                    "LINE_ITEM_DESCRIPTION": f"明細 {n}"})
        row["LINE_ITEM_EXPENSE_CODE" if kind == "E" else "LINE_ITEM_TASK_CODE"] = code
        out.append("|".join(row[f] for f in LEDES_FIELDS) + "[]")
    return ("\r\n".join(out) + "\r\n").encode("utf-8")


A_BILL = [("F", "JP200", 220_000), ("F", "JP100", 110_000), ("F", "JP500", 20_000), ("E", "E112", 2_400),
          ("F", "L120", 30_000)]


def upload(api, case_id: str, content: bytes, name: str = "bill.ledes", role: str = "adjuster", **fields: str):
    return api.client.post(f"/cases/{case_id}/bills/import", headers=api.headers(role), data=fields,
                           files={"file": (name, content, "application/octet-stream")})


def test_import_bill_reports_each_line_and_flags_the_unknown_code(api):
    case = api.a_case_with_consent()

    response = upload(api, case["id"], ledes(A_BILL))

    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["status"], body["source"]) == ("under_review", "ledes")
    assert [(x["file_line"], x["fee_type"], x["covered"], x["flagged"]) for x in body["lines"]] == [
        (3, "retainer", True, False), (4, "consultation_fee", True, False), (5, "daily_allowance", False, False),
        (6, "litigation_costs", True, False), (7, None, False, True)]
    assert body["case"]["stage"] == "bill_under_review"


def test_import_review_and_payment_pays_the_rule_on_the_reviewed_amounts(api):
    case_id = api.a_case_with_consent()["id"]
    upload(api, case_id, ledes(A_BILL))
    assert api.post(f"/cases/{case_id}/payments", "adjuster").json()["rule"] == "bill_under_review"

    reduced = api.post(f"/cases/{case_id}/bills/L-001/lines/1/review", "adjuster",
                       {"allowed_yen": 165_000, "reason": "時間単価が合意額を超える"})
    classified = api.post(f"/cases/{case_id}/bills/L-001/lines/5/review", "adjuster",
                          {"allowed_yen": 20_000, "reason": "調査は手数料として認める（上限）", "fee_type": "手数料"})
    approved = api.post(f"/cases/{case_id}/bills/L-001/approve", "adjuster")
    paid = api.post(f"/cases/{case_id}/payments", "adjuster")

    assert (reduced.status_code, classified.status_code, approved.status_code) == (200, 200, 200)
    assert approved.json()["invoices"][0]["status"] == "partly_approved"
    assert paid.status_code == 201, paid.text
    # SPEC: (covered fees − ¥10,000) × 90 %, rounded down. Reviewed covered fees:
    # 着手金 165,000 + 相談料 110,000 + 印紙代 2,400 + 手数料 20,000 = 297,400 (日当 20,000 never covered)
    # → (297,400 − 10,000) × 0.9 = 258,660 (the bill as sent would have paid (362,400 − 10,000) × 0.9 = 317,160)
    assert paid.json()["payments"][0]["amount_yen"] == 258_660
    assert paid.json()["totals"]["covered_fees_yen"] == 297_400


def test_a_bill_whose_number_holds_a_slash_is_reviewed_approved_and_rejected_by_its_number(api):
    case_id = api.a_case_with_consent()["id"]
    assert upload(api, case_id, ledes(A_BILL[:3], number="2026/04-001")).status_code == 201
    assert upload(api, case_id, ledes(A_BILL[:3], number="2026/04-002")).status_code == 201
    base = f"/cases/{case_id}/bills/2026%2F04-001"  # as a client escapes it; a literal "/" reads the same

    reduced = api.post(f"{base}/lines/1/review", "adjuster", {"allowed_yen": 200_000, "reason": "減額"})
    approved = api.post(f"/cases/{case_id}/bills/2026/04-001/approve", "adjuster")
    rejected = api.post(f"/cases/{case_id}/bills/2026/04-002/reject", "adjuster", {"reason": "重複請求"})

    assert (reduced.status_code, approved.status_code, rejected.status_code) == (200, 200, 200), rejected.text
    assert [(b["number"], b["status"]) for b in rejected.json()["invoices"]] == [
        ("2026/04-001", "partly_approved"), ("2026/04-002", "rejected")]


def test_import_bill_with_a_malformed_line_is_refused_naming_line_and_field_and_records_nothing(api):
    case_id = api.a_case_with_consent()["id"]
    before = api.event_count(case_id)
    content = ledes(A_BILL).replace(b"|110000|", b"|11O000|")  # a letter O where a zero belongs

    response = upload(api, case_id, content)

    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert (problem["rule"], problem["field"], problem["line"], problem["column"], problem["reason"]) == (
        "bill_file_malformed", "file", 4, "LINE_ITEM_TOTAL", "not_whole_yen")
    assert api.event_count(case_id) == before


def test_import_bill_refusal_reads_in_japanese(api):
    case_id = api.a_case_with_consent()["id"]

    response = api.client.post(f"/cases/{case_id}/bills/import",
                               headers=api.headers("adjuster", **{"Accept-Language": "ja"}),
                               files={"file": ("bill.ledes", ledes(A_BILL, total=1), "text/plain")})

    assert response.status_code == 422
    assert "INVOICE_TOTAL" in response.json()["detail"] and "一致しません" in response.json()["detail"]


def test_a_line_whose_total_is_not_units_times_cost_is_refused_in_japanese_and_records_nothing(api):
    case = api.a_case_with_consent()
    before = api.event_count(case["id"])
    text = ledes([("F", "JP100", 30_000)]).decode()
    rows = text.split("\r\n")
    fields = rows[2][:-2].split("|")
    fields[LEDES_FIELDS.index("LINE_ITEM_NUMBER_OF_UNITS")], fields[LEDES_FIELDS.index("LINE_ITEM_UNIT_COST")] = "2", "20000"
    rows[2] = "|".join(fields) + "[]"

    response = api.client.post(f"/cases/{case['id']}/bills/import",
                               headers=api.headers("adjuster", **{"Accept-Language": "ja"}),
                               files={"file": ("bill.ledes", "\r\n".join(rows).encode(), "text/plain")})

    assert response.status_code == 422
    assert response.json()["detail"] == (
        "3 行目の LINE_ITEM_TOTAL「30000」が、単位数 × 単価 + 調整額（40,000）と一致しません。何も記録していません。")
    assert api.event_count(case["id"]) == before


def test_import_csv_bill_takes_number_and_date_from_the_form(api):
    case_id = api.a_case_with_consent()["id"]
    day = today_in_japan().isoformat()
    content = f"費目,業務日,金額,摘要\n着手金,{day},220000,\n日当,{day},20000,\n".encode("cp932")

    response = upload(api, case_id, content, "bill.csv", invoice_number="C-7", invoice_date=day)

    assert response.status_code == 201, response.text
    assert [x["fee_type"] for x in response.json()["lines"]] == ["retainer", "daily_allowance"]
    assert response.json()["status"] == "received"


def test_import_csv_bill_without_its_number_names_the_field(api):
    case_id = api.a_case_with_consent()["id"]

    response = upload(api, case_id, "費目,業務日,金額,摘要\n着手金,2026-01-05,1,\n".encode(), "bill.csv")

    assert response.status_code == 422 and response.json()["field"] == "invoice_number"


def test_reject_bill_by_the_auditor_is_forbidden(api):
    case_id = api.a_case_with_invoice()["id"]

    assert api.post(f"/cases/{case_id}/bills/INV-001/reject", "auditor", {"reason": "x"}).status_code == 403


def test_matter_course_is_recorded_and_shown_on_the_case(api):
    case_id = api.a_case_with_consent()["id"]
    day = today_in_japan().isoformat()

    api.post(f"/cases/{case_id}/matter", "adjuster", {"stage": "交渉中", "occurred_on": day})
    response = api.post(f"/cases/{case_id}/matter", "adjuster",
                        {"stage": "concluded", "occurred_on": day, "outcome": "示談"})

    assert response.status_code == 200, response.text
    matter = response.json()["matter"]
    assert matter["stage"] == "concluded"
    assert [(s["stage"], s["outcome"]) for s in matter["course"]] == [
        ("engaged", None), ("negotiation", None), ("concluded", "settlement")]


def test_case_list_shows_the_matter_stage_and_the_bill_under_review(api):
    case_id = api.a_case_with_consent()["id"]
    position = upload(api, case_id, ledes(A_BILL)).json()["case"]["log_position"]

    rows = api.get(f"/cases?stage=bill_under_review&position={position}&limit=200").json()["items"]

    assert case_id in [r["id"] for r in rows]
    assert next(r for r in rows if r["id"] == case_id)["matter_stage"] == "engaged"


# ---- the counsel register ---------------------------------------------------------------------


def test_consent_naming_a_registered_lawyer_puts_the_case_on_the_firms_page(api):
    firm = api.post("/counsel/firms", "admin", {"name": "山田法律事務所", "name_kana": "ヤマダ"}).json()
    number = str(int(firm["id"][:8], 16) % 900_000 + 10_000)  # unique enough per test run
    lawyer_firm = api.post("/counsel/lawyers", "adjuster", {
        "name": "山田 一郎", "name_kana": "ヤマダ イチロウ", "registration_number": number,
        "bar_association": "東京弁護士会", "firm_id": firm["id"]})
    assert lawyer_firm.status_code == 201, lawyer_firm.text
    lawyer_id = lawyer_firm.json()["lawyers"][0]["id"]
    case = api.a_case_awaiting_consent()

    consent = api.post(f"/cases/{case['id']}/escalation/approve", "adjuster",
                       {"consent_reference": "SJ-9", "consent_date": today_in_japan().isoformat(),
                        "lawyer_id": lawyer_id})

    assert consent.status_code == 200, consent.text
    assert consent.json()["escalation"]["lawyer_name"] == "山田 一郎"
    page = api.get(f"/counsel/firms/{firm['id']}", "concierge").json()
    assert [m["case_id"] for m in page["matters"]] == [case["id"]]


def test_register_lawyer_twice_with_one_number_is_refused(api):
    firm = api.post("/counsel/firms", "adjuster", {"name": "鈴木法律事務所"}).json()
    number = str(int(firm["id"][:8], 16) % 900_000 + 10_000)
    lawyer = {"name": "鈴木 次郎", "registration_number": number, "bar_association": "大阪弁護士会",
              "firm_id": firm["id"]}
    api.post("/counsel/lawyers", "adjuster", lawyer)

    response = api.post("/counsel/lawyers", "adjuster", {**lawyer, "name": "別の人"})

    assert response.status_code == 409 and response.json()["rule"] == "lawyer_already_registered"
