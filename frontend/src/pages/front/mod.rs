//! The front door: the home page and login, the site's first load (`Bundle::Front`): its screens, and the `switch` that draws one for a route.
//! `frontend/src/bin/front.rs` starts it; `shared::bundle::Bundle::for_path` says which
//! paths are its own, and `route::Route::bundle` agrees (a test checks).
pub mod home;
pub mod login;

use super::not_found::NotFound;
use crate::route::Route;
use home::Home;
use login::Login;
use shared::bundle::Bundle;
use yew::prelude::*;

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::Login => html! { <Login /> },
        // Unknown paths, and another module's routes (which never reach here:
        // `route::switch`).
        _ => html! { <NotFound /> },
    }
}

/// The module's `main`.
pub fn start() {
    crate::start(Bundle::Front, switch);
}
