//! Key ranges and retryable errors of the PostgreSQL store.

/// The smallest byte string after every string that starts with `prefix` (None: no
/// such bound, when `prefix` is empty or all 0xFF), so that `key >= prefix AND key <
/// upper` is exactly the keys with that prefix, as a range of the primary key.
pub(super) fn upper_bound(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut p = prefix.to_vec();
    while let Some(last) = p.pop() {
        if last < 0xFF {
            p.push(last + 1);
            return Some(p);
        }
    }
    None
}

pub(super) fn key_string(k: Vec<u8>) -> String {
    String::from_utf8(k).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A unique violation (another writer inserted the key first) or a serialization
/// failure or deadlock (PostgreSQL asks us to try again).
pub(super) fn is_retryable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => {
            d.is_unique_violation() || matches!(d.code().as_deref(), Some("40001" | "40P01"))
        }
        _ => false,
    }
}
