//! The front door: the home page and login (`Bundle::Front`), the site's first load.
use frontend::pages::login::Login;
use frontend::pages::{home::Home, not_found::NotFound};
use frontend::route::Route;
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

fn main() {
    frontend::start(Bundle::Front, switch);
}
