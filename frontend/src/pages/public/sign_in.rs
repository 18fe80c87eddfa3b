//! An application's sign-in through Umbral (`/sign-in?request=…`, where
//! `/oauth2/authorize` sends the browser) and RP-initiated logout (`/sign-out?…`, from
//! `/oauth2/logout`).
//!
//! Nobody logged in: the request is kept for the tab and the login page hands the
//! person back here. Logged in: the SPA asks for the code and the browser goes back to
//! the application. No live role of the application: the person is told so and offered
//! "Request access", or to go back. A login older than the application accepts
//! (`prompt=login`, `max_age`): the session ends and the person logs in again.
use crate::api;
use crate::components::form::alert;
use crate::components::licence_gate::LicenceGate;
use crate::context::prefs::use_locale;
use crate::context::session::use_session;
use crate::i18n::{t, t1};
use crate::route::{go_with_notice, query_param, set_pending_sign_in, Link, Route};
use shared::api::error::ErrorCode;
use shared::api::licence::LicenceView;
use shared::api::oidc::{SignInView, SignOutDone, SignOutInput};
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Clone, PartialEq)]
enum State {
    Loading,
    /// The request is gone (expired, used) or was never good.
    Failed(String),
    NoRole(SignInView),
    /// The application is closed for maintenance until `closed_until`: nothing to log
    /// in for now.
    Closed(SignInView),
    /// The application's licence, to accept for these organisations first.
    Licence(LicenceView, Vec<String>),
    Leaving,
}

/// The licence to show, and the organisations the person holds a role of `app` for.
async fn licence_for(l: shared::i18n::Locale, app: &str) -> Option<(LicenceView, Vec<String>)> {
    let roles = api::access::my_roles(l).await.ok()?;
    let mut orgs: Vec<String> = roles
        .grants
        .iter()
        .filter(|g| g.application == app)
        .map(|g| g.organization.id.clone())
        .collect();
    orgs.sort();
    orgs.dedup();
    let mut shown = None;
    for o in &orgs {
        let v = api::documents::licence(l, app, o).await.ok()?;
        if !v.accepted {
            shown = Some(v);
            break;
        }
    }
    Some((shown?, orgs))
}

fn go(url: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(url);
    }
}

#[function_component(SignIn)]
pub fn sign_in() -> Html {
    let l = use_locale();
    let session = use_session();
    let navigator = use_navigator();
    let request = use_memo((), |_| query_param("request").unwrap_or_default());
    let error = use_memo((), |_| query_param("error"));
    let state = use_state(|| State::Loading);
    // Raised to ask again (after the licence is accepted).
    let attempt = use_state(|| 0u32);
    {
        let (state, request, error, session, navigator) = (
            state.clone(),
            request.clone(),
            error.clone(),
            session.clone(),
            navigator.clone(),
        );
        let deps = (session.known, session.profile.is_some(), *attempt);
        use_effect_with(deps, move |(known, logged_in, _)| {
            let (known, logged_in) = (*known, *logged_in);
            if let Some(code) = &*error {
                let key = match code.as_str() {
                    "unknown_client" => "signin-error-unknown_client",
                    "redirect_uri" => "signin-error-redirect_uri",
                    _ => "signin-error-malformed",
                };
                state.set(State::Failed(t(l, key)));
            } else if known {
                wasm_bindgen_futures::spawn_local(async move {
                    let view = match api::oidc::sign_in_view(l, &request).await {
                        Ok(v) => v,
                        Err(e) if e.is(ErrorCode::NotFound) => {
                            state.set(State::Failed(t(l, "signin-expired")));
                            return;
                        }
                        Err(e) => {
                            state.set(State::Failed(e.message(l)));
                            return;
                        }
                    };
                    if view.closed_until.is_some() {
                        state.set(State::Closed(view));
                        return;
                    }
                    if !logged_in {
                        set_pending_sign_in(&request, &view.application_name);
                        crate::route::go(&navigator, Route::Login);
                        return;
                    }
                    match api::oidc::sign_in(l, &request).await {
                        Ok(done) => {
                            state.set(State::Leaving);
                            go(&done.redirect);
                        }
                        Err(e) if e.is(ErrorCode::NoRole) => state.set(State::NoRole(view)),
                        // Its window began while the page was drawn.
                        Err(e) if e.is(ErrorCode::ApplicationMaintenance) => {
                            state.set(State::Closed(SignInView {
                                closed_until: e.until(),
                                ..view
                            }))
                        }
                        Err(e) if e.is(ErrorCode::LicenceRequired) => {
                            match licence_for(l, &view.application).await {
                                Some((v, orgs)) => state.set(State::Licence(v, orgs)),
                                None => state.set(State::Failed(e.message(l))),
                            }
                        }
                        Err(e) if e.is(ErrorCode::LoginRequired) => {
                            // The application wants a newer login: this session ends and
                            // the person logs in again, then comes back here.
                            let _ = api::auth::logout(l).await;
                            set_pending_sign_in(&request, &view.application_name);
                            session.set.emit((None, Some("signin-login-again")));
                            go_with_notice(&navigator, Route::Login, Some("signin-login-again"));
                        }
                        Err(e) if e.is(ErrorCode::NotFound) => {
                            state.set(State::Failed(t(l, "signin-expired")))
                        }
                        Err(e) => state.set(State::Failed(e.message(l))),
                    }
                });
            }
        });
    }
    let back = {
        let (request, state) = (request.clone(), state.clone());
        Callback::from(move |()| {
            let (request, state) = (request.clone(), state.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::oidc::cancel(l, &request).await {
                    Ok(done) => {
                        state.set(State::Leaving);
                        go(&done.redirect);
                    }
                    Err(_) => state.set(State::Failed(t(l, "signin-expired"))),
                }
            });
        })
    };
    let body = match &*state {
        State::Loading | State::Leaving => {
            html! { <p role="status" id="signin-working">{ t(l, "signin-working") }</p> }
        }
        State::Failed(m) => html! {
            <>
                { alert(&Some(m.clone())) }
                <p><Link to={Route::Home}>{ t(l, "signin-home") }</Link></p>
            </>
        },
        State::Licence(v, orgs) => {
            let on_accepted = {
                let (attempt, state) = (attempt.clone(), state.clone());
                Callback::from(move |()| {
                    state.set(State::Loading);
                    attempt.set(*attempt + 1);
                })
            };
            let on_decline = {
                let back = back.clone();
                Callback::from(move |()| back.emit(()))
            };
            html! { <LicenceGate view={v.clone()} orgs={orgs.clone()} {on_accepted} {on_decline} /> }
        }
        State::Closed(v) => html! {
            <>
                <p class="notice" role="alert" id="signin-closed">{ crate::i18n::targs(l, "status-app-closed", &[
                    ("name", v.application_name.clone()),
                    ("until", v.closed_until.map(|u| shared::calendar::when(l, u)).unwrap_or_default()),
                ]) }</p>
                <p><Link to={Route::Status}>{ t(l, "status-link") }</Link>{ " · " }<Link to={Route::Home}>{ t(l, "signin-home") }</Link></p>
            </>
        },
        State::NoRole(v) => html! {
            <>
                <p class="notice" role="alert" id="signin-no-role">{ t1(l, "signin-no-role", "app", v.application_name.clone()) }</p>
                <div class="actions">
                    <a class="button" id="signin-request-access" href={format!("/roles/new?application={}", v.application)}>{ t(l, "signin-request-access") }</a>
                    <button type="button" class="secondary" id="signin-back" onclick={back.reform(|_| ())}>{ t(l, "signin-back") }</button>
                </div>
            </>
        },
    };
    html! {
        <section class="page narrow">
            <h1 id="signin-heading">{ t(l, "signin-title") }</h1>
            { body }
        </section>
    }
}

