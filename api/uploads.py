"""Uploading a document: the one route family that takes more than CLAIMS_MAX_BODY_BYTES, and the
one path every upload takes, from the JSON API and from the pages alike.

- **The body limit**: `body_limit` gives the upload routes (a POST to …/documents) the document
  limit plus 64 KiB for the form's other fields; every other route keeps CLAIMS_MAX_BODY_BYTES.
  The guard (api/guards.py) applies it before the body is read.
- **The caller first**: the multipart form is parsed only after the role was checked (a dependency
  that needs the role's CommandContext), never by FastAPI ahead of it, as declared `File` and `Form`
  parameters would be. Starlette spools the file to disk past 1 MiB; it is closed after the answer.
- **Then** `attach_upload`: the form's fields checked by the API's own schema, the content read in
  chunks (hash, size, type: infra/document_contents.py) and the named command `attach_document`,
  which keeps the content only once every rule has let it through.
"""


import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any, BinaryIO

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException

from api.commands import CommandContext, Render, command_context
from api.schemas.common import Request as RequestSchema
from api.schemas.common import choice
from api.services import Services
from domain.documents.document import LONGEST_DESCRIPTION, AttachmentInput, Owner
from domain.documents.vocabulary import DocumentCategory, MediaType
from domain.kernel.actors import Role
from domain.kernel.errors import InvalidInput
from infra.document_contents import DocumentContents, inspect
from infra.settings import Settings

FORM_ALLOWANCE = 64 * 1024  # the multipart framing, the category, the description, a page's tokens
UPLOAD_PATH = re.compile(r"^/(?:web/)?(?:cases|incidents|policies)/[^/]+/documents/?$")


def body_limit(method: str, path: str, settings: Settings) -> int:
    """The largest body a request may send: more only on the upload routes."""
    if method == "POST" and UPLOAD_PATH.match(path):
        return max(settings.claims_max_body_bytes, settings.claims_max_document_bytes + FORM_ALLOWANCE)
    return settings.claims_max_body_bytes


class AttachmentIn(RequestSchema):
    """The form's fields beside the file."""

    category: choice(DocumentCategory) = Field(description="請求書, 承諾書, 委任契約書, … (the code or the Japanese term)")
    description: str | None = Field(default=None, max_length=LONGEST_DESCRIPTION)


class AttachmentFingerprint(BaseModel):
    """What makes two uploads the same request, for Idempotency-Key: the fields and the content's hash."""

    category: str
    description: str | None
    file_name: str | None
    sha256: str


@dataclass
class Upload:
    file: BinaryIO | None
    file_name: str | None
    fields: dict[str, str]

    @classmethod
    def of(cls, form: FormData) -> "Upload":
        sent = form.get("file")
        fields = {k: v for k, v in form.multi_items() if isinstance(v, str) and k in ("category", "description")}
        if isinstance(sent, UploadFile):
            return cls(sent.file, sent.filename, fields)
        return cls(None, None, fields)


@dataclass
class UploadCommand:
    cmd: CommandContext
    upload: Upload


async def read_upload(request: Request) -> FormData:
    """The multipart form, one file at most; a body that is not a readable form names the file."""
    try:
        return await request.form(max_files=1, max_fields=20)
    except HTTPException as refused:
        if refused.status_code != 400:
            raise
        raise InvalidInput("send the document as multipart/form-data with a `file` part", field="file",
                           reason="no_file") from None


def upload_command(*roles: Role) -> Any:
    """The role's CommandContext (checked first), then the upload it sent."""

    async def build(request: Request, cmd: Annotated[CommandContext, Depends(command_context(*roles))]
                    ) -> AsyncIterator[UploadCommand]:
        form = await read_upload(request)
        try:
            yield UploadCommand(cmd, Upload.of(form))
        finally:
            await form.close()

    return Depends(build)


def attachment_fields(upload: Upload) -> AttachmentIn:
    try:
        return AttachmentIn.model_validate(upload.fields)
    except ValidationError as refused:
        raise RequestValidationError(refused.errors()) from None


def contents_of(services: Services) -> DocumentContents:
    """The contents store, encrypting with the event log's own cipher (None: not configured)."""
    return DocumentContents(services.pool, services.app.mapper.cipher)


def attach_upload(up: UploadCommand, owner: Owner, fields: AttachmentIn, render: Render) -> Any:
    """Read the content, then run `attach_document`, which keeps it once the rules let it through."""
    upload, services = up.upload, up.cmd.services
    if upload.file is None:
        raise InvalidInput("choose a file to attach (a multipart part named `file`)", field="file", reason="no_file")
    facts = inspect(upload.file, services.settings.claims_max_document_bytes)
    attachment = AttachmentInput(owner, fields.category, upload.file_name or "", facts, fields.description)
    keep = partial(contents_of(services).keep, upload.file, facts)
    fingerprint = AttachmentFingerprint(category=fields.category, description=fields.description,
                                        file_name=upload.file_name, sha256=facts.sha256)
    command: Callable[..., Any] = partial(services.app.attach_document, keep_content=keep)
    return up.cmd.create(command, attachment, body=fingerprint, render=render)


UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file", "category"],
    "properties": {
        "file": {"type": "string", "format": "binary",
                 "description": "the document; its type is read from its content: "
                                + ", ".join(m.value for m in MediaType)},
        "category": {"type": "string", "enum": [c.value for c in DocumentCategory],
                     "description": "the document's category (the Japanese term is taken too)"},
        "description": {"type": "string", "maxLength": LONGEST_DESCRIPTION},
    },
}}}}}
