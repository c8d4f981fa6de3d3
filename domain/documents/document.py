"""A document of the file, event-sourced: attached once to one case, incident or policy, with a
category, and later perhaps withdrawn with a reason — never deleted, never replaced.

A new document (a new id) is made for every attachment, so that each has its own history, its own
uploader and its own withdrawal; the same content attached twice is two documents over one stored
content (the registers in registers.py keep them together). The event records what the service
found in the bytes — SHA-256, size, type read from the content — and the name the sender gave.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.documents.errors import (
    DocumentAlreadyWithdrawn,
    DocumentTypeNotAccepted,
    OwnDocumentsOnly,
    WithdrawnDocumentWithheld,
)
from domain.documents.vocabulary import ATTACHERS, READERS, DocumentCategory, MediaType, OwnerKind
from domain.kernel.actors import Actor, Role
from domain.kernel.errors import InvalidInput
from domain.kernel.inputs import optional_text, require_text

SHA256 = re.compile(r"^[0-9a-f]{64}$")
LONGEST_FILE_NAME = 255  # characters, as most file systems take
LONGEST_DESCRIPTION = 1_000


@dataclass(frozen=True)
class Owner:
    """What a document is attached to: a case or an incident (by id), a policy (by its number)."""

    kind: OwnerKind
    id: str

    @classmethod
    def case(cls, case_id: UUID | str) -> Owner:
        return cls(OwnerKind.CASE, str(UUID(str(case_id))))

    @classmethod
    def incident(cls, incident_id: UUID | str) -> Owner:
        return cls(OwnerKind.INCIDENT, str(UUID(str(incident_id))))

    @classmethod
    def policy(cls, number: str) -> Owner:
        return cls(OwnerKind.POLICY, number.strip().upper())


@dataclass(frozen=True)
class ContentFacts:
    """What the service found in the bytes it received — never what the sender claimed. `media_type`
    is None when the content is of no type the service recognises."""

    sha256: str
    size_bytes: int
    media_type: str | None


@dataclass(frozen=True)
class AttachmentInput:
    owner: Owner
    category: str
    file_name: str
    content: ContentFacts
    description: str | None = None


def readable_size(size_bytes: int) -> str:
    """A size as people read it — 20 MB, 1.5 MB, 512 KB, 900 バイト — in the units Windows shows
    (1 MB = 1,048,576 bytes), so the limit a page states is the size a person's computer shows."""
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if size_bytes >= scale:
            return f"{size_bytes / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size_bytes:,} バイト"


