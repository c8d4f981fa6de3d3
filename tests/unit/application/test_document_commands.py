"""ClaimsApplication, the file's commands, on the library's in-memory persistence: Given (a record,
earlier attachments) / When (attach or withdraw) / Then (the new events of the document, its
record's folder and its content's register, saved together), or one named error and nothing saved."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.documents.document import Owner
from domain.documents.errors import DocumentAlreadyWithdrawn, DocumentNotFound, SameDocumentAttached
from domain.documents.registers import content_register_id, folder_id
from domain.kernel.errors import CaseNotFound, IncidentNotFound, RoleNotAllowed
from domain.policies.errors import PolicyNotFound
from tests.builders import (
    ADJUSTER,
    ADMIN,
    AUDITOR,
    CONCIERGE,
    a_case_in,
    a_cyber_policy_in,
    a_policy_in,
    an_app,
    an_incident_in,
    position_of,
    recorded_since,
    refused_in,
)
from tests.unit.documents.builders import an_attachment, facts_of


@pytest.fixture
def app():
    return an_app()


@pytest.fixture
def case(app):
    return Owner.case(a_case_in(app, a_policy_in(app)))


def test_attach_document_saves_the_document_the_records_folder_and_the_contents_register_together(app, case):
    position = position_of(app)
    kept = []

    result = app.attach_document(an_attachment(case), ADJUSTER, keep_content=lambda: kept.append(True))

    sha = an_attachment().content.sha256
    assert recorded_since(app, position) == [
        (result.aggregate_id, "Attached"),
        (folder_id(case), "Opened"), (folder_id(case), "DocumentFiled"),
        (content_register_id(sha), "Opened"), (content_register_id(sha), "Used"),
    ]
    assert kept == [True]
    assert [d.id for d in app.documents_of(case)] == [result.aggregate_id]


def test_attach_document_to_an_incident_and_to_a_policy(app):
    number = a_cyber_policy_in(app)
    incident = Owner.incident(an_incident_in(app, number))

    app.attach_document(an_attachment(incident, category="notice"), CONCIERGE)
    app.attach_document(an_attachment(Owner.policy(number), category="other"), ADMIN)

    assert [d.category for d in app.documents_of(incident)] == ["notice"]
    assert [d.owner_id for d in app.documents_of(Owner.policy(number.lower()))] == [number]


@pytest.mark.parametrize(("owner", "error", "rule"), [
    (Owner.case(uuid4()), CaseNotFound, "case_not_found"),
    (Owner.incident(uuid4()), IncidentNotFound, "incident_not_found"),
    (Owner.policy("HAR-NOSUCH"), PolicyNotFound, "policy_not_found"),
])
def test_attach_document_to_a_record_that_does_not_exist_is_refused_and_keeps_nothing(app, owner, error, rule):
    kept = []
    actor = ADMIN if owner.kind == "policy" else ADJUSTER
    refused_in(app, lambda: app.attach_document(an_attachment(owner), actor, keep_content=lambda: kept.append(1)),
               error, rule)
    assert kept == []


def test_attach_document_by_a_role_that_may_not_is_refused_before_the_record_is_looked_for(app):
    refused_in(app, lambda: app.attach_document(an_attachment(Owner.case(uuid4())), AUDITOR), RoleNotAllowed,
               "role_not_allowed")


def test_attach_the_same_content_to_the_same_record_twice_is_refused_naming_the_first(app, case):
    first = app.attach_document(an_attachment(case), ADJUSTER)
    kept = []

    error = refused_in(app, lambda: app.attach_document(an_attachment(case, file_name="copy.pdf"), CONCIERGE,
                                                        keep_content=lambda: kept.append(1)),
                       SameDocumentAttached, "document_already_attached", "file")

    assert error.params["document_id"] == str(first.aggregate_id) and kept == []


def test_attach_the_same_content_to_another_record_is_allowed_and_recognised(app, case):
    other = Owner.case(a_case_in(app, a_policy_in(app)))
    first = app.attach_document(an_attachment(case), ADJUSTER)

    second = app.attach_document(an_attachment(other), ADJUSTER)

    [use] = app.same_content(second.subject)
    assert (use.document_id, use.owner, use.withdrawn) == (str(first.aggregate_id), case, False)
    assert [u.owner for u in app.same_content(first.subject)] == [other]


def test_attach_again_content_whose_document_was_withdrawn_from_the_record_is_allowed(app, case):
    first = app.attach_document(an_attachment(case), ADJUSTER)
    app.withdraw_document(first.aggregate_id, "誤って添付", ADJUSTER)

    again = app.attach_document(an_attachment(case), ADJUSTER)

    assert [d.withdrawn for d in app.documents_of(case)] == [True, False]
    [use] = app.same_content(again.subject)
    assert use.withdrawn and use.document_id == str(first.aggregate_id)


def test_withdraw_document_saves_the_document_its_folder_and_its_register_together(app, case):
    document = app.attach_document(an_attachment(case), ADJUSTER).aggregate_id
    position = position_of(app)

    app.withdraw_document(document, "別の事案の書類", ADJUSTER)

    sha = an_attachment().content.sha256
    assert recorded_since(app, position) == [(document, "Withdrawn"), (folder_id(case), "DocumentWithdrawn"),
                                              (content_register_id(sha), "Released")]
    assert app.get_document(document).withdrawal_reason == "別の事案の書類"


def test_withdraw_document_twice_is_refused_and_saves_nothing(app, case):
    document = app.attach_document(an_attachment(case), ADJUSTER).aggregate_id
    app.withdraw_document(document, "誤り", ADJUSTER)

    refused_in(app, lambda: app.withdraw_document(document, "もう一度", ADJUSTER), DocumentAlreadyWithdrawn,
               "document_already_withdrawn")


def test_a_document_that_does_not_exist_is_not_found(app):
    refused_in(app, lambda: app.withdraw_document(uuid4(), "x", ADJUSTER), DocumentNotFound, "document_not_found")


def test_documents_of_a_record_list_every_document_oldest_first(app, case):
    for content in (b"%PDF-1 first", b"%PDF-1 second", b"%PDF-1 third"):
        app.attach_document(an_attachment(case, content=facts_of(content)), ADJUSTER)

    assert [d.size_bytes for d in app.documents_of(case)] == [12, 13, 12]
    with pytest.raises(CaseNotFound):
        app.documents_of(Owner.case(uuid4()))
