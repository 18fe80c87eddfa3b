//! argon2id for passwords and security answers, at OWASP's parameters
//! (m = 19 MiB, t = 2, p = 1). Hashing runs on the blocking pool behind a semaphore
//! sized to the cores, so a burst of registrations cannot exhaust memory or starve
//! the async workers; and the queue in front of it is bounded: a request that would
//! wait behind more than [`Hasher::queue`] others is refused at once with [`Busy`]
//! (the API answers `503 busy` with `Retry-After`) instead of waiting for seconds while
//! the queue grows without end (F8).
//!
//! Hashes run on their own threads, one per core, not on tokio's blocking pool:
//! - each thread owns one arena (the 19 MiB an argon2 computation needs), allocated on
//!   its first hash and reused, never freed. Allocating it afresh each time let glibc's
//!   dynamic mmap threshold move such blocks onto the heap after the first free, where
//!   they were kept: a 400-request flood of wrong passwords peaked at 623-698 MiB with
//!   two hashes running (issue 15). Now the hashing memory is at most
//!   threads x 19 MiB, whatever the allocator does;
//! - the threads run at a lower priority (nice 10), so while hashing keeps every core
//!   busy the scheduler still runs request handling first: `/health` and `/me` stay
//!   fast under a flood of logins, and the hashes get every cycle nothing else wants;
//! - a hash whose request was abandoned (the client hung up) before its turn is
//!   skipped, and one that started holds its thread until it ends, so no more hashes
//!   ever run than there are threads.
use argon2::password_hash::{
    rand_core::OsRng, Output, ParamsString, PasswordHash, PasswordHasher, PasswordVerifier,
    SaltString,
};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};

#[derive(Clone)]
pub struct Hasher {
    jobs: mpsc::Sender<Job>,
    /// Hashes running or waiting.
    queued: Arc<AtomicUsize>,
    /// Most hashes running or waiting at once.
    limit: usize,
    /// Arenas allocated so far (one at most per thread).
    made: Arc<AtomicUsize>,
}

/// The memory of one argon2 computation at [`params`].
pub type Arena = Box<[Block]>;

/// Work for a hashing thread; `None` when its requester has gone.
type Job = Box<dyn FnOnce(&mut [Block]) + Send>;

/// The hashing queue is full: try again in a second.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the server is busy")]
pub struct Busy;

/// A place in the hashing queue, given back when dropped.
struct Place(Arc<AtomicUsize>);

/// A place in the queue taken before anything else is done for a request (see
/// [`Hasher::admit`]), used by [`Hasher::verify_admitted`].
pub struct Admission(Place);

impl Drop for Place {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// OWASP's argon2id parameters: m = 19 MiB, t = 2, p = 1.
pub fn params() -> Params {
    Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters")
}

pub fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params())
}

/// Memory for one computation at [`params`] (what each hashing thread keeps).
pub fn new_arena() -> Arena {
    vec![Block::default(); params().block_count()].into_boxed_slice()
}

/// Hashes `secret` with a fresh salt in `arena`'s memory; the PHC string is what
/// [`hash_blocking`] gives.
pub fn hash_in(secret: &str, arena: &mut [Block]) -> String {
    let salt = SaltString::generate(&mut OsRng);
    let mut raw = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut raw).expect("a generated salt decodes");
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon2()
        .hash_password_into_with_memory(secret.as_bytes(), salt_bytes, &mut out, arena)
        .expect("argon2 hashing of bounded input");
    PasswordHash {
        algorithm: argon2::ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params()).expect("parameters print"),
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).expect("32-byte output")),
    }
    .to_string()
}

