//! Log in: user ID and password; at the first login only, "Send me an email" and the
//! emailed code (IDM registration step 6); with no device yet, enrol one (step 7);
//! otherwise pick a device (the one used last preselected), ask for its passcode
//! (one device at a time receives a code, source `000_…`) and type it.
use crate::api::auth::{DeviceScope, DeviceVerified};
use crate::api::{self, CallError};
use crate::components::device_form::DeviceForm;
use crate::components::help_desk::HelpDeskLine;
use crate::components::input::Input;
use crate::context::prefs::use_locale;
use crate::context::session::use_session;
use crate::i18n::{device_name, field_error, t, t1};
use crate::route::{go, go_with_query, Link, Route};
use shared::api::auth::{
    CodeInput, DeviceKind, LoginChallenge, LoginRequest, Next, PasscodeInput, PasscodeRequest,
    RecoveryCodeInput,
};
use shared::api::error::ErrorCode;
use shared::api::error::FieldErrors;
use shared::i18n::Locale;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Clone, Default, PartialEq)]
struct State {
    req: LoginRequest,
    show_password: bool,
    errors: FieldErrors,
    alert: Option<String>,
    busy: bool,
    challenge: Option<LoginChallenge>,
    email_sent: bool,
    code: String,
    device: String,
    sent_to: Option<String>,
    /// The password was right but the account is inactive: a reset reactivates it.
    inactive: bool,
    /// The account is locked: the message says to call the help desk; its number follows.
    locked: bool,
    /// At the passcode step, a recovery code instead (every device lost).
    recovery: bool,
    /// The last attempt was refused for maintenance.
    maintenance_refused: bool,
}

fn focus_heading() {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("login-heading"))
    {
        let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(el).focus();
    }
}

/// The server ended this login (expired, locked, or at another step).
fn ends_login(e: &CallError) -> bool {
    matches!(
        e.code(),
        Some(ErrorCode::ChallengeExpired | ErrorCode::AccountLocked | ErrorCode::WrongStep)
    )
}

/// A login ended on the server (expired, locked): back to the password. Otherwise
/// the error goes under its field or in the alert.
fn restart(l: Locale, s: &mut State, e: &CallError) {
    if ends_login(e) {
        s.challenge = None;
        s.code.clear();
        s.req.password.clear();
    }
    (s.errors, s.alert) = e.for_form(l);
    s.inactive = e.code() == Some(ErrorCode::AccountInactive);
    s.locked = e.code() == Some(ErrorCode::AccountLocked);
}

/// The answer to a login's last step (a passcode, a recovery code, a passkey): in, or
/// what was wrong (under the code field when it was the code).
fn last_step(
    l: Locale,
    st: &UseStateHandle<State>,
    logged_in: &Callback<DeviceVerified>,
    mut s: State,
    r: Result<shared::api::auth::Profile, CallError>,
) {
    s.busy = false;
    match r {
        Ok(p) => {
            st.set(State::default());
            logged_in.emit(DeviceVerified::LoggedIn(Box::new(p)));
            return;
        }
        Err(e) if e.is(ErrorCode::InvalidPasscode) => {
            s.code.clear();
            s.errors = [("code".to_string(), vec!["incorrect".to_string()])].into();
            s.alert = Some(e.message(l));
        }
        Err(e) => restart(l, &mut s, &e),
    }
    st.set(s);
}

#[function_component(Login)]
pub fn login() -> Html {
    let l = use_locale();
    let session = use_session();
    let navigator = use_navigator();
    let st = use_state(State::default);
    // The app's status (fetched with the first screen): one request, one notice.
    let status = crate::context::status::use_status();
    let stage = (st.challenge.as_ref().map(|c| c.next), st.recovery);
    use_effect_with(stage, |_| focus_heading());
    // Logged in (now, or before coming here): on to an application's sign-in that started
    // before this login, or else the profile. Both are other modules' pages, so this page
    // lives on until the browser has loaded the next one: it leaves once, whatever is
    // drawn meanwhile.
    let leaving = use_mut_ref(|| false);
    if let Some(p) = &session.profile {
        if !*leaving.borrow() {
            *leaving.borrow_mut() = true;
            match crate::route::take_pending_sign_in() {
                Some(request) => go_with_query(&navigator, Route::SignIn, &[("request", request)]),
                // In with a recovery code: straight to the devices, to add or replace one.
                None if p.recovered => go(&navigator, Route::Devices),
                // The help desk's work is its console (usability walk 3, journey 6).
                None if p.is(shared::api::account_role::AccountRole::HelpDesk) => {
                    go(&navigator, Route::HelpDesk)
                }
                None => go(&navigator, Route::Profile),
            }
        }
        return html! { <section class="page"><p class="loading" aria-busy="true">{ "…" }</p></section> };
    }

    let logged_in = {
        let session = session.clone();
        Callback::from(move |v: DeviceVerified| {
            if let DeviceVerified::LoggedIn(p) = v {
                // Drawn again as logged in, the page leaves (above).
                session.set.emit((Some(*p), None));
            }
        })
    };
    let s = &*st;
    // During maintenance the screen already says login is closed and until when: a
    // refused attempt does not say it a second time.
    let in_maintenance = status.as_ref().is_some_and(|s| s.maintenance.is_some());
    let alert = s
        .alert
        .as_ref()
        .filter(|_| !(in_maintenance && s.maintenance_refused))
        .map(|a| html! { <p class="alert" role="alert" id="login-alert">{ a }</p> });
    let Some(ch) = s.challenge.clone() else {
        return password_step(l, &st, session.notice, status, alert);
    };
    let start_over = {
        let st = st.clone();
        Callback::from(move |_| st.set(State::default()))
    };
    let start_over_button = html! {
        <p><button type="button" class="link-button" id="start-over" onclick={start_over}>{ t(l, "start-over") }</button></p>
    };
    let step = Step {
        l,
        st: &st,
        cid: ch.challenge.clone(),
        ch: &ch,
        alert,
        logged_in: &logged_in,
        start_over_button,
    };
    match ch.next {
        Next::VerifyEmail => verify_email_step(step),
        Next::EnrollDevice => enroll_step(step),
        Next::Passcode if s.recovery => recovery_step(step),
        Next::Passcode => passcode_step(step),
    }
}

