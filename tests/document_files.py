"""Files for the document tests, made here byte by byte: a real one-page PDF (any viewer opens it), a
PNG, and the kinds the file refuses (a web page named .pdf, a Linux executable). Each PDF and PNG
carries a marker, so no two tests share a content unless they mean to."""

from __future__ import annotations

import struct
import uuid
import zlib


def a_pdf(text: str = "Consent letter", marker: str | None = None) -> bytes:
    """A valid one-page A4 PDF showing `text` (ASCII) and the marker, with a correct xref table."""
    marker = marker or uuid.uuid4().hex
    stream = f"BT /F1 24 Tf 72 760 Td ({text}) Tj ET BT /F1 10 Tf 72 730 Td ({marker}) Tj ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def a_png(marker: str | None = None, width: int = 64, height: int = 48) -> bytes:
    """A valid PNG: a two-colour picture, with the marker in a text chunk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + (b"\x2a\x6e\xb5" * (width // 2) + b"\xf2\xc1\x4e" * (width - width // 2))
                    for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    text = b"Comment\x00" + (marker or uuid.uuid4().hex).encode()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"tEXt", text) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def a_web_page() -> bytes:
    """What a browser would run: refused, whatever its name says."""
    return f"<!DOCTYPE html><html><body><script>alert(1)</script>{uuid.uuid4().hex}</body></html>".encode()


def an_executable() -> bytes:
    """The start of a 64-bit Linux ELF executable."""
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + uuid.uuid4().bytes * 4
