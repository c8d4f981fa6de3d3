"""The file's events read as one line in English and Japanese, without the file's name, its
description or the reason for a withdrawal."""

from __future__ import annotations

from eventsourcing.domain import DomainEvent

from domain.documents import document, registers
from domain.documents.document import Owner
from domain.kernel.descriptions import TEMPLATES
from domain.kernel.history import history_of
from tests.builders import ADJUSTER, a_case_in, a_policy_in, an_app
from tests.unit.documents.builders import an_attachment


def event_topics() -> set[str]:
    topics = set()
    for module in (document, registers):
        for aggregate in vars(module).values():
            for member in vars(aggregate).values() if isinstance(aggregate, type) else ():
                if isinstance(member, type) and issubclass(member, DomainEvent) and "." in getattr(member, "TOPIC", ""):
                    topics.add(member.TOPIC)
    return {t for t in topics if not t.endswith(".Created")}


def test_every_event_of_the_file_has_a_description():
    topics = event_topics()
    assert len(topics) == 8
    assert topics - set(TEMPLATES) == set()


def test_an_attachment_and_its_withdrawal_read_in_japanese_without_names_or_words():
    app = an_app()
    case = Owner.case(a_case_in(app, a_policy_in(app)))
    attachment = an_attachment(case, file_name="山田太郎_承諾書.pdf", description="山田様の承諾書")
    document_id = app.attach_document(attachment, ADJUSTER).aggregate_id
    app.withdraw_document(document_id, "山田様の別件の書類だった", ADJUSTER)

    attached, withdrawn = history_of(app.document_history(document_id))

    assert attached.description_ja == "書類を事案に添付（承諾書、PDF、34 バイト）"
    assert attached.description_en == "Document attached to the case (consent_letter, application/pdf, 34 bytes)"
    assert withdrawn.description_ja == "書類を取り下げ"
    said = " ".join((attached.description_en, attached.description_ja, withdrawn.description_en, withdrawn.description_ja))
    assert "山田" not in said
