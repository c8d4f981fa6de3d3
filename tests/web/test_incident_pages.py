"""The cyber incident's pages over HTTP: the notice of circumstances, the incident's page and its
forms, the payment screen of one head of loss. Each form runs the application's named command;
a refusal comes back in Japanese next to its field, with what was typed, and records nothing."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from html import unescape
from typing import Any

import pytest

from domain.cyber.vocabulary import CostType, HeadOfLoss, InsuredParty
from domain.kernel.actors import Role
from domain.kernel.clock import JAPAN
from tests.builders import (
    LIVE_ADJUSTER,
    LIVE_CONCIERGE,
    a_cost,
    a_cyber_policy_in_force,
    a_notice,
    a_third_party_claim,
    an_offset,
    position_of,
    recorded_since,
    today_in_japan,
)
from tests.web.conftest import sign_in_through

pytestmark = pytest.mark.postgres
FOUND = "電子カルテのサーバに外部から不正アクセスの可能性"


# ---- helpers --------------------------------------------------------------------------------


@pytest.fixture
def signed_in(browser_with, a_user):
    """A browser of its own, signed in as a new person of that role (no authority limit)."""

    def as_role(role: Role):
        user, client = a_user(role), browser_with(claims_sign_in_max_delay_seconds=0)
        assert sign_in_through(client, user.user_id, user.password).status_code == 303
        return client

    return as_role


@pytest.fixture
def policy(services):
    """A CI-1 policy of its own (its limits are this test's alone), in force this policy year."""
    return a_cyber_policy_in_force(services.app)


def hidden_fields(html: str, action: str) -> dict[str, str]:
    """The hidden fields (CSRF token, form key, version) of the page's form posting to `action`."""
    form = re.search(rf'<form method="post" action="{re.escape(action)}(?:#[a-z]+)?"(.*?)</form>', html, re.S)
    assert form, f"no form posting to {action}"
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(1)))


def submit(client, page: str, action: str, **fields: Any):
    """Fill in the form of `page` that posts to `action`, as a person would, and send it."""
    data = hidden_fields(client.get(page).text, action) | fields
    return client.post(action, data=data, follow_redirects=False)


def error_next_to(html: str, field: str) -> str:
    found = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', html)
    assert found, f"no error shown next to {field}"
    return unescape(found.group(1))


def figures(html: str) -> dict[str, str]:
    """The payment screen's computation: row heading → amount as shown."""
    rows = re.findall(r'<th scope="row">(.*?)</th><td class="num">(?:<strong>)?(.*?)(?:</strong>)?</td>', html)
    return {unescape(name): unescape(value) for name, value in rows}


def notice_form(policy_number: str, **changes: Any) -> dict[str, Any]:
    day = today_in_japan() - timedelta(days=1)
    return {"product": "cyber_institution", "policy_ref": policy_number, "policy_choice": policy_number,
            "insured_name": "医療法人 青葉会", "insured_name_kana": "アオバカイ", "member_number": "JSPRS-30001",
            "insured_party": "記名被保険者", "found": FOUND, "occurred_on": day.isoformat(), "occurred_time": "09:00",
            "discovered_on": day.isoformat(), "discovered_time": "11:30", "country": "日本",
            "incident_kinds": ["サイバーインシデント", "情報漏えい・おそれ"], "business": "医療業務",
            "personal_data": "yes", "medical_data": "yes", "people_affected": "１，２００", **changes}


def an_incident(services, policy, **notice_changes: Any) -> str:
    """An institution's incident under the policy, opened through the application; its id."""
    occurred = datetime.now(JAPAN) - timedelta(days=1)
    notice = replace(a_notice(policy_ref=policy.policy_number, occurred_at=occurred, discovered_at=occurred),
                     **notice_changes)
    return str(services.app.open_incident(notice, LIVE_CONCIERGE).aggregate_id)


def page_of(incident_id: str) -> str:
    return f"/web/incidents/{incident_id}"


# ---- the notice of circumstances --------------------------------------------------------------


