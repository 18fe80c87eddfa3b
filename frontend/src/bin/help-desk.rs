//! The help desk's console (`Bundle::HelpDesk`).
use frontend::pages::help_desk::HelpDesk;
use frontend::pages::not_found::NotFound;
use frontend::route::Route;
use shared::bundle::Bundle;
use yew::prelude::*;

fn switch(route: Route) -> Html {
    match route {
        Route::HelpDesk => html! { <HelpDesk /> },
        // Another module's routes never reach here (`route::switch`).
        _ => html! { <NotFound /> },
    }
}

fn main() {
    // This module shows screens beyond the front one's: the whole catalog.
    shared::i18n::whole_catalog();
    frontend::start(Bundle::HelpDesk, switch);
}
