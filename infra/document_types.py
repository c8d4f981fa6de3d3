"""What a file is, read from its bytes — never from its name or the type its sender declared.

The signatures come from `puremagic` (a maintained, pure-Python reading of the magic numbers that
`file(1)` uses), asked without the file's name: it would otherwise let the name's extension decide
between candidates. Word and Excel files are ZIP archives to any magic number; which one a ZIP is
(or whether it is an Office file at all) is read from its own table of contents with the standard
library: `[Content_Types].xml` with `word/document.xml` is a .docx, with `xl/workbook.xml` an .xlsx.
"""

from __future__ import annotations

import zipfile
from typing import BinaryIO

import puremagic

from domain.documents.vocabulary import MediaType

ZIP_SIGNATURE = b"PK\x03\x04"
OFFICE_PARTS = {"word/document.xml": MediaType.DOCX, "xl/workbook.xml": MediaType.XLSX}
# What puremagic may call an accepted type by another name.
ALIASES = {"image/pjpeg": MediaType.JPEG, "image/x-png": MediaType.PNG, "image/heic-sequence": MediaType.HEIC,
           "image/heif-sequence": MediaType.HEIF}


def detect_media_type(content: BinaryIO) -> str | None:
    """The type of a seekable file's content: an accepted MediaType's value, another MIME type for
    content the file refuses, or None for content of no known type. Leaves the file at its start."""
    content.seek(0)
    head = content.read(8)
    content.seek(0)
    if not head:
        return None
    try:
        if head.startswith(ZIP_SIGNATURE):
            return _office_type(content)
        return _by_signature(content)
    finally:
        content.seek(0)


def _by_signature(content: BinaryIO) -> str | None:
    try:
        found = puremagic.magic_stream(content)
    except (puremagic.PureError, ValueError):
        return None
    if not found:
        return None
    best = found[0].mime_type or ""
    accepted = ALIASES.get(best) or next((m for m in MediaType if m.value == best), None)
    return accepted.value if accepted else (best or "application/octet-stream")


def _office_type(content: BinaryIO) -> str:
    """A ZIP archive is a Word or Excel file when its contents say so; any other archive is refused."""
    try:
        with zipfile.ZipFile(content) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "application/zip"
    if "[Content_Types].xml" in names:
        for part, media_type in OFFICE_PARTS.items():
            if part in names:
                return media_type.value
    return "application/zip"
