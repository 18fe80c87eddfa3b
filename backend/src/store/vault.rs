//! Where submitted documents live, encrypted (see `domain::documents` for the rules): on
//! sled in the data directory, `<data dir>/documents/<id>/<n>`, uploads under way in
//! `<data dir>/documents/tmp/<id>/`; on PostgreSQL in the database ([`db`]), so that
//! instances share no file system.
//!
//! Each file has a fresh ChaCha20-Poly1305 key of its own, sealed with the server key and
//! bound to its upload and position; its bytes are sealed in 64 KiB chunks whose nonces
//! count the chunks and mark the last one (the STREAM construction), so a chunk cannot be
//! moved, dropped or truncated unnoticed. Nothing here knows who may see what.
use crate::crypto::secrets;
use crate::store::{StoredFile, Submission};
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use rand::RngCore;
use sha2::{Digest, Sha256};
use shared::api::document::{
    check_file, clean_name, name_for_kind, FileKind, FileRule, MAX_FILES, SNIFF_LEN,
};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

mod db;

/// Plain bytes per encrypted chunk.
pub const CHUNK: usize = 64 * 1024;
/// A chunk's authentication tag.
const TAG: usize = 16;

/// How much one account may upload, and how much disk must stay free (security review
/// 3, G6: one end user once stored 300 MiB in under two seconds).
#[derive(Clone, Debug, PartialEq)]
pub struct Quotas {
    /// Submissions per account in any 24 hours.
    pub per_day: u32,
    /// Bytes per account in any 24 hours.
    pub bytes_per_day: u64,
    /// Uploads of one account under way at once.
    pub concurrent: u32,
    /// An upload is refused (507) unless this much would still be free after the
    /// largest request (`MAX_FILES` files at the limit).
    pub min_free_bytes: u64,
}

impl Default for Quotas {
    fn default() -> Self {
        Quotas {
            per_day: 20,
            bytes_per_day: 500 << 20,
            concurrent: 2,
            min_free_bytes: 1 << 30,
        }
    }
}

/// An unfinished upload or an uncommitted folder younger than this is another request's
/// (on this instance or another on the same data directory): the start-up sweep leaves
/// it (security review 3, G16). Longer than any upload may take (15 minutes).
pub const STALE_AFTER: Duration = Duration::from_secs(3600);

/// Where the sealed chunks are kept.
#[derive(Clone)]
enum Place {
    /// Files in the data directory.
    Dir,
    /// Rows in the database.
    Db(db::Chunks),
}

/// Where documents live: `<data dir>/documents/<id>/<n>`, uploads under way in
/// `<data dir>/documents/tmp/<id>/`, or the database's document tables.
pub struct Vault {
    root: PathBuf,
    place: Place,
    /// Bytes per file, at most.
    pub file_limit: u64,
    pub quotas: Quotas,
    /// Uploads under way, by account.
    uploading: Mutex<HashMap<String, u32>>,
}

/// One upload's place among its account's uploads under way; given back when dropped.
pub struct Slot<'a> {
    vault: &'a Vault,
    account: String,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut m = self
            .vault
            .uploading
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(n) = m.get_mut(&self.account) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                m.remove(&self.account);
            }
        }
    }
}

/// When a path was last written: the newest of itself and, for a folder, what it holds.
fn last_written(p: &Path) -> std::io::Result<SystemTime> {
    let mut t = std::fs::metadata(p)?.modified()?;
    if p.is_dir() {
        for e in std::fs::read_dir(p)? {
            if let Ok(m) = e?.metadata().and_then(|m| m.modified()) {
                t = t.max(m);
            }
        }
    }
    Ok(t)
}

impl Vault {
    pub fn open(data_dir: &Path, file_limit: u64) -> std::io::Result<Vault> {
        let root = data_dir.join("documents");
        std::fs::create_dir_all(root.join("tmp"))?;
        Ok(Vault {
            root,
            place: Place::Dir,
            file_limit,
            quotas: Quotas::default(),
            uploading: Mutex::new(HashMap::new()),
        })
    }