#[function_component(SignOut)]
pub fn sign_out() -> Html {
    let l = use_locale();
    let session = use_session();
    let state = use_state(|| None::<Result<SignOutDone, String>>);
    // Asks the server; `confirm` once the person clicked "Sign out" (an application's
    // request without an ID token of this session ends nothing by itself).
    let send = {
        let (state, session) = (state.clone(), session.clone());
        Callback::from(move |confirm: bool| {
            let input = SignOutInput {
                id_token_hint: query_param("id_token_hint"),
                client_id: query_param("client_id"),
                post_logout_redirect_uri: query_param("post_logout_redirect_uri"),
                state: query_param("state"),
                confirm,
            };
            let (state, session) = (state.clone(), session.clone());
            state.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                match api::oidc::sign_out(l, &input).await {
                    Ok(done) => {
                        if !done.confirm {
                            session.set.emit((None, None));
                        }
                        if let Some(r) = &done.redirect {
                            go(r);
                        }
                        state.set(Some(Ok(done)));
                    }
                    Err(e) => state.set(Some(Err(e.message(l)))),
                }
            });
        })
    };
    {
        let send = send.clone();
        use_effect_with(session.known, move |known| {
            if *known {
                send.emit(false);
            }
        });
    }
    let body = match &*state {
        None => {
            html! { <p role="status" id="signout-working">{ t(l, "signin-working") }</p> }
        }
        Some(Ok(d)) if d.confirm => {
            let onclick = send.reform(|_: MouseEvent| true);
            let question = match &d.application_name {
                Some(app) => t1(l, "signout-confirm-app", "app", app.clone()),
                None => t(l, "signout-confirm"),
            };
            html! {
                <>
                    <p id="signout-question">{ question }</p>
                    <p class="actions">
                        <button type="button" id="signout-confirm" {onclick}>{ t(l, "signout-confirm-button") }</button>
                        { " " }
                        <Link to={Route::Profile}>{ t(l, "signout-stay") }</Link>
                    </p>
                </>
            }
        }
        Some(Ok(d)) if d.redirect.is_some() => {
            html! { <p role="status" id="signout-working">{ t(l, "signin-working") }</p> }
        }
        Some(Ok(_)) => {
            html! { <p class="notice" role="status" id="signout-done">{ t(l, "signout-done") }</p> }
        }
        Some(Err(m)) => alert(&Some(m.clone())),
    };
    let asking = matches!(&*state, Some(Ok(d)) if d.confirm);
    html! {
        <section class="page narrow">
            <h1 id="signout-heading">{ t(l, "signout-title") }</h1>
            { body }
            if !asking {
                <p><Link to={Route::Login}>{ t(l, "signout-login") }</Link></p>
            }
        </section>
    }
}
