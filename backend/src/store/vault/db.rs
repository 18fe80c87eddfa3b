//! Documents in PostgreSQL, for instances that share one database and no file system
//! (a container platform gives none): the same sealed 64 KiB chunks as the data
//! directory's files, one row each (`migrations/0003_documents.sql`), under an upload row
//! that says whether the upload was committed and when it began.
//!
//! Durability: the chunks go in on the connections with `synchronous_commit = off` (a
//! 10 MiB file is 160 of them, and waiting for the disk at each would be most of the
//! cost), and the upload's commit is a synchronous one. PostgreSQL writes its log as one
//! sequence and a synchronous commit returns once the log is on disk up to that commit,
//! so every chunk written before it is on disk too when the submission is acknowledged.
use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

use sqlx::{PgPool, Row};

/// Chunks written or read per statement (1 MiB of them).
pub(super) const BATCH: usize = 16;

/// Batches of one file written at once (on as many connections), while the next ones
/// are hashed and sealed.
pub(super) const IN_FLIGHT: usize = 2;

fn io(e: sqlx::Error) -> std::io::Error {
    std::io::Error::other(e)
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The database's document tables, through the store's two pools.
#[derive(Clone)]
pub struct Chunks {
    /// Synchronous commits: an upload's begin and commit, reads, the sweep.
    pub(super) pool: PgPool,
    /// `synchronous_commit = off`: the chunks.
    pub(super) buffered: PgPool,
}

impl Chunks {
    /// An upload row, uncommitted, begun now.
    pub(super) async fn begin(&self, id: &str) -> std::io::Result<()> {
        sqlx::query("INSERT INTO document_uploads (id, created_at) VALUES ($1, $2)")
            .bind(id)
            .bind(now_secs())
            .execute(&self.pool)
            .await
            .map_err(io)?;
        Ok(())
    }

    /// Sealed chunks `first`, `first + 1`, … of file `file` of upload `id`.
    pub(super) async fn put(
        &self,
        id: &str,
        file: usize,
        first: u64,
        sealed: &[Vec<u8>],
    ) -> std::io::Result<()> {
        if sealed.is_empty() {
            return Ok(());
        }
        let numbers: Vec<i64> = (0..sealed.len() as i64).map(|n| first as i64 + n).collect();
        sqlx::query(
            "INSERT INTO document_chunks (upload, file, chunk, bytes)
             SELECT $1, $2, n, b FROM unnest($3::bigint[], $4::bytea[]) AS c(n, b)",
        )
        .bind(id)
        .bind(file as i32)
        .bind(&numbers)
        .bind(sealed)
        .execute(&self.buffered)
        .await
        .map_err(io)?;
        Ok(())
    }

    /// Marks the upload committed, synchronously (which puts its chunks on disk too).
    pub(super) async fn commit(&self, id: &str) -> std::io::Result<()> {
        let done = sqlx::query("UPDATE document_uploads SET committed = true WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(io)?
            .rows_affected();
        if done != 1 {
            return Err(std::io::Error::other("the upload is gone"));
        }
        Ok(())
    }

    /// Removes an upload and its chunks.
    pub(super) async fn discard(&self, id: &str) -> std::io::Result<()> {
        sqlx::query("DELETE FROM document_uploads WHERE id = $1")
            .bind(id)
            .execute(&self.buffered)
            .await
            .map_err(io)?;
        Ok(())
    }

    /// Up to [`BATCH`] sealed chunks of file `file` of upload `id` from chunk `from`, in
    /// order; only those of a committed upload.
    pub(super) async fn get(
        &self,
        id: &str,
        file: usize,
        from: u64,
    ) -> std::io::Result<Vec<Vec<u8>>> {
        let rows = sqlx::query(
            "SELECT c.bytes FROM document_chunks c JOIN document_uploads u ON u.id = c.upload
             WHERE c.upload = $1 AND c.file = $2 AND c.chunk >= $3 AND u.committed
             ORDER BY c.chunk LIMIT $4",
        )
        .bind(id)
        .bind(file as i32)
        .bind(from as i64)
        .bind(BATCH as i64)
        .fetch_all(&self.pool)
        .await
        .map_err(io)?;
        Ok(rows.iter().map(|r| r.get::<Vec<u8>, _>(0)).collect())
    }

    /// Removes uploads never committed and committed ones no submission names (`keep`),
    /// begun at least `min_age` ago. Returns how many went.
    pub(super) async fn sweep(
        &self,
        keep: &HashSet<String>,
        min_age: Duration,
    ) -> std::io::Result<usize> {
        let before = now_secs() - min_age.as_secs() as i64;
        let keep: Vec<&str> = keep.iter().map(String::as_str).collect();
        let gone = sqlx::query(
            "DELETE FROM document_uploads
             WHERE created_at <= $1 AND (NOT committed OR NOT (id = ANY($2::text[])))",
        )
        .bind(before)
        .bind(&keep)
        .execute(&self.pool)
        .await
        .map_err(io)?
        .rows_affected();
        Ok(gone as usize)
    }

    /// Copies the committed documents of a data directory (`root`, a vault's folder from
    /// before documents lived in the database) into the database, each folder once, as
    /// the sealed chunks they are (a file is its chunks end to end: every chunk but the
    /// last is `chunk` bytes). Returns how many folders it copied; the files stay.
    pub(super) async fn adopt(&self, root: &Path, chunk: usize) -> std::io::Result<usize> {
        let Ok(entries) = std::fs::read_dir(root) else {
            return Ok(0);
        };
        let mut copied = 0;
        for e in entries {
            let e = e?;
            let id = e.file_name().to_string_lossy().into_owned();
            if id == "tmp" || !e.file_type()?.is_dir() {
                continue;
            }
            let mut tx = self.pool.begin().await.map_err(io)?;
            let new = sqlx::query(
                "INSERT INTO document_uploads (id, created_at, committed) VALUES ($1, $2, true)
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(&id)
            .bind(now_secs())
            .execute(&mut *tx)
            .await
            .map_err(io)?
            .rows_affected();
            if new == 0 {
                continue;
            }
            for file in 0.. {
                let Ok(bytes) = std::fs::read(e.path().join(file.to_string())) else {
                    break;
                };
                for (n, sealed) in bytes.chunks(chunk).enumerate() {
                    sqlx::query(
                        "INSERT INTO document_chunks (upload, file, chunk, bytes) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(&id)
                    .bind(file)
                    .bind(n as i64)
                    .bind(sealed)
                    .execute(&mut *tx)
                    .await
                    .map_err(io)?;
                }
            }
            tx.commit().await.map_err(io)?;
            copied += 1;
        }
        Ok(copied)
    }
}
