"""The pages in a real browser: sign-in per role, refusals, expiry, CSRF, roles, sign-out, and
the API reference offline. Each saves a screenshot of the page it ends on."""

from __future__ import annotations

import time

import pytest

from domain.kernel.actors import Role
from tests.e2e.conftest import PEOPLE, sign_in, snap

ROLE_LABELS = {Role.CONCIERGE: "クレームコンシェル", Role.ADJUSTER: "損害調査担当", Role.AUDITOR: "監査",
               Role.ADMIN: "管理者", Role.MONITOR: "監視"}


def test_the_sign_in_page_is_in_japanese_and_labels_every_input(page, live):
    page.goto(f"{live.url}/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.get_by_role("heading", name="サインイン").is_visible()
    for field in page.locator("input:not([type=hidden])").all():
        assert page.locator(f"label[for={field.get_attribute('id')}]").count() == 1
    snap(page, "sign-in")


def test_sign_in_by_keyboard_alone(page, live, people):
    page.goto(f"{live.url}/")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'user_name'")  # autofocus
    page.keyboard.type(people[Role.AUDITOR].user_id)
    page.keyboard.press("Tab")
    page.keyboard.type(people[Role.AUDITOR].password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live.url}/home")


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_role_signs_in_and_lands_on_its_home_page(page, live, people, waiting_work, role):
    sign_in(page, live.url, people[role])
    assert page.url == f"{live.url}/home"
    header = page.locator("header")
    assert PEOPLE[role] in header.inner_text() and ROLE_LABELS[role] in header.inner_text()
    assert page.get_by_role("button", name="サインアウト").is_visible()
    snap(page, f"home-{role.value}")


def test_home_links_each_queue_to_its_page(page, live, people):
    sign_in(page, live.url, people[Role.CONCIERGE])
    page.get_by_role("link", name="新規受付").first.click()
    assert page.url == f"{live.url}/web/queues/new_reports"
    assert page.get_by_role("heading", name="新規受付").is_visible()
    snap(page, "queue-placeholder")


def test_a_wrong_password_shows_the_japanese_message_on_the_form(page, live, people):
    sign_in(page, live.url, people[Role.ADJUSTER], password="wrong-password-typed")
    assert page.get_by_role("alert").inner_text() == "ユーザー名またはパスワードが正しくありません。"
    assert page.get_by_label("ユーザー名").input_value() == people[Role.ADJUSTER].user_id
    snap(page, "sign-in-wrong-password")


def test_the_account_locks_after_the_configured_failures(page, strict_live, a_person):
    person = a_person()
    for n in range(3):
        sign_in(page, strict_live.url, person, password=f"wrong-password-{n}")
    assert "一時的にロックされています" in page.get_by_role("alert").inner_text()
    sign_in(page, strict_live.url, person)  # the right password, refused while locked
    assert page.url == f"{strict_live.url}/" and "一時的にロックされています" in page.get_by_role("alert").inner_text()
    snap(page, "sign-in-locked")


def test_a_session_idle_past_its_expiry_returns_to_sign_in_with_the_message(page, strict_live, a_person):
    sign_in(page, strict_live.url, a_person(Role.ADJUSTER))
    assert page.url == f"{strict_live.url}/home"
    time.sleep(3.5)  # the strict server's idle expiry: 0.05 minutes
    page.reload()
    assert page.url == f"{strict_live.url}/"
    assert "セッションの有効期限が切れました" in page.get_by_role("status").inner_text()
    snap(page, "session-expired")


def test_a_form_posted_without_its_csrf_token_is_refused_with_the_japanese_403_page(page, live, people):
    sign_in(page, live.url, people[Role.CONCIERGE])
    page.locator("form[action='/sign-out'] input[name=csrf_token]").evaluate("field => field.remove()")
    page.get_by_role("button", name="サインアウト").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="送信を受け付けられませんでした").is_visible()
    snap(page, "csrf-refused")
    page.goto(f"{live.url}/home")  # the refused form changed nothing: still signed in
    assert page.url == f"{live.url}/home"


def test_a_concierge_opening_an_admin_page_gets_the_japanese_403_page(page, live, people):
    sign_in(page, live.url, people[Role.CONCIERGE])
    response = page.goto(f"{live.url}/web/admin/users")
    assert response.status == 403
    assert page.get_by_role("heading", name="この画面を開く権限がありません").is_visible()
    assert "「管理者」" in page.locator("main").inner_text()
    snap(page, "forbidden")


def test_an_unknown_page_is_the_japanese_404_page(page, live, people):
    sign_in(page, live.url, people[Role.AUDITOR])
    assert page.goto(f"{live.url}/web/no-such-page").status == 404
    assert page.get_by_role("heading", name="ページが見つかりません").is_visible()
    snap(page, "not-found")


def test_sign_out_ends_the_session_and_the_back_button_does_not_get_back_in(page, live, people):
    sign_in(page, live.url, people[Role.ADJUSTER])
    page.get_by_role("button", name="サインアウト").click()
    page.wait_for_url(f"{live.url}/")
    assert page.get_by_role("status").inner_text() == "サインアウトしました。"
    snap(page, "signed-out")
    page.go_back()
    page.wait_for_load_state()
    assert page.url == f"{live.url}/" and page.get_by_role("heading", name="サインイン").is_visible()
    assert page.goto(f"{live.url}/home").url == f"{live.url}/"


def only_the_service(page, base: str) -> list[str]:
    """Refuse every request that leaves the service; return the list of those that tried."""
    outside: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith(base) or url.startswith("data:"):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    page.context.route("**/*", route)
    return outside


def test_swagger_ui_renders_the_operations_with_no_network(page, live):
    outside = only_the_service(page, live.url)
    page.goto(f"{live.url}/docs")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() >= 40
    assert page.get_by_text("/cases/{case_id}/escalation/approve").first.is_visible()
    snap(page, "api-docs", full_page=False)
    assert outside == []


def test_redoc_renders_with_no_network(page, live):
    outside = only_the_service(page, live.url)
    page.goto(f"{live.url}/redoc")
    page.get_by_role("heading", name="JSPRS claims").first.wait_for()
    assert page.get_by_role("heading", name="Search every event").count() == 1
    snap(page, "api-redoc", full_page=False)
    assert outside == []
