"""The message catalogue: every rule the service names reads in Japanese; lookups never raise."""

from __future__ import annotations

import re

import pytest

from api.commands import IdempotencyKeyMismatch
from api.i18n import GENERIC, catalogue, has_message, prefers_japanese, translate
from domain.accounts.account import AccountLocked
from domain.kernel.errors import DomainError
from projections.rebuild import ReadModelInUse
from projections.status import ReadModelBehind

DEFINED_OUTSIDE_DOMAIN_ERRORS = (IdempotencyKeyMismatch, AccountLocked, ReadModelInUse, ReadModelBehind)

HTTP_RULES = ("invalid_input", "not_authenticated", "role_not_allowed", "not_found", "method_not_allowed",
              "read_model_behind", "idempotency_key_mismatch", "internal_error", "http_error")
INPUT_RULES = ("missing", "string_too_short", "string_too_long", "int_parsing", "int_type", "date_from_datetime_parsing",
               "datetime_parsing", "timezone_aware", "enum", "literal_error", "greater_than", "greater_than_equal",
               "less_than_equal", "extra_forbidden", "bool_parsing", "bool_type", "list_type", "too_short", "too_long",
               "uuid_parsing", "json_invalid")


def every_rule_of_the_domain() -> set[str]:
    found, todo = set(), [DomainError]
    while todo:
        cls = todo.pop()
        found.add(cls.rule)
        todo.extend(cls.__subclasses__())
    return found


def test_the_walk_finds_the_domain_rules():
    rules = every_rule_of_the_domain()
    assert {"case_is_closed", "payment_limit_exhausted", "liability_needs_third_party_claim"} <= rules
    assert {error.rule for error in DEFINED_OUTSIDE_DOMAIN_ERRORS} <= rules
    assert len(rules) >= 35


@pytest.mark.parametrize("rule", sorted(every_rule_of_the_domain()))
def test_every_domain_rule_has_a_japanese_message(rule):
    assert has_message(rule), f"add a message for {rule!r} to api/locale/ja/LC_MESSAGES/messages.po"


@pytest.mark.parametrize("rule", HTTP_RULES + INPUT_RULES)
def test_every_rule_the_api_passes_through_has_a_japanese_message(rule):
    assert has_message(rule)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 409, 412, 422, 500, 503])
def test_every_problem_status_has_a_japanese_title(status):
    assert has_message(f"title.{status}")


def test_messages_are_japanese_sentences_without_codes():
    for key, message in catalogue().items():
        assert any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in message), key
        assert "_" not in re.sub(r"\{[a-z_]+(:[^}]*)?\}", "", message), key  # placeholders aside, no code


def test_translate_prefers_the_rule_with_its_reason():
    assert translate("session_expired", reason="idle_expiry", params={"idle": "30 分"}).startswith(
        "セッションの有効期限が切れました（30 分のあいだ")


def test_translate_falls_back_to_the_rule_for_an_unknown_reason():
    assert translate("case_is_closed", reason="no_such_reason") == translate("case_is_closed")


def test_translate_fills_placeholders():
    assert translate("string_too_long", params={"max_length": 200}) == "200 文字以内で入力してください。"


def test_translate_with_missing_placeholders_falls_back_to_the_plain_rule_message():
    assert translate("session_expired", reason="idle_expiry") == translate("session_expired")


def test_translate_with_missing_placeholders_and_no_plainer_message_is_generic():
    assert translate("string_too_short", params={"other": 1}) == GENERIC


def test_translate_of_an_unknown_rule_is_the_generic_message():
    assert translate("no_such_rule") == "入力内容を確認してください"


def test_translate_in_an_unknown_locale_answers_in_japanese():
    assert translate("case_is_closed", locale="fr") == translate("case_is_closed")


@pytest.mark.parametrize(("header", "japanese"), [
    ("ja", True), ("ja-JP,ja;q=0.9,en;q=0.8", True), ("en;q=0.5,ja", True), ("fr,ja;q=0.1", True),
    ("en,ja", False), ("en-US", False), ("*", False), ("ja;q=0", False), ("", False), (None, False),
    ("ja;q=abc", False),
])
def test_prefers_japanese_reads_accept_language(header, japanese):
    assert prefers_japanese(header) is japanese
