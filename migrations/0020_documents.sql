-- The contents of the file's documents (docs/decisions/0020): kept once per content, addressed by
-- its SHA-256 (the hash the Document.Attached event records), in chunks of at most 1 MiB so that
-- neither a write nor a download ever holds a whole file in memory. With a cipher configured
-- (CLAIMS_CIPHER_KEY) each chunk is encrypted by the event log's own cipher (AES-GCM), bound to
-- its content and its place. Never updated or deleted by the service: grant it INSERT and SELECT.
CREATE TABLE document_contents (
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes bigint NOT NULL CHECK (size_bytes > 0),
    media_type text NOT NULL,
    chunk_bytes integer NOT NULL CHECK (chunk_bytes > 0),
    chunks integer NOT NULL CHECK (chunks > 0),
    encrypted boolean NOT NULL,
    stored_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE document_content_chunks (
    sha256 text NOT NULL REFERENCES document_contents (sha256),
    chunk integer NOT NULL CHECK (chunk >= 0),
    data bytea NOT NULL,
    PRIMARY KEY (sha256, chunk)
);
-- The bytes are already compressed (PDF, JPEG, PNG, Office files) or encrypted: TOAST would try
-- to compress each chunk for nothing.
ALTER TABLE document_content_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
