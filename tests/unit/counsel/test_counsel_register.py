"""The counsel register through the application, in memory: firms and lawyers registered and
changed by adjusters and the administrator, one entry per 弁護士登録番号, and a consent that names a
registered lawyer opening the firm's matter. Given / When / Then, one behaviour each."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain.counsel.errors import LawyerAlreadyRegistered, LawyerNotFound
from domain.counsel.register import LawFirmInput, LawyerInput
from domain.kernel.errors import RoleNotAllowed
from tests.builders import (
    ADJUSTER,
    ADMIN,
    AUDITOR,
    CONCIERGE,
    a_case_in,
    a_consent,
    a_policy_in,
    an_app,
    an_invoice,
    line,
    new_events,
    recommend_in,
    refused_in,
)

FIRM = LawFirmInput("佐藤法律事務所", "サトウホウリツジムショ", "東京都千代田区1-1", "03-0000-0000", "info@sato.example")


def a_lawyer(firm_id: str, number: str = "12345", **more) -> LawyerInput:
    return LawyerInput(**{"name": "佐藤 花子", "name_kana": "サトウ ハナコ", "registration_number": number,
                          "bar_association": "第一東京弁護士会", "firm_id": firm_id, **more})


def a_registered_firm(app) -> str:
    app.register_law_firm(FIRM, ADJUSTER)
    return next(iter(app.counsel_register().entries.firms))


def a_registered_lawyer(app) -> tuple[str, str]:
    firm_id = a_registered_firm(app)
    app.register_lawyer(a_lawyer(firm_id), ADMIN)
    return firm_id, next(iter(app.counsel_register().entries.lawyers))


def test_register_lawyer_by_adjuster_records_lawyer_registered_under_the_firm() -> None:
    app = an_app()
    firm_id = a_registered_firm(app)
    register = app.counsel_register()

    app.register_lawyer(a_lawyer(firm_id, number="１２３４５"), ADJUSTER)

    [event] = new_events(app, register.id, register.version)
    assert type(event).__name__ == "LawyerRegistered"
    assert (event.registration_number, event.firm_id, event.bar_association) == ("12345", firm_id, "第一東京弁護士会")


def test_register_lawyer_with_a_registered_number_is_refused() -> None:
    app = an_app()
    firm_id, _ = a_registered_lawyer(app)

    refused_in(app, lambda: app.register_lawyer(a_lawyer(firm_id, name="別人"), ADJUSTER), LawyerAlreadyRegistered,
               "lawyer_already_registered", "registration_number")


def test_edit_lawyer_keeps_its_own_number_and_changes_the_entry() -> None:
    app = an_app()
    firm_id, lawyer_id = a_registered_lawyer(app)

    app.edit_lawyer(UUID(lawyer_id), a_lawyer(firm_id, phone="090-1111-2222"), ADJUSTER)

    assert app.counsel_register().lawyer(lawyer_id).phone == "090-1111-2222"


@pytest.mark.parametrize("actor", [CONCIERGE, AUDITOR], ids=["concierge", "auditor"])
def test_register_law_firm_by_a_reader_is_refused(actor) -> None:
    app = an_app()

    refused_in(app, lambda: app.register_law_firm(FIRM, actor), RoleNotAllowed, "role_not_allowed")


def test_approve_escalation_naming_a_registered_lawyer_records_both_names_and_opens_the_matter() -> None:
    app = an_app()
    firm_id, lawyer_id = a_registered_lawyer(app)
    case_id = a_case_in(app, a_policy_in(app))
    recommend_in(app, case_id)

    app.approve_escalation(case_id, a_consent(lawyer_name="", law_firm="", lawyer_id=UUID(lawyer_id)), ADJUSTER)

    case = app.get_case(case_id)
    assert (case.lawyer_id, case.law_firm_id, case.lawyer_name, case.law_firm) == (
        lawyer_id, firm_id, "佐藤 花子", "佐藤法律事務所")
    [matter] = app.firm_matters(firm_id, AUDITOR)
    assert matter.case.id == case_id and matter.paid_yen == 0


def test_approve_escalation_naming_an_unknown_lawyer_is_refused_and_records_nothing() -> None:
    app = an_app()
    a_registered_firm(app)
    case_id = a_case_in(app, a_policy_in(app))
    recommend_in(app, case_id)

    refused_in(app, lambda: app.approve_escalation(case_id, a_consent(lawyer_id=uuid4()), ADJUSTER), LawyerNotFound,
               "lawyer_not_found")


def test_firm_matters_show_what_was_billed_and_paid() -> None:
    app = an_app()
    firm_id, lawyer_id = a_registered_lawyer(app)
    case_id = a_case_in(app, a_policy_in(app))
    recommend_in(app, case_id)
    app.approve_escalation(case_id, a_consent(lawyer_id=UUID(lawyer_id)), ADJUSTER)
    app.record_invoice(case_id, an_invoice(line(amount_yen=330_000)), ADJUSTER)

    app.approve_payment(case_id, ADJUSTER)

    [matter] = app.firm_matters(firm_id, CONCIERGE)
    assert (matter.billed_yen, matter.covered_yen, matter.paid_yen) == (330_000, 330_000, 288_000)
