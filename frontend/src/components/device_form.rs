//! "Add another device": choose the kind (text message, authenticator app, voice call,
//! email; the MFA registration guide `001_…` lists the first three), give
//! the number or address, then verify with a code from the device. Used at a first
//! login (under `/sessions/{challenge}`) and in the profile (under `/me`).
use super::input::Input;
use crate::api::auth::{DeviceScope, DeviceVerified};
use crate::api::{self, CallError};
use crate::i18n::{field_error, t, t1};
use shared::api::auth::{mask_email, mask_phone, CodeInput, DeviceCreated, DeviceKind, NewDevice};
use shared::api::error::FieldErrors;
use shared::i18n::Locale;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub locale: Locale,
    /// During a first login, or from the profile.
    pub scope: DeviceScope,
    /// The verification's answer: a profile (login) or the device (profile page).
    pub on_done: Callback<DeviceVerified>,
    #[prop_or_default]
    pub on_cancel: Option<Callback<()>>,
    /// A call ended because the session or login did.
    pub on_error: Callback<CallError>,
}

#[derive(Clone, Default, PartialEq)]
struct State {
    req: NewDevice,
    errors: FieldErrors,
    alert: Option<String>,
    busy: bool,
    created: Option<DeviceCreated>,
    sent_to: String,
    code: String,
    resent: bool,
    /// The setup key was copied to the clipboard.
    copied: bool,
}

fn kind_of(s: &State) -> Option<DeviceKind> {
    DeviceKind::from_code(&s.req.kind)
}

#[function_component(DeviceForm)]
pub fn device_form(p: &Props) -> Html {
    let l = p.locale;
    let st = use_state(State::default);
    let alert = st
        .alert
        .as_ref()
        .map(|a| html! { <p class="alert" role="alert" id="device-alert">{ a }</p> });
    match &st.created {
        Some(created) => verify_step(l, p, &st, created, alert),
        None => choose_step(l, p, &st, alert),
    }
}

/// A field's `oninput`: `f` writes the value and the last answer's messages go.
fn set(st: &UseStateHandle<State>, f: fn(&mut State, String)) -> Callback<String> {
    let st = st.clone();
    Callback::from(move |v: String| {
        let mut s = (*st).clone();
        f(&mut s, v);
        s.errors.clear();
        st.set(s);
    })
}