    /// Documents in the PostgreSQL database of `pg` (several instances, no shared file
    /// system). Documents an earlier version kept in `data_dir` are copied in first.
    pub async fn in_database(
        pg: &crate::store::pg_store::PgStore,
        data_dir: &Path,
        file_limit: u64,
    ) -> std::io::Result<Vault> {
        let chunks = db::Chunks {
            pool: pg.pool().clone(),
            buffered: pg.buffered_pool().clone(),
        };
        let root = data_dir.join("documents");
        let copied = chunks.adopt(&root, CHUNK + TAG).await?;
        if copied > 0 {
            tracing::warn!(
                submissions = copied,
                folder = %root.display(),
                "copied the documents of this data directory into the database (the files stay; remove them once backed up)"
            );
        }
        Ok(Vault {
            root,
            place: Place::Db(chunks),
            file_limit,
            quotas: Quotas::default(),
            uploading: Mutex::new(HashMap::new()),
        })
    }

    /// A place for one more upload of `account`, or `None` when it has
    /// [`Quotas::concurrent`] under way already.
    pub fn slot(&self, account: &str) -> Option<Slot<'_>> {
        let mut m = self.uploading.lock().unwrap_or_else(|p| p.into_inner());
        let n = m.entry(account.to_string()).or_insert(0);
        if *n >= self.quotas.concurrent.max(1) {
            return None;
        }
        *n += 1;
        Some(Slot {
            vault: self,
            account: account.to_string(),
        })
    }

    /// Bytes free for this user on the documents' file system.
    pub fn free_bytes(&self) -> Option<u64> {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(self.root.as_os_str().as_bytes()).ok()?;
        // SAFETY: statvfs is plain old data, for which all zero bytes is a valid value.
        let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
        // SAFETY: `c` is a valid NUL-terminated path and `s` a writable statvfs.
        if unsafe { libc::statvfs(c.as_ptr(), &mut s) } != 0 {
            return None;
        }
        Some((s.f_bavail as u64).saturating_mul(s.f_frsize as u64))
    }

    /// Whether the disk can take the largest request and still keep
    /// [`Quotas::min_free_bytes`] free. In the database, the database server's disk is
    /// its operator's to watch (the per-account quotas still hold).
    pub fn has_room(&self) -> bool {
        if matches!(self.place, Place::Db(_)) {
            return true;
        }
        let need = self
            .quotas
            .min_free_bytes
            .saturating_add(self.file_limit.saturating_mul(MAX_FILES as u64));
        self.free_bytes().is_none_or(|free| free >= need)
    }

    fn tmp(&self) -> PathBuf {
        self.root.join("tmp")
    }

    /// Removes uploads left unfinished and folders no submission names (`keep`): what a
    /// crash between the rename and the record left. Only what has not been written for
    /// `min_age` ([`STALE_AFTER`] at start): a younger one may be an upload in flight on
    /// another instance sharing this data directory, or a folder renamed into place
    /// whose record is being written. Returns how many folders went.
    pub async fn sweep(&self, keep: &HashSet<String>, min_age: Duration) -> std::io::Result<usize> {
        if let Place::Db(chunks) = &self.place {
            return chunks.sweep(keep, min_age).await;
        }
        let now = SystemTime::now();
        let stale = |p: &Path| {
            last_written(p)
                .ok()
                .and_then(|t| now.duration_since(t).ok())
                .is_some_and(|age| age >= min_age)
        };
        let mut gone = 0;
        for e in std::fs::read_dir(self.tmp())? {
            let p = e?.path();
            if stale(&p) {
                std::fs::remove_dir_all(p)?;
                gone += 1;
            }
        }
        for e in std::fs::read_dir(&self.root)? {
            let e = e?;
            let name = e.file_name().to_string_lossy().into_owned();
            if name != "tmp" && e.file_type()?.is_dir() && !keep.contains(&name) && stale(&e.path())
            {
                std::fs::remove_dir_all(e.path())?;
                gone += 1;
            }
        }
        Ok(gone)
    }

    /// Starts an upload in a fresh temporary folder.
    pub async fn begin(&self) -> std::io::Result<Upload> {
        let id = secrets::id() + &secrets::id();
        let dir = self.tmp().join(&id);
        match &self.place {
            Place::Dir => tokio::fs::create_dir(&dir).await?,
            Place::Db(chunks) => chunks.begin(&id).await?,
        }
        Ok(Upload {
            final_dir: self.root.join(&id),
            root: self.root.clone(),
            place: self.place.clone(),
            id,
            dir,
            files: vec![],
            committed: false,
        })
    }

    fn file_path(&self, s: &Submission, index: usize) -> PathBuf {
        self.root.join(&s.dir).join(index.to_string())
    }

    /// A reader of file `index` of `s`, its key opened with the server key.
    pub async fn open_file(
        &self,
        keys: &secrets::Keys,
        s: &Submission,
        index: usize,
    ) -> std::io::Result<FileReader> {
        let f = s
            .files
            .get(index)
            .ok_or_else(|| std::io::Error::other("no such file"))?;
        let sealed = base64::engine::general_purpose::STANDARD
            .decode(&f.key)
            .map_err(std::io::Error::other)?;
        let key = keys
            .open(&sealed, &aad(&s.dir, index))
            .ok_or_else(|| std::io::Error::other("a document key does not open"))?;
        let source = match &self.place {
            Place::Dir => Source::File(tokio::fs::File::open(self.file_path(s, index)).await?),
            Place::Db(chunks) => Source::Db {
                chunks: chunks.clone(),
                upload: s.dir.clone(),
                file: index,
                ahead: Default::default(),
            },
        };
        Ok(FileReader {
            source,
            cipher: ChaCha20Poly1305::new_from_slice(&key).map_err(std::io::Error::other)?,
            chunk: 0,
            left: f.size,
            done: false,
        })
    }
}