/// A field's `oninput`: `f` writes the value; the messages of the last answer go.
fn set(st: &UseStateHandle<State>, f: fn(&mut State, String)) -> Callback<String> {
    let st = st.clone();
    Callback::from(move |v: String| {
        let mut s = (*st).clone();
        f(&mut s, v);
        s.errors.clear();
        st.set(s);
    })
}

/// What every step after the password draws with.
struct Step<'a> {
    l: Locale,
    st: &'a UseStateHandle<State>,
    /// The login's challenge id.
    cid: String,
    ch: &'a LoginChallenge,
    alert: Option<Html>,
    logged_in: &'a Callback<DeviceVerified>,
    start_over_button: Html,
}

/// The first step: user ID and password (with the maintenance notice, and the help for
/// a locked or inactive account after a refusal).
fn password_step(
    l: Locale,
    st: &UseStateHandle<State>,
    notice: Option<&'static str>,
    status: Option<std::rc::Rc<shared::api::status::StatusView>>,
    alert: Option<Html>,
) -> Html {
    let s = &**st;
    let notice =
        notice.map(|k| html! { <p class="notice" role="status" id="login-notice">{ t(l, k) }</p> });
    let on_password = {
        let st = st.clone();
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
            wasm_bindgen_futures::spawn_local(async move {
                let r = api::auth::login(l, &s.req).await;
                let mut s = s;
                s.busy = false;
                match r {
                    Ok(c) => {
                        // While the person finds the passcode, the next page's module
                        // comes into the browser's cache.
                        crate::route::prefetch(&if crate::route::sign_in_waits() {
                            Route::SignIn
                        } else {
                            Route::Profile
                        });
                        s.device = c
                            .default_device
                            .clone()
                            .or_else(|| c.devices.first().map(|d| d.id.clone()))
                            .unwrap_or_default();
                        s.challenge = Some(c);
                        s.req.password.clear();
                        s.email_sent = false;
                        s.sent_to = None;
                        s.code.clear();
                    }
                    Err(e) => {
                        s.req.password.clear();
                        s.maintenance_refused = e.is(ErrorCode::Maintenance);
                        s.alert = Some(e.message(l));
                        s.errors = e.fields();
                    }
                }
                st.set(s);
            });
        })
    };

    let toggle = {
        let st = st.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut s = (*st).clone();
            s.show_password = el.checked();
            st.set(s);
        })
    };
    html! {
        <section class="page narrow">
            <h1 id="login-heading" tabindex="-1">{ t(l, "login-title") }</h1>
            <crate::components::help_link::HelpLink topic={shared::help::Topic::LogIn} />
            if let Some(app) = crate::route::pending_sign_in_app() {
                <p class="notice" id="login-for-app">{ t1(l, "login-for-app", "app", app) }</p>
            }
            { for notice }
            if let Some(m) = status.as_ref().map(|s| s.maintenance.clone()) {
                if let Some(m) = m {
                    <p class="alert" role="alert" id="login-maintenance">{ t1(l, "login-maintenance", "until", m.end_et.clone()) }{ " " }
                        <Link to={Route::Status}>{ t(l, "status-link") }</Link></p>
                }
            }
            <p>{ t(l, "login-intro") }</p>
            { for alert }
            if s.locked { <HelpDeskLine /> }
            if s.inactive {
                <p class="card" id="inactive-help">{ t(l, "login-inactive-help") }{ " " }
                    <Link to={Route::AccountHelp} classes="link"><span id="inactive-reset">{ t(l, "login-inactive-reset") }</span></Link></p>
            }
            <form class="card" id="login-form" onsubmit={on_password} novalidate=true>
                <Input id="user_id" label={t(l, "login-user-id")} value={s.req.user_id.clone()}
                    autocomplete={Some(AttrValue::Static("username"))}
                    error={field_error(l, &s.errors, "user_id", "field")} oninput={set(st, |s, v| s.req.user_id = v)} />
                <Input id="password" label={t(l, "login-password")} value={s.req.password.clone()}
                    kind={if s.show_password { "text" } else { "password" }}
                    autocomplete={Some(AttrValue::Static("current-password"))}
                    error={field_error(l, &s.errors, "password", "field")} oninput={set(st, |s, v| s.req.password = v)} />
                <label class="check"><input type="checkbox" id="show-password" checked={s.show_password} onchange={toggle} />
                    { t(l, "login-show-password") }</label>
                <div class="actions">
                    <button type="submit" class="primary" id="login-submit" disabled={s.busy}>{ t(l, "login-submit") }</button>
                </div>
            </form>
            <p><Link to={Route::AccountHelp} classes="link"><span id="login-help">{ t(l, "login-help") }</span></Link></p>
            <p><Link to={Route::Register} classes="button secondary">{ t(l, "login-register") }</Link></p>
        </section>
    }
}

/// The first login only: an emailed code proves the address.
fn verify_email_step(p: Step) -> Html {
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
fn enroll_step(p: Step) -> Html {
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
fn recovery_step(p: Step) -> Html {
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
fn passcode_step(p: Step) -> Html {
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
fn passkey_login(
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
fn device_select(l: Locale, ch: &LoginChallenge, chosen: &str, onchange: Callback<Event>) -> Html {
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
