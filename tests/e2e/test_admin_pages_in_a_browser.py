"""The administrator's day in a real browser, in Japanese: enrol a clinic, record its premium with
the bank's reference and see cover start on the right day (a transfer before the 20th cut-off →
16:00 on the 1st of next month); import a roster saved by Excel in Shift_JIS with Japanese names;
register a user who then signs in (in a browser of their own), and find the change in the audit
search with the administrator who made it. Screenshots: admin-enrol, admin-policy,
admin-policies, admin-roster, admin-users."""

from __future__ import annotations

import uuid
from datetime import datetime

from domain.kernel.actors import Role
from domain.kernel.clock import JAPAN
from domain.policies.cover import cover_for_premium
from projections.status import wait_for
from tests.e2e.conftest import LAPTOP, Person, sign_in, snap


def first_of_this_month():
    return datetime.now(JAPAN).date().replace(day=1)


def test_the_administrator_enrols_a_clinic_and_sees_cover_start_after_its_premium(page, live, people, services):
    tag = uuid.uuid4().hex[:6].upper()
    sign_in(page, live.url, people[Role.ADMIN])
    page.get_by_role("navigation", name="メニュー").get_by_role("link", name="加入の登録").click()
    page.get_by_label("診療所契約").check()
    page.get_by_label("会員番号").fill(f"JSPRS-{tag}")
    page.get_by_label("契約者名").fill("医療法人社団 桜会")
    page.get_by_label("診療所コード").fill(f"CL-{tag}")
    page.get_by_label("診療所名").fill("さくら形成外科クリニック")
    page.get_by_label("はい（開設者本人）").check()
    page.get_by_label("申込日").fill(first_of_this_month().isoformat())
    snap(page, "admin-enrol")
    page.get_by_role("button", name="加入を登録する").click()
    page.get_by_text("加入を登録しました。").wait_for()
    number = page.url.rsplit("/", 1)[1]
    assert page.get_by_role("heading", name="医療法人社団 桜会 様の保険契約").is_visible()

    received = first_of_this_month()  # always on or before the month's cut-off
    cover = cover_for_premium(received)
    due = services.app.get_policy(number).terms.premium_for(cover.start.month)
    form = page.locator(f"form[action='/web/admin/policies/{number}/premium']")
    form.get_by_label("着金日").fill(received.isoformat())
    form.get_by_label("入金額（円）").fill(f"{due:,}")
    form.get_by_label("振込の照会番号").fill(f"FB-{tag}")
    form.get_by_role("button", name="着金を記録する").click()
    page.get_by_text("保険料の着金を記録しました。").wait_for()
    start = cover.start
    assert page.locator(".cover-line").inner_text().startswith(f"補償開始: {start.year}年{start.month}月1日 16:00")
    assert page.get_by_text(f"FB-{tag}").is_visible()
    snap(page, "admin-policy")

    wait_for(services.pool, "policy_list", services.app.recorder.max_notification_id(), 10)
    page.get_by_role("navigation", name="メニュー").get_by_role("link", name="保険契約").click()
    page.get_by_label("証券番号、会員番号、契約者名").fill("さくら")
    page.get_by_role("button", name="検索").click()
    assert page.get_by_role("link", name=number).is_visible()
    page.get_by_role("link", name="条件をクリア").click()
    snap(page, "admin-policies")


def test_a_roster_saved_in_shift_jis_imports_with_its_japanese_names(page, live, people, services, tmp_path):
    tag, applied = uuid.uuid4().hex[:6].upper(), first_of_this_month().isoformat()
    roster = tmp_path / "名簿.csv"
    roster.write_bytes((
        "member_number,name,kind,product,plan_code,applied_on,clinic_id,clinic_name,applicant_is_founder,"
        "premium_received_on,premium_amount_yen\r\n"
        f"S-{tag}-1,髙橋 優子,physician,harassment,H-A,{applied},,,,,\r\n"
        f"S-{tag}-2,渡邉 健一,physician,cyber_physician,CP-1,{applied},,,,,\r\n"
        f"S-{tag}-3,医療法人 青葉会,institution,cyber_physician,CP-1,{applied},,,,,\r\n"
    ).encode("cp932"))
    sign_in(page, live.url, people[Role.ADMIN])
    page.get_by_role("navigation", name="メニュー").get_by_role("link", name="名簿の取り込み").click()
    page.get_by_label("名簿ファイル（.csv）").set_input_files(str(roster))
    page.get_by_role("button", name="取り込む").click()
    page.get_by_role("heading", name="取り込みの結果（名簿.csv）").wait_for()
    report = page.locator(".roster-report").inner_text()
    assert "取り込み 2 行" in report and "取り込めなかった行 1 行" in report
    assert "「医療法人・医療施設」は「勤務医サイバー保険」に加入できません。" in report
    snap(page, "admin-roster")
    page.locator(".roster-report a").first.click()
    assert page.get_by_role("heading", name="髙橋 優子 様の保険契約").is_visible()


def test_a_user_registered_on_the_page_signs_in_and_the_change_is_in_the_audit_search(page, live, people, services,
                                                                                        chromium):
    admin, user_id = people[Role.ADMIN], f"kondo-{uuid.uuid4().hex[:6]}"
    sign_in(page, live.url, admin)
    page.get_by_role("navigation", name="メニュー").get_by_role("link", name="利用者の管理").click()
    page.get_by_role("link", name="利用者を登録する").click()
    page.get_by_label("お名前").fill("近藤 美和")
    page.get_by_label("ユーザー名（サインインに使います）").fill(user_id)
    page.get_by_label("役割").select_option(label="損害調査担当")
    page.get_by_label("決裁権限の上限額（円）").fill("500,000")
    page.get_by_role("button", name="登録する").click()
    page.get_by_text("この画面でだけ表示します").wait_for()
    password = page.locator("#shown-password").inner_text()
    assert page.get_by_text("利用者を「損害調査担当」として登録").is_visible()
    snap(page, "admin-user-registered")

    other = chromium.new_context(viewport=LAPTOP, locale="ja-JP", timezone_id="Asia/Tokyo")
    try:
        theirs = other.new_page()
        sign_in(theirs, live.url, Person(user_id, "近藤 美和", Role.ADJUSTER, password))
        assert theirs.get_by_text("近藤 美和 さん（損害調査担当）、お疲れさまです。").is_visible()
    finally:
        other.close()

    page.get_by_role("navigation", name="メニュー").get_by_role("link", name="利用者の管理").click()
    snap(page, "admin-users")

    auditor_token = services.users.create(f"audit-{uuid.uuid4().hex[:6]}", "監査 確認", Role.AUDITOR, "e2e")
    wait_for(services.pool, "audit_log", services.app.recorder.max_notification_id(), 10)
    found = page.request.get(f"{live.url}/audit/events?aggregate_type=UserAccount&actor_id={admin.user_id}&limit=1000",
                             headers={"Authorization": f"Bearer {auditor_token}"}).json()["items"]
    account = str(services.app.account(user_id).id)
    registered = [e for e in found if e["aggregate_id"] == account and e["event_type"] == "Registered"]
    assert registered and registered[0]["actor_role"] == "admin"
    assert registered[0]["description_ja"] == "利用者を「損害調査担当」として登録"
