"""The administrator's pages over HTTP: policies (the list and its queue, a policy's page, enrolment
of the three products, the premium's transfer with its bank reference and the cover that follows,
the end of a policy), plans and their versions, the roster import in Shift_JIS, and users — each
refusal in Japanese by its field, each change recorded with the administrator who made it."""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.services import Services
from domain.kernel.actors import Role
from domain.policies.cover import cover_for_premium
from domain.policies.plans import PlanTerms
from infra.plan_seed import SEEDER
from projections.status import wait_for
from tests.builders import today_in_japan
from tests.web.conftest import a_user_with_password, sign_in_through, with_settings
from tests.web.test_case_pages import field_error, hidden, post_form


@pytest.fixture
def person(services: Services) -> Iterator[Callable[..., TestClient]]:
    quick = with_settings(services, claims_sign_in_max_delay_seconds=0)
    opened: list[TestClient] = []

    def sign_in(role: Role = Role.ADMIN) -> TestClient:
        user = a_user_with_password(services, role)
        client = TestClient(create_app(services=quick)).__enter__()
        assert sign_in_through(client, user.user_id, user.password).status_code == 303
        client.user_id = user.user_id  # type: ignore[attr-defined]
        opened.append(client)
        return client

    yield sign_in
    for client in opened:
        client.__exit__(None, None, None)


def tag() -> str:
    return uuid.uuid4().hex[:6].upper()


def caught_up(services: Services, read_model: str = "policy_list") -> None:
    wait_for(services.pool, read_model, services.app.recorder.max_notification_id(), 10)


def enrol(admin: TestClient, **fields: Any) -> Any:
    data = {"product": "harassment", "plan_code": "H-A", "applied_on": first_of_this_month().isoformat(),
            "kind": "physician", "member_number": f"JSPRS-{tag()}", "name": "形成 太郎", **fields}
    return post_form(admin, f"/web/admin/policies/new?product={data['product']}", "/web/admin/policies/new", data)


def first_of_this_month() -> date:
    return today_in_japan().replace(day=1)


def number_of(response: Any) -> str:
    assert response.status_code == 303, response.text[:3000]
    return response.headers["location"].rsplit("/", 1)[1]


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


# ---- policies ------------------------------------------------------------------------------


def test_an_admin_enrols_a_clinic_and_lands_on_its_page_awaiting_its_premium(person, services):
    admin = person()
    clinic = f"CL-{tag()}"
    number = number_of(enrol(admin, kind="clinic", clinic_id=clinic, clinic_name="桜形成外科クリニック",
                             applicant_is_founder="yes", name="医療法人 桜会"))
    page = admin.get(f"/web/admin/policies/{number}").text
    assert number.startswith("HAR-") and "加入を登録しました。" in page
    assert "医療法人 桜会 様の保険契約" in page and "桜形成外科クリニック" in page and "保険料着金待ち" in page
    assert services.app.get_policy(number).holder.clinic_id == clinic


def test_a_clinic_application_not_by_its_founder_is_refused_by_the_field_and_records_nothing(person, services):
    admin = person()
    head = services.app.recorder.max_notification_id()
    response = enrol(admin, kind="clinic", clinic_id=f"CL-{tag()}", clinic_name="某クリニック", applicant_is_founder="no")
    assert response.status_code == 409
    assert "診療所契約は、診療所の開設者の方だけが申し込めます。" in response.text
    assert 'value="某クリニック"' in response.text  # what was typed stays
    assert services.app.recorder.max_notification_id() == head


def test_the_enrolment_form_of_each_product_offers_its_eligible_holders_and_its_plans(person):
    admin = person()
    physician = admin.get("/web/admin/policies/new?product=cyber_physician").text
    institution = admin.get("/web/admin/policies/new?product=cyber_institution").text
    assert 'value="physician"' in physician and 'value="clinic"' not in physician and 'value="CP-1"' in physician
    assert 'value="institution"' in institution and 'value="physician"' not in institution
    assert "医師（勤務医）" in admin.get("/web/admin/policies/new").text and "診療所契約" in admin.get(
        "/web/admin/policies/new").text