def test_a_notice_opened_through_the_page_is_recorded_with_the_japanese_terms_accepted(services, signed_in, policy):
    client = signed_in(Role.CONCIERGE)
    answer = submit(client, "/web/incidents/new", "/web/incidents/new", **notice_form(policy.policy_number))
    assert answer.status_code == 303, answer.text
    incident_id = answer.headers["location"].removeprefix("/web/incidents/")
    incident = services.app.get_incident(uuid.UUID(incident_id))
    assert (incident.product, incident.policy_ref, incident.insured_party, incident.business) == (
        "cyber_institution", policy.policy_number, "policyholder", "medical_care")
    assert incident.incident_kinds == ["cyber_incident", "information_leak"]
    assert (incident.found, incident.people_affected, incident.personal_data, incident.medical_data) == (FOUND, 1200, True, True)
    assert incident.occurred_at.astimezone(JAPAN).strftime("%H:%M") == "09:00" and incident.coverage == "covered"
    page = client.get(answer.headers["location"]).text
    assert "サイバー事故の通知を受け付けました。" in page
    assert "サイバーインシデント" in page and "医療業務" in page and "補償の対象です。" in page


def test_a_notice_left_without_product_or_member_number_takes_the_chosen_policys(services, signed_in, policy):
    client = signed_in(Role.ADJUSTER)
    answer = submit(client, "/web/incidents/new", "/web/incidents/new",
                    **notice_form(policy.policy_number, product="", member_number=""))
    assert answer.status_code == 303, answer.text
    incident = services.app.get_incident(uuid.UUID(answer.headers["location"].rpartition("/")[2]))
    assert (incident.product, incident.member_number) == ("cyber_institution", policy.holder.member_number)


def test_a_kind_of_the_other_product_is_refused_next_to_the_kinds_keeping_what_was_typed(services, signed_in, policy):
    client = signed_in(Role.CONCIERGE)
    before = position_of(services.app)
    answer = submit(client, "/web/incidents/new", "/web/incidents/new",
                    **notice_form(policy.policy_number, incident_kinds=["digital_content_wrongful_act"]))
    assert answer.status_code == 422
    assert error_next_to(answer.text, "incident_kinds") == \
        "「医療機関用サイバー保険」の事故の種類から選んでください（サイバーインシデント、情報漏えい・おそれ、メディア不当行為、その他の業務）。"
    assert FOUND in answer.text and 'value="digital_content_wrongful_act" checked' in answer.text
    assert recorded_since(services.app, before) == []


def test_a_notice_with_its_dates_missing_names_each_field_in_japanese(services, signed_in, policy):
    client = signed_in(Role.CONCIERGE)
    answer = submit(client, "/web/incidents/new", "/web/incidents/new",
                    **notice_form(policy.policy_number, occurred_on="", discovered_time="", found=""))
    assert answer.status_code == 422
    for field in ("occurred_at", "discovered_at", "found"):
        assert error_next_to(answer.text, field) == "必須の項目です。入力してください。"


def test_the_notice_form_finds_the_policy_as_you_type_for_the_adjuster(signed_in, policy):
    client = signed_in(Role.ADJUSTER)
    fragment = client.get("/web/policies/lookup", params={"policy_ref": policy.policy_number.lower()}).text
    assert policy.policy_number in fragment and "医療機関用サイバー保険" in fragment


# ---- the incident's page and its forms ----------------------------------------------------------


def test_a_liability_cost_before_any_third_partys_claim_is_refused_next_to_the_head(services, signed_in, policy):
    incident_id = an_incident(services, policy)
    client = signed_in(Role.ADJUSTER)
    before = position_of(services.app)
    answer = submit(client, page_of(incident_id), f"{page_of(incident_id)}/costs", head="liability", cost_type="damages",
                    vendor="患者A代理人", invoice_number="D-001", invoice_date=today_in_japan().isoformat(), amount_yen="500000")
    assert answer.status_code == 409
    assert error_next_to(answer.text, "head") == "賠償責任のお支払いには、第三者からの損害賠償請求の記録が必要です。"
    assert 'value="患者A代理人"' in answer.text and 'value="D-001"' in answer.text
    assert recorded_since(services.app, before) == []


def test_an_expenses_cost_for_an_institutions_employee_is_refused_next_to_the_head(services, signed_in, policy):
    incident_id = an_incident(services, policy, insured_party=InsuredParty.EMPLOYEE)
    services.app.receive_third_party_claim(uuid.UUID(incident_id), a_third_party_claim(received_on=today_in_japan()),
                                           LIVE_ADJUSTER)
    client = signed_in(Role.ADJUSTER)
    page = client.get(page_of(incident_id)).text
    assert "費用（今は記録できません）" in page  # the domain said so before anything was typed
    before = position_of(services.app)
    answer = submit(client, page_of(incident_id), f"{page_of(incident_id)}/costs", head="expenses",
                    cost_type="cause_investigation", vendor="株式会社サイバー調査", invoice_number="E-001",
                    invoice_date=today_in_japan().isoformat(), amount_yen="300,000")
    assert answer.status_code == 409
    assert error_next_to(answer.text, "head") == "「従業員」は賠償責任についてのみ被保険者です。費用は記録できません。"
    assert recorded_since(services.app, before) == []


