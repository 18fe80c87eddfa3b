//! One key per database, checked before anything is served or written.
//!
//! Every secret in the store is sealed or hashed with the server key (`crypto::secrets`):
//! TOTP seeds, TINs, the OpenID Connect signing keys, queued messages, the hashes of
//! sessions, codes and links. An instance or `umbral admin` command that runs with
//! another key does not fail at start on its own: it fails every login afterwards, and
//! what it writes no other instance can read. So the database records the fingerprint
//! of the key at first start (`Table::Meta`, [`FINGERPRINT`]) and every later start
//! compares: another key, or no key file where the database expects one, stops the
//! start with what to fix. A key file is only ever created for a database that has
//! none recorded and holds no secret sealed with another key (an installation from
//! before the fingerprint is checked against its sealed records, then recorded).
use super::records::{Account, Organization, SigningKey};
use super::{Store, StoreError, Table};
use crate::crypto::secrets::{self, Keys};
use base64::Engine;
use std::path::Path;

/// The `Table::Meta` key of the fingerprint (exported and imported with the store, as
/// the secrets it vouches for are).
pub const FINGERPRINT: &str = "key_fingerprint";

/// Sealed records read to vouch for a key when no fingerprint is recorded.
const SAMPLE: usize = 20;

/// The server key at `path` for `store`: read (or, for a database that has none
/// recorded, created) and checked against the fingerprint the database records, which
/// is recorded now if there was none. The error says what to fix.
pub async fn open_keys<S: Store>(store: &S, path: &Path) -> Result<Keys, String> {
    let recorded = store
        .get::<String>(Table::Meta, FINGERPRINT)
        .await
        .map_err(|e| format!("cannot read the key fingerprint from the database: {e}"))?;
    let keys = Keys::load(path, recorded.is_none()).map_err(|e| match &recorded {
        Some(fp) if e.kind() == std::io::ErrorKind::NotFound => format!(
            "there is no secret key at {}, and this database's secrets are sealed with the \
             key whose fingerprint is {}: copy that key file (from the data directory of \
             the instance that first used this database) to {}, or point \
             --secret-key-file (UMBRAL_SECRET_KEY_FILE) at it",
            path.display(),
            short(fp),
            path.display()
        ),
        _ => format!("cannot read or create the secret key file: {e}"),
    })?;
    match recorded {
        Some(fp) => matches(&fp, &keys, path)?,
        None => {
            vouch(store, &keys, path).await?;
            match store
                .insert_new(Table::Meta, FINGERPRINT, &keys.fingerprint().to_string())
                .await
            {
                Ok(()) => tracing::info!(
                    fingerprint = short(keys.fingerprint()),
                    "recorded the secret key's fingerprint in the database"
                ),
                // Another instance starting at the same moment recorded its key first.
                Err(StoreError::Conflict) => {
                    let fp = store
                        .get::<String>(Table::Meta, FINGERPRINT)
                        .await
                        .map_err(|e| e.to_string())?
                        .unwrap_or_default();
                    matches(&fp, &keys, path)?;
                }
                Err(e) => return Err(format!("cannot record the key fingerprint: {e}")),
            }
        }
    }
    Ok(keys)
}

/// The first 16 hex digits: enough to tell two keys apart in a message.
fn short(fp: &str) -> &str {
    fp.get(..16).unwrap_or(fp)
}

fn matches(recorded: &str, keys: &Keys, path: &Path) -> Result<(), String> {
    if recorded == keys.fingerprint() {
        return Ok(());
    }
    Err(format!(
        "the secret key at {} (fingerprint {}) is not the key this database's secrets are \
         sealed with (fingerprint {}): start every instance and admin command with the \
         same key file, copied from the instance that first used this database, by \
         --secret-key-file (UMBRAL_SECRET_KEY_FILE) or in its --data-dir. Nothing was \
         changed.",
        path.display(),
        short(keys.fingerprint()),
        short(recorded)
    ))
}

