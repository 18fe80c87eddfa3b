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

/// The database cannot be reached: no connection within the acquire timeout, the
/// connection refused or cut, or PostgreSQL shutting down or starting up (SQLSTATE class
/// 08, 57P01-57P03, and 53300, too many connections). Answered as 503 `unavailable`,
/// never as a failure of Umbral's own.
pub(super) fn is_unreachable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(d) => d.code().is_some_and(|c| {
            c.starts_with("08") || matches!(c.as_ref(), "57P01" | "57P02" | "57P03" | "53300")
        }),
        _ => false,
    }
}

/// The connection a statement ran on was lost under it (not a timeout waiting for one):
/// a read is worth one more try on a fresh connection.
pub(super) fn connection_lost(e: &sqlx::Error) -> bool {
    !matches!(e, sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed) && is_unreachable(e)
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
