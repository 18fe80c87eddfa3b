//! The recovery codes card on the devices page (issue 27): how many are left, a button
//! that makes a new set (a recent login needed, as for a device), and the set shown this
//! once with Download and Print. What the codes are and how the server keeps them is in
//! `shared::validate::recovery_code` and the backend's `auth::recovery_codes`.
use crate::api::{self, CallError};
use crate::context::prefs::use_locale;
use crate::context::session::{on_session_end, refresh, use_session};
use crate::i18n::{t, t1};
use shared::api::error::ErrorCode;
use yew::prelude::*;

#[derive(Clone, Default, PartialEq)]
struct State {
    codes: Vec<String>,
    busy: bool,
    alert: Option<String>,
}

/// The codes as a text file, in a `data:` URL (nothing leaves the browser).
fn download_href(codes: &[String]) -> String {
    let mut s = String::from("data:text/plain;charset=utf-8,Umbral%20recovery%20codes%0A%0A");
    for c in codes {
        s.push_str(c);
        s.push_str("%0A");
    }
    s
}

#[function_component(RecoveryCodesCard)]
pub fn recovery_codes_card() -> Html {
    let l = use_locale();
    let session = use_session();
    let st = use_state(State::default);
    let Some(p) = session.profile.clone() else {
        return html! {};
    };
    let make = {
        let (st, session) = (st.clone(), session.clone());
        Callback::from(move |_: MouseEvent| {
            if st.busy {
                return;
            }
            let mut s = (*st).clone();
            s.busy = true;
            s.alert = None;
            st.set(s.clone());
            let (st, session) = (st.clone(), session.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::auth::make_recovery_codes(l).await {
                    Ok(set) => {
                        st.set(State {
                            codes: set.codes,
                            ..Default::default()
                        });
                        refresh(l, &session).await;
                    }
                    Err(e) => {
                        if on_session_end(&session, &e) {
                            return;
                        }
                        st.set(State {
                            alert: Some(alert_for(l, &e)),
                            ..s
                        });
                    }
                }
            });
        })
    };
    let done = {
        let st = st.clone();
        Callback::from(move |_: MouseEvent| st.set(State::default()))
    };
    let print = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    // Keyboard and screen-reader users follow the card: when the codes appear or go, the
    // focus moves to what replaced the button they pressed (it is gone).
    {
        let shown = !st.codes.is_empty();
        let before = use_mut_ref(|| shown);
        use_effect_with(shown, move |shown| {
            if *before.borrow() != *shown {
                let id = if *shown {
                    "recovery-shown"
                } else {
                    "recovery-count"
                };
                if let Some(el) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id(id))
                {
                    let _ =
                        wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(el).focus();
                }
            }
            *before.borrow_mut() = *shown;
        });
    }
    let s = &*st;
    let left = p.recovery_codes_left;
    html! {
        <section class="card" id="recovery-codes" aria-labelledby="recovery-heading">
            <h2 id="recovery-heading">{ t(l, "recovery-section") }</h2>
            if s.codes.is_empty() {
                <p>{ t(l, "recovery-explain") }</p>
                <p id="recovery-count" data-left={left.to_string()} tabindex="-1">
                    { if left == 0 { t(l, "recovery-none-yet") } else { t1(l, "recovery-left", "count", left.to_string()) } }
                </p>
                if let Some(a) = &s.alert { <p class="alert" role="alert" id="recovery-alert">{ a }</p> }
                if left > 0 { <p class="hint">{ t(l, "recovery-remake-warning") }</p> }
                <div class="actions">
                    <button type="button" class={if left == 0 { "primary" } else { "secondary" }} id="recovery-make"
                        disabled={s.busy} onclick={make}>
                        { if left == 0 { t(l, "recovery-make") } else { t(l, "recovery-remake") } }
                    </button>
                </div>
            } else {
                <p class="notice" role="status" id="recovery-shown" tabindex="-1">{ t(l, "recovery-shown-once") }</p>
                <ol class="recovery-list" id="recovery-list">
                    { for s.codes.iter().map(|c| html! { <li><code>{ c }</code></li> }) }
                </ol>
                <div class="actions">
                    <a class="button secondary" id="recovery-download" download="umbral-recovery-codes.txt"
                        href={download_href(&s.codes)}>{ t(l, "recovery-download") }</a>
                    <button type="button" class="secondary" id="recovery-print" onclick={print}>{ t(l, "recovery-print") }</button>
                    <button type="button" class="primary" id="recovery-saved" onclick={done}>{ t(l, "recovery-saved") }</button>
                </div>
            }
        </section>
    }
}

fn alert_for(l: shared::i18n::Locale, e: &CallError) -> String {
    if e.is(ErrorCode::ReauthenticationRequired) {
        t(l, "devices-reauth")
    } else {
        e.message(l)
    }
}
