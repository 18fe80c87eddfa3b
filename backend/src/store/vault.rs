//! Where submitted documents live, encrypted (see `domain::documents` for the rules):
//! `<data dir>/documents/<id>/<n>`, uploads under way in `<data dir>/documents/tmp/<id>/`.
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

/// Where documents live: `<data dir>/documents/<id>/<n>`, uploads under way in
/// `<data dir>/documents/tmp/<id>/`.
pub struct Vault {
    root: PathBuf,
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
    /// [`Quotas::min_free_bytes`] free.
    pub fn has_room(&self) -> bool {
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
    pub fn sweep(&self, keep: &HashSet<String>, min_age: Duration) -> std::io::Result<usize> {
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
        tokio::fs::create_dir(&dir).await?;
        Ok(Upload {
            final_dir: self.root.join(&id),
            root: self.root.clone(),
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
        Ok(FileReader {
            file: tokio::fs::File::open(self.file_path(s, index)).await?,
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
    dir: PathBuf,
    final_dir: PathBuf,
    root: PathBuf,
    files: Vec<StoredFile>,
    committed: bool,
}

impl Drop for Upload {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
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
        let file = tokio::fs::File::create(self.dir.join(index.to_string())).await?;
        Ok(FileWriter {
            file,
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

/// One file being written: bytes in, encrypted chunks out, the rule checked as they come.
pub struct FileWriter {
    file: tokio::fs::File,
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
            self.file.write_all(&sealed).await?;
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
        self.file.write_all(&sealed).await?;
        self.file.sync_all().await?;
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

/// A stored file being read back: decrypted chunk by chunk.
pub struct FileReader {
    file: tokio::fs::File,
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
        let mut buf = vec![0u8; plain + TAG];
        self.file.read_exact(&mut buf).await?;
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
