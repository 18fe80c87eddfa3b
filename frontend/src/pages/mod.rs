//! The screens, one folder per module of the SPA (`shared::bundle::Bundle`): `front`
//! (the home page and login, the site's first load), `public` (the other screens of
//! someone not logged in), `account` (a logged-in person's own screens) and `help_desk`
//! (the console). Each folder's `mod.rs` owns its module's `switch`; `not_found` is
//! every module's. Pages import `context`, `hooks`, `api`, `components`, `format`,
//! `route` and `i18n`; never `app` or each other.
pub mod account;
pub mod front;
pub mod help_desk;
pub mod not_found;
pub mod public;
