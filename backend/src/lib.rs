//! The Umbral server as a library: `http` (the web layer), `domain` (the rules),
//! `store` (persistence), `config`. The `umbral` binary in `main.rs` only wires them up;
//! tests and benchmarks use the same pieces.
pub mod config;
pub mod delivery;
pub mod demo;
pub mod domain;
pub mod http;
pub mod store;
