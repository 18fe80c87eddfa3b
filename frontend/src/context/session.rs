//! Who is logged in. The cookie is `HttpOnly`, so the provider asks the server (`GET
//! /me`) at start, and again when the session would end for idleness; if it has ended,
//! pages are told and go back to login with a notice.
use crate::api::{self, CallError};
use crate::context::prefs::use_locale;
use crate::route::{carried_notice, Redirect, Route};
use shared::api::auth::Profile;
use yew::prelude::*;

/// Who is logged in (None: nobody, or not known yet), and a notice for the login page.
#[derive(Clone, PartialEq)]
pub struct SessionCtx {
    pub profile: Option<Profile>,
    /// The first `GET /me` has answered.
    pub known: bool,
    /// A message key shown on the login page ("your session has ended").
    pub notice: Option<&'static str>,
    pub set: Callback<(Option<Profile>, Option<&'static str>)>,
}

#[derive(Clone, PartialEq)]
struct SessionState {
    profile: Option<Profile>,
    known: bool,
    notice: Option<&'static str>,
}

#[derive(Properties, PartialEq)]
pub struct ProviderProps {
    pub children: Html,
}

#[function_component(SessionProvider)]
pub fn session_provider(p: &ProviderProps) -> Html {
    let l = use_locale();
    let session = use_state(|| SessionState {
        profile: None,
        known: false,
        // A notice the previous page (another module) left for this one.
        notice: carried_notice(),
    });
    {
        let session = session.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let profile = api::auth::me(l).await.ok();
                let notice = session.notice;
                session.set(SessionState {
                    profile,
                    known: true,
                    notice,
                });
            });
        });
    }
    {
        let session = session.clone();
        let expires = session.profile.as_ref().map(|p| p.session_expires_at);
        use_effect_with(expires, move |expires| {
            let timer = expires.map(|at| {
                let now = (js_sys::Date::now() / 1000.0) as u64;
                let ms = (at.saturating_sub(now) * 1000 + 1500).min(u32::MAX as u64) as u32;
                gloo_timers::callback::Timeout::new(ms, move || {
                    wasm_bindgen_futures::spawn_local(async move {
                        match api::auth::me(l).await {
                            Ok(p) => session.set(SessionState {
                                profile: Some(p),
                                known: true,
                                notice: None,
                            }),
                            Err(e) if e.is_session_end() => session.set(SessionState {
                                profile: None,
                                known: true,
                                notice: Some("login-session-ended"),
                            }),
                            Err(_) => {}
                        }
                    });
                })
            });
            move || drop(timer)
        });
    }
    let ctx = SessionCtx {
        profile: session.profile.clone(),
        known: session.known,
        notice: session.notice,
        set: {
            let session = session.clone();
            Callback::from(move |(profile, notice)| {
                session.set(SessionState {
                    profile,
                    known: true,
                    notice,
                })
            })
        },
    };
    html! {
        <ContextProvider<SessionCtx> context={ctx}>{ p.children.clone() }</ContextProvider<SessionCtx>>
    }
}

#[hook]
pub fn use_session() -> SessionCtx {
    use_context::<SessionCtx>().expect("SessionCtx is provided by SessionProvider")
}

/// Ends the SPA's idea of the session when the server says it has ended.
pub fn on_session_end(session: &SessionCtx, e: &CallError) -> bool {
    if e.is_session_end() {
        session.set.emit((None, Some("login-session-ended")));
        true
    } else {
        false
    }
}

/// The page for a logged-in person, or a way to the login page.
pub fn guard(session: &SessionCtx) -> Result<Profile, Html> {
    match (&session.profile, session.known) {
        (Some(p), _) => Ok(p.clone()),
        (None, true) => Err(html! { <Redirect to={Route::Login} notice={session.notice} /> }),
        (None, false) => Err(
            html! { <section class="page"><p class="loading" aria-busy="true">{ "…" }</p></section> },
        ),
    }
}

/// Asks the server for the profile again (after a device or password change).
pub async fn refresh(l: shared::i18n::Locale, session: &SessionCtx) {
    match api::auth::me(l).await {
        Ok(p) => session.set.emit((Some(p), None)),
        Err(e) => {
            on_session_end(session, &e);
        }
    }
}
