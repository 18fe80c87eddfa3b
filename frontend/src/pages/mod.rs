//! One module per screen. Pages import `context`, `hooks`, `api`, `components`,
//! `format`, `route` and `i18n`; never `app` or each other.
pub mod account_details;
pub mod account_help;
pub mod application;
pub mod approvals;
pub mod help_desk;
pub mod home;
pub mod login;
pub mod not_found;
pub mod organization_form;
pub mod profile;
pub mod register;
pub mod role_request;
pub mod roles;
pub mod setup_account;
pub mod sign_in;
pub mod status;
pub mod unsubscribe;
