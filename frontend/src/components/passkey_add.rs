//! "Add a passkey or security key" on the devices page (issue 27): the server's options,
//! the browser's ceremony (`api::webauthn`), the new credential back to the server.
//! Needs a recent login, like any device; the server checks everything.
use crate::api::webauthn;
use crate::api::{self, CallError};
use crate::components::input::Input;
use crate::context::prefs::use_locale;
use crate::context::session::{on_session_end, refresh, use_session};
use crate::i18n::{device_name, t, t1};
use shared::api::auth::NewPasskey;
use shared::api::error::ErrorCode;
use shared::i18n::Locale;
use yew::prelude::*;

#[derive(Clone, Default, PartialEq)]
struct State {
    open: bool,
    label: String,
    busy: bool,
    alert: Option<String>,
    added: Option<String>,
}

fn call_message(l: Locale, e: &CallError) -> String {
    if e.is(ErrorCode::ReauthenticationRequired) {
        t(l, "devices-reauth")
    } else {
        e.message(l)
    }
}

#[function_component(PasskeyAdd)]
pub fn passkey_add() -> Html {
    let l = use_locale();
    let session = use_session();
    let st = use_state(State::default);
    let s = (*st).clone();
    let add = {
        let (st, session) = (st.clone(), session.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if st.busy {
                return;
            }
            let mut s = (*st).clone();
            s.busy = true;
            s.alert = None;
            st.set(s.clone());
            let (st, session) = (st.clone(), session.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let fail = |s: State, msg: String| State {
                    busy: false,
                    alert: Some(msg),
                    ..s
                };
                let options = match api::auth::start_passkey(l).await {
                    Ok(o) => o,
                    Err(e) => {
                        if !on_session_end(&session, &e) {
                            st.set(fail(s, call_message(l, &e)));
                        }
                        return;
                    }
                };
                let credential = match webauthn::create(&options.public_key).await {
                    Ok(c) => c,
                    Err(f) => return st.set(fail(s, f.message(l))),
                };
                let label = Some(s.label.trim().to_string()).filter(|x| !x.is_empty());
                match api::auth::finish_passkey(l, &NewPasskey { label, credential }).await {
                    Ok(d) => {
                        st.set(State {
                            added: Some(device_name(l, &d)),
                            ..Default::default()
                        });
                        refresh(l, &session).await;
                    }
                    Err(e) => {
                        if !on_session_end(&session, &e) {
                            st.set(fail(s, call_message(l, &e)));
                        }
                    }
                }
            });
        })
    };
    let toggle = {
        let st = st.clone();
        Callback::from(move |_: MouseEvent| {
            let open = !st.open;
            st.set(State {
                open,
                ..Default::default()
            })
        })
    };
    let label = {
        let st = st.clone();
        Callback::from(move |v: String| {
            let mut s = (*st).clone();
            s.label = v;
            st.set(s);
        })
    };
    html! {
        <>
            if let Some(name) = &s.added {
                <p class="notice" role="status" id="passkey-added">{ t1(l, "passkey-added", "device", name.clone()) }</p>
            }
            if s.open {
                <form class="card" id="passkey-form" onsubmit={add} novalidate=true aria-labelledby="passkey-heading">
                    <h2 id="passkey-heading">{ t(l, "passkey-add") }</h2>
                    <p>{ t(l, "passkey-explain") }</p>
                    if let Some(a) = &s.alert { <p class="alert" role="alert" id="passkey-alert">{ a }</p> }
                    <Input id="passkey-label" label={t(l, "passkey-label")} hint={Some(t(l, "devices-label-hint"))}
                        value={s.label.clone()} maxlength={Some(AttrValue::Static("40"))} oninput={label} />
                    <div class="actions">
                        <button type="submit" class="primary" id="passkey-create" disabled={s.busy}>{ t(l, "devices-continue") }</button>
                        <button type="button" class="secondary" onclick={toggle}>{ t(l, "devices-cancel") }</button>
                    </div>
                </form>
            } else {
                <button type="button" class="secondary" id="add-passkey" onclick={toggle}>{ t(l, "passkey-add") }</button>
            }
        </>
    }
}
