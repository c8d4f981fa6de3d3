"""The file's documents: attach one to a case, an incident or a policy, withdraw it, read a record's
documents — by name, for every product.

Attaching saves the new document, the record's folder and the content's register in one
transaction. The content itself is kept first, by `keep_content` (infra/document_contents.py),
once every rule has let the attachment through and before anything is saved: keeping is
idempotent and addressed by the content's SHA-256, so a retry keeps nothing twice and a save that
then fails leaves at most an orphan content that no document names (harmless; decision 0020).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID, uuid4

from eventsourcing.domain import DomainEventProtocol

from domain.application.machinery import Change, CommandResult, Idempotency, Machinery
from domain.cyber.incident import CyberIncident
from domain.documents.document import AttachmentInput, Document, Owner, require_attacher
from domain.documents.errors import DocumentNotFound
from domain.documents.registers import (
    ContentRegister,
    ContentUse,
    DocumentFolder,
    content_register_id,
    folder_id,
)
from domain.documents.vocabulary import OwnerKind
from domain.harassment.case import ClaimCase
from domain.kernel.actors import Actor
from domain.kernel.errors import CaseNotFound, IncidentNotFound
from domain.policies.errors import PolicyNotFound
from domain.policies.policy import Policy, policy_id


def _keep_nothing() -> None:
    """Keeping no content: the in-memory application and the unit tests."""


class DocumentCommands(Machinery):
    def attach_document(
        self, attachment: AttachmentInput, actor: Actor, *, keep_content: Callable[[], None] = _keep_nothing,
        idempotency: Idempotency | None = None,
    ) -> CommandResult:
        """A new document on the record, unless the same content is attached to it already. The
        same content on other records is allowed, and recognised (`same_content`)."""

        def decide(_now: datetime) -> Change:
            owner = attachment.owner
            require_attacher(actor, owner.kind)
            self._require_owner(owner)
            document = Document.attach(attachment, actor, uuid4())
            folder = self._get_or(folder_id(owner), DocumentFolder, lambda: DocumentFolder.open_for(owner))
            folder.file(document.id, document.sha256)
            register = self._get_or(content_register_id(document.sha256), ContentRegister,
                                    lambda: ContentRegister.open_for(document.sha256))
            register.record_use(document.id, owner)
            keep_content()
            return Change(document, (folder, register))

        return self._create(decide, idempotency=idempotency)

    def withdraw_document(
        self, document_id: UUID, reason: str, actor: Actor, *,
        expected_version: int | None = None, idempotency: Idempotency | None = None,
    ) -> CommandResult:
        """Out of the day's file with a reason; its record and its content stay for the auditor."""

        def decide(document: Document, _now: datetime) -> Change:
            document.withdraw(reason=reason, actor=actor)
            folder = self._get_or(folder_id(document.owner), DocumentFolder, lambda: DocumentFolder.open_for(document.owner))
            folder.withdraw(document.id)
            register = self._get_or(content_register_id(document.sha256), ContentRegister,
                                    lambda: ContentRegister.open_for(document.sha256))
            register.release(document.id)
            return Change(document, (folder, register))

        return self._run(lambda: self.get_document(document_id), decide, expected_version=expected_version,
                         idempotency=idempotency)

    # ---- queries --------------------------------------------------------------------------

    def get_document(self, document_id: UUID, version: int | None = None, as_of: datetime | None = None) -> Document:
        missing = DocumentNotFound(f"no document {document_id}", field="document_id")
        return self._get(document_id, Document, missing, self._version_at(document_id, version, as_of, missing))

    def document_history(self, document_id: UUID) -> list[DomainEventProtocol[UUID]]:
        self.get_document(document_id)
        return self._history(document_id)

    def documents_of(self, owner: Owner) -> list[Document]:
        """The record's documents, oldest first, withdrawn ones too (the record must exist)."""
        self._require_owner(owner)
        folder = self._maybe(folder_id(owner), DocumentFolder)
        return [self.get_document(UUID(document_id)) for document_id in (folder.documents if folder else [])]

    def same_content(self, document: Document) -> list[ContentUse]:
        """The other documents made of the same content, on this record or any other."""
        register = self._maybe(content_register_id(document.sha256), ContentRegister)
        return register.others_than(document.id) if register else []

    # ---- machinery ------------------------------------------------------------------------

    def _require_owner(self, owner: Owner) -> None:
        if owner.kind == OwnerKind.CASE:
            self._get(UUID(owner.id), ClaimCase, CaseNotFound(f"no case {owner.id}", field="case_id"))
        elif owner.kind == OwnerKind.INCIDENT:
            self._get(UUID(owner.id), CyberIncident, IncidentNotFound(f"no incident {owner.id}", field="incident_id"))
        else:
            self._get(policy_id(owner.id), Policy, PolicyNotFound(f"no policy {owner.id}", field="policy_number"))
