"""The case pages over HTTP: the concierge reports and consults, the adjuster consents, enters a
bill, sees the computation and pays; refusals come back in Japanese next to their field, and a
refused form records nothing."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.services import Services
from domain.kernel.actors import Role
from domain.kernel.clock import JAPAN
from tests.builders import a_harassment_policy_in_force, an_incident_time_within, today_in_japan
from tests.web.conftest import a_user_with_password, sign_in_through, with_settings


@pytest.fixture(scope="module")
def policy(services: Services) -> Any:
    return a_harassment_policy_in_force(services.app, member=f"JSPRS-W{uuid.uuid4().hex[:5].upper()}")


@pytest.fixture
def person(services: Services) -> Iterator[Callable[[Role], TestClient]]:
    """A signed-in browser of the given role (a new user each time)."""
    quick = with_settings(services, claims_sign_in_max_delay_seconds=0)
    opened: list[TestClient] = []

    def sign_in(role: Role, authority_limit_yen: int | None = None) -> TestClient:
        user = a_user_with_password(services, role)
        if authority_limit_yen is not None:
            with services.pool.connection() as conn:
                conn.execute("UPDATE users SET authority_limit_yen = %s WHERE user_id = %s", (authority_limit_yen, user.user_id))
        client = TestClient(create_app(services=quick)).__enter__()
        assert sign_in_through(client, user.user_id, user.password).status_code == 303
        client.user_id = user.user_id  # type: ignore[attr-defined]  (who this browser is signed in as)
        opened.append(client)
        return client

    yield sign_in
    for client in opened:
        client.__exit__(None, None, None)


def hidden(html: str, name: str, form_action: str | None = None) -> str:
    """The value of a hidden field (in the form posting to `form_action`, if given)."""
    if form_action is not None:
        html = html.split(f'action="{form_action}"', 1)[1].split("</form>", 1)[0]
    return html.split(f'name="{name}" value="', 1)[1].split('"', 1)[0]


def post_form(client: TestClient, page: str, action: str, data: dict[str, Any]) -> Any:
    """Post a form of `page` as the browser would: with its CSRF token, form key and version."""
    html = client.get(page).text
    fields = {"csrf_token": hidden(html, "csrf_token", action), "form_key": hidden(html, "form_key", action)}
    if f'action="{action}"' in html and 'name="version"' in html.split(f'action="{action}"', 1)[1].split("</form>")[0]:
        fields["version"] = hidden(html, "version", action)
    return client.post(action, data={**fields, **data}, follow_redirects=False)


def report_fields(policy: Any, **changes: Any) -> dict[str, Any]:
    when = an_incident_time_within(policy).astimezone(JAPAN)
    return {"policy_ref": policy.policy_number[:7], "policy_choice": policy.policy_number, "insured_name": "川口 幸子",
            "insured_name_kana": "カワグチ サチコ", "member_number": "", "occurred_on": when.date().isoformat(),
            "occurred_time": f"{when:%H:%M}", "place": "待合室", "in_japan": "yes",
            "claim_act_kinds": ["refusal_to_leave", "intimidation"], "category": "waiting_time", "channel": "phone",
            "summary": "待合室で大声を出し、退去を求めても帰らない", **changes}


def case_id_of(response: Any) -> str:
    assert response.status_code == 303, response.text[:2000]
    return response.headers["location"].rsplit("/", 1)[1].split("#")[0]


def a_reported_case(client: TestClient, policy: Any) -> str:
    return case_id_of(post_form(client, "/web/cases/new", "/web/cases/new", report_fields(policy)))


def field_error(html: str, field: str) -> str:
    """The Japanese message shown under a field (the element the field's aria-describedby names)."""
    found = re.search(rf'<p class="field-error" id="{re.escape(field)}-error">(.*?)</p>', html)
    assert found, f"no error under {field}"
    return found.group(1)


# ---- reporting -------------------------------------------------------------------------------


def test_a_concierge_reports_a_case_on_the_form_and_lands_on_its_page(person, policy, services):
    concierge = person(Role.CONCIERGE)

    case_id = a_reported_case(concierge, policy)

    case = services.app.get_case(uuid.UUID(case_id))
    assert (case.policy_ref, case.member_number, case.insured_name_kana) == (policy.policy_number, policy.holder.member_number,
                                                                            "カワグチ サチコ")
    assert case.claim_act_kinds == ["refusal_to_leave", "intimidation"] and case.coverage == "covered"
    page = concierge.get(f"/web/cases/{case_id}")
    assert "事案を受け付けました。" in page.text and "川口 幸子 様の事案" in page.text
    assert "不退去" in page.text and "待ち時間" in page.text and "補償の対象です。" in page.text


def test_a_report_with_fields_missing_shows_each_reason_in_japanese_and_records_nothing(person, policy, services):
    concierge = person(Role.CONCIERGE)
    head = services.app.recorder.max_notification_id()

    response = post_form(concierge, "/web/cases/new", "/web/cases/new",
                         report_fields(policy, insured_name="", place="", claim_act_kinds=[], category=""))

    assert response.status_code == 422
    for field in ("insured_name", "place", "claim_act_kinds", "category"):
        assert field_error(response.text, field) == "必須の項目です。入力してください。"
    assert "入力内容に誤りがあります（4 か所）" in response.text
    assert 'value="待合室で大声を出し' not in response.text  # the summary is a textarea: kept as its text
    assert "待合室で大声を出し、退去を求めても帰らない" in response.text  # what was typed stays on the form
    assert services.app.recorder.max_notification_id() == head


def test_a_report_dated_in_the_future_is_refused_by_the_rule_with_its_reason_by_the_date(person, policy, services):
    concierge = person(Role.CONCIERGE)
    tomorrow = (today_in_japan() + timedelta(days=1)).isoformat()

    response = post_form(concierge, "/web/cases/new", "/web/cases/new", report_fields(policy, occurred_on=tomorrow))

    assert response.status_code == 422
    assert field_error(response.text, "occurred_at") == "未来の日時は入力できません。"


def test_the_japanese_term_of_a_choice_is_taken_as_its_code(person, policy, services):
    concierge = person(Role.CONCIERGE)

    case_id = case_id_of(post_form(concierge, "/web/cases/new", "/web/cases/new",
                                   report_fields(policy, claim_act_kinds=["不退去"], channel="電話")))

    assert services.app.get_case(uuid.UUID(case_id)).claim_act_kinds == ["refusal_to_leave"]


def test_the_same_form_sent_twice_records_one_case(person, policy, services):
    concierge = person(Role.CONCIERGE)
    html = concierge.get("/web/cases/new").text
    data = {"csrf_token": hidden(html, "csrf_token"), "form_key": hidden(html, "form_key"), **report_fields(policy)}
    head = services.app.recorder.max_notification_id()

    first, second = (concierge.post("/web/cases/new", data=data, follow_redirects=False) for _ in range(2))

    assert case_id_of(first) == case_id_of(second)
    assert services.app.recorder.max_notification_id() == head + 2  # the report and its first-consultation activity


@pytest.mark.parametrize("typed", ["member", "number"])
def test_the_policy_is_found_as_its_number_or_the_members_is_typed(person, policy, typed):
    concierge = person(Role.CONCIERGE)
    text = policy.holder.member_number.lower() if typed == "member" else policy.policy_number[:8]

    fragment = concierge.get("/web/policies/lookup", params={"policy_ref": text}).text

    assert policy.policy_number in fragment and "クレーム対応費用保険" in fragment and "有効" in fragment


def test_a_policy_that_does_not_exist_is_said_so_under_the_field(person):
    fragment = person(Role.CONCIERGE).get("/web/policies/lookup", params={"policy_ref": "NO-SUCH-POLICY"}).text
    assert "該当する契約が見つかりません" in fragment


# ---- the case page and its forms --------------------------------------------------------------


def an_hour_ago_in_japan() -> datetime:
    return datetime.now(JAPAN) - timedelta(hours=1)


def consult(client: TestClient, case_id: str, n: int) -> Any:
    held = an_hour_ago_in_japan()  # a fixed hour of today would lie ahead before that hour (Japan time)
    return post_form(client, f"/web/cases/{case_id}", f"/web/cases/{case_id}/consultations", {
        "held_on": held.date().isoformat(), "held_time": f"{held:%H:%M}", "channel": "phone",
        "duration_minutes": "２０", "caller": "事務長",
        "question": f"{n} 回目のご相談", "advice": "複数名で対応し、記録を残す"})


def test_consultations_and_a_recommendation_from_the_case_page(person, policy, services):
    concierge = person(Role.CONCIERGE)
    case_id = a_reported_case(concierge, policy)

    for n in range(1, 4):
        assert consult(concierge, case_id, n).status_code == 303
    recommended = post_form(concierge, f"/web/cases/{case_id}", f"/web/cases/{case_id}/recommend",
                            {"reason": "当事者間での解決は困難"})

    assert recommended.status_code == 303
    case = services.app.get_case(uuid.UUID(case_id))
    assert [c.duration_minutes for c in case.consultations] == [20, 20, 20] and case.escalation == "recommended"
    page = concierge.get(f"/web/cases/{case_id}").text
    assert "弁護士対応を推奨（承諾待ち）" in page and "相談の記録（3 件）" in page
    assert 'action="/web/cases/' + case_id + '/recommend"' not in page  # already recommended: not offered again
    assert "/consent" not in page  # the insurer's consent is the adjuster's


def test_the_case_page_names_people_by_their_names_not_their_user_ids(person, policy, services):
    concierge = person(Role.CONCIERGE)
    case_id = a_reported_case(concierge, policy)
    assert consult(concierge, case_id, 1).status_code == 303
    with services.pool.connection() as conn:
        conn.execute("UPDATE users SET display_name = '山田 花子' WHERE user_id = %s", (concierge.user_id,))

    timeline = concierge.get(f"/web/cases/{case_id}").text.split('class="timeline"', 1)[1]

    assert "クレームコンシェル（山田 花子）" in timeline and concierge.user_id not in timeline
    auditor, deadline = person(Role.AUDITOR), time.monotonic() + 20
    row_of_theirs = f'<span class="audit-id">{concierge.user_id}</span>'
    while row_of_theirs not in (found := auditor.get(f"/web/audit/events?actor_id={concierge.user_id}").text):
        assert time.monotonic() < deadline, "the audit log did not catch up"  # a read model: it may lag a moment
        time.sleep(0.05)
    assert f'山田 花子 <span class="audit-id">{concierge.user_id}</span>' in found  # the auditor searches by id


def test_a_consultation_with_a_duration_of_zero_shows_the_reason_by_the_field(person, policy):
    concierge = person(Role.CONCIERGE)
    case_id = a_reported_case(concierge, policy)
    html, held = concierge.get(f"/web/cases/{case_id}").text, an_hour_ago_in_japan()
    data = {"csrf_token": hidden(html, "csrf_token", f"/web/cases/{case_id}/consultations"),
            "form_key": hidden(html, "form_key", f"/web/cases/{case_id}/consultations"),
            "version": hidden(html, "version", f"/web/cases/{case_id}/consultations"),
            "held_on": held.date().isoformat(), "held_time": f"{held:%H:%M}",
            "channel": "phone", "duration_minutes": "0",
            "caller": "院長", "question": "q", "advice": "a"}

    response = concierge.post(f"/web/cases/{case_id}/consultations", data=data)

    assert response.status_code == 422
    assert field_error(response.text, "duration_minutes") == "1 以上の値を入力してください。"


def a_case_with_consent(person: Callable[..., TestClient], policy: Any) -> tuple[str, TestClient]:
    concierge, adjuster = person(Role.CONCIERGE), person(Role.ADJUSTER, 1_000_000)
    case_id = a_reported_case(concierge, policy)
    post_form(concierge, f"/web/cases/{case_id}", f"/web/cases/{case_id}/recommend", {"reason": "解決困難"})
    consent = post_form(adjuster, f"/web/cases/{case_id}", f"/web/cases/{case_id}/consent", {
        "consent_reference": "SJ-W-1", "consent_date": today_in_japan().isoformat(), "lawyer_name": "佐藤 花子",
        "law_firm": "佐藤法律事務所"})
    assert consent.status_code == 303
    return case_id, adjuster


def bill(adjuster: TestClient, case_id: str, rows: list[tuple[str, str]], number: str = "INV-W1") -> Any:
    day = today_in_japan().isoformat()
    data: dict[str, Any] = {"invoice_number": number, "invoice_date": day, "lines": str(len(rows))}
    for i, (fee, amount) in enumerate(rows):
        data |= {f"line-{i}-fee_type": fee, f"line-{i}-work_date": day if fee else "", f"line-{i}-amount_yen": amount}
    return post_form(adjuster, f"/web/cases/{case_id}/invoice", f"/web/cases/{case_id}/invoice", data)


def test_each_line_of_a_bill_says_whether_it_is_covered_as_it_is_typed(person, policy):
    case_id, adjuster = a_case_with_consent(person, policy)
    html = adjuster.get(f"/web/cases/{case_id}/invoice").text
    day = today_in_japan()
    data = {"csrf_token": hidden(html, "csrf_token"), "lines": "3",
            "line-0-fee_type": "retainer", "line-0-work_date": day.isoformat(), "line-0-amount_yen": "220000",
            "line-1-fee_type": "daily_allowance", "line-1-work_date": day.isoformat(),
            "line-2-fee_type": "consultation_fee", "line-2-work_date": (day - timedelta(days=400)).isoformat()}

    verdicts = adjuster.post(f"/web/cases/{case_id}/invoice/preview", data=data).text

    spans = dict(re.findall(r'<span id="verdict-(\d)" hx-swap-oob="true">(.*?)</span>(?:\n|$)', verdicts, re.S))
    assert "対象</span>" in spans["0"] and "対象外" not in spans["0"]
    assert "補償対象外の費目（日当・顧問料）" in spans["1"]
    assert "保険会社の承諾前の業務" in spans["2"]


def test_the_adjusters_day_on_a_case_bill_payment_of_288000_transfer_and_close(person, policy, services):
    case_id, adjuster = a_case_with_consent(person, policy)

    recorded = bill(adjuster, case_id,
                    [("retainer", "２２０，０００"), ("consultation_fee", "¥110,000"), ("daily_allowance", "20000円")])
    screen = adjuster.get(f"/web/cases/{case_id}/payment").text
    paid = post_form(adjuster, f"/web/cases/{case_id}/payment", f"/web/cases/{case_id}/payment", {})
    settled = post_form(adjuster, f"/web/cases/{case_id}", f"/web/cases/{case_id}/payments/1/settlement",
                        {"transfer_date": today_in_japan().isoformat(), "bank_reference": "FB-W-1"})
    closed = post_form(adjuster, f"/web/cases/{case_id}", f"/web/cases/{case_id}/close", {"reason": "解決"})

    assert [r.status_code for r in (recorded, paid, settled, closed)] == [303, 303, 303, 303]
    assert "¥330,000" in screen and "− ¥10,000" in screen and "× 90 %" in screen and "¥288,000 の支払を承認する" in screen
    assert "権限内" in screen
    case = services.app.get_case(uuid.UUID(case_id))
    assert (case.covered_fees_yen, case.excluded_fees_yen, case.settled_yen, case.status) == (330_000, 20_000, 288_000,
                                                                                             "closed")
    page = adjuster.get(f"/web/cases/{case_id}").text
    assert "事案を終了しました。" in page and "再開する" in page


def test_a_payment_above_the_adjusters_authority_goes_to_a_second_adjuster_who_confirms_it(person, policy, services):
    case_id, senior = a_case_with_consent(person, policy)  # the senior may approve up to ¥1,000,000
    junior = person(Role.ADJUSTER, 100_000)
    bill(junior, case_id, [("retainer", "330000")])

    screen = junior.get(f"/web/cases/{case_id}/payment").text
    assert "¥288,000" in screen and "権限を超えています" in screen and "二人目の損害調査担当への確認依頼" in screen
    assert "¥288,000 の支払の確認を依頼する" in screen and "の支払を承認する" not in screen
    asked = post_form(junior, f"/web/cases/{case_id}/payment", f"/web/cases/{case_id}/payment", {})
    assert asked.status_code == 303
    page = junior.get(asked.headers["location"]).text
    assert "確認依頼として記録しました" in page and "確認依頼 1" in page and "ご自身の依頼です" in page
    assert "確認して支払を承認する" not in page  # never one's own
    own = post_form(senior, f"/web/cases/{case_id}", f"/web/cases/{case_id}/payment-requests/1/confirm#requests", {})
    assert own.status_code == 303, own.text[-2000:]
    case = services.app.get_case(uuid.UUID(case_id))
    assert [(p.amount_yen, p.requested_by) for p in case.payments.values()] == [(288_000, case.book.requests[1].requested_by)]
    assert "確認依頼を確認し、支払を承認しました" in senior.get(own.headers["location"]).text


def test_a_request_is_refused_with_its_reason_by_the_field_and_then_refused_with_one(person, policy, services):
    case_id, senior = a_case_with_consent(person, policy)
    junior = person(Role.ADJUSTER, 100_000)
    bill(junior, case_id, [("retainer", "330000")])
    post_form(junior, f"/web/cases/{case_id}/payment", f"/web/cases/{case_id}/payment", {})
    head = services.app.recorder.max_notification_id()
    action = f"/web/cases/{case_id}/payment-requests/1/refuse#requests"

    blank = post_form(senior, f"/web/cases/{case_id}", action, {"reason": " "})
    assert blank.status_code == 422
    form = blank.text.split('action="' + action + '"', 1)[1].split('</form>', 1)[0]
    assert re.search(r'id="reason-error">[^<]*入力してください', form), form
    assert services.app.recorder.max_notification_id() == head
    assert post_form(senior, f"/web/cases/{case_id}", action, {"reason": "着手金の算定根拠を確認"}).status_code == 303
    page = senior.get(f"/web/cases/{case_id}").text
    assert "差戻し" in page and "着手金の算定根拠を確認" in page


def test_notes_and_the_reserve_from_the_case_page(person, policy, services):
    case_id, adjuster = a_case_with_consent(person, policy)
    concierge = person(Role.CONCIERGE)

    noted = post_form(concierge, f"/web/cases/{case_id}", f"/web/cases/{case_id}/notes#notes",
                      {"category": "telephone", "text": "院長から経過の電話。来週弁護士と面談。", "corrects": ""})
    assert noted.status_code == 303, noted.text[-2000:]
    corrected = post_form(adjuster, f"/web/cases/{case_id}", f"/web/cases/{case_id}/notes#notes",
                          {"category": "telephone", "text": "訂正: 面談は再来週", "corrects": "1"})
    assert corrected.status_code == 303
    concierge_page = concierge.get(f"/web/cases/{case_id}").text
    assert "このメモは訂正されています" in concierge_page and "メモ 2" in concierge_page
    assert "支払備金" not in concierge_page  # the insurer's figure: adjusters and auditors

    bad = post_form(adjuster, f"/web/cases/{case_id}", f"/web/cases/{case_id}/reserve#reserve",
                    {"amount_yen": "-5", "reason": "見込み"})
    assert bad.status_code == 422 and 'id="amount_yen-error"' in bad.text.split("/reserve#reserve", 1)[1]
    ok = post_form(adjuster, f"/web/cases/{case_id}", f"/web/cases/{case_id}/reserve#reserve",
                   {"amount_yen": "５００，０００", "reason": "訴訟移行の見込み"})
    assert ok.status_code == 303
    page = adjuster.get(ok.headers["location"]).text
    assert "支払備金を記録しました" in page and "¥500,000" in page and "訴訟移行の見込み" in page
    assert services.app.get_case(uuid.UUID(case_id)).reserves.outstanding_yen() == 500_000


def test_a_reserve_above_the_policys_limit_is_refused_by_its_field_with_the_figures(person, policy, services):
    case_id, adjuster = a_case_with_consent(person, policy)
    left = services.app.get_policy(policy.policy_number).remaining_for_claim(case_id)

    above = post_form(adjuster, f"/web/cases/{case_id}", f"/web/cases/{case_id}/reserve#reserve",
                      {"amount_yen": str(left + 1), "reason": "見込み"})

    assert above.status_code == 409
    said = field_error(above.text, "amount_yen")
    assert f"支払備金 ¥{left + 1:,} は" in said and f"の残り ¥{left:,}）を超えています" in said
    assert services.app.get_case(uuid.UUID(case_id)).reserves.outstanding_yen() == 0


def test_a_bill_line_refused_is_shown_on_the_row_it_was_typed_in(person, policy, services):
    case_id, adjuster = a_case_with_consent(person, policy)
    head = services.app.recorder.max_notification_id()

    response = bill(adjuster, case_id, [("retainer", "100000"), ("", ""), ("success_fee", "-5")])

    assert response.status_code == 422
    row = re.search(r'<p class="field-error" id="line-2-error">(.*?)</p>', response.text)
    assert (row and "整数" in row.group(1)) or (row and "1 円以上" in row.group(1)), response.text[-3000:]
    assert services.app.recorder.max_notification_id() == head


def test_a_form_of_a_case_changed_meanwhile_says_so_and_records_nothing(person, policy, services):
    concierge = person(Role.CONCIERGE)
    case_id = a_reported_case(concierge, policy)
    stale = concierge.get(f"/web/cases/{case_id}").text
    assert consult(concierge, case_id, 1).status_code == 303  # the case moved on
    action = f"/web/cases/{case_id}/recommend"
    data = {"csrf_token": hidden(stale, "csrf_token", action), "form_key": hidden(stale, "form_key", action),
            "version": hidden(stale, "version", action), "reason": "解決困難"}

    response = concierge.post(action, data=data)

    assert response.status_code == 412 and "ほかの方がこの記録を先に更新しました" in response.text
    assert services.app.get_case(uuid.UUID(case_id)).escalation == "none"


def test_reading_a_case_page_is_in_the_access_log(person, policy, services):
    concierge = person(Role.CONCIERGE)
    case_id = a_reported_case(concierge, policy)
    with services.pool.connection() as conn:
        before = conn.execute("SELECT count(*) FROM access_log WHERE subject = %s", (case_id,)).fetchone()[0]
    concierge.get(f"/web/cases/{case_id}")
    with services.pool.connection() as conn:
        after = conn.execute("SELECT count(*), max(action) FROM access_log WHERE subject = %s", (case_id,)).fetchone()
    assert after == (before + 1, "case.page")


def test_the_search_finds_a_case_by_kana_in_half_width(person, policy):
    concierge = person(Role.CONCIERGE)
    case_id = a_reported_case(concierge, policy)

    found = concierge.get("/web/cases", params={"q": "ｶﾜｸﾞﾁ"})  # the read model may take a moment
    for _ in range(50):
        if case_id in found.text:
            break
        found = concierge.get("/web/cases", params={"q": "ｶﾜｸﾞﾁ"})

    assert case_id in found.text and "川口 幸子" in found.text
