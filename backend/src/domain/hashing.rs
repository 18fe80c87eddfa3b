//! argon2id for passwords and security answers, at OWASP's parameters
//! (m = 19 MiB, t = 2, p = 1). Hashing runs on the blocking pool behind a semaphore
//! sized to the cores, so a burst of registrations cannot exhaust memory or starve
//! the async workers; and the queue in front of it is bounded: a request that would
//! wait behind more than [`Hasher::queue`] others is refused at once with [`Busy`]
//! (the API answers `503 busy` with `Retry-After`) instead of waiting for seconds while
//! the queue grows without end (F8).
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    /// Hashes running or waiting.
    queued: Arc<AtomicUsize>,
    /// Most hashes running or waiting at once.
    limit: usize,
}

/// The hashing queue is full: try again in a second.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the server is busy")]
pub struct Busy;

/// A place in the hashing queue, given back when dropped.
struct Place(Arc<AtomicUsize>);

impl Drop for Place {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

pub fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash_blocking(secret: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(secret.as_bytes(), &salt)
        .expect("argon2 hashing of bounded input")
        .to_string()
}

/// Checks `secret` against an argon2id PHC string.
pub fn verify_blocking(secret: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| argon2().verify_password(secret.as_bytes(), &h).is_ok())
}

impl Default for Hasher {
    fn default() -> Self {
        let n = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        // About half a second of work per core at ~25 ms a hash.
        Hasher::new(n, 16 * n)
    }
}

impl Hasher {
    /// `running` hashes at once, and at most `queue` running or waiting.
    pub fn new(running: usize, queue: usize) -> Hasher {
        Hasher {
            permits: Arc::new(Semaphore::new(running.max(1))),
            queued: Arc::new(AtomicUsize::new(0)),
            limit: queue.max(running).max(1),
        }
    }

    /// Most hashes running or waiting at once.
    pub fn queue(&self) -> usize {
        self.limit
    }

    fn place(&self) -> Result<Place, Busy> {
        let before = self.queued.fetch_add(1, Ordering::AcqRel);
        let place = Place(self.queued.clone());
        if before >= self.limit {
            return Err(Busy);
        }
        Ok(place)
    }

    pub async fn hash(&self, secret: String) -> Result<String, Busy> {
        let _place = self.place()?;
        let _permit = self.permits.acquire().await.map_err(|_| Busy)?;
        tokio::task::spawn_blocking(move || hash_blocking(&secret))
            .await
            .map_err(|_| Busy)
    }

    /// Checks `secret` against a PHC string on the blocking pool, behind the semaphore.
    pub async fn verify(&self, secret: String, phc: String) -> Result<bool, Busy> {
        let _place = self.place()?;
        let _permit = self.permits.acquire().await.map_err(|_| Busy)?;
        tokio::task::spawn_blocking(move || verify_blocking(&secret, &phc))
            .await
            .map_err(|_| Busy)
    }
}

/// A hash of a random password at the same parameters: verified against when the user
/// ID is unknown, so that answer costs what a wrong password costs.
pub fn decoy_hash() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| hash_blocking(&crate::domain::secrets::token()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash_blocking("Correct-Horse-7-Battery");
        let b = hash_blocking("Correct-Horse-7-Battery");
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b);
        assert!(verify_blocking("Correct-Horse-7-Battery", &a));
        assert!(!verify_blocking("Correct-Horse-7-Batterz", &a));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_queue_refuses_instead_of_waiting() {
        let h = Hasher::new(1, 3);
        let phc = decoy_hash().to_string();
        let tasks: Vec<_> = (0..12)
            .map(|_| {
                let (h, phc) = (h.clone(), phc.clone());
                tokio::spawn(async move { h.verify("x".into(), phc).await })
            })
            .collect();
        let mut busy = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(ok) => assert!(!ok),
                Err(Busy) => busy += 1,
            }
        }
        assert!(
            busy >= 12 - 3 - 3,
            "only {busy} of 12 refused with a queue of 3"
        );
        // Once drained, the queue takes work again.
        assert_eq!(h.verify("x".into(), phc).await, Ok(false));
        assert_eq!(h.queued.load(Ordering::Acquire), 0);
    }
}
