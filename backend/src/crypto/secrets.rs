//! The server's secret key (ARCHITECTURE.md section 4: "Secrets at rest (TOTP seeds,
//! TINs) are encrypted with a key file created on first start with mode 0600").
//!
//! `<data dir>/secret.key` (or the file `--secret-key-file` names) holds 64 random
//! bytes: the first 32 are a ChaCha20-Poly1305 key that seals TOTP seeds, the last 32 an
//! HMAC-SHA-256 key that hashes delivered codes and bearer tokens before they are
//! stored, so a copy of the database alone yields neither seeds nor usable codes or
//! tokens. The database records the key's fingerprint (`store::key_check`), so an
//! instance started with another key refuses to start instead of failing every login.
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use hmac::{Hmac, Mac};
use rand::{Rng, RngCore};
use sha2::Sha256;
use std::io::Write;
use std::path::Path;

pub struct Keys {
    seal: ChaCha20Poly1305,
    mac_key: [u8; 32],
    fingerprint: String,
}

/// The key file's name in the data directory, where it is unless `--secret-key-file`
/// names another place.
pub const FILE: &str = "secret.key";

impl Keys {
    /// Reads the key file in `data_dir`, creating it on first start (as [`Keys::load`]).
    pub fn load_or_create(data_dir: &Path) -> std::io::Result<Keys> {
        Keys::load(&data_dir.join(FILE), true)
    }

    /// Reads the key file at `path`; when there is none and `create` is set, makes one
    /// (64 random bytes, mode 0600, written then synced, never over an existing file).
    /// A file that other users can read, or of the wrong size, is refused.
    pub fn load(path: &Path, create: bool) -> std::io::Result<Keys> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && create => {
                let mut b = vec![0u8; 64];
                rand::rngs::OsRng.fill_bytes(&mut b);
                let mut opts = std::fs::OpenOptions::new();
                opts.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
                let mut f = opts.open(path)?;
                f.write_all(&b)?;
                f.sync_all()?;
                tracing::info!(path = %path.display(), "created the secret key file");
                b
            }
            Err(e) => return Err(e),
        };
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path)?.permissions().mode();
            if mode & 0o077 != 0 {
                // Kanidm refuses to start on a key others can read; so do we (F13).
                return Err(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    format!(
                        "{} can be read by other users (mode {:o}): run `chmod 600 {}`",
                        path.display(),
                        mode & 0o777,
                        path.display()
                    ),
                ));
            }
        }
        if bytes.len() != 64 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{} must hold 64 bytes", path.display()),
            ));
        }
        Ok(Keys::from_bytes(&bytes))
    }

    pub fn from_bytes(b: &[u8]) -> Keys {
        let mut mac_key = [0u8; 32];
        mac_key.copy_from_slice(&b[32..64]);
        // SHA-256 over a label and the whole key: names the key without revealing any of it.
        let digest =
            <Sha256 as sha2::Digest>::digest([&b"umbral key fingerprint v1\0"[..], b].concat());
        Keys {
            seal: ChaCha20Poly1305::new_from_slice(&b[..32]).expect("32-byte key"),
            mac_key,
            fingerprint: digest[..16].iter().map(|x| format!("{x:02x}")).collect(),
        }
    }

    /// 32 hex digits that name this key (and no other) without revealing it: what a
    /// database records of the key that seals its secrets (`store::key_check`).
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// `SEALED_V2`, a fresh random 96-bit nonce, then the ciphertext and tag, with `aad`
    /// (the record the secret belongs to, see [`totp_aad`] and [`tin_aad`]) bound in as
    /// associated data: a blob copied onto another record does not open there (F19).
    pub fn seal(&self, plain: &[u8], aad: &str) -> Vec<u8> {
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let mut out = SEALED_V2.to_vec();
        out.extend_from_slice(&nonce);
        out.extend(
            self.seal
                .encrypt(
                    Nonce::from_slice(&nonce),
                    Payload {
                        msg: plain,
                        aad: aad.as_bytes(),
                    },
                )
                .expect("ChaCha20-Poly1305 encryption of a short secret"),
        );
        out
    }

    /// None when the data was not sealed with this key for `aad`, or was altered.
    /// Blobs sealed before associated data (no `SEALED_V2` prefix) still open.
    pub fn open(&self, sealed: &[u8], aad: &str) -> Option<Vec<u8>> {
        if let Some(rest) = sealed.strip_prefix(SEALED_V2.as_slice()) {
            if rest.len() >= 12 {
                let (nonce, ct) = rest.split_at(12);
                let payload = Payload {
                    msg: ct,
                    aad: aad.as_bytes(),
                };
                if let Ok(p) = self.seal.decrypt(Nonce::from_slice(nonce), payload) {
                    return Some(p);
                }
            }
        }
        if sealed.len() < 12 {
            return None;
        }
        let (nonce, ct) = sealed.split_at(12);
        self.seal.decrypt(Nonce::from_slice(nonce), ct).ok()
    }

    /// HMAC-SHA-256 of `data`, hex: how codes and tokens are stored and looked up.
    pub fn mac(&self, data: &str) -> String {
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(&self.mac_key).expect("any key length");
        m.update(data.as_bytes());
        m.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Constant-time check of `data` against a stored [`Keys::mac`].
    pub fn verify_mac(&self, data: &str, stored: &str) -> bool {
        let a = self.mac(data);
        a.len() == stored.len()
            && a.bytes()
                .zip(stored.bytes())
                .fold(0u8, |acc, (x, y)| acc | (x ^ y))
                == 0
    }
}