/// The first step: the device's kind, its number or address, and a label.
fn choose_step(l: Locale, p: &Props, st: &UseStateHandle<State>, alert: Option<Html>) -> Html {
    let s = &**st;
    let on_continue = {
        let st = st.clone();
        let scope = p.scope.clone();
        let on_error = p.on_error.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut s = (*st).clone();
            s.errors = s.req.validate();
            s.alert = None;
            if !s.errors.is_empty() || s.busy {
                st.set(s);
                return;
            }
            s.busy = true;
            st.set(s.clone());
            let st = st.clone();
            let scope = scope.clone();
            let on_error = on_error.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let r = api::auth::add_device(l, &scope, &s.req).await;
                let mut s = s;
                s.busy = false;
                match r {
                    Ok(created) => {
                        s.sent_to = match kind_of(&s) {
                            Some(k) if k.uses_phone() => mask_phone(
                                &shared::validate::contact::phone_digits(
                                    s.req.phone.as_deref().unwrap_or(""),
                                )
                                .unwrap_or_default(),
                            ),
                            Some(DeviceKind::Email) => {
                                mask_email(s.req.email.as_deref().unwrap_or(""))
                            }
                            _ => String::new(),
                        };
                        s.created = Some(created);
                    }
                    Err(e) => {
                        (s.errors, s.alert) = e.for_form(l);
                        on_error.emit(e);
                    }
                }
                st.set(s);
            });
        })
    };

    let kind = kind_of(s);
    let on_kind = {
        let st = st.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let mut s = (*st).clone();
            s.req.kind = el.value();
            s.errors.clear();
            st.set(s);
        })
    };
    let kind_err = field_error(l, &s.errors, "kind", "field");
    let described = kind_err.as_ref().map(|_| "device-kind-error".to_string());
    html! {
        <form class="card device-form" id="device-form" onsubmit={on_continue} novalidate=true>
            { for alert }
            <div class={classes!("field", kind_err.is_some().then_some("has-error"))}>
                <label for="device-kind">{ t(l, "devices-kind") }</label>
                <select id="device-kind" onchange={on_kind} aria-invalid={kind_err.is_some().to_string()} aria-describedby={described}>
                    <option value="" selected={kind.is_none()}>{ t(l, "devices-choose-kind") }</option>
                    { for DeviceKind::WITH_CODES.iter().map(|k| html! {
                        <option value={k.code()} selected={kind == Some(*k)}>{ t(l, &format!("device-kind-{}", k.code())) }</option>
                    }) }
                </select>
                <p class="error" id="device-kind-error" aria-live="polite">{ kind_err.clone().unwrap_or_default() }</p>
            </div>
            if kind.is_some_and(|k| k.uses_phone()) {
                <Input id="device-phone" label={t(l, "devices-phone")} hint={Some(t(l, "devices-phone-hint"))} kind="tel"
                    value={s.req.phone.clone().unwrap_or_default()} autocomplete={Some(AttrValue::Static("tel-national"))}
                    error={field_error(l, &s.errors, "phone", "phone")} oninput={set(st, |s, v| s.req.phone = Some(v))} />
            }
            if kind == Some(DeviceKind::Email) {
                <Input id="device-email" label={t(l, "devices-email")} kind="email"
                    value={s.req.email.clone().unwrap_or_default()} autocomplete={Some(AttrValue::Static("email"))}
                    error={field_error(l, &s.errors, "email", "email")} oninput={set(st, |s, v| s.req.email = Some(v))} />
            }
            if s.errors.values().flatten().any(|c| c == "taken_device") {
                <crate::components::help_desk::HelpDeskLine />
            }
            if kind.is_some() {
                <Input id="device-label" label={t(l, "devices-label")} hint={Some(t(l, "devices-label-hint"))}
                    value={s.req.label.clone().unwrap_or_default()} maxlength={Some(AttrValue::Static("40"))}
                    error={field_error(l, &s.errors, "label", "field")} oninput={set(st, |s, v| s.req.label = Some(v))} />
            }
            <div class="actions">
                <button type="submit" class="primary" id="device-continue" disabled={s.busy}>{ t(l, "devices-continue") }</button>
                if let Some(cancel) = p.on_cancel.clone() {
                    <button type="button" class="secondary" id="device-cancel" onclick={Callback::from(move |_| cancel.emit(()))}>
                        { t(l, "devices-cancel") }
                    </button>
                }
            </div>
        </form>
    }
}