def test_a_third_partys_claim_then_damages_are_recorded_through_the_page(services, signed_in, policy):
    incident_id = an_incident(services, policy)
    client = signed_in(Role.ADJUSTER)
    claim = submit(client, page_of(incident_id), f"{page_of(incident_id)}/third-party-claims", claimant="患者A",
                   amount_claimed_yen="¥1,000,000", received_on=today_in_japan().isoformat(),
                   summary="個人情報漏えいの損害賠償請求")
    assert claim.status_code == 303 and claim.headers["location"] == f"{page_of(incident_id)}#claims"
    cost = submit(client, page_of(incident_id), f"{page_of(incident_id)}/costs", head="liability", cost_type="損害賠償金",
                  vendor="患者A", invoice_number="D-001", invoice_date=today_in_japan().isoformat(), amount_yen="500000")
    assert cost.status_code == 303
    incident = services.app.get_incident(uuid.UUID(incident_id))
    assert [(c.head, c.cost_type, c.amount_yen) for c in incident.costs] == [("liability", "damages", 500_000)]
    page = client.get(cost.headers["location"]).text
    assert "費用を記録しました。" in page and "損害賠償金" in page and "第三者からの損害賠償請求（1 件）" in page


def test_a_physicians_incident_offers_no_institution_only_cost_type(services, signed_in):
    group = [a_cyber_policy_in_force(services.app, "cyber_physician", name="山田 太郎") for _ in range(10)]  # it forms
    incident_id = an_incident(services, group[0], product="cyber_physician", incident_kinds=("information_leak",),
                              business="facility_work")
    assert services.app.get_incident(uuid.UUID(incident_id)).coverage == "covered"
    page = signed_in(Role.ADJUSTER).get(page_of(incident_id)).text
    assert "原因究明費用" in page and "状態収拾費用" not in page


def test_an_incident_not_covered_gives_its_reasons_in_japanese_and_takes_no_cost(services, signed_in, policy):
    incident_id = an_incident(services, policy, business="unrelated_private_activity")
    page = signed_in(Role.ADJUSTER).get(page_of(incident_id)).text
    assert "補償の対象外です。" in page and "<li>対象となる業務に該当しない</li>" in page
    assert f'action="{page_of(incident_id)}/costs' not in page and "支払を計算する" not in page


def test_the_concierge_and_the_auditor_read_the_page_without_the_adjusters_forms(services, signed_in, policy):
    incident_id = an_incident(services, policy)
    for role in (Role.CONCIERGE, Role.AUDITOR):
        page = signed_in(role).get(page_of(incident_id)).text
        assert FOUND in page and "サイバー事故の通知を受付" in page  # the notice, and the timeline
        assert "/costs" not in page and "/close" not in page and "/third-party-claims" not in page


def test_reading_an_incidents_page_is_on_the_access_log_without_personal_details(services, signed_in, policy):
    from infra.access_log import AccessFilter

    incident_id = an_incident(services, policy)
    signed_in(Role.AUDITOR).get(page_of(incident_id))
    rows, _ = services.access_log.search(AccessFilter(action="incident.page", subject=incident_id), 10, None)
    assert [(r["role"], r["detail"]) for r in rows] == [("auditor", {"page": "incident"})]


# ---- paying a head of loss, settling, closing ------------------------------------------------------


def with_expenses(services, incident_id: str) -> None:
    """The programme's example: cause investigation ¥800,000 and data recovery ¥400,000; the
    hospital's own cyber cover paid ¥300,000 towards them."""
    app, subject, day = services.app, uuid.UUID(incident_id), today_in_japan()
    app.record_cost(subject, a_cost(amount_yen=800_000, invoice_date=day), LIVE_ADJUSTER)
    app.record_cost(subject, a_cost(cost_type=CostType.DATA_RECOVERY, amount_yen=400_000, invoice_date=day), LIVE_ADJUSTER)
    app.record_offset(subject, an_offset(on=day), LIVE_ADJUSTER)


