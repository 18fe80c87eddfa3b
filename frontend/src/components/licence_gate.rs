//! The licence gate (source `002_…`: the application opens only after its licence is
//! accepted, with a way to decline): the licence, scrollable
//! and focusable, with *Accept*, which records the acceptance for each organisation the
//! person acts for, and *Decline*, which sends nothing. Used where an application is
//! opened (documents) and where an application signs the person in (OpenID Connect).
use crate::api;
use crate::components::form::alert;
use crate::context::prefs::use_locale;
use crate::i18n::{t, t1};
use shared::api::licence::{LicenceAcceptance, LicenceView};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GateProps {
    pub view: LicenceView,
    /// The organisations the acceptance is recorded for.
    pub orgs: Vec<String>,
    pub on_accepted: Callback<()>,
    pub on_decline: Callback<()>,
}

#[function_component(LicenceGate)]
pub fn licence_gate(p: &GateProps) -> Html {
    let l = use_locale();
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let v = &p.view;
    let accept = {
        let (v, orgs, error, busy, done) = (
            v.clone(),
            p.orgs.clone(),
            error.clone(),
            busy.clone(),
            p.on_accepted.clone(),
        );
        Callback::from(move |_| {
            let (v, orgs, error, busy, done) = (
                v.clone(),
                orgs.clone(),
                error.clone(),
                busy.clone(),
                done.clone(),
            );
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                for org in orgs {
                    let body = LicenceAcceptance {
                        version: v.version.clone(),
                        organization: org,
                    };
                    match api::documents::accept_licence(l, &v.application, &body).await {
                        Ok(_) => {}
                        // A newer version was published while it was being read: show it.
                        Err(e) if e.is(shared::api::error::ErrorCode::LicenceChanged) => {
                            error.set(Some(e.message(l)));
                            break;
                        }
                        Err(e) => {
                            error.set(Some(e.message(l)));
                            busy.set(false);
                            return;
                        }
                    }
                }
                busy.set(false);
                done.emit(());
            });
        })
    };
    let decline = {
        let d = p.on_decline.clone();
        Callback::from(move |_| d.emit(()))
    };
    html! {
        <div class="card licence" id="licence" data-version={v.version.clone()}>
            <h2 id="licence-title">{ &v.title }</h2>
            <p class="hint">{ t1(l, "lic-version", "version", v.version.clone()) }</p>
            if let Some(old) = &v.earlier_version {
                <p class="notice" id="licence-changed">{ t1(l, "lic-changed", "version", old.clone()) }</p>
            }
            <div class="licence-text" id="licence-text" tabindex="0" role="document" aria-labelledby="licence-title">
                { for v.text.split("\n\n").map(|para| html! { <p>{ para.trim() }</p> }) }
            </div>
            <p id="licence-agree">{ t(l, "lic-agree") }</p>
            { alert(&error) }
            <div class="actions">
                <button type="button" class="primary" id="licence-accept" onclick={accept} disabled={*busy}>{ t(l, "lic-accept") }</button>
                <button type="button" class="secondary" id="licence-decline" onclick={decline}>{ t(l, "lic-decline") }</button>
            </div>
        </div>
    }
}
