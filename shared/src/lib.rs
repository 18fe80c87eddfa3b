//! Umbral's shared core: the rules both the SPA and the server run, the JSON
//! types they exchange and the message catalogs they show. Nothing here does
//! I/O or reads the clock, so it builds for wasm32 and native alike and a form
//! the SPA accepts is exactly one the server accepts.
pub mod api;
pub mod bundle;
pub mod calendar;
pub mod date;
pub mod fold;
pub mod help;
pub mod i18n;
pub mod receipt;
pub mod search;
pub mod validate;
