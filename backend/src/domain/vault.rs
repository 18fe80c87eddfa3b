//! Where submitted documents live, encrypted (see `domain::documents` for the rules):
//! `<data dir>/documents/<id>/<n>`, uploads under way in `<data dir>/documents/tmp/<id>/`.
//!
//! Each file has a fresh ChaCha20-Poly1305 key of its own, sealed with the server key and
//! bound to its upload and position; its bytes are sealed in 64 KiB chunks whose nonces
//! count the chunks and mark the last one (the STREAM construction), so a chunk cannot be
//! moved, dropped or truncated unnoticed. Nothing here knows who may see what.
use crate::domain::secrets;
use crate::store::{StoredFile, Submission};
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use rand::RngCore;
use sha2::{Digest, Sha256};
use shared::api::document::{check_file, clean_name, FileKind, FileRule, MAX_FILES, SNIFF_LEN};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Plain bytes per encrypted chunk.
pub const CHUNK: usize = 64 * 1024;
/// A chunk's authentication tag.
const TAG: usize = 16;

/// Where documents live: `<data dir>/documents/<id>/<n>`, uploads under way in
/// `<data dir>/documents/tmp/<id>/`.
pub struct Vault {
    root: PathBuf,
    /// Bytes per file, at most.
    pub file_limit: u64,
}

impl Vault {
    pub fn open(data_dir: &Path, file_limit: u64) -> std::io::Result<Vault> {
        let root = data_dir.join("documents");
        std::fs::create_dir_all(root.join("tmp"))?;
        Ok(Vault { root, file_limit })
    }

    fn tmp(&self) -> PathBuf {
        self.root.join("tmp")
    }

    /// Removes every upload left unfinished and every folder no submission names
    /// (`keep`): what a crash between the rename and the record left. Returns how
    /// many folders went. Run at start, before the server listens.
    pub fn sweep(&self, keep: &HashSet<String>) -> std::io::Result<usize> {
        let mut gone = 0;
        for e in std::fs::read_dir(self.tmp())? {
            std::fs::remove_dir_all(e?.path())?;
            gone += 1;
        }
        for e in std::fs::read_dir(&self.root)? {
            let e = e?;
            let name = e.file_name().to_string_lossy().into_owned();
            if name != "tmp" && e.file_type()?.is_dir() && !keep.contains(&name) {
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
            name: self.name,
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
