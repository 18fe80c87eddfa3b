//! App-wide state through Yew contexts (as Yew's `examples/contexts`): each module holds
//! a provider component and the hooks pages use. Pages import these, never `app.rs`.
pub mod prefs;
pub mod session;
pub mod site;
pub mod status;