/// An upload under way: its temporary folder is removed when it is dropped without
/// [`Upload::commit`] (a refused file, a broken connection).
pub struct Upload {
    id: String,
    place: Place,
    dir: PathBuf,
    final_dir: PathBuf,
    root: PathBuf,
    files: Vec<StoredFile>,
    committed: bool,
}

impl Drop for Upload {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        match &self.place {
            Place::Dir => {
                let _ = std::fs::remove_dir_all(&self.dir);
            }
            // Removed by a task of its own (a drop cannot wait); what a crash leaves
            // instead, the sweep removes once stale.
            Place::Db(chunks) => {
                if let Ok(rt) = tokio::runtime::Handle::try_current() {
                    let (chunks, id) = (chunks.clone(), self.id.clone());
                    rt.spawn(async move { chunks.discard(&id).await });
                }
            }
        }
    }
}

fn aad(upload: &str, index: usize) -> String {
    format!("doc:{upload}/{index}")
}

/// The nonce of chunk `n`: its number, and whether it is the last.
fn nonce(n: u64, last: bool) -> [u8; 12] {
    let mut b = [0u8; 12];
    b[..8].copy_from_slice(&n.to_be_bytes());
    b[11] = last as u8;
    b
}

/// Why an upload stopped.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("the file breaks a rule: {0:?}")]
    Rule(FileRule),
    #[error("more than {MAX_FILES} files")]
    TooManyFiles,
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl Upload {
    /// Leaves the upload's folder behind, as a crash would.
    #[cfg(test)]
    pub(crate) fn leak(mut self) {
        self.committed = true;
    }

    pub fn files(&self) -> usize {
        self.files.len()
    }

    /// Starts the next file, called `name` by the client.
    pub async fn file(
        &mut self,
        keys: &secrets::Keys,
        name: &str,
        limit: u64,
    ) -> Result<FileWriter, UploadError> {
        if self.files.len() >= MAX_FILES {
            return Err(UploadError::TooManyFiles);
        }
        let index = self.files.len();
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        let sealed = keys.seal(&key, &aad(&self.id, index));
        let sink = match &self.place {
            Place::Dir => {
                Sink::File(tokio::fs::File::create(self.dir.join(index.to_string())).await?)
            }
            Place::Db(chunks) => Sink::Db {
                chunks: chunks.clone(),
                upload: self.id.clone(),
                file: index,
                batch: Vec::with_capacity(db::BATCH),
                writing: Default::default(),
            },
        };
        Ok(FileWriter {
            sink,
            cipher: ChaCha20Poly1305::new_from_slice(&key).expect("32-byte key"),
            pending: Vec::with_capacity(CHUNK * 2),
            chunk: 0,
            size: 0,
            sha: Sha256::new(),
            head: Vec::with_capacity(SNIFF_LEN),
            limit,
            name: clean_name(name),
            key: base64::engine::general_purpose::STANDARD.encode(sealed),
        })
    }

    /// Adds a finished file.
    pub fn add(&mut self, f: StoredFile) {
        self.files.push(f);
    }

    /// Puts the files in place for good: synced, then the folder renamed out of `tmp`
    /// and the parent synced. Returns the folder's name and the files.
    pub async fn commit(mut self) -> std::io::Result<(String, Vec<StoredFile>)> {
        if let Place::Db(chunks) = &self.place {
            chunks.commit(&self.id).await?;
            self.committed = true;
            return Ok((self.id.clone(), std::mem::take(&mut self.files)));
        }
        let dir = self.dir.clone();
        tokio::task::spawn_blocking(move || std::fs::File::open(&dir)?.sync_all())
            .await
            .map_err(std::io::Error::other)??;
        tokio::fs::rename(&self.dir, &self.final_dir).await?;
        let root = self.root.clone();
        tokio::task::spawn_blocking(move || std::fs::File::open(&root)?.sync_all())
            .await
            .map_err(std::io::Error::other)??;
        self.committed = true;
        Ok((self.id.clone(), std::mem::take(&mut self.files)))
    }
}

