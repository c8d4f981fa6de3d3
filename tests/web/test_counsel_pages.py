"""The counsel and bill pages over HTTP: the adjuster imports a LEDES bill on the case page, sees
each line's classification, reduces a line with a reason, approves the bill and pays by the rule;
a malformed file is refused by the file field in Japanese, recording nothing; the counsel register
is kept by adjusters and read by concierges."""

from __future__ import annotations

import uuid
from typing import Any

from domain.kernel.actors import Role
from tests.api.test_bills_api import A_BILL, ledes
from tests.web import test_case_pages
from tests.web.test_case_pages import a_case_with_consent, field_error, hidden, post_form

policy, person = test_case_pages.policy, test_case_pages.person  # the case pages' fixtures, shared


def upload_bill(adjuster, case_id: str, content: bytes, **fields: str) -> Any:
    page, action = f"/web/cases/{case_id}", f"/web/cases/{case_id}/bills/import"
    html = adjuster.get(page).text
    data = {"csrf_token": hidden(html, "csrf_token", action), "form_key": hidden(html, "form_key", action),
            "version": hidden(html, "version", action), **fields}
    return adjuster.post(action, data=data, files={"file": ("bill.ledes", content, "text/plain")},
                         follow_redirects=False)


def test_a_ledes_bill_imported_on_the_case_page_is_reviewed_approved_and_paid(person, policy, services):
    case_id, adjuster = a_case_with_consent(person, policy)

    imported = upload_bill(adjuster, case_id, ledes(A_BILL))
    page = adjuster.get(f"/web/cases/{case_id}").text
    reduced = post_form(adjuster, f"/web/cases/{case_id}", f"/web/cases/{case_id}/bills/L-001/lines/1/review",
                        {"allowed_yen": "１６５，０００", "reason": "時間単価が合意額を超える"})
    classified = post_form(adjuster, f"/web/cases/{case_id}", f"/web/cases/{case_id}/bills/L-001/lines/5/review",
                           {"allowed_yen": "20000", "reason": "手数料として認める", "fee_type": "handling_fee"})
    approved = post_form(adjuster, f"/web/cases/{case_id}", f"/web/cases/{case_id}/bills/L-001/approve", {})
    paid = post_form(adjuster, f"/web/cases/{case_id}/payment", f"/web/cases/{case_id}/payment", {})

    assert [r.status_code for r in (imported, reduced, classified, approved, paid)] == [303] * 5
    assert "費目の判定が必要" in page and "F:L120" in page and "審査中" in page
    case = services.app.get_case(uuid.UUID(case_id))
    assert case.invoices[0].status == "partly_approved"
    assert case.payments[1].amount_yen == (297_400 - 10_000) * 90 // 100 == 258_660
    after = adjuster.get(f"/web/cases/{case_id}").text
    assert "一部承認" in after and "時間単価が合意額を超える" in after and "¥165,000" in after


def test_a_bill_whose_number_holds_a_slash_and_a_hash_is_reviewed_and_approved_from_its_forms(person, policy,
                                                                                            services):
    case_id, adjuster = a_case_with_consent(person, policy)
    assert upload_bill(adjuster, case_id, ledes(A_BILL[:3], number="2026/04-001 #2")).status_code == 303
    page = adjuster.get(f"/web/cases/{case_id}").text
    line_action = f"/web/cases/{case_id}/bills/2026%2F04-001%20%232/lines/1/review"
    approve_action = f"/web/cases/{case_id}/bills/2026%2F04-001%20%232/approve"
    assert f'action="{line_action}"' in page and f'action="{approve_action}"' in page  # the number, one segment

    reduced = post_form(adjuster, f"/web/cases/{case_id}", line_action, {"allowed_yen": "200000", "reason": "減額"})
    approved = post_form(adjuster, f"/web/cases/{case_id}", approve_action, {})

    assert (reduced.status_code, approved.status_code) == (303, 303)
    bill = services.app.get_case(uuid.UUID(case_id)).invoices[0]
    assert (bill.number, bill.status) == ("2026/04-001 #2", "partly_approved")


