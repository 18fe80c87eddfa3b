//! Request and response types of the JSON API under `/api/v1`, one module per resource.
pub mod access;
pub mod account_role;
pub mod address;
pub mod alert;
pub mod auth;
pub mod document;
pub mod error;
pub mod licence;
pub mod oidc;
pub mod outage;
pub mod recert;
pub mod registration;
pub mod second_factor;
pub mod security_question;
pub mod share;
pub mod site;
pub mod status;
pub mod support;
pub mod team;

/// The request header every state-changing call carries (`X-Umbral-Request: 1`): a
/// cross-site form cannot set it without a CORS preflight, which the server never grants.
pub const SPA_HEADER: &str = "x-umbral-request";
