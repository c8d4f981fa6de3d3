"""The documents' contents store on PostgreSQL (infra/document_contents.py): kept once by their
hash, whole or not at all, read back chunk by chunk, encrypted with the event log's cipher when one
is configured, and never served when they do not match their hash."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from eventsourcing.cryptography import AESCipher
from psycopg_pool import ConnectionPool

from domain.documents.errors import DocumentTooLarge
from infra.database import Database, new_cipher_key
from infra.document_contents import ContentDamaged, DocumentContents, inspect
from tests.document_files import a_pdf

CHUNK = 1_024  # small chunks, so a small content has several


@pytest.fixture
def pool(own_database: Database) -> Iterator[ConnectionPool]:
    with ConnectionPool(own_database.conninfo, min_size=1, max_size=4) as opened:
        yield opened


def a_cipher() -> AESCipher:
    return AESCipher({"CIPHER_KEY": new_cipher_key()})


def kept(store: DocumentContents, content: bytes) -> tuple[bool, str]:
    facts = inspect(io.BytesIO(content), 10_000_000)
    return store.keep(io.BytesIO(content), facts), facts.sha256


def rows(pool: ConnectionPool) -> tuple[int, int]:
    with pool.connection() as conn:
        return conn.execute("SELECT (SELECT count(*) FROM document_contents),"
                            " (SELECT count(*) FROM document_content_chunks)").fetchone()


def test_inspect_reads_the_hash_size_and_type_and_stops_at_the_limit():
    content = a_pdf()
    facts = inspect(io.BytesIO(content), len(content))
    assert (facts.sha256, facts.size_bytes, facts.media_type) == (hashlib.sha256(content).hexdigest(), len(content),
                                                                 "application/pdf")
    with pytest.raises(DocumentTooLarge) as refused:
        inspect(io.BytesIO(content), len(content) - 1)
    assert refused.value.field == "file" and refused.value.status == "too_large"


@pytest.mark.parametrize("cipher", [None, "cipher"])
def test_a_content_is_kept_once_in_chunks_and_read_back_whole(pool, cipher):
    store = DocumentContents(pool, a_cipher() if cipher else None, chunk_bytes=CHUNK)
    content = a_pdf() + bytes(range(256)) * 20

    first, sha = kept(store, content)
    again, _ = kept(store, content)

    stored = store.find(sha)
    assert (first, again) == (True, False)
    assert (stored.size_bytes, stored.chunks, stored.encrypted) == (len(content), -(-len(content) // CHUNK), bool(cipher))
    assert rows(pool) == (1, stored.chunks)
    assert b"".join(store.chunks(stored)) == content


def test_the_same_content_kept_by_two_at_once_is_kept_once(pool):
    store = DocumentContents(pool, None, chunk_bytes=CHUNK)
    content = a_pdf() * 5
    with ThreadPoolExecutor(2) as both:
        results = list(both.map(lambda _: kept(store, content)[0], range(2)))
    assert sorted(results) == [False, True]
    assert rows(pool)[0] == 1


def test_encrypted_chunks_hide_the_bytes_and_need_the_key(pool):
    cipher = a_cipher()
    content = a_pdf("SECRET-MEDICAL-CERTIFICATE")
    _, sha = kept(DocumentContents(pool, cipher, chunk_bytes=CHUNK), content)

    with pool.connection() as conn:
        stored = b"".join(bytes(r[0]) for r in conn.execute(
            "SELECT data FROM document_content_chunks WHERE sha256 = %s ORDER BY chunk", (sha,)))
    assert b"SECRET-MEDICAL-CERTIFICATE" not in stored
    found = DocumentContents(pool, None).find(sha)
    with pytest.raises(ContentDamaged):
        list(DocumentContents(pool, None).chunks(found))
    with pytest.raises(ValueError, match="Invalid cipher tag"):
        list(DocumentContents(pool, a_cipher()).chunks(found))


def test_a_chunk_moved_to_another_place_does_not_read_as_that_place(pool):
    cipher = a_cipher()
    store = DocumentContents(pool, cipher, chunk_bytes=CHUNK)
    _, sha = kept(store, a_pdf() + b"x" * 3_000)
    with pool.connection() as conn:
        conn.execute("UPDATE document_content_chunks SET data = (SELECT data FROM document_content_chunks"
                     " WHERE sha256 = %s AND chunk = 0) WHERE sha256 = %s AND chunk = 1", (sha, sha))
    with pytest.raises(ContentDamaged, match="belongs elsewhere"):
        list(store.chunks(store.find(sha)))


def test_a_plain_content_altered_in_the_table_is_cut_off_not_served_as_whole(pool):
    store = DocumentContents(pool, None, chunk_bytes=CHUNK)
    _, sha = kept(store, a_pdf() + b"y" * 3_000)
    with pool.connection() as conn:
        conn.execute("UPDATE document_content_chunks SET data = %s WHERE sha256 = %s AND chunk = 2", (b"z" * 10, sha))
    with pytest.raises(ContentDamaged, match="does not match its hash"):
        list(store.chunks(store.find(sha)))


def test_an_upload_that_changed_after_it_was_read_is_not_kept(pool):
    store = DocumentContents(pool, None, chunk_bytes=CHUNK)
    content = a_pdf()
    facts = inspect(io.BytesIO(content), 10_000_000)
    with pytest.raises(ContentDamaged):
        store.keep(io.BytesIO(content + b"more"), facts)
    assert rows(pool) == (0, 0)


def test_the_table_takes_only_sha256_addresses(pool):
    with pool.connection() as conn, pytest.raises(psycopg.errors.CheckViolation):
        conn.execute("INSERT INTO document_contents (sha256, size_bytes, media_type, chunk_bytes, chunks, encrypted)"
                     " VALUES ('../../etc/passwd', 1, 'application/pdf', 1, 1, false)")
