//! The steps of a login after the password: the emailed code of a first login, the
//! enrolment of a first device, a recovery code, and the passcode (or passkey).
use super::{ends_login, last_step, restart, set, State, Step};
use crate::api::auth::{DeviceScope, DeviceVerified};
use crate::api::{self, CallError};
use crate::components::device_form::DeviceForm;
use crate::components::help_desk::HelpDeskLine;
use crate::components::input::Input;
use crate::i18n::{device_name, field_error, t, t1};
use shared::api::auth::{
    CodeInput, DeviceKind, LoginChallenge, PasscodeInput, PasscodeRequest, RecoveryCodeInput,
};
use shared::i18n::Locale;
use yew::prelude::*;

/// The first login only: an emailed code proves the address.
pub(super) fn verify_email_step(p: Step) -> Html {
    let Step {
        l,
        st,
        cid,
        ch,
        alert,
        start_over_button,
        ..
    } = p;
    let s = &**st;
    let send = {
        let st = st.clone();
        let cid = cid.clone();
        Callback::from(move |_| {
            let st = st.clone();
            let cid = cid.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let r = api::auth::send_email_code(l, &cid).await;
                let mut s = (*st).clone();
                s.alert = None;
                match r {
                    Ok(()) => s.email_sent = true,
                    Err(e) => restart(l, &mut s, &e),
                }
                st.set(s);
            });
        })
    };
    let verify = {
        let st = st.clone();
        let cid = cid.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut s = (*st).clone();
            let input = CodeInput {
                code: s.code.clone(),
            };
            s.errors = input.validate();
            s.alert = None;
            if !s.errors.is_empty() || s.busy {
                st.set(s);
                return;
            }
            s.busy = true;
            st.set(s.clone());
            let st = st.clone();
            let cid = cid.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let r = api::auth::verify_email(l, &cid, &input).await;
                let mut s = s;
                s.busy = false;
                match r {
                    Ok(c) => {
                        s.code.clear();
                        s.challenge = Some(c);
                    }
                    Err(e) => restart(l, &mut s, &e),
                }
                st.set(s);
            });
        })
    };
    html! {
        <section class="page narrow">
            <h1 id="login-heading" tabindex="-1">{ t(l, "verify-email-title") }</h1>
            <p>{ t1(l, "verify-email-intro", "email", ch.email_masked.clone()) }</p>
            { for alert }
            if s.email_sent {
                <p class="notice" role="status" id="email-sent">{ t1(l, "verify-email-sent", "email", ch.email_masked.clone()) }</p>
                <form class="card" id="verify-email-form" onsubmit={verify} novalidate=true>
                    <Input id="code" label={t(l, "code-label")} hint={Some(t(l, "code-hint"))} value={s.code.clone()}
                        autocomplete={Some(AttrValue::Static("one-time-code"))} inputmode={Some(AttrValue::Static("numeric"))}
                        maxlength={Some(AttrValue::Static("7"))}
                        error={field_error(l, &s.errors, "code", "code")} oninput={set(st, |s, v| s.code = v)} />
                    <div class="actions">
                        <button type="submit" class="primary" id="verify-email" disabled={s.busy}>{ t(l, "verify-submit") }</button>
                        <button type="button" class="secondary" id="send-email" onclick={send}>{ t(l, "verify-email-resend") }</button>
                    </div>
                </form>
            } else {
                <div class="actions">
                    <button type="button" class="primary" id="send-email" onclick={send}>{ t(l, "verify-email-send") }</button>
                </div>
            }
            { start_over_button }
        </section>
    }
}

/// No device yet: enrol one, and the login completes with its first passcode.
pub(super) fn enroll_step(p: Step) -> Html {
    let Step {
        l,
        st,
        cid,
        alert,
        logged_in,
        start_over_button,
        ..
    } = p;
    let logged_in = logged_in.clone();
    let on_error = {
        let st = st.clone();
        Callback::from(move |e: CallError| {
            if ends_login(&e) {
                let mut s = (*st).clone();
                restart(l, &mut s, &e);
                st.set(s);
            }
        })
    };
    html! {
        <section class="page narrow">
            <h1 id="login-heading" tabindex="-1">{ t(l, "enroll-title") }</h1>
            <crate::components::help_link::HelpLink topic={shared::help::Topic::Devices} />
            <p>{ t(l, "enroll-intro") }</p>
            { for alert }
            <DeviceForm locale={l} scope={DeviceScope::Login(cid.clone())} on_done={logged_in} {on_error} />
            { start_over_button }
        </section>
    }
}

