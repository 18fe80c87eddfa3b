//! One module per screen.
pub mod access;
pub mod account_help;
pub mod home;
pub mod login;
pub mod not_found;
pub mod profile;
pub mod register;