/// The prefix of a blob sealed with associated data.
const SEALED_V2: &[u8; 4] = b"UAD2";

/// The associated data of an authenticator's seed: its account and device.
pub fn totp_aad(account_key: &str, device_id: &str) -> String {
    format!("totp:{account_key}/{device_id}")
}

/// The associated data of a sealed TIN: the form or organisation that holds it.
pub fn tin_aad(record_id: &str) -> String {
    format!("tin:{record_id}")
}

/// The associated data of a sealed OpenID Connect signing key: its key ID.
pub fn signing_key_aad(kid: &str) -> String {
    format!("oidc-key:{kid}")
}

/// 256 random bits, base64url: session tokens, challenge IDs, link tokens.
pub fn token() -> String {
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

/// A uniformly random six-digit code.
pub fn code() -> String {
    format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000u32))
}

/// A short random identifier for devices.
pub fn id() -> String {
    let mut b = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_file_is_private_and_stable() {
        let dir = tempfile::tempdir().unwrap();
        let k1 = Keys::load_or_create(dir.path()).unwrap();
        let sealed = k1.seal(b"seed of twenty bytes", "totp:ann/d1");
        assert!(!sealed.windows(20).any(|w| w == b"seed of twenty bytes"));
        let k2 = Keys::load_or_create(dir.path()).unwrap();
        assert_eq!(
            k2.open(&sealed, "totp:ann/d1").unwrap(),
            b"seed of twenty bytes"
        );
        // Moved onto another record, it does not open.
        assert!(k2.open(&sealed, "totp:eve/d1").is_none());
        assert_eq!(k1.mac("123456"), k2.mac("123456"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(k2.open(&tampered, "totp:ann/d1").is_none());
        let other = Keys::from_bytes(&[7u8; 64]);
        assert!(other.open(&sealed, "totp:ann/d1").is_none());
        // A blob from before associated data still opens, wherever it is.
        let mut nonce = [3u8; 12];
        nonce[0] = 9;
        let legacy: Vec<u8> = nonce
            .iter()
            .copied()
            .chain(
                k1.seal
                    .encrypt(Nonce::from_slice(&nonce), b"old".as_slice())
                    .unwrap(),
            )
            .collect();
        assert_eq!(k1.open(&legacy, "anything").unwrap(), b"old");
        assert!(k1.verify_mac("123456", &k1.mac("123456")));
        assert!(!k1.verify_mac("123457", &k1.mac("123456")));
    }

    #[test]
    fn codes_and_tokens_look_right() {
        for _ in 0..100 {
            let c = code();
            assert!(c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()));
        }
        assert_eq!(token().len(), 43);
        assert_ne!(token(), token());
    }
}
