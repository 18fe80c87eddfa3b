-- Umbral on PostgreSQL, schema 3: submitted documents in the database, so instances need
-- no shared file system (store/vault/db.rs). The bytes are the same sealed chunks the data
-- directory holds on sled. Only added tables; but a server of schema 2 would still keep
-- the documents it receives in its own data directory, so stop the old instances before
-- starting new ones (docs/operations.md). At its start a new instance copies the documents
-- its data directory holds into these tables.

-- One upload: committed once every file is in; an uncommitted one older than an hour is
-- a crashed upload's, and the sweep removes it (as a committed one no submission names).
CREATE TABLE document_uploads (
    id text PRIMARY KEY,
    created_at bigint NOT NULL,
    committed boolean NOT NULL DEFAULT false
);

-- A sealed 64 KiB chunk (ChaCha20-Poly1305: it does not compress, so PostgreSQL is told
-- not to try).
CREATE TABLE document_chunks (
    upload text NOT NULL REFERENCES document_uploads (id) ON DELETE CASCADE,
    file integer NOT NULL,
    chunk bigint NOT NULL,
    bytes bytea NOT NULL,
    PRIMARY KEY (upload, file, chunk)
);
ALTER TABLE document_chunks ALTER COLUMN bytes SET STORAGE EXTERNAL;
