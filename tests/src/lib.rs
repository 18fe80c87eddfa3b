//! Helpers for the end-to-end tests: start the real server and chromedriver on free
//! loopback ports, and stop them (and remove their data) when a test ends.
mod browser;
mod client;
mod clock;
mod mail;
mod pg;
mod receiver;
mod server;
#[cfg(test)]
mod wording;

pub use browser::*;
pub use client::*;
pub use clock::*;
pub use mail::*;
pub use pg::*;
pub use receiver::*;
pub use server::*;
