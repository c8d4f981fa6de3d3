"""Rules that span documents, each kept by a small aggregate saved with the document it concerns
(in one transaction, with optimistic concurrency, like a policy's registers):

- DocumentFolder, one per case, incident or policy: its documents in the order attached, and the
  rule "the same content is not attached to one record twice" while the first is not withdrawn.
  Reading a record's documents reads its folder: consistent at once, no read model to wait for.
- ContentRegister, one per content (its SHA-256): every document made of that content, on whatever
  record, so an attachment of content the file already holds elsewhere is recognised and said.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.documents.document import Owner
from domain.documents.errors import SameDocumentAttached
from domain.documents.vocabulary import OwnerKind
from domain.kernel.shared import SharedDict, SharedList

REGISTER_NAMESPACE = uuid5(NAMESPACE_URL, "urn:jsprs-claims:documents")


def folder_id(owner: Owner) -> UUID:
    return uuid5(REGISTER_NAMESPACE, f"folder:{owner.kind.value}:{owner.id}")


def content_register_id(sha256: str) -> UUID:
    return uuid5(REGISTER_NAMESPACE, f"content:{sha256}")


class DocumentFolder(Aggregate):
    TOPIC = "claims:DocumentFolder"

    class Created(Aggregate.Created):
        TOPIC = "claims:DocumentFolder.Created"

    @classmethod
    def open_for(cls, owner: Owner) -> DocumentFolder:
        return cls(id=folder_id(owner), owner_kind=owner.kind.value, owner_id=owner.id)

    def file(self, document_id: UUID, sha256: str) -> None:
        """A new document in the folder, unless the same content is in it already (not withdrawn)."""
        earlier = self.in_force.get(sha256)
        if earlier is not None:
            raise SameDocumentAttached(
                f"the same content is already attached to this {self.owner_kind} as document {earlier}", field="file",
                params={"document_id": earlier, "owner": OwnerKind(self.owner_kind).ja})
        self._filed(document_id=str(document_id), sha256=sha256)

    def withdraw(self, document_id: UUID) -> None:
        if str(document_id) in self.in_force.values():
            self._withdrawn(document_id=str(document_id))

    @property
    def owner(self) -> Owner:
        return Owner(OwnerKind(self.owner_kind), self.owner_id)

    @event("Opened", topic="claims:DocumentFolder.Opened")
    def __init__(self, id: Any, owner_kind: str, owner_id: str) -> None:
        self.owner_kind = owner_kind
        self.owner_id = owner_id
        self.documents: list[str] = SharedList()  # every document ever attached, oldest first
        self.in_force: dict[str, str] = SharedDict()  # sha256 → the document not withdrawn that holds it

    @event("DocumentFiled", topic="claims:DocumentFolder.DocumentFiled")
    def _filed(self, document_id: str, sha256: str) -> None:
        self.documents.append(document_id)
        self.in_force[sha256] = document_id

    @event("DocumentWithdrawn", topic="claims:DocumentFolder.DocumentWithdrawn")
    def _withdrawn(self, document_id: str) -> None:
        self.in_force = SharedDict({sha: doc for sha, doc in self.in_force.items() if doc != document_id})


@dataclass(frozen=True)
class ContentUse:
    """One document made of a content: which, on which record, and whether it was withdrawn."""

    document_id: str
    owner: Owner
    withdrawn: bool


class ContentRegister(Aggregate):
    TOPIC = "claims:ContentRegister"

    class Created(Aggregate.Created):
        TOPIC = "claims:ContentRegister.Created"

    @classmethod
    def open_for(cls, sha256: str) -> ContentRegister:
        return cls(id=content_register_id(sha256), sha256=sha256)

    def record_use(self, document_id: UUID, owner: Owner) -> None:
        self._used(document_id=str(document_id), owner_kind=owner.kind.value, owner_id=owner.id)

    def release(self, document_id: UUID) -> None:
        if str(document_id) in self.uses and str(document_id) not in self.released:
            self._released(document_id=str(document_id))

    def others_than(self, document_id: UUID | str) -> list[ContentUse]:
        """The other documents of the same content, oldest first."""
        return [ContentUse(doc, Owner(OwnerKind(kind), owner), doc in self.released)
                for doc, (kind, owner) in self.uses.items() if doc != str(document_id)]

    @event("Opened", topic="claims:ContentRegister.Opened")
    def __init__(self, id: Any, sha256: str) -> None:
        self.sha256 = sha256
        self.uses: dict[str, tuple[str, str]] = SharedDict()  # document id → (owner kind, owner id)
        self.released: list[str] = SharedList()

    @event("Used", topic="claims:ContentRegister.Used")
    def _used(self, document_id: str, owner_kind: str, owner_id: str) -> None:
        self.uses[document_id] = (owner_kind, owner_id)

    @event("Released", topic="claims:ContentRegister.Released")
    def _released(self, document_id: str) -> None:
        self.released.append(document_id)
