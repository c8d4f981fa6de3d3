"""Document.withdraw and who reads what: Given an attached document / When withdrawn (or read) /
Then one Withdrawn event, or a named refusal."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.documents.document import Owner
from domain.documents.errors import DocumentAlreadyWithdrawn, OwnDocumentsOnly, WithdrawnDocumentWithheld
from domain.kernel.errors import RoleNotAllowed
from tests.builders import ADJUSTER, ADMIN, AUDITOR, CONCIERGE, invalid, only_event, refused
from tests.unit.documents.builders import a_document


def test_withdraw_records_the_reason_and_who():
    document = a_document()

    document.withdraw(reason="別の患者の診断書を誤って添付", actor=ADJUSTER)

    event = only_event(document, "Withdrawn")
    assert (event.reason, event.actor_id, event.actor_role) == ("別の患者の診断書を誤って添付", "adjuster-1", "adjuster")
    assert document.withdrawn and document.withdrawn_at == document.modified_on
    assert (document.withdrawn_by, document.withdrawal_reason) == ("adjuster-1", "別の患者の診断書を誤って添付")


def test_withdraw_twice_is_refused():
    document = a_document()
    document.withdraw(reason="重複", actor=ADJUSTER)
    document.collect_events()

    refused(lambda: document.withdraw(reason="もう一度", actor=ADJUSTER), DocumentAlreadyWithdrawn,
            "document_already_withdrawn", "document_id")


def test_withdraw_without_a_reason_is_refused():
    document = a_document()
    invalid(lambda: document.withdraw(reason="  ", actor=ADJUSTER), "reason")


def test_a_concierge_withdraws_what_they_attached_but_not_an_adjusters_document():
    own = a_document(actor=CONCIERGE)
    own.withdraw(reason="誤った書類", actor=CONCIERGE)
    assert own.withdrawn

    theirs = a_document(actor=ADJUSTER)
    refused(lambda: theirs.withdraw(reason="誤った書類", actor=CONCIERGE), OwnDocumentsOnly,
            "withdraw_own_documents_only")
    other_concierge = replace(CONCIERGE, user_id="concierge-2")
    refused(lambda: own.withdraw(reason="x", actor=other_concierge), DocumentAlreadyWithdrawn,
            "document_already_withdrawn")


@pytest.mark.parametrize("actor", [AUDITOR, ADMIN])
def test_withdraw_from_a_case_by_the_auditor_or_the_administrator_is_refused(actor):
    document = a_document()
    refused(lambda: document.withdraw(reason="x", actor=actor), RoleNotAllowed, "role_not_allowed")


def test_a_policys_document_is_withdrawn_by_the_administrator_only():
    document = a_document(Owner.policy("HAR-2025-0001"), actor=ADMIN)
    refused(lambda: document.withdraw(reason="x", actor=ADJUSTER), RoleNotAllowed, "role_not_allowed")
    document.withdraw(reason="申込書の版違い", actor=ADMIN)
    assert document.withdrawn


def test_a_cases_documents_are_read_by_whoever_reads_the_case_and_a_policys_by_the_administrator_too():
    case_document, policy_document = a_document(), a_document(Owner.policy("HAR-2025-0001"), actor=ADMIN)
    for actor in (CONCIERGE, ADJUSTER, AUDITOR):
        case_document.require_content_reader(actor)
        policy_document.require_content_reader(actor)
    policy_document.require_content_reader(ADMIN)
    refused(lambda: case_document.require_reader(ADMIN), RoleNotAllowed, "role_not_allowed")


def test_a_withdrawn_documents_content_is_the_auditors_only_its_record_everyones():
    document = a_document()
    document.withdraw(reason="誤った書類", actor=ADJUSTER)

    document.require_content_reader(AUDITOR)
    for actor in (CONCIERGE, ADJUSTER):
        document.require_reader(actor)
        refused(lambda actor=actor: document.require_content_reader(actor), WithdrawnDocumentWithheld,
                "withdrawn_document_for_auditors")