def file_name_of(sent: str | None) -> str:
    """The name as a person reads it: its last part only (some browsers send a whole path), in NFC,
    without control characters; refused when nothing is left."""
    name = unicodedata.normalize("NFC", str(sent or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if not name:
        raise InvalidInput("the file has no name", field="file", reason="no_file_name")
    if len(name) > LONGEST_FILE_NAME:
        raise InvalidInput(f"the file name is over {LONGEST_FILE_NAME} characters", field="file",
                           reason="file_name_too_long", params={"max_length": LONGEST_FILE_NAME})
    return name


def accepted_type(content: ContentFacts) -> MediaType:
    """The content's type, if the file accepts it; an empty content, or one of another type, is refused."""
    if content.size_bytes <= 0:
        raise InvalidInput("the file is empty", field="file", reason="empty_file")
    if not SHA256.match(content.sha256):
        raise InvalidInput("sha256: 64 lowercase hexadecimal digits", field="file", reason="bad_sha256")
    try:
        return MediaType(content.media_type)
    except ValueError:
        accepted = ", ".join(m.value for m in MediaType)
        raise DocumentTypeNotAccepted(
            f"the file's content is {content.media_type or 'of no recognised type'}; the file takes {accepted}",
            field="file", params={"accepted": "、".join(m.ja for m in MediaType)}) from None


def require_attacher(actor: Actor, kind: OwnerKind) -> None:
    actor.require(*ATTACHERS[kind], command=f"attaching a document to a {kind.value}")


class Document(Aggregate):
    TOPIC = "claims:Document"

    class Created(Aggregate.Created):
        TOPIC = "claims:Document.Created"

    # ---- commands -------------------------------------------------------------------------

    @classmethod
    def attach(cls, attachment: AttachmentInput, actor: Actor, document_id: UUID) -> Document:
        owner = attachment.owner
        require_attacher(actor, owner.kind)
        description = optional_text(attachment.description)
        if description is not None and len(description) > LONGEST_DESCRIPTION:
            raise InvalidInput(f"description: at most {LONGEST_DESCRIPTION} characters", field="description",
                               reason="too_long", params={"maximum": LONGEST_DESCRIPTION})
        return cls(
            id=document_id,
            owner_kind=owner.kind.value,
            owner_id=owner.id,
            category=DocumentCategory.coerce(attachment.category, "category").value,
            file_name=file_name_of(attachment.file_name),
            media_type=accepted_type(attachment.content).value,
            size_bytes=attachment.content.size_bytes,
            sha256=attachment.content.sha256,
            description=description,
            actor_id=actor.user_id,
            actor_role=actor.role.value,
        )

    def withdraw(self, *, reason: str, actor: Actor) -> None:
        """Taken out of the day's file, with a reason; the record and the content stay."""
        actor.require(*self._withdrawers(), command="withdrawing a document")
        if self.withdrawn:
            raise DocumentAlreadyWithdrawn("the document is already withdrawn", field="document_id",
                                           params={"withdrawn_at": self.withdrawn_at})
        if actor.role is Role.CONCIERGE and actor.user_id != self.attached_by:
            raise OwnDocumentsOnly("a concierge withdraws only the documents they attached; ask an adjuster",
                                   field="document_id")
        self._withdrawn(reason=require_text(reason, "reason"), actor_id=actor.user_id, actor_role=actor.role.value)

    # ---- who may read it ------------------------------------------------------------------

    def require_reader(self, actor: Actor) -> None:
        """Those who read the record it is attached to read it (a policy's: the administrator too)."""
        actor.require(*READERS[OwnerKind(self.owner_kind)], command=f"reading a {self.owner_kind}'s documents")

    def require_content_reader(self, actor: Actor) -> None:
        """Its content as well; once withdrawn, the auditor's only."""
        self.require_reader(actor)
        if self.withdrawn and actor.role is not Role.AUDITOR:
            raise WithdrawnDocumentWithheld("the document is withdrawn: its content is shown to auditors only",
                                            field="document_id")

    def _withdrawers(self) -> tuple[Role, ...]:
        return (Role.ADMIN,) if self.owner_kind == OwnerKind.POLICY else (Role.ADJUSTER, Role.CONCIERGE)

    # ---- derived --------------------------------------------------------------------------

    @property
    def owner(self) -> Owner:
        return Owner(OwnerKind(self.owner_kind), self.owner_id)

    @property
    def kind_of_content(self) -> MediaType:
        return MediaType(self.media_type)

    @property
    def withdrawn_at(self) -> datetime | None:
        """When it was withdrawn: its last change, since nothing follows a withdrawal."""
        return self.modified_on if self.withdrawn else None

    # ---- events: they only record -----------------------------------------------------------

    @event("Attached", topic="claims:Document.Attached")
    def __init__(self, id: Any, owner_kind: str, owner_id: str, category: str, file_name: str, media_type: str,
                 size_bytes: int, sha256: str, description: str | None, actor_id: str, actor_role: str) -> None:
        self.owner_kind = owner_kind
        self.owner_id = owner_id
        self.category = category
        self.file_name = file_name
        self.media_type = media_type
        self.size_bytes = size_bytes
        self.sha256 = sha256
        self.description = description
        self.attached_by = actor_id
        self.attached_by_role = actor_role
        self.withdrawn = False
        self.withdrawn_by: str | None = None
        self.withdrawal_reason: str | None = None

    @event("Withdrawn", topic="claims:Document.Withdrawn")
    def _withdrawn(self, reason: str, actor_id: str, actor_role: str) -> None:
        self.withdrawn = True
        self.withdrawn_by = actor_id
        self.withdrawal_reason = reason
