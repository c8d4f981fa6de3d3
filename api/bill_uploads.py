"""A lawyer's bill sent as a file (LEDES 1998B or CSV), from the JSON API and the pages alike.

The role is checked before the multipart form is read (as for documents, api/uploads.py); the
file is read whole (bills are small: the service's body limit applies) and handed to the domain's
reader, which refuses a malformed file naming the line and the field before anything is recorded.
A file whose first line starts with `LEDES` is read as LEDES 1998B; any other as the CSV of lines,
whose bill number and date come in the form's fields `invoice_number` and `invoice_date`.
"""


import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Request
from pydantic import BaseModel
from starlette.datastructures import UploadFile

from api.commands import CommandContext, command_context
from api.uploads import read_upload
from domain.harassment.bill_files import ReadBill, decoded, read_csv, read_ledes
from domain.kernel.actors import Role
from domain.kernel.errors import InvalidInput
from domain.kernel.inputs import require_text


class BillFingerprint(BaseModel):
    """What makes two uploads the same request, for Idempotency-Key: the fields and the file's hash."""

    invoice_number: str | None
    invoice_date: str | None
    sha256: str


@dataclass
class BillUpload:
    content: bytes | None
    file_name: str | None
    fields: dict[str, str]

    @property
    def fingerprint(self) -> BillFingerprint:
        return BillFingerprint(invoice_number=self.fields.get("invoice_number"),
                               invoice_date=self.fields.get("invoice_date"),
                               sha256=hashlib.sha256(self.content or b"").hexdigest())


@dataclass
class BillUploadCommand:
    cmd: CommandContext
    upload: BillUpload


def bill_upload_command(*roles: Role) -> Any:
    async def build(request: Request, cmd: Annotated[CommandContext, Depends(command_context(*roles))]
                    ) -> AsyncIterator[BillUploadCommand]:
        form = await read_upload(request)
        try:
            sent = form.get("file")
            content = await sent.read() if isinstance(sent, UploadFile) else None
            name = sent.filename if isinstance(sent, UploadFile) else None
            fields = {k: v for k, v in form.multi_items() if isinstance(v, str) and k in ("invoice_number",
                                                                                             "invoice_date")}
            yield BillUploadCommand(cmd, BillUpload(content, name, fields))
        finally:
            await form.close()

    return Depends(build)


def read_bill(upload: BillUpload) -> ReadBill:
    """The bill the file holds, or the refusal naming the line and the field."""
    if not upload.content:
        raise InvalidInput("choose the bill's file (a multipart part named `file`)", field="file", reason="no_file")
    if decoded(upload.content).lstrip("\ufeff").startswith("LEDES"):
        return read_ledes(upload.content)
    number = require_text(upload.fields.get("invoice_number") or "", "invoice_number")
    try:
        invoice_date = date.fromisoformat(upload.fields.get("invoice_date") or "")
    except ValueError:
        raise InvalidInput("invoice_date: a date, e.g. 2026-04-01", field="invoice_date", reason="not_a_date") from None
    return read_csv(upload.content, number[:200], invoice_date)


BillUploader = Annotated[BillUploadCommand, bill_upload_command(Role.ADJUSTER)]
BILL_UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary",
                 "description": "LEDES 1998B (first line LEDES1998B[]) or a CSV 費目,業務日,金額,摘要; UTF-8 or Shift_JIS"},
        "invoice_number": {"type": "string", "maxLength": 200, "description": "CSV only: the bill's number"},
        "invoice_date": {"type": "string", "format": "date", "description": "CSV only: the bill's date"},
    },
}}}}}
