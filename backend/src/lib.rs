//! The Umbral server as a library. Layers, top to bottom; each imports only those
//! below it:
//!
//! - `http`: the web layer (router, extractors, the one error table, request spans).
//! - `jobs`: background work on a timer.
//! - `domain`: the rules, with no HTTP in them; `demo` loads demo data through it.
//! - `delivery`: outgoing email, SMS and voice.
//! - `store`: what is kept and how it is keyed.
//! - `clock`, `config`: the wall clock and the settings.
//!
//! The `umbral` binary in `main.rs` only wires them up; tests and benchmarks use the
//! same pieces.
pub mod clock;
pub mod config;
pub mod crypto;
pub mod delivery;
pub mod demo;
pub mod domain;
pub mod http;
pub mod jobs;
pub mod store;
