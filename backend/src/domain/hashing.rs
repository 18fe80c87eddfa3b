//! argon2id for passwords and security answers, at OWASP's parameters
//! (m = 19 MiB, t = 2, p = 1). Hashing runs on the blocking pool behind a semaphore
//! sized to the cores, so a burst of registrations cannot exhaust memory or starve
//! the async workers.
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::Arc;
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
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
        Hasher {
            permits: Arc::new(Semaphore::new(n)),
        }
    }
}

impl Hasher {
    pub async fn hash(&self, secret: String) -> String {
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("semaphore never closed");
        tokio::task::spawn_blocking(move || hash_blocking(&secret))
            .await
            .expect("hashing task")
    }

    /// Checks `secret` against a PHC string on the blocking pool, behind the semaphore.
    pub async fn verify(&self, secret: String, phc: String) -> bool {
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("semaphore never closed");
        tokio::task::spawn_blocking(move || verify_blocking(&secret, &phc))
            .await
            .expect("verifying task")
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
}
