//! Unknown client-side routes.
use crate::context::prefs::use_locale;
use crate::i18n::t;
use crate::route::{Link, Route};
use yew::prelude::*;

#[function_component(NotFound)]
pub fn not_found() -> Html {
    let l = use_locale();
    html! {
        <section class="card">
            <h1>{ t(l, "not-found-title") }</h1>
            <p>{ t(l, "not-found-body") }</p>
            <Link to={Route::Home}>{ t(l, "back-home") }</Link>
        </section>
    }
}
