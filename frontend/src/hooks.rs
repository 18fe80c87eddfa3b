//! Hooks shared by pages.
use crate::api::Answer;
use crate::context::prefs::use_locale;
use crate::context::session::{on_session_end, use_session};
use shared::i18n::Locale;
use std::future::Future;
use yew::prelude::*;

/// Loads with `fetch` once, and again when `reload` or the language changes; `None`
/// while loading. An answer that says the session has ended ends it.
#[hook]
pub fn use_fetch<T, F, Fut>(reload: u32, fetch: F) -> UseStateHandle<Option<Answer<T>>>
where
    T: 'static,
    F: Fn(Locale) -> Fut + 'static,
    Fut: Future<Output = Answer<T>> + 'static,
{
    let l = use_locale();
    let session = use_session();
    let data = use_state(|| None);
    {
        let data = data.clone();
        use_effect_with((reload, l), move |(_, l)| {
            let fut = fetch(*l);
            wasm_bindgen_futures::spawn_local(async move {
                let r = fut.await;
                if let Err(e) = &r {
                    on_session_end(&session, e);
                }
                data.set(Some(r));
            });
        });
    }
    data
}
