//! Unknown client-side routes.
use crate::context::prefs::use_locale;
use crate::i18n::t;
use crate::route::Route;
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component(NotFound)]
pub fn not_found() -> Html {
    let l = use_locale();
    html! {
        <section class="card">
            <h1>{ t(l, "not-found-title") }</h1>
            <p>{ t(l, "not-found-body") }</p>
            <Link<Route> to={Route::Home}>{ t(l, "back-home") }</Link<Route>>
        </section>
    }
}
