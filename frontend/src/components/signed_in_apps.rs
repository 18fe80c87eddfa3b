//! "Applications I am signed in to" on the profile: each application that signed the
//! person in through Umbral, when, and a button that signs them out of it (its refresh
//! and access tokens stop working).
use crate::api;
use crate::context::prefs::use_locale;
use crate::i18n::{t, t1, targs};
use yew::prelude::*;

#[function_component(SignedInApps)]
pub fn signed_in_apps() -> Html {
    let l = use_locale();
    let reload = use_state(|| 0u32);
    let apps = crate::hooks::use_fetch(*reload, api::oidc::my_applications);
    let list = match &*apps {
        Some(Ok(v)) if v.is_empty() => {
            html! { <p class="hint" id="apps-none">{ t(l, "apps-none") }</p> }
        }
        Some(Ok(v)) => html! {
            <ul class="activity" id="signed-in-apps">
                { for v.iter().map(|a| {
                    let onclick = {
                        let (grant, reload) = (a.grant.clone(), reload.clone());
                        Callback::from(move |_| {
                            let (grant, reload) = (grant.clone(), reload.clone());
                            wasm_bindgen_futures::spawn_local(async move {
                                let _ = api::oidc::sign_out_of(l, &grant).await;
                                reload.set(*reload + 1);
                            });
                        })
                    };
                    html! {
                        <li data-client={a.client_id.clone()}>
                            <strong>{ &a.application_name }</strong>{ " " }
                            <span>{ targs(l, "apps-signed-in", &[("when", a.signed_in.clone()), ("used", a.last_used.clone())]) }</span>{ " " }
                            <button type="button" class="secondary" {onclick}>{ t1(l, "apps-sign-out", "app", a.application_name.clone()) }</button>
                        </li>
                    }
                }) }
            </ul>
        },
        _ => html! {},
    };
    html! {
        <>
            <h2 id="apps-heading">{ t(l, "apps-title") }</h2>
            { list }
        </>
    }
}
