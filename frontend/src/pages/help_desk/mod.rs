//! The help desk's console (`Bundle::HelpDesk`): its screens, and the `switch` that draws one for a route.
//! `frontend/src/bin/help-desk.rs` starts it; `shared::bundle::Bundle::for_path` says which
//! paths are its own, and `route::Route::bundle` agrees (a test checks).
mod accounts;
mod alerts;
mod clients;
pub mod console;
mod documents;
mod licences;
mod outages;
mod support;
mod team;

use super::not_found::NotFound;
use crate::route::Route;
use console::HelpDesk;
use shared::bundle::Bundle;
use yew::prelude::*;

fn switch(route: Route) -> Html {
    match route {
        Route::HelpDesk => html! { <HelpDesk /> },
        // Another module's routes never reach here (`route::switch`).
        _ => html! { <NotFound /> },
    }
}

/// The module's `main`.
pub fn start() {
    // This module shows screens beyond the front one's: its part of the rest of the catalog.
    shared::i18n::catalog_for_help_desk();
    crate::start(Bundle::HelpDesk, switch);
}
