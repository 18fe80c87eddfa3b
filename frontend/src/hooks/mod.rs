//! Hooks shared by pages, and the form state every form uses (`form`).
pub mod form;

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

/// Whether the server finds `password` commonly used or easy to guess (issue 27), asked
/// after a pause in typing once `ready` (the local rules pass), so the SPA never carries
/// the dictionaries. `None` until the answer for this very password is in; a failed
/// call stays `None` (the server checks again when the password is set).
#[hook]
pub fn use_common_check(password: String, context: Vec<String>, ready: bool) -> Option<bool> {
    let l = use_locale();
    let answer = use_state(|| None::<(String, bool)>);
    {
        let answer = answer.clone();
        use_effect_with((password.clone(), ready), move |(pw, ready)| {
            let timer = (*ready && answer.as_ref().is_none_or(|(p, _)| p != pw)).then(|| {
                let pw = pw.clone();
                gloo_timers::callback::Timeout::new(400, move || {
                    wasm_bindgen_futures::spawn_local(async move {
                        let body = shared::api::auth::PasswordCheck {
                            password: pw.clone(),
                            context,
                        };
                        if let Ok(r) = crate::api::auth::password_check(l, &body).await {
                            answer.set(Some((pw, r.common)));
                        }
                    });
                })
            });
            // A new keystroke drops the pending ask.
            move || drop(timer)
        });
    }
    answer
        .as_ref()
        .filter(|(p, _)| *p == password)
        .map(|(_, common)| *common)
}