/// The second step: the app's QR code and key, or where the code went; the code.
fn verify_step(
    l: Locale,
    p: &Props,
    st: &UseStateHandle<State>,
    created: &DeviceCreated,
    alert: Option<Html>,
) -> Html {
    let s = &**st;
    let on_verify = {
        let st = st.clone();
        let scope = p.scope.clone();
        let on_done = p.on_done.clone();
        let on_error = p.on_error.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut s = (*st).clone();
            let input = CodeInput {
                code: s.code.clone(),
            };
            s.errors = input.validate();
            s.alert = None;
            let Some(id) = s.created.as_ref().map(|c| c.id.clone()) else {
                return;
            };
            if !s.errors.is_empty() || s.busy {
                st.set(s);
                return;
            }
            s.busy = true;
            st.set(s.clone());
            let (st, scope, on_done, on_error) =
                (st.clone(), scope.clone(), on_done.clone(), on_error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let r = api::auth::verify_new_device(l, &scope, &id, &input).await;
                let mut s = s;
                s.busy = false;
                match r {
                    Ok(v) => {
                        st.set(s);
                        on_done.emit(v);
                        return;
                    }
                    Err(e) => {
                        (s.errors, s.alert) = e.for_form(l);
                        on_error.emit(e);
                    }
                }
                st.set(s);
            });
        })
    };

    let on_resend = {
        let st = st.clone();
        let scope = p.scope.clone();
        Callback::from(move |_| {
            let Some(id) = st.created.as_ref().map(|c| c.id.clone()) else {
                return;
            };
            let st = st.clone();
            let scope = scope.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let r = api::auth::resend_device_code(l, &scope, &id).await;
                let mut s = (*st).clone();
                match r {
                    Ok(()) => s.resent = true,
                    Err(e) => s.alert = Some(e.message(l)),
                }
                st.set(s);
            });
        })
    };

    let code_err = field_error(l, &s.errors, "code", "code");
    html! {
        <form class="card device-form" id="device-verify-form" onsubmit={on_verify} novalidate=true>
            { for alert }
            if let (Some(qr), Some(secret)) = (&created.qr_svg, &created.secret) {
                // On the phone that holds the app, a link opens it with the account
                // filled in; on another screen, the QR code; by hand, the key in
                // groups of four, with a copy button (usability walk 3, #9).
                if let Some(uri) = &created.otpauth_uri {
                    <p><a class="button secondary" id="device-open-app" href={uri.clone()}>{ t(l, "devices-open-app") }</a></p>
                }
                <p>{ t(l, "devices-scan") }</p>
                <img class="qr" id="device-qr" src={qr.clone()} alt={t(l, "devices-scan")} width="220" height="220" />
                <p class="secret">{ t(l, "devices-secret") }{ ": " }
                    <code id="device-secret">{ grouped(secret) }</code>{ " " }
                    <button type="button" class="link-button" id="device-copy" onclick={copy(secret.clone(), st.clone())}>
                        { t(l, if s.copied { "devices-copied" } else { "devices-copy" }) }
                    </button></p>
                <p>{ t(l, "devices-app-code") }</p>
            } else {
                <p id="device-sent">{ t1(l, "devices-code-sent", "contact", s.sent_to.clone()) }</p>
            }
            <Input id="device-code" label={t(l, "code-label")} hint={Some(t(l, "code-hint"))}
                value={s.code.clone()} error={code_err} autocomplete={Some(AttrValue::Static("one-time-code"))}
                inputmode={Some(AttrValue::Static("numeric"))} maxlength={Some(AttrValue::Static("7"))}
                oninput={set(st, |s, v| s.code = v)} />
            if created.qr_svg.is_some() && s.errors.contains_key("code") {
                <p class="hint" id="device-app-check">{ t(l, "devices-app-check") }</p>
            }
            <div class="actions">
                <button type="submit" class="primary" id="device-verify" disabled={s.busy}>{ t(l, "devices-verify") }</button>
                if created.qr_svg.is_none() {
                    <button type="button" class="secondary" id="device-resend" onclick={on_resend}>{ t(l, "devices-resend") }</button>
                }
            </div>
        </form>
    }
}

/// A setup key in groups of four, as authenticator apps show and take it.
fn grouped(key: &str) -> String {
    key.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Copies the key to the clipboard (when the browser allows it) and says so.
fn copy(key: String, st: UseStateHandle<State>) -> Callback<MouseEvent> {
    Callback::from(move |_| {
        let clipboard = web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"clipboard".into()).ok())
            .filter(|c| !c.is_undefined());
        let write = clipboard.as_ref().and_then(|c| {
            js_sys::Reflect::get(c, &"writeText".into())
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        });
        if let (Some(c), Some(f)) = (clipboard, write) {
            if f.call1(&c, &key.clone().into()).is_ok() {
                let mut s = (*st).clone();
                s.copied = true;
                st.set(s);
            }
        }
    })
}
