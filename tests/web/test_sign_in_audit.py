"""Sign-ins, failures and sign-outs are events: the auditor finds them in the audit search."""

from __future__ import annotations

from domain.kernel.actors import Role
from tests.web.conftest import sign_in_through
from tests.web.test_sign_in_pages import csrf_of


def audit_rows(client, tokens, services, user_id: str) -> list[dict]:
    head = services.app.recorder.max_notification_id()
    response = client.get("/audit/events", params={"aggregate_type": "UserAccount", "actor_id": user_id, "position": head},
                          headers={"Authorization": f"Bearer {tokens['auditor']}"})
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_a_sign_in_a_failure_and_a_sign_out_appear_in_the_audit_search(browser, a_user, client, tokens, services):
    user = a_user(Role.ADJUSTER)
    sign_in_through(browser, user.user_id, "not the password")
    sign_in_through(browser, user.user_id, user.password)
    browser.post("/sign-out", data={"csrf_token": csrf_of(browser)})
    rows = audit_rows(client, tokens, services, user.user_id)
    assert [r["event_type"] for r in rows] == ["Opened", "SignInFailed", "SignedIn", "SignedOut"]
    assert {r["actor_role"] for r in rows} == {"adjuster"}
    assert [r["description_ja"] for r in rows[1:]] == [
        "サインイン失敗: パスワード誤り（1 回連続）", "サインイン", "サインアウト（本人による操作）"]
    said = " ".join(f"{r['description_en']} {r['description_ja']}" for r in rows)
    assert user.password not in said and "not the password" not in said


def test_an_unknown_user_name_records_no_event(browser, services):
    head = services.app.recorder.max_notification_id()
    sign_in_through(browser, "nobody-is-called-this", "some password 1")
    assert services.app.recorder.max_notification_id() == head


def test_a_lock_is_recorded_with_its_end(browser_with, a_user, client, tokens, services):
    user = a_user()
    browser = browser_with(claims_sign_in_lock_after=2, claims_sign_in_max_delay_seconds=0)
    for n in range(2):
        sign_in_through(browser, user.user_id, f"wrong password {n}")
    rows = audit_rows(client, tokens, services, user.user_id)
    assert [r["event_type"] for r in rows][-2:] == ["SignInFailed", "LockedOut"]
    assert rows[-1]["description_en"].startswith("Account locked until ")
