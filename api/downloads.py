"""Handing a document back: read by a role that may, logged before a byte is shown, streamed.

- **Who**: the route checks the role it serves; the document then says who reads a record of its
  kind (a policy's: the administrator too) and that a withdrawn one's content is the auditor's
  (domain/documents/document.py). A read refused there is not logged (nothing was shown); a
  read of a document that does not exist is (someone tried), as decision 0012 has it.
- **The access log** names the document and its record, so an auditor finds every download of a
  case's papers by the case's id (`subject` is the document's id; `detail` has the owner).
- **The answer streams** the stored chunks (infra/document_contents.py) with the detected type,
  `nosniff`, a Content-Disposition whose name is written for every browser (RFC 6266 with the
  RFC 5987 UTF-8 form for Japanese names), and `Repr-Digest` (RFC 9530): the SHA-256 the record
  holds, for the receiver to check. A preview (`inline`) may sit in a frame of the service's own
  pages; a download may not, and neither may run anything.
"""

from __future__ import annotations

import base64
import unicodedata
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote
from uuid import UUID

from fastapi import Request
from fastapi.responses import StreamingResponse

from api.services import Services
from api.uploads import contents_of
from domain.documents.document import Document
from domain.documents.errors import DocumentContentMissing, DocumentNotFound
from domain.documents.vocabulary import MediaType
from domain.kernel.actors import Actor

DOWNLOAD_POLICY = "default-src 'none'; sandbox; frame-ancestors 'none'"
# A preview is framed by the document's page: PDF viewers need the plugin the frame's own policy
# allows (no `sandbox`, no `object-src 'none'`), images need nothing.
PREVIEW_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'"


def read_document(services: Services, actor: Actor, document_id: UUID, action: str, request: Request, *,
                  content: bool = False) -> Document:
    """The document, once the actor may read it (its content, with `content`), logged before it is shown."""
    try:
        document = services.app.get_document(document_id)
    except DocumentNotFound:
        _log(services, actor, action, str(document_id), request, {})
        raise
    (document.require_content_reader if content else document.require_reader)(actor)
    _log(services, actor, action, str(document.id), request,
         {"owner_kind": document.owner_kind, "owner_id": document.owner_id})
    return document


def _log(services: Services, actor: Actor, action: str, subject: str, request: Request, about: dict[str, Any]) -> None:
    detail = {"path": request.url.path, "query": dict(request.query_params), **about}
    services.access_log.record(actor.user_id, actor.role.value, action, subject, detail)


def content_response(services: Services, document: Document, *, inline: bool = False) -> StreamingResponse:
    contents = contents_of(services)
    stored = contents.find(document.sha256)
    if stored is None:
        raise DocumentContentMissing(f"the content of document {document.id} is not in the store", field="document_id")
    preview = inline and document.kind_of_content.previewable
    headers = {
        "Content-Length": str(stored.size_bytes),
        "Content-Disposition": content_disposition("inline" if preview else "attachment", document.file_name,
                                                   document.kind_of_content),
        "Content-Security-Policy": PREVIEW_POLICY if preview else DOWNLOAD_POLICY,
        "X-Frame-Options": "SAMEORIGIN" if preview else "DENY",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Repr-Digest": f"sha-256=:{base64.b64encode(bytes.fromhex(document.sha256)).decode()}:",
        "Referrer-Policy": "same-origin",
    }
    return StreamingResponse(contents.chunks(stored), media_type=document.media_type, headers=headers)


def content_disposition(kind: str, file_name: str, media_type: MediaType) -> str:
    """`attachment; filename="…"; filename*=UTF-8''…`: the real name, percent-encoded in UTF-8, for
    every current browser; for older clients a plain one — the name itself when it is ASCII (accents
    dropped), else "document" — with the extension of the type the content is."""
    letters = [ch for ch in unicodedata.normalize("NFKD", PurePosixPath(file_name).stem) if not unicodedata.combining(ch)]
    stem = "".join(ch if ch.isalnum() or ch in "-_ " else "_" for ch in letters).strip(" _")
    fallback = f"{stem if stem.isascii() and stem else 'document'}{media_type.extension}"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"
