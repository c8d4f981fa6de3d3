"""Users through the JSON API (admin only): each change is a named command, recorded as an event of
the user's account with who made it, and the users table changes with it — the token and the
sign-in follow at once; refusals are problem+json naming the rule."""

from __future__ import annotations

import uuid

import pytest

from projections.status import wait_for


def a_user_id(prefix: str = "u") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def register(api, **fields):
    body = {"user_id": a_user_id(), "display_name": "新人 太郎", "role": "concierge", **fields}
    response = api.post("/users", "admin", body)
    assert response.status_code == 201, response.text
    return response.json()


def as_bearer(api, token: str, path: str = "/plans"):
    return api.client.get(path, headers={"Authorization": f"Bearer {token}"})


def test_register_user_answers_the_token_once_and_the_token_works(api):
    user = register(api, generate_password=True)
    assert user["token"].startswith("clm_") and len(user["password"]) == 19
    assert user["active"] is True and user["has_password"] is True and user["active_tokens"] == 1
    assert as_bearer(api, user["token"]).status_code == 200
    again = api.get(f"/users/{user['user_id']}", "admin").json()
    assert again["token"] is None and again["password"] is None


def test_register_user_replayed_with_its_idempotency_key_answers_without_the_secrets(api):
    body = {"user_id": a_user_id(), "display_name": "再送 花子", "role": "auditor"}
    key = {"Idempotency-Key": f"k-{uuid.uuid4()}"}
    first, again = api.post("/users", "admin", body, **key), api.post("/users", "admin", body, **key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json()["token"] and again.json()["token"] is None


def test_register_a_taken_user_id_is_409_user_already_exists(api):
    user = register(api)
    response = api.post("/users", "admin", {"user_id": user["user_id"], "display_name": "別人", "role": "concierge"})
    assert response.status_code == 409 and response.json()["rule"] == "user_already_exists"


def test_register_with_a_short_password_is_422_naming_the_password(api):
    response = api.post("/users", "admin", {"user_id": a_user_id(), "display_name": "短い", "role": "concierge",
                                            "password": "short"})
    assert response.status_code == 422 and response.json()["field"] == "password"


def test_change_role_takes_effect_for_the_users_token_at_once(api):
    user = register(api, role="auditor")
    assert as_bearer(api, user["token"], "/audit/access").status_code == 200
    changed = api.post(f"/users/{user['user_id']}/role", "admin", {"role": "adjuster", "authority_limit_yen": 300_000})
    assert changed.status_code == 200 and changed.json()["authority_limit_yen"] == 300_000
    assert as_bearer(api, user["token"], "/audit/access").status_code == 403


def test_change_authority_limit_of_a_concierge_is_409_not_an_adjuster(api):
    user = register(api)
    response = api.post(f"/users/{user['user_id']}/authority-limit", "admin", {"authority_limit_yen": 1})
    assert response.status_code == 409 and response.json()["rule"] == "not_an_adjuster"


def test_deactivate_stops_the_token_and_reactivate_brings_it_back(api):
    user = register(api)
    assert api.post(f"/users/{user['user_id']}/deactivate", "admin", {"reason": "退職"}).json()["active"] is False
    assert as_bearer(api, user["token"]).status_code == 401
    assert api.post(f"/users/{user['user_id']}/reactivate", "admin").json()["active"] is True
    assert as_bearer(api, user["token"]).status_code == 200


def test_revoke_tokens_stops_the_old_one_and_answers_a_new_one_once(api):
    user = register(api)
    answer = api.post(f"/users/{user['user_id']}/tokens/revoke", "admin", {"issue_new": True}).json()
    assert as_bearer(api, user["token"]).status_code == 401
    assert as_bearer(api, answer["token"]).status_code == 200 and answer["active_tokens"] == 1


def test_reset_password_generated_is_answered_once(api):
    user = register(api)
    answer = api.post(f"/users/{user['user_id']}/password", "admin", {"generate": True}).json()
    assert len(answer["password"]) == 19 and answer["has_password"] is True


def test_an_admin_deactivating_themselves_is_409_own_account_refused(api, tokens, client):
    me = client.app.state.services.users.by_token(tokens["admin"])
    response = api.post(f"/users/{me.user_id}/deactivate", "admin", {"reason": "試し"},
                        **{"Accept-Language": "ja"})
    assert response.status_code == 409 and response.json()["rule"] == "own_account_refused"
    assert "ほかの管理者に依頼してください" in response.json()["detail"]


def test_a_change_to_an_unknown_user_is_404(api):
    assert api.post("/users/nobody-at-all/reactivate", "admin").status_code == 404


def test_each_change_is_in_the_audit_search_with_the_admin_who_made_it(api, tokens, services):
    admin = services.users.by_token(tokens["admin"])
    user = register(api, role="adjuster", authority_limit_yen=100_000)
    changed = api.post(f"/users/{user['user_id']}/authority-limit", "admin", {"authority_limit_yen": 200_000}).json()
    wait_for(services.pool, "audit_log", changed["log_position"], 10)
    account = services.app.account(user["user_id"]).id
    found = api.get(f"/audit/events?aggregate_type=UserAccount&aggregate_id={account}", "auditor").json()["items"]
    assert [(e["event_type"], e["actor_id"]) for e in found] == [
        ("Opened", admin.user_id), ("Registered", admin.user_id), ("AuthorityLimitChanged", admin.user_id)]
    assert found[1]["description_ja"] == "利用者を「損害調査担当」として登録"


def test_user_history_lists_the_accounts_events_for_the_admin(api):
    user = register(api)
    api.post(f"/users/{user['user_id']}/deactivate", "admin", {"reason": "休職"})
    history = api.get(f"/users/{user['user_id']}/history", "admin").json()
    assert [h["description_ja"] for h in history][-1] == "利用者を無効化（利用停止）"


@pytest.mark.parametrize("role", ["concierge", "adjuster", "auditor", "monitor"])
def test_no_one_but_the_admin_lists_users(api, role):
    assert api.get("/users", role).status_code == 403


def test_the_idempotency_fingerprint_of_a_password_reset_holds_no_password(api):
    """A retry with the same key and another password is the same request: the fingerprint (an
    unsalted SHA-256, easy to guess from) never saw the password."""
    user = register(api)
    key = {"Idempotency-Key": f"k-{uuid.uuid4()}"}
    first = api.post(f"/users/{user['user_id']}/password", "admin", {"password": "first long passphrase"}, **key)
    again = api.post(f"/users/{user['user_id']}/password", "admin", {"password": "other long passphrase"}, **key)
    assert (first.status_code, again.status_code) == (200, 200)
