//! Every document submission, newest first, for the help desk (it sees all of them).
use crate::api;
use crate::components::form::{alert, loading};
use crate::components::submissions::submission_line;
use crate::context::prefs::use_locale;
use crate::hooks::use_fetch;
use crate::i18n::t;
use yew::prelude::*;

#[function_component(Documents)]
pub fn documents() -> Html {
    let l = use_locale();
    let list = use_fetch(0, api::documents::submissions);
    match &*list {
        None => loading(),
        Some(Err(e)) => alert(&Some(e.message(l))),
        Some(Ok(v)) if v.is_empty() => html! { <p id="hd-documents-none">{ t(l, "doc-none") }</p> },
        Some(Ok(v)) => html! {
            <ul class="devices" id="hd-documents">
                { for v.iter().map(|s| submission_line(l, s)) }
            </ul>
        },
    }
}