/// For a database with no fingerprint recorded: a few of its sealed secrets (signing
/// keys, organisations' TINs, authenticator seeds) must open with `keys`.
async fn vouch<S: Store>(store: &S, keys: &Keys, path: &Path) -> Result<(), String> {
    let read = |e: StoreError| format!("cannot read the database: {e}");
    let mut sealed: Vec<(Vec<u8>, String)> = Vec::new();
    for (_, k) in store
        .scan::<SigningKey>(Table::OidcKeys, "", SAMPLE)
        .await
        .map_err(read)?
    {
        if let Ok(b) = base64::engine::general_purpose::STANDARD.decode(&k.sealed) {
            sealed.push((b, secrets::signing_key_aad(&k.kid)));
        }
    }
    for (id, o) in store
        .scan::<Organization>(Table::Organizations, "", SAMPLE)
        .await
        .map_err(read)?
    {
        if !o.tin_sealed.is_empty() {
            sealed.push((o.tin_sealed, secrets::tin_aad(&id)));
        }
    }
    for (_, a) in store
        .scan::<Account>(Table::Accounts, "", SAMPLE)
        .await
        .map_err(read)?
    {
        for d in &a.devices {
            if let Some(s) = &d.sealed_secret {
                sealed.push((s.clone(), secrets::totp_aad(&a.key(), &d.id)));
            }
        }
    }
    match sealed.iter().find(|(b, aad)| keys.open(b, aad).is_none()) {
        None => Ok(()),
        Some((_, aad)) => Err(format!(
            "the secret key at {} (fingerprint {}) does not open this database's sealed \
             secrets ({aad} does not open): start with the key file of the instance that \
             made this database, by --secret-key-file (UMBRAL_SECRET_KEY_FILE) or in its \
             --data-dir. Nothing was changed.",
            path.display(),
            short(keys.fingerprint())
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sled_store::SledStore;

    fn key_file(dir: &Path, name: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        Keys::load(&p, true).unwrap();
        p
    }

    #[tokio::test]
    async fn the_first_key_is_recorded_and_another_is_refused_without_a_change() {
        let tmp = tempfile::tempdir().unwrap();
        let store = SledStore::open(&tmp.path().join("db")).unwrap();
        let first = tmp.path().join("first.key");
        // A fresh database: the key is made and its fingerprint recorded.
        let k = open_keys(&store, &first).await.unwrap();
        let recorded = store.get::<String>(Table::Meta, FINGERPRINT).await.unwrap();
        assert_eq!(recorded.as_deref(), Some(k.fingerprint()));
        assert_eq!(
            open_keys(&store, &first).await.unwrap().fingerprint(),
            k.fingerprint()
        );
        // Another key: refused, naming both fingerprints' beginnings and the path.
        let other = key_file(tmp.path(), "other.key");
        let e = open_keys(&store, &other).await.err().unwrap();
        assert!(e.contains("is not the key"), "{e}");
        assert!(
            e.contains(&k.fingerprint()[..16]) && e.contains("other.key"),
            "{e}"
        );
        // No key where the database expects one: refused, and no key file is made.
        let missing = tmp.path().join("missing.key");
        let e = open_keys(&store, &missing).await.err().unwrap();
        assert!(e.contains("there is no secret key"), "{e}");
        assert!(!missing.exists());
        let still = store.get::<String>(Table::Meta, FINGERPRINT).await.unwrap();
        assert_eq!(still.as_deref(), Some(k.fingerprint()));
    }

    #[tokio::test]
    async fn a_database_from_before_the_check_is_vouched_for_by_its_sealed_secrets() {
        let tmp = tempfile::tempdir().unwrap();
        let store = SledStore::open(&tmp.path().join("db")).unwrap();
        let right = key_file(tmp.path(), "right.key");
        let keys = Keys::load(&right, false).unwrap();
        let org = Organization {
            tin_sealed: keys.seal(b"123456789", &secrets::tin_aad("o1")),
            tin_last4: "6789".into(),
            ..Organization::example("o1", "Riverside Clinic", "alan", 0)
        };
        store
            .insert_new(Table::Organizations, "o1", &org)
            .await
            .unwrap();
        // No fingerprint recorded: a key that does not open the TIN is refused and
        // nothing is recorded; a missing key file is not made up either.
        let wrong = key_file(tmp.path(), "wrong.key");
        let e = open_keys(&store, &wrong).await.err().unwrap();
        assert!(e.contains("does not open"), "{e}");
        assert_eq!(
            store.get::<String>(Table::Meta, FINGERPRINT).await.unwrap(),
            None
        );
        // The key that sealed it is recorded.
        let k = open_keys(&store, &right).await.unwrap();
        let recorded = store.get::<String>(Table::Meta, FINGERPRINT).await.unwrap();
        assert_eq!(recorded.as_deref(), Some(k.fingerprint()));
    }
}