def test_the_payment_screen_shows_the_heads_figures_and_approving_pays_exactly_that(services, signed_in, policy):
    incident_id = an_incident(services, policy)
    with_expenses(services, incident_id)
    client = signed_in(Role.ADJUSTER)
    screen = client.get(f"{page_of(incident_id)}/payment", params={"head": "expenses"})
    assert screen.status_code == 200
    assert figures(screen.text) == {
        "記録した費用の合計": "¥1,200,000", "他の保険から支払われた額": "− ¥300,000", "回収した額": "− ¥0",
        "損害額（支払の基礎）": "¥900,000", "免責金額（自己負担額）": "− ¥50,000", "支払割合": "× 100 %",
        "約款によるお支払いの総額": "¥850,000", "承認済み（費用）": "− ¥0", "今回の額（支払限度額の適用前）": "¥850,000",
        "支払限度額の残り（この事故）": "¥30,000,000", "支払限度額の残り（費用）": "¥5,000,000",
        "支払限度額の残り（保険年度）": "¥30,000,000", "今回お支払いする額": "¥850,000",
    }
    approve = submit(client, f"{page_of(incident_id)}/payment?head=expenses", f"{page_of(incident_id)}/payment?head=expenses")
    assert approve.status_code == 303 and approve.headers["location"] == f"{page_of(incident_id)}#payments"
    incident = services.app.get_incident(uuid.UUID(incident_id))
    assert [(p.head, p.amount_yen) for p in incident.payments.values()] == [("expenses", 850_000)]
    assert services.app.get_policy(policy.policy_number).remaining_for_head("expenses") == 5_000_000 - 850_000


def test_the_expenses_sub_limit_cuts_the_payment_and_the_screen_says_so(services, signed_in, policy):
    incident_id = an_incident(services, policy)
    services.app.record_cost(uuid.UUID(incident_id), a_cost(amount_yen=6_000_000, invoice_date=today_in_japan()),
                             LIVE_ADJUSTER)
    client = signed_in(Role.ADJUSTER)
    screen = client.get(f"{page_of(incident_id)}/payment", params={"head": "expenses"}).text
    shown = figures(screen)
    assert (shown["今回の額（支払限度額の適用前）"], shown["今回お支払いする額"]) == ("¥5,950,000", "¥5,000,000")
    assert "「費用の支払限度額」により、今回の額から減額しています。" in screen
    assert submit(client, f"{page_of(incident_id)}/payment?head=expenses",
                  f"{page_of(incident_id)}/payment?head=expenses").status_code == 303
    assert [p.amount_yen for p in services.app.get_incident(uuid.UUID(incident_id)).payments.values()] == [5_000_000]


def test_an_adjuster_above_their_authority_is_offered_a_request_for_a_second_adjuster(services, browser, policy):
    from tests.web.conftest import PASSWORD

    incident_id = an_incident(services, policy)
    with_expenses(services, incident_id)
    user_id = f"junior-{uuid.uuid4().hex[:8]}"
    services.users.create(user_id, "テスト 新人", Role.ADJUSTER, "tests", 100_000)
    from infra.passwords import hash_password

    services.users.set_password_hash(user_id, hash_password(PASSWORD))
    sign_in_through(browser, user_id, PASSWORD)
    screen = browser.get(f"{page_of(incident_id)}/payment", params={"head": "expenses"}).text
    assert "権限を超えています" in screen and "を承認する</button>" not in screen
    assert "の確認を依頼する</button>" in screen and "二人目の損害調査担当への確認依頼" in screen
    assert "費用の支払を計算する" in browser.get(page_of(incident_id)).text


def test_settling_then_closing_through_the_page(services, signed_in, policy):
    incident_id = an_incident(services, policy)
    with_expenses(services, incident_id)
    services.app.approve_incident_payment(uuid.UUID(incident_id), HeadOfLoss.EXPENSES, LIVE_ADJUSTER)
    client = signed_in(Role.ADJUSTER)
    page = client.get(page_of(incident_id)).text
    assert f'action="{page_of(incident_id)}/close' not in page  # not offered while a payment awaits its transfer
    token = hidden_fields(page, f"{page_of(incident_id)}/payments/1/settlement")["csrf_token"]
    early = client.post(f"{page_of(incident_id)}/close", data={"csrf_token": token, "reason": "対応完了"})
    assert early.status_code == 409
    assert "振込が済んでいない支払（1）があるため、終了できません。" in early.text
    settled = submit(client, page_of(incident_id), f"{page_of(incident_id)}/payments/1/settlement",
                     transfer_date=today_in_japan().isoformat(), bank_reference="FB-0001")
    assert settled.status_code == 303
    assert "振込を記録しました。" in client.get(settled.headers["location"]).text
    closed = submit(client, page_of(incident_id), f"{page_of(incident_id)}/close", reason="調査と支払が完了")
    assert closed.status_code == 303
    incident = services.app.get_incident(uuid.UUID(incident_id))
    assert incident.status == "closed" and incident.payments[1].settled
    page = client.get(page_of(incident_id)).text
    assert "事故対応を終了しました。" in page and "事故対応を再開する" in page and "/costs" not in page