/// Every device lost: a recovery code instead of a passcode.
pub(super) fn recovery_step(p: Step) -> Html {
    let Step {
        l,
        st,
        cid,
        alert,
        logged_in,
        ..
    } = p;
    let s = &**st;
    let submit = {
        let st = st.clone();
        let cid = cid.clone();
        let logged_in = logged_in.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut s = (*st).clone();
            let input = RecoveryCodeInput {
                code: s.code.clone(),
            };
            s.errors = input.validate();
            s.alert = None;
            if !s.errors.is_empty() || s.busy {
                st.set(s);
                return;
            }
            s.busy = true;
            st.set(s.clone());
            let (st, cid, logged_in) = (st.clone(), cid.clone(), logged_in.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let r = api::auth::recovery_code(l, &cid, &input).await;
                last_step(l, &st, &logged_in, s, r);
            });
        })
    };
    let back = {
        let st = st.clone();
        Callback::from(move |_| {
            let mut s = (*st).clone();
            s.recovery = false;
            s.code.clear();
            s.errors.clear();
            s.alert = None;
            st.set(s);
        })
    };
    html! {
        <section class="page narrow">
            <h1 id="login-heading" tabindex="-1">{ t(l, "recovery-title") }</h1>
            <crate::components::help_link::HelpLink topic={shared::help::Topic::Recover} />
            <p>{ t(l, "recovery-intro") }</p>
            { for alert }
            <form class="card" id="recovery-form" onsubmit={submit} novalidate=true>
                <Input id="code" label={t(l, "recovery-label")} hint={Some(t(l, "recovery-hint"))} value={s.code.clone()}
                    autocomplete={Some(AttrValue::Static("off"))} maxlength={Some(AttrValue::Static("20"))}
                    error={field_error(l, &s.errors, "code", "recovery_code")} oninput={set(st, |s, v| s.code = v)} />
                <div class="actions">
                    <button type="submit" class="primary" id="recovery-submit" disabled={s.busy}>{ t(l, "recovery-submit") }</button>
                </div>
            </form>
            <p><button type="button" class="link-button" id="recovery-back" onclick={back}>{ t(l, "recovery-back") }</button></p>
            <p class="hint" id="recovery-none">{ t(l, "recovery-none") }</p>
            <HelpDeskLine />
        </section>
    }
}

/// The passcode: pick a device, have a code sent to it when it receives one, type it
/// (or use the passkey).
pub(super) fn passcode_step(p: Step) -> Html {
    let Step {
        l,
        st,
        cid,
        ch,
        alert,
        logged_in,
        start_over_button,
    } = p;
    let s = &**st;
    let device = ch.devices.iter().find(|d| d.id == s.device).cloned();
    let delivered = device.as_ref().is_some_and(|d| d.kind.is_delivered());
    let on_device = {
        let st = st.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let mut s = (*st).clone();
            s.device = el.value();
            s.sent_to = None;
            s.errors.clear();
            st.set(s);
        })
    };
    let send = {
        let st = st.clone();
        let cid = cid.clone();
        let name = device
            .as_ref()
            .map(|d| device_name(l, d))
            .unwrap_or_default();
        Callback::from(move |_| {
            let st = st.clone();
            let cid = cid.clone();
            let name = name.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let body = PasscodeRequest {
                    device_id: st.device.clone(),
                };
                let r = api::auth::request_passcode(l, &cid, &body).await;
                let mut s = (*st).clone();
                s.alert = None;
                match r {
                    Ok(()) => s.sent_to = Some(name),
                    Err(e) => restart(l, &mut s, &e),
                }
                st.set(s);
            });
        })
    };
    let submit = {
        let st = st.clone();
        let cid = cid.clone();
        let logged_in = logged_in.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut s = (*st).clone();
            let input = PasscodeInput {
                device_id: s.device.clone(),
                code: s.code.clone(),
            };
            s.errors = input.validate();
            s.alert = None;
            if !s.errors.is_empty() || s.busy {
                st.set(s);
                return;
            }
            s.busy = true;
            st.set(s.clone());
            let (st, cid, logged_in) = (st.clone(), cid.clone(), logged_in.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let r = api::auth::passcode(l, &cid, &input).await;
                last_step(l, &st, &logged_in, s, r);
            });
        })
    };
    let passkey = device
        .as_ref()
        .is_some_and(|d| d.kind == DeviceKind::Passkey);
    let use_passkey = passkey_login(l, st, &cid, logged_in);
    let to_recovery = {
        let st = st.clone();
        Callback::from(move |_| {
            let mut s = (*st).clone();
            s.recovery = true;
            s.code.clear();
            s.errors.clear();
            s.alert = None;
            st.set(s);
        })
    };
    html! {
        <section class="page narrow">
            <h1 id="login-heading" tabindex="-1">{ t(l, "passcode-title") }</h1>
            <crate::components::help_link::HelpLink topic={shared::help::Topic::LogIn} />
            <p>{ t(l, "passcode-intro") }</p>
            { for alert }
            <form class="card" id="passcode-form" onsubmit={submit} novalidate=true>
                { device_select(l, ch, &s.device, on_device) }
                if delivered {
                    <div class="actions">
                        <button type="button" class="secondary" id="send-passcode" onclick={send}>{ t(l, "passcode-send") }</button>
                    </div>
                    if let Some(to) = &s.sent_to {
                        <p class="notice" role="status" id="passcode-sent">{ t1(l, "passcode-sent", "device", to.clone()) }</p>
                    }
                    if device.as_ref().is_some_and(|d| d.kind == DeviceKind::Email) {
                        <p class="hint" id="email-hint">{ t(l, "passcode-email-hint") }</p>
                    }
                } else if device.as_ref().is_some_and(|d| d.kind == DeviceKind::Authenticator) {
                    <p class="hint" id="app-hint">{ t(l, "passcode-app-hint") }</p>
                }
                if passkey {
                    <p class="hint" id="passkey-hint">{ t(l, "passkey-hint") }</p>
                    <div class="actions">
                        <button type="button" class="primary" id="passkey-use" disabled={s.busy} onclick={use_passkey}>{ t(l, "passkey-use") }</button>
                    </div>
                } else {
                    <Input id="code" label={t(l, "code-label")} hint={Some(t(l, "code-hint"))} value={s.code.clone()}
                        autocomplete={Some(AttrValue::Static("one-time-code"))} inputmode={Some(AttrValue::Static("numeric"))}
                        maxlength={Some(AttrValue::Static("7"))}
                        error={field_error(l, &s.errors, "code", "code")} oninput={set(st, |s, v| s.code = v)} />
                    <div class="actions">
                        <button type="submit" class="primary" id="passcode-submit" disabled={s.busy}>{ t(l, "passcode-submit") }</button>
                    </div>
                }
            </form>
            <p><button type="button" class="link-button" id="recovery-link" onclick={to_recovery}>{ t(l, "recovery-link") }</button></p>
            { start_over_button }
        </section>
    }
}

