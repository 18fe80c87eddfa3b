//! "Send a link to this page" (on every public page, as on the source's pages, whose
//! form wants semicolons between addresses): a small folded form. The addresses are
//! checked as typed once the form was sent, with the server's own rule.
use crate::api;
use crate::components::form::alert;
use crate::components::input::Input;
use crate::context::prefs::use_locale;
use crate::context::session::use_session;
use crate::i18n::{field_error, t};
use shared::api::error::FieldErrors;
use shared::api::share::PageLinkInput;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// One of `shared::api::share::PAGES`' keys.
    pub page: &'static str,
}

#[derive(Clone, Default, PartialEq)]
struct State {
    addresses: String,
    errors: FieldErrors,
    tried: bool,
    sent: bool,
    alert: Option<String>,
}

#[function_component(ShareLink)]
pub fn share_link(p: &Props) -> Html {
    let l = use_locale();
    let signed_in = use_session().profile.is_some();
    let st = use_state(State::default);
    let req = |a: &str| PageLinkInput {
        page: p.page.to_string(),
        addresses: a.to_string(),
    };
    let s = (*st).clone();
    let live = req(&s.addresses)
        .validate(signed_in)
        .err()
        .unwrap_or_default();
    let error = if s.tried {
        field_error(l, &live, "addresses", "share")
            .or_else(|| field_error(l, &s.errors, "addresses", "share"))
    } else {
        None
    };
    let oninput = {
        let st = st.clone();
        Callback::from(move |v: String| {
            let mut x = (*st).clone();
            x.addresses = v;
            x.sent = false;
            x.errors.clear();
            st.set(x);
        })
    };
    let onsubmit = {
        let st = st.clone();
        let page = p.page;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut x = (*st).clone();
            x.tried = true;
            let body = PageLinkInput {
                page: page.to_string(),
                addresses: x.addresses.clone(),
            };
            if body.validate(signed_in).is_err() {
                st.set(x);
                return;
            }
            let st = st.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match api::page_link(l, &body).await {
                    Ok(()) => st.set(State {
                        sent: true,
                        ..Default::default()
                    }),
                    Err(e) => {
                        (x.errors, x.alert) = e.for_form(l);
                        st.set(x);
                    }
                }
            });
        })
    };
    html! {
        <details class="share card" id="share">
            <summary>{ t(l, "share-title") }</summary>
            <form {onsubmit} novalidate=true>
                { alert(&s.alert) }
                <Input id="share-addresses" inputmode={Some(AttrValue::Static("email"))} label={t(l, "share-addresses")} hint={Some(t(l, "share-hint"))}
                    value={s.addresses.clone()} {error} {oninput} autocomplete={Some(AttrValue::Static("email"))} />
                <div class="actions"><button type="submit" class="secondary" id="share-send">{ t(l, "share-send") }</button></div>
                if s.sent { <p class="notice" role="status" id="share-sent">{ t(l, "share-sent") }</p> }
            </form>
        </details>
    }
}
