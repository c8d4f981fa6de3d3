"""Documents for the unit tests: an attachment of a given content to a given record."""

from __future__ import annotations

import hashlib
from typing import Any
from uuid import uuid4

from domain.documents.document import AttachmentInput, ContentFacts, Document, Owner
from domain.kernel.actors import Actor
from tests.builders import ADJUSTER

PDF_BYTES = b"%PDF-1.4\n% a consent letter\n%%EOF\n"


def facts_of(content: bytes = PDF_BYTES, media_type: str | None = "application/pdf") -> ContentFacts:
    return ContentFacts(hashlib.sha256(content).hexdigest(), len(content), media_type)


def an_attachment(owner: Owner | None = None, **overrides: Any) -> AttachmentInput:
    fields = {"owner": owner or Owner.case(uuid4()), "category": "consent_letter", "file_name": "承諾書.pdf",
              "content": facts_of(), "description": None, **overrides}
    return AttachmentInput(**fields)


def a_document(owner: Owner | None = None, actor: Actor = ADJUSTER, **overrides: Any) -> Document:
    """An attached document whose pending events were collected."""
    document = Document.attach(an_attachment(owner, **overrides), actor, uuid4())
    document.collect_events()
    return document
