//! The Umbral server as a library. Layers, top to bottom; each imports only those
//! below it:
//!
//! - `command`: the `umbral` binary's commands (serve, admin), wiring the rest together.
//! - `http`: the web layer (router, extractors, the one error table, request spans).
//! - `jobs`: background work on a timer.
//! - `domain`: the rules, with no HTTP in them; `demo` loads demo data through it.
//! - `delivery`: outgoing email, SMS and voice.
//! - `store`: what is kept and how it is keyed.
//! - `clock`, `config`: the wall clock and the settings.
//!
//! The `umbral` binary in `main.rs` only calls `command::main`; tests and benchmarks use
//! the same pieces.
pub mod clock;
// Not in the unit tests' build: nothing there calls it, and it is the largest piece of
// generic code the library instantiates (command.rs says why it is here at all).
#[cfg(not(test))]
pub mod command;
pub mod config;
pub mod crypto;
pub mod delivery;
pub mod demo;
pub mod domain;
pub mod http;
pub mod jobs;
pub mod net;
pub mod store;
