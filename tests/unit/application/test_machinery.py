"""ClaimsApplication on plain-Python persistence: load → decide → save, versions, replay."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.application import ClaimsApplication, CommandResult
from domain.kernel.errors import CaseNotFound, InvalidInput, VersionMismatch
from tests.builders import (
    ADJUSTER,
    CONCIERGE,
    CONSENT_DATE,
    NOW,
    RECOMMENDED_AT,
    a_case_in,
    a_consent,
    a_consultation,
    a_policy_in,
    a_report,
    an_app,
    an_invoice,
    clock_at,
    line,
)


def an_app_with_a_case() -> tuple[ClaimsApplication, UUID]:
    """An application holding one covered case, reported under a policy in force."""
    app = an_app()
    return app, a_case_in(app, a_policy_in(app))


def recommend(app: ClaimsApplication, case_id: UUID, **options: Any) -> CommandResult:
    with clock_at(app, RECOMMENDED_AT):
        return app.recommend_escalation(case_id, "当事者間での解決は困難", CONCIERGE, **options)


def consent(app: ClaimsApplication, case_id: UUID, **options: Any) -> CommandResult:
    return app.approve_escalation(case_id, a_consent(), ADJUSTER, **options)


def test_report_case_stores_a_case_at_version_1() -> None:
    app = an_app()
    number = a_policy_in(app)

    result = app.report_case(a_report(policy_ref=number), CONCIERGE)

    assert result.version == 1
    stored = app.get_case(result.aggregate_id)
    assert stored.insured_name == "山田 太郎"
    assert stored.stage == "reported"


def test_a_command_on_a_case_saves_it_and_bumps_the_version() -> None:
    app, case_id = an_app_with_a_case()

    result = recommend(app, case_id)

    assert result.version == 2
    assert app.get_case(case_id).escalation == "recommended"


def test_a_command_with_current_expected_version_is_saved() -> None:
    app, case_id = an_app_with_a_case()

    result = recommend(app, case_id, expected_version=1)

    assert result.version == 2


def test_a_command_with_stale_expected_version_raises_version_mismatch_and_saves_nothing() -> None:
    app, case_id = an_app_with_a_case()
    recommend(app, case_id)  # now at version 2

    with pytest.raises(VersionMismatch) as info:
        consent(app, case_id, expected_version=1)

    assert info.value.rule == "version_mismatch"
    assert app.get_case(case_id).version == 2
    assert app.get_case(case_id).escalation == "recommended"


def test_a_command_is_decided_at_the_application_clock() -> None:
    app, case_id = an_app_with_a_case()

    app.recommend_escalation(case_id, "当事者間での解決は困難", CONCIERGE)

    assert app.get_case(case_id).recommended_on == NOW.date()


def test_a_command_refused_by_the_domain_saves_nothing() -> None:
    app, case_id = an_app_with_a_case()

    with pytest.raises(InvalidInput):
        app.log_consultation(case_id, a_consultation(caller=""), CONCIERGE)

    assert app.get_case(case_id).version == 1
    assert len(app.case_history(case_id)) == 1


def test_get_case_on_unknown_id_raises_case_not_found() -> None:
    app = an_app()

    with pytest.raises(CaseNotFound) as info:
        app.get_case(uuid4())

    assert info.value.rule == "case_not_found"


def test_case_history_on_unknown_id_raises_case_not_found() -> None:
    app = an_app()

    with pytest.raises(CaseNotFound):
        app.case_history(uuid4())


def test_case_history_lists_every_event_in_order_with_who() -> None:
    app, case_id = an_app_with_a_case()
    recommend(app, case_id)
    consent(app, case_id)

    history = app.case_history(case_id)

    assert [type(e).__name__ for e in history] == ["Reported", "EscalationRecommended", "EscalationApproved"]
    assert [e.originator_version for e in history] == [1, 2, 3]
    assert [(e.actor_id, e.actor_role) for e in history] == [
        ("concierge-1", "concierge"),
        ("concierge-1", "concierge"),
        ("adjuster-1", "adjuster"),
    ]


def test_stored_dates_come_back_as_dates() -> None:
    app, case_id = an_app_with_a_case()
    recommend(app, case_id)

    consent(app, case_id)

    stored = app.get_case(case_id)  # rebuilt from the stored (transcoded) events: no aggregate cache
    assert type(stored.consent_date) is date
    assert stored.consent_date == CONSENT_DATE
    assert stored.occurred_at == a_report().occurred_at


def test_repository_get_at_version_replays_the_state_as_it_stood_then() -> None:
    app, case_id = an_app_with_a_case()
    recommend(app, case_id)
    consent(app, case_id)
    app.record_invoice(case_id, an_invoice(line(amount_yen=110_000), invoice_date=CONSENT_DATE), ADJUSTER)
    app.approve_payment(case_id, ADJUSTER)

    at_2 = app.repository.get(case_id, version=2)
    at_4 = app.repository.get(case_id, version=4)
    latest = app.get_case(case_id)

    assert (at_2.version, at_2.escalation, at_2.invoices, at_2.payments) == (2, "recommended", [], {})
    assert (at_4.version, at_4.escalation, at_4.covered_fees_yen, at_4.payments) == (4, "approved", 110_000, {})
    assert at_4.stage == "invoice_awaiting_decision"
    assert (latest.version, latest.approved_yen, latest.stage) == (5, 90_000, "payment_awaiting_settlement")


def test_get_case_at_version_matches_repository_replay() -> None:
    app, case_id = an_app_with_a_case()
    recommend(app, case_id)

    at_1 = app.get_case(case_id, version=1)

    assert at_1.version == 1
    assert at_1.escalation == "none"
