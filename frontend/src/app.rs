//! Router and the app-wide preferences (language, text size), kept in local storage
//! and reflected on `<html lang>` and its text-size class.
use crate::components::header::Header;
use crate::i18n::t;
use crate::pages::access;
use crate::pages::account_help::{AccountHelp, LinkPage};
use crate::pages::login::Login;
use crate::pages::profile::{ChangePassword, Devices, ProfilePage};
use crate::pages::{home::Home, not_found::NotFound, register::Register};
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use shared::api::auth::Profile;
use shared::i18n::Locale;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Clone, Routable, PartialEq)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/register")]
    Register,
    #[at("/login")]
    Login,
    #[at("/profile")]
    Profile,
    #[at("/profile/devices")]
    Devices,
    #[at("/profile/password")]
    ChangePassword,
    #[at("/account-help")]
    AccountHelp,
    #[at("/reset-password")]
    ResetPassword,
    #[at("/unlock")]
    Unlock,
    #[at("/roles")]
    MyRoles,
    #[at("/roles/new")]
    RoleRequest,
    #[at("/role-descriptions")]
    RoleDescriptions,
    #[at("/approvals")]
    Approvals,
    #[at("/help-desk")]
    HelpDesk,
    #[at("/organization-form")]
    OrganizationForm,
    #[at("/setup-account")]
    SetupAccount,
    #[not_found]
    #[at("/404")]
    NotFound,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TextSize {
    #[default]
    Small,
    Medium,
    Large,
}

impl TextSize {
    pub const ALL: [TextSize; 3] = [TextSize::Small, TextSize::Medium, TextSize::Large];
    pub fn key(self) -> &'static str {
        match self {
            TextSize::Small => "small",
            TextSize::Medium => "medium",
            TextSize::Large => "large",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Prefs {
    pub locale: Locale,
    pub text_size: TextSize,
}

const PREFS_KEY: &str = "umbral.prefs";

fn initial_prefs() -> Prefs {
    LocalStorage::get(PREFS_KEY).unwrap_or_else(|_| {
        let nav_lang = web_sys::window()
            .and_then(|w| w.navigator().language())
            .unwrap_or_default();
        Prefs {
            locale: Locale::from_tag(&nav_lang).unwrap_or_default(),
            text_size: TextSize::Small,
        }
    })
}

/// The preferences and the way to change them, shared through context.
#[derive(Clone, PartialEq)]
pub struct PrefsCtx {
    pub prefs: Prefs,
    pub set: Callback<Prefs>,
}

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

#[function_component(App)]
pub fn app() -> Html {
    let prefs = use_state(initial_prefs);
    let session = use_state(|| SessionState {
        profile: None,
        known: false,
        notice: None,
    });
    {
        // Is there a session already (the cookie is HttpOnly, so ask the server)?
        let session = session.clone();
        let l = prefs.locale;
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let profile = crate::api::call::<Profile>(l, "GET", "/me", None)
                    .await
                    .ok();
                session.set(SessionState {
                    profile,
                    known: true,
                    notice: None,
                });
            });
        });
    }
    {
        // When the session would end for idleness, check with the server; if it has
        // ended, say so and go back to login.
        let session = session.clone();
        let l = prefs.locale;
        let expires = session.profile.as_ref().map(|p| p.session_expires_at);
        use_effect_with(expires, move |expires| {
            let timer = expires.map(|at| {
                let now = (js_sys::Date::now() / 1000.0) as u64;
                let ms = (at.saturating_sub(now) * 1000 + 1500).min(u32::MAX as u64) as u32;
                gloo_timers::callback::Timeout::new(ms, move || {
                    wasm_bindgen_futures::spawn_local(async move {
                        match crate::api::call::<Profile>(l, "GET", "/me", None).await {
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
    let session_ctx = SessionCtx {
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
    {
        let p = *prefs;
        use_effect_with(p, move |p| {
            let _ = LocalStorage::set(PREFS_KEY, p);
            if let Some(root) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let _ = root.set_attribute("lang", p.locale.tag());
                let _ = root.set_attribute("class", &format!("ts-{}", p.text_size.key()));
            }
            if let Some(d) = web_sys::window().and_then(|w| w.document()) {
                d.set_title(&t(p.locale, "app-name"));
            }
        });
    }
    let ctx = PrefsCtx {
        prefs: *prefs,
        set: {
            let prefs = prefs.clone();
            Callback::from(move |p| prefs.set(p))
        },
    };
    let l = prefs.locale;
    html! {
        <ContextProvider<PrefsCtx> context={ctx}>
        <ContextProvider<SessionCtx> context={session_ctx}>
            <BrowserRouter>
                <a class="skip" href="#main">{ t(l, "skip-to-content") }</a>
                <Header />
                <main id="main" tabindex="-1">
                    <Switch<Route> render={switch} />
                </main>
                <footer class="site-footer"><p>{ t(l, "footer-note") }</p></footer>
            </BrowserRouter>
        </ContextProvider<SessionCtx>>
        </ContextProvider<PrefsCtx>>
    }
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::Register => html! { <Register /> },
        Route::Login => html! { <Login /> },
        Route::Profile => html! { <ProfilePage /> },
        Route::Devices => html! { <Devices /> },
        Route::ChangePassword => html! { <ChangePassword /> },
        Route::AccountHelp => html! { <AccountHelp /> },
        Route::ResetPassword => html! { <LinkPage reset={true} /> },
        Route::Unlock => html! { <LinkPage reset={false} /> },
        Route::MyRoles => html! { <access::MyRoles /> },
        Route::RoleRequest => html! { <access::RoleRequestPage /> },
        Route::RoleDescriptions => html! { <access::RoleDescriptions /> },
        Route::Approvals => html! { <access::Approvals /> },
        Route::HelpDesk => html! { <access::HelpDesk /> },
        Route::OrganizationForm => html! { <access::OrganizationFormPage /> },
        Route::SetupAccount => html! { <access::SetupAccount /> },
        Route::NotFound => html! { <NotFound /> },
    }
}

/// The current locale, for pages.
#[hook]
pub fn use_locale() -> Locale {
    use_context::<PrefsCtx>()
        .map(|c| c.prefs.locale)
        .unwrap_or_default()
}

#[hook]
pub fn use_session() -> SessionCtx {
    use_context::<SessionCtx>().expect("SessionCtx is provided by App")
}
