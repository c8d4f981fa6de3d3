"""What the API answers about the file's documents."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from domain.documents.document import Document
from domain.documents.registers import ContentUse
from domain.documents.vocabulary import DocumentCategory


class ContentUseOut(BaseModel):
    document_id: str
    owner_kind: str = Field(description="case, incident or policy")
    owner_id: str = Field(description="the case's or incident's id, or the policy number")
    withdrawn: bool


class DocumentOut(BaseModel):
    id: str
    version: int
    owner_kind: str = Field(description="case, incident or policy")
    owner_id: str = Field(description="the case's or incident's id, or the policy number")
    category: str
    category_ja: str
    file_name: str = Field(description="the name the uploader's file had (its last part)")
    media_type: str = Field(description="the type read from the content, never from the name")
    size_bytes: int
    sha256: str = Field(description="the SHA-256 of the content, hexadecimal: its address in the store")
    description: str | None
    attached_at: datetime
    attached_by: str
    attached_by_role: str
    withdrawn: bool
    withdrawn_at: datetime | None
    withdrawn_by: str | None
    withdrawal_reason: str | None
    content_url: str = Field(description="GET it for the bytes (each download is in the access log)")
    same_content: list[ContentUseOut] | None = Field(
        default=None, description="other documents of the same content, on this record or another (the recognition"
                                  " of content the file already holds); given on an attachment and a document's read")

    @classmethod
    def of(cls, document: Document, same_content: list[ContentUse] | None = None) -> DocumentOut:
        uses = None if same_content is None else [
            ContentUseOut(document_id=u.document_id, owner_kind=u.owner.kind.value, owner_id=u.owner.id,
                          withdrawn=u.withdrawn) for u in same_content]
        return cls(
            id=str(document.id), version=document.version, owner_kind=document.owner_kind, owner_id=document.owner_id,
            category=document.category, category_ja=DocumentCategory(document.category).ja, file_name=document.file_name,
            media_type=document.media_type, size_bytes=document.size_bytes, sha256=document.sha256,
            description=document.description, attached_at=document.created_on, attached_by=document.attached_by,
            attached_by_role=document.attached_by_role, withdrawn=document.withdrawn, withdrawn_at=document.withdrawn_at,
            withdrawn_by=document.withdrawn_by, withdrawal_reason=document.withdrawal_reason,
            content_url=f"/documents/{document.id}/content", same_content=uses,
        )


class DocumentsOut(BaseModel):
    owner_kind: str
    owner_id: str
    items: list[DocumentOut]
