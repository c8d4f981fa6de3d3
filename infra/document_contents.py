"""The contents of the file's documents, kept in PostgreSQL, addressed by their SHA-256.

- **Reading an upload** (`inspect`): one pass in chunks over the spooled upload — its SHA-256, its
  size (refused as soon as it passes the limit, without reading the rest) and its type, read from
  its bytes (infra/document_types.py). Nothing is kept yet.
- **Keeping** (`keep`): once per content — a second upload of the same bytes finds it and keeps
  nothing (`ON CONFLICT DO NOTHING`; a concurrent twin waits for the first to commit). The chunks
  are written in the same transaction as the content's row, so a content is whole or absent.
- **Encryption**: with a cipher configured (the event log's own, `CLAIMS_CIPHER_KEY`), every chunk
  is encrypted on its own (AES-GCM, fresh nonce) over the content's hash and the chunk's number
  followed by its bytes, so a chunk moved to another place or content fails to decrypt as that one.
- **Reading back** (`chunks`): one short query per chunk, so a slow download holds no database
  connection between chunks; the hash of what was read is checked at the end, and a content that
  does not match is cut off with an error rather than served as if whole.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from eventsourcing.persistence import Cipher
from psycopg_pool import ConnectionPool

from domain.documents.document import ContentFacts, readable_size
from domain.documents.errors import DocumentTooLarge
from infra.document_types import detect_media_type

log = logging.getLogger(__name__)
CHUNK_BYTES = 1 << 20  # 1 MiB: the most of a document held in memory at once, reading or writing


class ContentDamaged(RuntimeError):
    """A stored content does not read back as the bytes whose hash addresses it."""


@dataclass(frozen=True)
class StoredContent:
    sha256: str
    size_bytes: int
    media_type: str
    chunks: int
    encrypted: bool


def inspect(upload: BinaryIO, max_bytes: int) -> ContentFacts:
    """The hash, size and type of an upload, read in chunks; DocumentTooLarge past `max_bytes`."""
    digest, size = hashlib.sha256(), 0
    upload.seek(0)
    while chunk := upload.read(CHUNK_BYTES):
        size += len(chunk)
        if size > max_bytes:
            raise DocumentTooLarge(f"the file is over {max_bytes:,} bytes", field="file",
                                   params={"limit": readable_size(max_bytes), "limit_bytes": max_bytes})
        digest.update(chunk)
    return ContentFacts(digest.hexdigest(), size, detect_media_type(upload) if size else None)


class DocumentContents:
    def __init__(self, pool: ConnectionPool, cipher: Cipher | None, chunk_bytes: int = CHUNK_BYTES) -> None:
        self.pool = pool
        self.cipher = cipher
        self.chunk_bytes = chunk_bytes

    def keep(self, upload: BinaryIO, facts: ContentFacts) -> bool:
        """Keep the upload's bytes under their hash, once; True if they were new. The bytes are read
        again as they are written, and must still be those `facts` describe."""
        chunks = -(-facts.size_bytes // self.chunk_bytes)
        with self.pool.connection() as conn, conn.transaction():
            new = conn.execute(
                "INSERT INTO document_contents (sha256, size_bytes, media_type, chunk_bytes, chunks, encrypted)"
                " VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (sha256) DO NOTHING RETURNING sha256",
                (facts.sha256, facts.size_bytes, facts.media_type, self.chunk_bytes, chunks, self.cipher is not None),
            ).fetchone()
            if new is None:
                return False
            digest = hashlib.sha256()
            upload.seek(0)
            for number in range(chunks):
                data = upload.read(self.chunk_bytes)
                digest.update(data)
                conn.execute("INSERT INTO document_content_chunks (sha256, chunk, data) VALUES (%s, %s, %s)",
                             (facts.sha256, number, self._seal(facts.sha256, number, data)))
            if digest.hexdigest() != facts.sha256 or upload.read(1):
                raise ContentDamaged("the upload changed while it was kept")  # rolls the whole content back
        return True

    def find(self, sha256: str) -> StoredContent | None:
        with self.pool.connection() as conn:
            row = conn.execute("SELECT sha256, size_bytes, media_type, chunks, encrypted FROM document_contents"
                               " WHERE sha256 = %s", (sha256,)).fetchone()
        return StoredContent(*row) if row else None

    def chunks(self, stored: StoredContent) -> Iterator[bytes]:
        """The content's bytes, chunk by chunk, each read with a short query of its own."""
        digest = hashlib.sha256()
        for number in range(stored.chunks):
            with self.pool.connection() as conn:
                row = conn.execute("SELECT data FROM document_content_chunks WHERE sha256 = %s AND chunk = %s",
                                   (stored.sha256, number)).fetchone()
            if row is None:
                raise ContentDamaged(f"content {stored.sha256[:12]}… lacks chunk {number}")
            data = self._open(stored, number, bytes(row[0]))
            digest.update(data)
            yield data
        if digest.hexdigest() != stored.sha256:
            log.error("document content %s… does not match its hash", stored.sha256[:12])
            raise ContentDamaged(f"content {stored.sha256[:12]}… does not match its hash")

    def _seal(self, sha256: str, number: int, data: bytes) -> bytes:
        if self.cipher is None:
            return data
        return self.cipher.encrypt(_place(sha256, number) + data)

    def _open(self, stored: StoredContent, number: int, data: bytes) -> bytes:
        if not stored.encrypted:
            return data
        if self.cipher is None:
            raise ContentDamaged("the content is encrypted and no cipher key is configured")
        plain = self.cipher.decrypt(data)
        place = _place(stored.sha256, number)
        if not plain.startswith(place):
            raise ContentDamaged(f"chunk {number} of content {stored.sha256[:12]}… belongs elsewhere")
        return plain[len(place):]


def _place(sha256: str, number: int) -> bytes:
    """Where a chunk belongs: its content's hash and its number, sealed with it."""
    return bytes.fromhex(sha256) + number.to_bytes(4, "big")