/// Checks `secret` against a PHC string in `arena`'s memory. A hash made at other
/// parameters (none is, today) is checked with memory of its own.
pub fn verify_in(secret: &str, phc: &str, arena: &mut [Block]) -> bool {
    let Ok(h) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (h.salt, h.hash) else {
        return false;
    };
    let Ok(p) = Params::try_from(&h) else {
        return false;
    };
    let version = match h.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    if h.algorithm != argon2::ARGON2ID_IDENT
        || p.block_count() != arena.len()
        || version != Version::V0x13
    {
        return verify_blocking(secret, phc);
    }
    let mut raw = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut raw) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    let a = Argon2::new(Algorithm::Argon2id, version, p);
    if a.hash_password_into_with_memory(secret.as_bytes(), salt_bytes, &mut out, arena)
        .is_err()
    {
        return false;
    }
    // `Output`'s equality is constant-time.
    Output::new(&out).is_ok_and(|o| o == expected)
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
    /// `running` hashing threads, and at most `queue` hashes running or waiting.
    /// The threads end when the last clone of the hasher is dropped.
    pub fn new(running: usize, queue: usize) -> Hasher {
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        let made = Arc::new(AtomicUsize::new(0));
        for i in 0..running.max(1) {
            let (rx, made) = (rx.clone(), made.clone());
            std::thread::Builder::new()
                .name(format!("umbral-hash-{i}"))
                .spawn(move || hashing_thread(&rx, &made))
                .expect("spawn a hashing thread");
        }
        Hasher {
            jobs: tx,
            queued: Arc::new(AtomicUsize::new(0)),
            limit: queue.max(running).max(1),
            made,
        }
    }

    /// How many arenas of 19 MiB were ever allocated: never more than the hashing
    /// threads.
    pub fn arenas(&self) -> usize {
        self.made.load(Ordering::Acquire)
    }

    /// Runs `f` with an arena on a hashing thread. Skipped if the caller stopped
    /// waiting before its turn came.
    async fn run<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut [Block]) -> R + Send + 'static,
    ) -> Result<R, Busy> {
        let place = self.place()?;
        self.run_in(place, f).await
    }

    async fn run_in<R: Send + 'static>(
        &self,
        place: Place,
        f: impl FnOnce(&mut [Block]) -> R + Send + 'static,
    ) -> Result<R, Busy> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |arena: &mut [Block]| {
            if tx.is_closed() {
                return;
            }
            let r = f(arena);
            // The place is free before the answer, so a caller that got it sees it free.
            drop(place);
            let _ = tx.send(r);
        });
        self.jobs.send(job).map_err(|_| Busy)?;
        rx.await.map_err(|_| Busy)
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
        self.run(move |arena| hash_in(&secret, arena)).await
    }

    /// Checks `secret` against a PHC string on the blocking pool, behind the semaphore.
    pub async fn verify(&self, secret: String, phc: String) -> Result<bool, Busy> {
        self.run(move |arena| verify_in(&secret, &phc, arena)).await
    }

    /// A place in the queue now, or [`Busy`]: taken by the login before it reads or
    /// writes the store, so a request the queue has no room for is turned away before
    /// it costs a database round trip (with PostgreSQL, a flood answered 503 otherwise
    /// still made two transactions a request and starved the pool).
    pub fn admit(&self) -> Result<Admission, Busy> {
        self.place().map(Admission)
    }

    /// [`Hasher::verify`] in a place taken by [`Hasher::admit`].
    pub async fn verify_admitted(
        &self,
        admission: Admission,
        secret: String,
        phc: String,
    ) -> Result<bool, Busy> {
        self.run_in(admission.0, move |arena| verify_in(&secret, &phc, arena))
            .await
    }
}

/// A hashing thread: takes jobs until the hasher is gone, at a lower priority than
/// request handling, with one arena of its own.
fn hashing_thread(rx: &Mutex<mpsc::Receiver<Job>>, made: &AtomicUsize) {
    lower_priority();
    let mut arena: Option<Arena> = None;
    loop {
        let job = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        let arena = arena.get_or_insert_with(|| {
            made.fetch_add(1, Ordering::AcqRel);
            new_arena()
        });
        job(arena);
    }
}

