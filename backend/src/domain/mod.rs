//! The rules of Umbral, with no HTTP in them: handlers parse and authorise, then call here.
pub mod accounts;
pub mod hashing;
pub mod mfa;
