"""A document's type is read from its bytes (infra/document_types.py), never from its name: what
the file takes is recognised, and what it refuses is named for what it is."""

from __future__ import annotations

import io
import zipfile

import pytest

from domain.documents.vocabulary import MediaType
from infra.document_types import detect_media_type
from tests.document_files import a_pdf, a_png, a_web_page, an_executable


def a_zip(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return out.getvalue()


WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize(("content", "expected"), [
    (a_pdf(), "application/pdf"),
    (a_png(), "image/png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\0" * 64, "image/jpeg"),
    (b"II*\x00\x08\x00\x00\x00" + b"\0" * 64, "image/tiff"),
    (b"MM\x00*\x00\x00\x00\x08" + b"\0" * 64, "image/tiff"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\0" * 64, "image/heif"),
    (a_zip("[Content_Types].xml", "word/document.xml"), WORD),
    (a_zip("[Content_Types].xml", "xl/workbook.xml"), EXCEL),
])
def test_the_types_the_file_takes_are_read_from_their_bytes(content, expected):
    assert detect_media_type(io.BytesIO(content)) == expected


@pytest.mark.parametrize(("content", "expected"), [
    (a_web_page(), "text/html"),
    (a_zip("word/document.xml"), "application/zip"),  # no [Content_Types].xml: an archive, not a Word file
    (a_zip("readme.txt"), "application/zip"),
    (b"PK\x03\x04 not really an archive", "application/zip"),
    (an_executable(), "application/octet-stream"),
    ("診断書の本文です".encode(), None),
    (b"", None),
])
def test_what_the_file_refuses_is_named_for_what_it_is(content, expected):
    assert detect_media_type(io.BytesIO(content)) == expected


def test_detection_leaves_the_file_at_its_start():
    upload = io.BytesIO(a_pdf())
    upload.seek(10)
    detect_media_type(upload)
    assert upload.tell() == 0


def test_a_windows_program_is_no_type_the_file_takes():
    found = detect_media_type(io.BytesIO(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\0" * 300))
    assert found not in {m.value for m in MediaType}