/// Where a file's sealed chunks go.
enum Sink {
    File(tokio::fs::File),
    /// Rows, [`db::BATCH`] at a time, up to [`db::IN_FLIGHT`] batches being written at
    /// once while the next are sealed (each on a connection of its own).
    Db {
        chunks: db::Chunks,
        upload: String,
        file: usize,
        batch: Vec<Vec<u8>>,
        writing: std::collections::VecDeque<tokio::task::JoinHandle<std::io::Result<()>>>,
    },
}

/// Waits for a batch being written; its failure is the file's.
async fn written(h: tokio::task::JoinHandle<std::io::Result<()>>) -> std::io::Result<()> {
    h.await.map_err(std::io::Error::other)?
}

/// One file being written: bytes in, encrypted chunks out, the rule checked as they come.
pub struct FileWriter {
    sink: Sink,
    cipher: ChaCha20Poly1305,
    pending: Vec<u8>,
    chunk: u64,
    size: u64,
    sha: Sha256,
    head: Vec<u8>,
    limit: u64,
    name: String,
    key: String,
}

impl FileWriter {
    fn seal(&self, plain: &[u8], last: bool) -> Vec<u8> {
        self.cipher
            .encrypt(Nonce::from_slice(&nonce(self.chunk, last)), plain)
            .expect("ChaCha20-Poly1305 encryption of a 64 KiB chunk")
    }

    /// Writes sealed chunk number `self.chunk` (the rows of a batch when it is full, or
    /// with `last`).
    async fn put(&mut self, sealed: Vec<u8>, last: bool) -> std::io::Result<()> {
        match &mut self.sink {
            Sink::File(f) => f.write_all(&sealed).await,
            Sink::Db {
                chunks,
                upload,
                file,
                batch,
                writing,
            } => {
                batch.push(sealed);
                if batch.len() == db::BATCH || last {
                    let first = self.chunk + 1 - batch.len() as u64;
                    let rows = std::mem::replace(batch, Vec::with_capacity(db::BATCH));
                    let (chunks, upload, file) = (chunks.clone(), upload.clone(), *file);
                    writing.push_back(tokio::spawn(async move {
                        chunks.put(&upload, file, first, &rows).await
                    }));
                    while writing.len() > db::IN_FLIGHT || (last && !writing.is_empty()) {
                        if let Some(h) = writing.pop_front() {
                            written(h).await?;
                        }
                    }
                }
                Ok(())
            }
        }
    }

