//! Log in: user ID and password; at the first login only, "Send me an email" and the
//! emailed code (IDM registration step 6); with no device yet, enrol one (step 7);
//! otherwise pick a device (the one used last preselected), ask for its passcode
//! (one device at a time receives a code, source `000_…`) and type it.
use crate::api::auth::DeviceVerified;
use crate::api::{self, CallError};
use crate::components::help_desk::HelpDeskLine;
use crate::components::input::Input;
use crate::context::prefs::use_locale;
use crate::context::session::use_session;
use crate::i18n::{field_error, t, t1};
use crate::route::{go, go_with_query, Link, Route};
use shared::api::auth::{LoginChallenge, LoginRequest, Next};
use shared::api::error::ErrorCode;
use shared::api::error::FieldErrors;
use shared::i18n::Locale;
use yew::prelude::*;
use yew_router::prelude::*;

mod steps;

use steps::{enroll_step, passcode_step, recovery_step, verify_email_step};

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