/// The passkey's button: the browser signs the server's challenge, and the login
/// completes (or says what went wrong).
pub(super) fn passkey_login(
    l: Locale,
    st: &UseStateHandle<State>,
    cid: &str,
    logged_in: &Callback<DeviceVerified>,
) -> Callback<MouseEvent> {
    let st = st.clone();
    let cid = cid.to_string();
    let logged_in = logged_in.clone();
    Callback::from(move |_: MouseEvent| {
        if st.busy {
            return;
        }
        let mut s = (*st).clone();
        s.busy = true;
        s.alert = None;
        st.set(s.clone());
        let (st, cid, logged_in) = (st.clone(), cid.clone(), logged_in.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let mut s = s;
            s.busy = false;
            let options = match api::auth::passkey_challenge(l, &cid).await {
                Ok(o) => o,
                Err(e) => {
                    restart(l, &mut s, &e);
                    return st.set(s);
                }
            };
            let credential = match crate::api::webauthn::get(&options.public_key).await {
                Ok(c) => c,
                Err(f) => {
                    s.alert = Some(f.message(l));
                    return st.set(s);
                }
            };
            let body = shared::api::auth::PasskeyAssertion { credential };
            let r = api::auth::passkey_login(l, &cid, &body).await;
            last_step(l, &st, &logged_in, s, r);
        });
    })
}

/// The device picker, a channel in a scheduled outage shown but not choosable, and what
/// the outage means.
pub(super) fn device_select(
    l: Locale,
    ch: &LoginChallenge,
    chosen: &str,
    onchange: Callback<Event>,
) -> Html {
    html! {
        <>
        <div class="field">
            <label for="device">{ t(l, "passcode-device") }</label>
            <select id="device" {onchange}>
                { for ch.devices.iter().map(|d| {
                    // A channel in a scheduled outage cannot be chosen.
                    let name = match d.unavailable_until {
                        Some(u) => crate::i18n::targs(l, "passcode-device-out", &[("device", device_name(l, d)), ("until", shared::calendar::when(l, u))]),
                        None => device_name(l, d),
                    };
                    html! {
                        <option value={d.id.clone()} selected={d.id == chosen} disabled={d.unavailable_until.is_some()}>{ name }</option>
                    }
                }) }
            </select>
        </div>
        if ch.devices.iter().any(|d| d.unavailable_until.is_some()) {
            <p class="notice" id="channel-out">
                { if ch.devices.iter().all(|d| d.unavailable_until.is_some()) { t(l, "passcode-all-out") } else { t(l, "passcode-some-out") } }
            </p>
        }
        </>
    }
}