/// Nice 10 for the calling thread (on Linux the nice value is per thread): the
/// scheduler then prefers the async workers whenever they have something to do.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority has no memory effects; `0` names the calling thread.
    let r = unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 10) };
    #[cfg(target_os = "linux")]
    if r != 0 {
        tracing::warn!("could not lower the hashing threads' priority");
    }
}

/// A hash of a random password at the same parameters: verified against when the user
/// ID is unknown, so that answer costs what a wrong password costs.
pub fn decoy_hash() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| hash_blocking(&crate::crypto::secrets::token()))
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

    #[test]
    fn pooled_hashes_are_the_standard_phc_both_ways() {
        let mut arena = new_arena();
        let pooled = hash_in("Correct-Horse-7-Battery", &mut arena);
        assert!(
            pooled.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{pooled}"
        );
        // The library's own verifier accepts what the arena made, and the reverse.
        assert!(verify_blocking("Correct-Horse-7-Battery", &pooled));
        let standard = hash_blocking("Correct-Horse-7-Battery");
        assert!(verify_in("Correct-Horse-7-Battery", &standard, &mut arena));
        assert!(verify_in("Correct-Horse-7-Battery", &pooled, &mut arena));
        assert!(!verify_in("Correct-Horse-7-Batterz", &pooled, &mut arena));
        assert!(!verify_in(
            "Correct-Horse-7-Battery",
            "$argon2id$garbage",
            &mut arena
        ));
        assert!(!verify_in("Correct-Horse-7-Battery", "", &mut arena));
        // A hash at other parameters is still checked (with memory of its own).
        let small = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 * 1024, 1, 1, None).unwrap(),
        )
        .hash_password(
            b"Correct-Horse-7-Battery",
            &SaltString::generate(&mut OsRng),
        )
        .unwrap()
        .to_string();
        assert!(verify_in("Correct-Horse-7-Battery", &small, &mut arena));
        assert!(!verify_in("Wrong", &small, &mut arena));
        // A flipped output bit fails.
        let mut bad = pooled.clone();
        let last = bad.pop().unwrap();
        bad.push(if last == 'A' { 'B' } else { 'A' });
        assert!(!verify_in("Correct-Horse-7-Battery", &bad, &mut arena));
    }

    /// Requests abandoned while their hash runs (a client that hangs up) must not let
    /// more hashes run than threads, nor more arenas exist; those abandoned before
    /// their turn are skipped.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn abandoned_requests_never_make_more_arenas_than_permits() {
        let h = Hasher::new(2, 64);
        let phc = decoy_hash().to_string();
        let tasks: Vec<_> = (0..24)
            .map(|_| {
                let (h, phc) = (h.clone(), phc.clone());
                tokio::spawn(async move { h.verify("x".into(), phc).await })
            })
            .collect();
        // Abandon every other request, some while running, some while waiting.
        tokio::time::sleep(std::time::Duration::from_millis(30)).await;
        for (i, t) in tasks.iter().enumerate() {
            if i % 2 == 0 {
                t.abort();
            }
        }
        for t in tasks {
            let _ = t.await;
        }
        // Let the abandoned computations finish on the blocking pool.
        while h.queued.load(Ordering::Acquire) > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert!(
            (1..=2).contains(&h.arenas()),
            "{} arenas for 2 permits",
            h.arenas()
        );
        assert_eq!(h.verify("x".into(), phc).await, Ok(false));
        assert!(h.arenas() <= 2);
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn hashes_run_below_request_handling() {
        let h = Hasher::new(1, 4);
        // SAFETY: getpriority only reads the calling thread's nice value.
        let nice = h
            .run(|_| unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) })
            .await
            .unwrap();
        assert_eq!(nice, 10);
        // SAFETY: as above, on this (request-handling) thread.
        assert_eq!(unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) }, 0);
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