def test_a_premium_before_the_cutoff_with_its_bank_reference_shows_cover_from_the_first_of_next_month(person, services):
    admin = person()
    number = number_of(enrol(admin))
    received = first_of_this_month()
    cover = cover_for_premium(received)
    due = services.app.get_policy(number).terms.premium_for(cover.start.month)

    response = post_form(admin, f"/web/admin/policies/{number}", f"/web/admin/policies/{number}/premium",
                         {"received_on": received.isoformat(), "amount_yen": f"¥{due:,}", "bank_reference": "FB-0001"})

    assert response.status_code == 303
    page = text_of(admin.get(f"/web/admin/policies/{number}").text)
    start = cover.start
    assert f"補償開始: {start.year}年{start.month}月1日 16:00" in page
    assert "FB-0001" in page and "保険料の着金を記録しました。" in page and "有効" in page
    assert services.app.get_policy(number).premium_bank_reference == "FB-0001"


def test_a_premium_of_the_wrong_amount_is_refused_in_japanese_with_the_amount_due(person, services):
    admin = person()
    number = number_of(enrol(admin))
    response = post_form(admin, f"/web/admin/policies/{number}", f"/web/admin/policies/{number}/premium",
                         {"received_on": first_of_this_month().isoformat(), "amount_yen": "1"})
    assert response.status_code == 409
    assert "入金額 ¥1 は" in field_error(response.text, "amount_yen")
    assert services.app.get_policy(number).premium_received_on is None


def test_ending_a_policy_records_the_kind_and_its_page_offers_no_premium_form_after(person, services):
    admin = person()
    number = number_of(enrol(admin))
    response = post_form(admin, f"/web/admin/policies/{number}", f"/web/admin/policies/{number}/end",
                         {"end_kind": "lapsed", "reason": "保険料の未納", "effective_on": first_of_this_month().isoformat(),
                          "effective_time": "16:00"})
    assert response.status_code == 303
    page = admin.get(f"/web/admin/policies/{number}").text
    assert "失効" in page and "<summary>保険料の着金を記録する</summary>" not in page and "契約を終了する" not in page


def test_the_list_finds_a_policy_by_member_number_and_the_queue_holds_those_awaiting_premium(person, services):
    admin = person()
    member = f"JSPRS-{tag()}"
    number = number_of(enrol(admin, member_number=member, name="検索 花子"))
    caught_up(services)
    found = admin.get(f"/web/admin/policies?q={member.lower()}&status=awaiting_premium").text
    assert number in found and "検索 花子" in found
    assert number in admin.get("/web/admin/policies").text.split("契約を探す")[0]  # in the queue
    assert number not in admin.get(f"/web/admin/policies?q={member}&status=in_force").text


# ---- plans ---------------------------------------------------------------------------------


def a_plan_of_its_own(services: Services) -> PlanTerms:
    terms = PlanTerms.from_dict({**services.app.get_plan("cyber_physician", "CP-1").terms.as_dict(), "code": f"P{tag()}"})
    services.app.publish_plan(terms, SEEDER)
    return terms


def typed_values(form: str) -> dict[str, str]:
    """Every text field of the page as it is filled in."""
    found = re.finditer(r'name="([a-z_0-9]+)" (?:type="text" )?value="([^"]*)"', form)
    return {m.group(1): html.unescape(m.group(2)) for m in found}


