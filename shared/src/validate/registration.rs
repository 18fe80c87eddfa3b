//! Registration validation lives with its type in [`crate::api::registration`]; this
//! module re-exports it so all rule sets are found under `validate`.
pub use crate::api::registration::{normalize_answer, Step};
