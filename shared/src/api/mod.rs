//! Request and response types of the JSON API under `/api/v1`, one module per resource.
pub mod access;
pub mod auth;
pub mod error;
pub mod registration;
pub mod security_question;