def test_publishing_a_new_version_keeps_the_old_one_shown_and_marks_the_new_one_current(person, services):
    admin = person()
    terms = a_plan_of_its_own(services)
    path = f"/web/admin/plans/cyber_physician/{terms.code}"
    form = admin.get(path).text
    assert 'name="midterm_5"' in form and 'name="sub_liability"' in form
    data = {name: hidden(form, name) for name in ("csrf_token", "form_key")}
    values = typed_values(form)
    values.update(data, limit_per_claim_yen="２，０００，０００", example="no", name="新条件")

    response = admin.post(f"{path}/versions", data=values, follow_redirects=False)

    assert response.status_code == 303, response.text[:3000]
    page = admin.get(path).text
    assert "第2版" in page and "¥2,000,000" in page and "プランの新しい版を公表しました。" in page
    assert services.app.get_plan("cyber_physician", terms.code).terms.limit_per_claim_yen == 2_000_000


def test_a_version_with_a_claim_limit_above_the_year_is_refused_by_the_field(person, services):
    admin = person()
    terms = a_plan_of_its_own(services)
    path = f"/web/admin/plans/cyber_physician/{terms.code}"
    form = admin.get(path).text
    values = typed_values(form)
    values.update({name: hidden(form, name) for name in ("csrf_token", "form_key")}, limit_per_claim_yen="999999999999")
    response = admin.post(f"{path}/versions", data=values, follow_redirects=False)
    assert response.status_code == 422
    assert services.app.get_plan("cyber_physician", terms.code).terms_version == 1


# ---- the roster ----------------------------------------------------------------------------

HEADER = ("member_number,name,kind,product,plan_code,applied_on,clinic_id,clinic_name,applicant_is_founder,"
          "premium_received_on,premium_amount_yen\r\n")


def upload(admin: TestClient, raw: bytes) -> Any:
    csrf = hidden(admin.get("/web/admin/roster").text, "csrf_token")
    return admin.post("/web/admin/roster", data={"csrf_token": csrf}, files={"file": ("名簿.csv", raw, "text/csv")})


def test_a_roster_saved_in_shift_jis_imports_and_reports_each_row_in_japanese(person, services):
    admin = person()
    t, applied = tag(), first_of_this_month().isoformat()
    text = HEADER + (f"R-{t}-1,髙橋 優子,physician,harassment,H-A,{applied},,,,,\r\n"
                     f"R-{t}-2,渡邉 健,physician,harassment,H-NONE,{applied},,,,,\r\n")
    response = upload(admin, text.encode("cp932"))
    assert response.status_code == 200
    page = text_of(response.text)
    assert "取り込み 1 行" in page and "取り込めなかった行 1 行" in page
    assert "取り込みました" in page and "プランコード: 指定されたプランが見つかりません。" in page
    number = re.search(r"(HAR-[0-9A-F]+)", page).group(1)
    assert services.app.get_policy(number).holder.name == "髙橋 優子"
    again = text_of(upload(admin, text.encode("cp932")).text)
    assert "取り込み済み（前回）" in again


def test_a_roster_in_another_encoding_is_refused_with_a_japanese_message(person):
    admin = person()
    response = upload(admin, (HEADER + "X,名前\r\n").encode("utf-16"))
    assert response.status_code == 422
    assert "文字コードを読み取れません" in field_error(response.text, "file")


# ---- users ---------------------------------------------------------------------------------


def register(admin: TestClient, **fields: Any) -> Any:
    data = {"display_name": "新人 一郎", "user_id": f"new-{tag().lower()}", "role": "concierge",
            "password_how": "generate", **fields}
    return data, post_form(admin, "/web/admin/users/new", "/web/admin/users/new", data)


def test_a_registered_user_sees_their_password_once_and_can_sign_in_with_it(person, services, browser):
    admin = person()
    data, response = register(admin)
    assert response.status_code == 200 and "この画面でだけ表示します" in response.text
    password = re.search(r'id="shown-password">([^<]+)<', response.text).group(1)
    assert sign_in_through(browser, data["user_id"], password).status_code == 303
    page = admin.get(f"/web/admin/users/{data['user_id']}").text
    assert "この画面でだけ表示します" not in page and password not in page
    assert "利用者を「クレームコンシェル」として登録" in page
    history = services.app.user_history(data["user_id"])
    assert history[1].actor_id == admin.user_id and password not in str([vars(e) for e in history])


