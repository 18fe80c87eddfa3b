//! The building blocks under the domain, which know keys, hashes and codes and nothing
//! of people or rules: the server key and what it seals and MACs (`secrets`), argon2id
//! on its own threads (`hashing`), and TOTP with its setup (`mfa`). The domain uses them;
//! they use nothing of the domain.
pub mod hashing;
pub mod mfa;
pub mod secrets;
