"""Document.attach: Given an upload's facts / When attached / Then one Attached event, or a named refusal."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.documents.document import Document, Owner, file_name_of, readable_size
from domain.documents.errors import DocumentTypeNotAccepted
from domain.kernel.errors import InvalidInput, RoleNotAllowed
from tests.builders import ADJUSTER, ADMIN, AUDITOR, CONCIERGE, invalid, only_event, refused
from tests.unit.documents.builders import an_attachment, facts_of


def test_attach_records_what_was_found_in_the_content_and_who_sent_it():
    attachment = an_attachment(description="保険会社の承諾書（写し）")

    document = Document.attach(attachment, ADJUSTER, uuid4())

    event = only_event(document, "Attached")
    assert (event.owner_kind, event.owner_id) == ("case", attachment.owner.id)
    assert (event.category, event.file_name, event.media_type) == ("consent_letter", "承諾書.pdf", "application/pdf")
    assert (event.sha256, event.size_bytes) == (attachment.content.sha256, attachment.content.size_bytes)
    assert (event.actor_id, event.actor_role, event.description) == ("adjuster-1", "adjuster", "保険会社の承諾書（写し）")
    assert not document.withdrawn and document.withdrawn_at is None


@pytest.mark.parametrize("actor", [CONCIERGE, ADJUSTER])
def test_attach_to_a_case_or_an_incident_is_for_the_concierge_and_the_adjuster(actor):
    for owner in (Owner.case(uuid4()), Owner.incident(uuid4())):
        assert Document.attach(an_attachment(owner), actor, uuid4()).attached_by == actor.user_id


@pytest.mark.parametrize("actor", [AUDITOR, ADMIN])
def test_attach_to_a_case_by_another_role_is_refused(actor):
    refused(lambda: Document.attach(an_attachment(), actor, uuid4()), RoleNotAllowed, "role_not_allowed")


def test_attach_to_a_policy_is_the_administrators():
    policy = Owner.policy(" har-2025-0001 ")
    assert Document.attach(an_attachment(policy), ADMIN, uuid4()).owner_id == "HAR-2025-0001"
    refused(lambda: Document.attach(an_attachment(policy), ADJUSTER, uuid4()), RoleNotAllowed, "role_not_allowed")


@pytest.mark.parametrize("media_type", ["text/html", "", None, "application/zip"])
def test_attach_content_of_a_type_the_file_does_not_take_is_refused_naming_the_file(media_type):
    attachment = an_attachment(content=facts_of(b"<html></html>", media_type))

    error = refused(lambda: Document.attach(attachment, ADJUSTER, uuid4()), DocumentTypeNotAccepted,
                    "document_type_not_accepted", "file")
    assert error.status == "unsupported_type"


def test_attach_an_empty_file_is_refused():
    error = invalid(lambda: Document.attach(an_attachment(content=facts_of(b"")), ADJUSTER, uuid4()), "file")
    assert error.reason == "empty_file"


def test_attach_with_a_category_outside_the_list_is_refused():
    invalid(lambda: Document.attach(an_attachment(category="receipt"), ADJUSTER, uuid4()), "category")


def test_attach_takes_the_category_in_japanese_too_through_its_code_only():
    invalid(lambda: Document.attach(an_attachment(category="領収書"), ADJUSTER, uuid4()), "category")


@pytest.mark.parametrize(("sent", "kept"), [
    ("C:\\Users\\yamada\\承諾書.pdf", "承諾書.pdf"), ("scans/警察 届出.pdf", "警察 届出.pdf"),
    ("診断書\x00.pdf", "診断書.pdf"), ("  写真.jpg ", "写真.jpg"), ("ｶﾞ.pdf", "ｶﾞ.pdf"),
])
def test_the_file_name_kept_is_its_last_part_without_control_characters(sent, kept):
    assert file_name_of(sent) == kept


@pytest.mark.parametrize("sent", ["", "   ", "dir/", None])
def test_a_file_without_a_name_is_refused(sent):
    with pytest.raises(InvalidInput) as refusal:
        file_name_of(sent)
    assert (refusal.value.field, refusal.value.reason) == ("file", "no_file_name")


def test_a_file_name_over_255_characters_is_refused():
    with pytest.raises(InvalidInput) as refusal:
        file_name_of("あ" * 252 + ".pdf")
    assert refusal.value.reason == "file_name_too_long"


@pytest.mark.parametrize(("size", "said"), [(20 * 1024 * 1024, "20 MB"), (1_572_864, "1.5 MB"), (524_288, "512 KB"),
                                            (900, "900 バイト"), (1_000, "1,000 バイト")])
def test_a_size_reads_as_a_persons_computer_shows_it(size, said):
    assert readable_size(size) == said