def test_a_closed_incident_is_reopened_through_the_page(services, signed_in, policy):
    incident_id = an_incident(services, policy)
    services.app.close_incident(uuid.UUID(incident_id), "調査の結果、漏えいなし", LIVE_ADJUSTER)
    client = signed_in(Role.ADJUSTER)
    reopened = submit(client, page_of(incident_id), f"{page_of(incident_id)}/reopen", reason="患者から損害賠償請求")
    assert reopened.status_code == 303
    assert services.app.get_incident(uuid.UUID(incident_id)).status == "open"


def test_other_insurance_and_recourse_are_recorded_through_the_page(services, signed_in, policy):
    incident_id = an_incident(services, policy)
    client = signed_in(Role.ADJUSTER)
    offset = submit(client, page_of(incident_id), f"{page_of(incident_id)}/offsets", kind="other_insurance",
                    head="expenses", amount_yen="300000", source="勤務先病院のサイバー保険", on=today_in_japan().isoformat())
    assert offset.status_code == 303
    recourse = submit(client, page_of(incident_id), f"{page_of(incident_id)}/recourse", decision="waived",
                      reason="勤務先病院のサイバー保険が支払済み")
    assert recourse.status_code == 303
    incident = services.app.get_incident(uuid.UUID(incident_id))
    assert [(o.kind, o.amount_yen) for o in incident.offsets] == [("other_insurance", 300_000)]
    assert incident.recourse == "waived"
    page = client.get(page_of(incident_id)).text
    assert "求償の判断を記録しました。" in page and "放棄" in page and "他の保険" in page


def test_a_form_sent_twice_records_once(services, signed_in, policy):
    incident_id = an_incident(services, policy)
    client = signed_in(Role.ADJUSTER)
    data = hidden_fields(client.get(page_of(incident_id)).text, f"{page_of(incident_id)}/third-party-claims") | {
        "claimant": "患者A", "amount_claimed_yen": "1000000", "received_on": today_in_japan().isoformat(), "summary": "請求"}
    for _ in range(2):
        assert client.post(f"{page_of(incident_id)}/third-party-claims", data=data, follow_redirects=False).status_code == 303
    assert len(services.app.get_incident(uuid.UUID(incident_id)).third_party_claims) == 1


def test_every_form_of_the_incident_pages_carries_the_csrf_token_and_a_form_key(services, signed_in, policy):
    incident_id = an_incident(services, policy)
    with_expenses(services, incident_id)
    services.app.receive_third_party_claim(uuid.UUID(incident_id), a_third_party_claim(received_on=today_in_japan()),
                                           LIVE_ADJUSTER)
    client = signed_in(Role.ADJUSTER)
    pages = ["/web/incidents/new", page_of(incident_id), f"{page_of(incident_id)}/payment?head=expenses"]
    for html in (client.get(path).text for path in pages):
        forms = re.findall(r'<form method="post" action="(/web/[^"]+)"(.*?)</form>', html, re.S)
        assert forms
        for action, body in forms:
            assert 'name="csrf_token" value="' in body and 'name="form_key" value="page-' in body, action
    offered = re.findall(r'<form method="post" action="/web/incidents/[^/]+/([a-z-]+)', client.get(page_of(incident_id)).text)
    assert offered == ["third-party-claims", "notes", "costs", "offsets", "recourse", "documents", "reserve", "reserve", "close"]


# ---- the way in ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "offered"), [(Role.CONCIERGE, True), (Role.ADJUSTER, True), (Role.AUDITOR, False)])
def test_the_menu_and_the_home_page_lead_to_the_notice_for_those_who_take_it(signed_in, role, offered):
    home = signed_in(role).get("/home").text
    assert (home.count('href="/web/incidents/new"') == 2) is offered  # the menu, and the home page's button
    assert ("サイバー事故の受付" in home) is offered