def test_registering_a_taken_user_name_is_refused_by_the_field(person):
    admin = person()
    data, _ = register(admin)
    _, again = register(admin, user_id=data["user_id"])
    assert again.status_code == 409
    assert f"ユーザー名「{data['user_id']}」は、すでに使われています" in field_error(again.text, "user_id")


def test_an_adjusters_limit_is_changed_and_a_concierges_page_offers_no_limit_form(person, services):
    admin = person()
    data, _ = register(admin, role="adjuster", authority_limit_yen="500,000")
    path = f"/web/admin/users/{data['user_id']}"
    response = post_form(admin, path, f"{path}/authority-limit", {"authority_limit_yen": "１，２００，０００"})
    assert response.status_code == 303
    assert services.users.entry(data["user_id"]).authority_limit_yen == 1_200_000
    concierge, _ = register(admin)
    assert "決裁権限の上限額を変える" not in admin.get(f"/web/admin/users/{concierge['user_id']}").text


def test_a_deactivated_user_cannot_sign_in_and_the_admin_cannot_deactivate_themselves(person, services, browser):
    admin = person()
    data, shown = register(admin)
    password = re.search(r'id="shown-password">([^<]+)<', shown.text).group(1)
    path = f"/web/admin/users/{data['user_id']}"
    assert post_form(admin, path, f"{path}/deactivate", {"reason": "退職のため"}).status_code == 303
    refused = sign_in_through(browser, data["user_id"], password)
    assert refused.status_code != 303 and "ユーザー名またはパスワードが正しくありません。" in refused.text
    own = admin.get(f"/web/admin/users/{admin.user_id}").text
    assert f"/web/admin/users/{admin.user_id}/deactivate" not in own
    assert "ご自身の役割の変更や無効化は、ここではできません。" in own


def test_deactivating_a_user_ends_their_open_session_for_good(person, services):
    admin, concierge = person(), person(Role.CONCIERGE)
    assert concierge.get("/home").status_code == 200
    path = f"/web/admin/users/{concierge.user_id}"
    assert post_form(admin, path, f"{path}/deactivate", {"reason": "退職のため"}).status_code == 303
    assert concierge.get("/home", follow_redirects=False).headers["location"] == "/"
    with psycopg.connect(services.database.conninfo) as conn:
        ended = conn.execute("SELECT ended_how FROM web_sessions WHERE user_id = %s", (concierge.user_id,)).fetchall()
    assert ended == [("deactivated",)]

    assert post_form(admin, path, f"{path}/reactivate", {}).status_code == 303
    assert services.users.entry(concierge.user_id).active
    assert concierge.get("/home", follow_redirects=False).headers["location"] == "/"  # signing in again is needed


def test_a_role_change_of_a_user_takes_effect_on_their_next_page(person, services):
    admin, concierge = person(), person(Role.CONCIERGE)
    path = f"/web/admin/users/{concierge.user_id}"
    assert post_form(admin, path, f"{path}/role", {"role": "auditor", "authority_limit_yen": ""}).status_code == 303
    assert concierge.get("/web/cases/new").status_code == 403
    assert "役割を「クレームコンシェル」から「監査」に変更" in admin.get(path).text


def test_revoking_tokens_shows_the_new_one_once(person, services):
    admin = person()
    data, _ = register(admin)
    path = f"/web/admin/users/{data['user_id']}"
    response = post_form(admin, path, f"{path}/tokens", {"issue_new": "yes"})
    token = re.search(r'id="shown-token">([^<]+)<', response.text).group(1)
    assert services.users.by_token(token).user_id == data["user_id"]


def test_the_users_list_shows_roles_and_states_in_japanese(person):
    admin = person()
    register(admin, display_name="一覧 次郎")
    page = admin.get("/web/admin/users?role=concierge&state=active").text
    assert "一覧 次郎" in page and "クレームコンシェル" in page and "有効" in page
