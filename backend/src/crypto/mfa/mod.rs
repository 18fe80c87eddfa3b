//! Multifactor authentication. So far: authenticator-app codes (RFC 6238).
pub mod enrol;
pub mod totp;
