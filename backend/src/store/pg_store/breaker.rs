//! Failing fast while PostgreSQL is out of reach.
//!
//! A statement waits up to the acquire timeout (`--database-timeout-ms`) for a
//! connection. A request makes several statements, and some callers carry on past a
//! failed read (the status page shows what it can): with the database down, each of those
//! would wait its full timeout again, and a request would take seconds. So once a
//! statement finds the database out of reach, the others are refused at once, without
//! waiting, and one statement every [`RETRY_GAP_MS`] is let through to try again; the
//! first that reaches the database closes the breaker. A request then waits at most one
//! timeout, and an outage ends for everyone within a quarter second of PostgreSQL's
//! return.
use crate::store::StoreError;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::time::Instant;

/// How often one statement is let through to the database while it is out of reach.
pub const RETRY_GAP_MS: u64 = 250;

pub struct Breaker {
    born: Instant,
    down: AtomicBool,
    /// When (milliseconds after `born`) the next statement may try the database.
    next_try: AtomicU64,
}

impl Default for Breaker {
    fn default() -> Breaker {
        Breaker {
            born: Instant::now(),
            down: AtomicBool::new(false),
            next_try: AtomicU64::new(0),
        }
    }
}

impl Breaker {
    fn ms(&self) -> u64 {
        u64::try_from(self.born.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// May a statement go to the database now? While it is out of reach, only the one
    /// statement that claims the next try.
    pub fn admit(&self) -> Result<(), StoreError> {
        if !self.down.load(Relaxed) {
            return Ok(());
        }
        let now = self.ms();
        let next = self.next_try.load(Relaxed);
        if now >= next
            && self
                .next_try
                .compare_exchange(next, now + RETRY_GAP_MS, Relaxed, Relaxed)
                .is_ok()
        {
            return Ok(());
        }
        Err(StoreError::Unavailable(
            "the database was out of reach moments ago".into(),
        ))
    }

    /// What a statement that was let through found. `saturated`: every connection of
    /// the pool was busy, so a timeout says the database is slow or the server
    /// overloaded, not that it is out of reach, and trips nothing (that request alone is
    /// answered 503).
    pub fn saw<T>(&self, r: &Result<T, StoreError>, saturated: bool) {
        match r {
            Err(StoreError::Unavailable(_)) if saturated => {}
            Err(StoreError::Unavailable(_)) => {
                self.next_try.store(self.ms() + RETRY_GAP_MS, Relaxed);
                if !self.down.swap(true, Relaxed) {
                    tracing::warn!("the database is out of reach: answering 503 until it is back");
                }
            }
            // Any answer from the database, even a refusal, means it is there.
            _ => {
                if self.down.swap(false, Relaxed) {
                    tracing::warn!("the database is back");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn once_down_one_statement_in_each_gap_tries_and_the_first_answer_closes_it() {
        let b = Breaker::default();
        assert!(b.admit().is_ok());
        // A timeout while every connection was busy is load, not an outage.
        b.saw::<()>(&Err(StoreError::Unavailable("timed out".into())), true);
        assert!(b.admit().is_ok());
        b.saw::<()>(&Err(StoreError::Unavailable("refused".into())), false);
        // Within the gap: refused at once.
        assert!(matches!(b.admit(), Err(StoreError::Unavailable(_))));
        // After it: one statement goes, the next is refused.
        b.next_try.store(0, Relaxed);
        assert!(b.admit().is_ok());
        assert!(b.admit().is_err());
        // A refusal of the database's own (a conflict) means it answered: closed.
        b.saw::<()>(&Err(StoreError::Conflict), false);
        assert!(b.admit().is_ok() && b.admit().is_ok());
    }
}
