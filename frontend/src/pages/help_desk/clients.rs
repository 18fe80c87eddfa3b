//! The applications that sign people in through Umbral (OpenID Connect clients), in the
//! console: each client, whether it is public (PKCE only) or confidential, its redirect
//! addresses, and for a confidential client *Set a new secret* (shown once; the old one
//! stops working at once).
use crate::api;
use crate::components::form::{alert, loading};
use crate::context::prefs::use_locale;
use crate::hooks::use_fetch;
use crate::i18n::{t, t1};
use shared::api::oidc::NewSecret;
use yew::prelude::*;

#[function_component(Clients)]
pub fn clients() -> Html {
    let l = use_locale();
    let reload = use_state(|| 0u32);
    let list = use_fetch(*reload, api::admin::oidc_clients);
    let shown = use_state(|| None::<Result<NewSecret, String>>);
    let rotate = |client: String| {
        let (shown, reload) = (shown.clone(), reload.clone());
        Callback::from(move |_| {
            let (client, shown, reload) = (client.clone(), shown.clone(), reload.clone());
            wasm_bindgen_futures::spawn_local(async move {
                shown.set(Some(
                    api::admin::new_client_secret(l, &client)
                        .await
                        .map_err(|e| e.message(l)),
                ));
                reload.set(*reload + 1);
            });
        })
    };
    let secret = match &*shown {
        Some(Ok(s)) => html! {
            <div class="notice" role="status" id="client-secret">
                <p>{ t1(l, "hd-client-secret-once", "client", s.client_id.clone()) }</p>
                <p><code id="client-secret-value">{ &s.secret }</code></p>
            </div>
        },
        Some(Err(m)) => alert(&Some(m.clone())),
        None => html! {},
    };
    let body = match &*list {
        None => loading(),
        Some(Err(e)) => alert(&Some(e.message(l))),
        Some(Ok(v)) if v.is_empty() => {
            html! { <p id="clients-none">{ t(l, "hd-clients-none") }</p> }
        }
        Some(Ok(v)) => html! {
            <ul class="devices" id="clients">
                { for v.iter().map(|c| html! {
                    <li class="card" data-client={c.client_id.clone()}>
                        <p><strong>{ &c.client_id }</strong>{ " · " }{ &c.application_name }</p>
                        <p>{ t(l, if c.confidential { "hd-client-confidential" } else { "hd-client-public" }) }
                            if !c.require_role { { " · " }{ t(l, "hd-client-no-role-needed") } }
                        </p>
                        <p><small>{ c.redirect_uris.join(" · ") }</small></p>
                        if c.confidential {
                            <p>{ match (&c.secret_set, c.has_secret) {
                                (Some(when), _) => t1(l, "hd-client-secret-set", "when", when.clone()),
                                (None, true) => t(l, "hd-client-secret-catalogue"),
                                (None, false) => t(l, "hd-client-secret-none"),
                            } }</p>
                            <div class="actions">
                                <button type="button" class="secondary" id={format!("rotate-{}", c.client_id)} onclick={rotate(c.client_id.clone())}>{ t(l, "hd-client-rotate") }</button>
                            </div>
                        }
                    </li>
                }) }
            </ul>
        },
    };
    html! {
        <div id="oidc-clients">
            { secret }
            { body }
        </div>
    }
}