def test_a_malformed_bill_file_is_refused_by_the_file_field_in_japanese_and_records_nothing(person, policy,
                                                                                             services):
    case_id, adjuster = a_case_with_consent(person, policy)
    before = services.app.get_case(uuid.UUID(case_id)).version

    response = upload_bill(adjuster, case_id, ledes(A_BILL).replace(b"|20000|", b"|2O000|"))

    assert response.status_code == 422
    message = field_error(response.text, "file")
    assert "5 行目" in message and "LINE_ITEM_TOTAL" in message and "何も記録していません" in message
    assert services.app.get_case(uuid.UUID(case_id)).version == before


def test_the_matter_course_is_recorded_on_the_case_page(person, policy, services):
    case_id, adjuster = a_case_with_consent(person, policy)

    response = post_form(adjuster, f"/web/cases/{case_id}", f"/web/cases/{case_id}/matter",
                         {"stage": "concluded", "occurred_on": "", "outcome": "settlement"})
    assert response.status_code == 422  # the date is missing: said by the field
    done = post_form(adjuster, f"/web/cases/{case_id}", f"/web/cases/{case_id}/matter",
                     {"stage": "litigation", "occurred_on": services.app.get_case(uuid.UUID(case_id))
                      .consent_date.isoformat()})

    assert done.status_code == 303
    assert "訴訟中" in adjuster.get(f"/web/cases/{case_id}").text


def test_the_adjuster_registers_a_firm_and_a_lawyer_and_the_concierge_reads_them(person):
    adjuster, concierge = person(Role.ADJUSTER), person(Role.CONCIERGE)

    made = post_form(adjuster, "/web/counsel/firms/new", "/web/counsel/firms/new",
                     {"name": "高橋法律事務所", "name_kana": "タカハシ", "phone": "03-1111-2222"})
    firm_path = made.headers["location"]
    number = str(uuid.uuid4().int % 900_000 + 10_000)
    lawyer = post_form(adjuster, firm_path, f"{firm_path}/lawyers", {
        "name": "高橋 三郎", "name_kana": "タカハシ サブロウ", "registration_number": number,
        "bar_association": "第二東京弁護士会"})
    twice = post_form(adjuster, firm_path, f"{firm_path}/lawyers", {
        "name": "別人", "registration_number": number, "bar_association": "第二東京弁護士会"})

    assert (made.status_code, lawyer.status_code, twice.status_code) == (303, 303, 409)
    assert "すでに登録されています" in field_error(twice.text, "registration_number")
    page = concierge.get(firm_path).text
    assert "高橋 三郎" in page and number in page and "弁護士を登録する" not in page
    assert "高橋法律事務所" in concierge.get("/web/counsel").text


def test_a_bill_number_with_dot_segments_stays_one_segment_and_acts_on_its_own_bill(person, policy, services):
    """A browser resolves "../" in a path before sending it: a number such as X/../INV-9 written
    as it is would approve bill INV-9. Escaped whole, it names its own bill."""
    case_id, adjuster = a_case_with_consent(person, policy)
    assert upload_bill(adjuster, case_id, ledes(A_BILL[:3], number="INV-9")).status_code == 303
    assert upload_bill(adjuster, case_id, ledes(A_BILL[:3], number="X/../INV-9")).status_code == 303
    approve_action = f"/web/cases/{case_id}/bills/X%2F..%2FINV-9/approve"
    assert f'action="{approve_action}"' in adjuster.get(f"/web/cases/{case_id}").text
    before = services.app.get_case(uuid.UUID(case_id)).invoices[0].status

    assert post_form(adjuster, f"/web/cases/{case_id}", approve_action, {}).status_code == 303
    bills = {b.number: b.status for b in services.app.get_case(uuid.UUID(case_id)).invoices}
    assert bills == {"INV-9": before, "X/../INV-9": "approved"} and before != "approved"