    /// Takes the next bytes. Refuses as soon as the file is over the limit or its first
    /// bytes are not a kind accepted.
    pub async fn write(&mut self, data: &[u8]) -> Result<(), UploadError> {
        self.size += data.len() as u64;
        if self.size > self.limit {
            return Err(UploadError::Rule(FileRule::TooLarge));
        }
        if self.head.len() < SNIFF_LEN {
            let take = (SNIFF_LEN - self.head.len()).min(data.len());
            self.head.extend_from_slice(&data[..take]);
            if self.head.len() == SNIFF_LEN && FileKind::sniff(&self.head).is_none() {
                return Err(UploadError::Rule(FileRule::WrongType));
            }
        }
        self.sha.update(data);
        self.pending.extend_from_slice(data);
        // Keep the last chunk back: only `finish` knows it is the last.
        while self.pending.len() > CHUNK {
            let sealed = self.seal(&self.pending[..CHUNK], false);
            self.put(sealed, false).await?;
            self.pending.drain(..CHUNK);
            self.chunk += 1;
        }
        Ok(())
    }

    /// The file is complete: the last chunk is written and the file synced.
    pub async fn finish(mut self) -> Result<StoredFile, UploadError> {
        let kind = check_file(self.size, &self.head, self.limit).map_err(UploadError::Rule)?;
        let pending = std::mem::take(&mut self.pending);
        let sealed = self.seal(&pending, true);
        self.put(sealed, true).await?;
        // In the database the upload's commit makes the chunks durable (`db`).
        if let Sink::File(f) = &mut self.sink {
            f.sync_all().await?;
        }
        Ok(StoredFile {
            name: name_for_kind(&self.name, kind),
            kind,
            size: self.size,
            sha256: hex(&self.sha.finalize()),
            key: self.key,
        })
    }
}

pub(crate) fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Where a stored file's sealed chunks come from.
enum Source {
    File(tokio::fs::File),
    /// Rows, [`db::BATCH`] at a time.
    Db {
        chunks: db::Chunks,
        upload: String,
        file: usize,
        ahead: std::collections::VecDeque<Vec<u8>>,
    },
}

/// A stored file being read back: decrypted chunk by chunk.
pub struct FileReader {
    source: Source,
    cipher: ChaCha20Poly1305,
    chunk: u64,
    /// Plain bytes still to come.
    left: u64,
    done: bool,
}

impl FileReader {
    /// The next plain chunk, `None` at the end. An altered, truncated or reordered file
    /// is an error, never wrong bytes.
    pub async fn next(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        if self.done {
            return Ok(None);
        }
        let plain = (self.left as usize).min(CHUNK);
        let last = self.left <= CHUNK as u64;
        let buf = match &mut self.source {
            Source::File(f) => {
                let mut buf = vec![0u8; plain + TAG];
                f.read_exact(&mut buf).await?;
                buf
            }
            Source::Db {
                chunks,
                upload,
                file,
                ahead,
            } => {
                if ahead.is_empty() {
                    ahead.extend(chunks.get(upload, *file, self.chunk).await?);
                }
                ahead
                    .pop_front()
                    .ok_or_else(|| std::io::Error::other("a stored document is missing chunks"))?
            }
        };
        let out = self
            .cipher
            .decrypt(Nonce::from_slice(&nonce(self.chunk, last)), buf.as_slice())
            .map_err(|_| std::io::Error::other("a stored document does not decrypt"))?;
        self.chunk += 1;
        self.left -= plain as u64;
        self.done = last;
        Ok(Some(out))
    }
}

#[cfg(test)]
mod tests;
