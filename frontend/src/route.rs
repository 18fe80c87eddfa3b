//! The SPA's routes, which module draws each (`shared::bundle`), the ways between them
//! (`Link`, `Redirect`, `go`: by the router within a module, by loading the other
//! module's page otherwise), and what a route's link carries (the token of an emailed link).
use shared::bundle::{Bundle, Screen};
use std::cell::Cell;
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
    #[at("/profile/details")]
    AccountDetails,
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
    #[at("/status")]
    Status,
    #[at("/alerts/unsubscribe")]
    Unsubscribe,
    /// An application opened for one organisation: its licence, then its documents.
    #[at("/apps/:app/:org")]
    Application { app: String, org: String },
    /// A document submission's receipt.
    #[at("/submissions/:reference")]
    Submission { reference: String },
    /// An application's sign-in through Umbral (from `/oauth2/authorize`).
    #[at("/sign-in")]
    SignIn,
    /// RP-initiated logout (from `/oauth2/logout`).
    #[at("/sign-out")]
    SignOut,
    #[not_found]
    #[at("/404")]
    NotFound,
}

impl Route {
    /// The screen this route shows (`shared::bundle::Screen` says which module draws it).
    pub fn screen(&self) -> Screen {
        match self {
            Route::Home => Screen::Home,
            Route::Register => Screen::Register,
            Route::Login => Screen::Login,
            Route::Profile => Screen::Profile,
            Route::Devices => Screen::Devices,
            Route::ChangePassword => Screen::ChangePassword,
            Route::AccountDetails => Screen::AccountDetails,
            Route::AccountHelp => Screen::AccountHelp,
            Route::ResetPassword => Screen::ResetPassword,
            Route::Unlock => Screen::Unlock,
            Route::MyRoles => Screen::MyRoles,
            Route::RoleRequest => Screen::RoleRequest,
            Route::RoleDescriptions => Screen::RoleDescriptions,
            Route::Approvals => Screen::Approvals,
            Route::HelpDesk => Screen::HelpDesk,
            Route::OrganizationForm => Screen::OrganizationForm,
            Route::SetupAccount => Screen::SetupAccount,
            Route::Status => Screen::Status,
            Route::Unsubscribe => Screen::Unsubscribe,
            Route::Application { .. } => Screen::Application,
            Route::Submission { .. } => Screen::Submission,
            Route::SignIn => Screen::SignIn,
            Route::SignOut => Screen::SignOut,
            Route::NotFound => Screen::NotFound,
        }
    }

    /// The module that draws this route.
    pub fn bundle(&self) -> Bundle {
        self.screen().bundle()
    }
}

/// How a module draws its own routes.
type Draw = fn(Route) -> Html;

thread_local! {
    /// This module, and how it draws its own routes (set once by `crate::start`).
    static HERE: Cell<(Bundle, Draw)> = Cell::new((Bundle::Front, |_| Html::default()));
}

pub(crate) fn set_here(here: Bundle, switch: Draw) {
    HERE.with(|h| h.set((here, switch)));
}

/// The module running.
pub fn here() -> Bundle {
    HERE.with(|h| h.get().0)
}

/// The router's switch: this module's own screens; another module's route loads its page.
pub fn switch(route: Route) -> Html {
    let (here, draw) = HERE.with(|h| h.get());
    if route.bundle() == here {
        forget_elsewhere();
        draw(route)
    } else {
        html! { <Elsewhere to={route} /> }
    }
}

/// Loads `path` as a new page (another module's).
fn load(path: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(path);
    }
}

/// Goes to `to` with a query (`?name=value&…`), as `go` does.
pub fn go_with_query(navigator: &Option<Navigator>, to: Route, query: &[(&str, String)]) {
    match navigator {
        Some(n) if to.bundle() == here() => {
            let _ = n.push_with_query(&to, query);
        }
        _ => {
            let query: Vec<String> = query
                .iter()
                .map(|(k, v)| format!("{k}={}", String::from(js_sys::encode_uri_component(v))))
                .collect();
            load(&format!("{}?{}", to.to_path(), query.join("&")))
        }
    }
}

/// Goes to `to`: by the router within this module, by loading the page otherwise.
pub fn go(navigator: &Option<Navigator>, to: Route) {
    go_with_notice(navigator, to, None)
}

/// Goes to `to`, with a notice for its page when it is another module's (within this
/// module the session context already carries it).
pub fn go_with_notice(navigator: &Option<Navigator>, to: Route, notice: Option<&'static str>) {
    match navigator {
        Some(n) if to.bundle() == here() => n.push(&to),
        _ => {
            if let Some(n) = notice {
                carry_notice(n);
            }
            load(&to.to_path())
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    pub to: Route,
    #[prop_or_default]
    pub classes: Classes,
    #[prop_or_default]
    pub children: Html,
}

/// A link to a route: the router's link within this module, a plain link (the browser
/// loads the other module's page) otherwise.
#[function_component(Link)]
pub fn link(p: &LinkProps) -> Html {
    if p.to.bundle() == here() {
        html! {
            <yew_router::components::Link<Route> to={p.to.clone()} classes={p.classes.clone()}>
                { p.children.clone() }
            </yew_router::components::Link<Route>>
        }
    } else {
        html! { <a href={p.to.to_path()} class={p.classes.clone()}>{ p.children.clone() }</a> }
    }
}

#[derive(Properties, PartialEq)]
pub struct RedirectProps {
    pub to: Route,
    /// A notice for the page (a message key of `NOTICES`), carried across a page load.
    #[prop_or_default]
    pub notice: Option<&'static str>,
}

/// Sends the person to `to` as soon as it is drawn.
#[function_component(Redirect)]
pub fn redirect(p: &RedirectProps) -> Html {
    let to = p.to.clone();
    let notice = p.notice;
    let navigator = use_navigator();
    use_effect_with((), move |_| go_with_notice(&navigator, to, notice));
    Html::default()
}

/// Another module's route reached inside this one (the history's back button, a router
/// link to it): that module's page is loaded in place of this entry, with the query the
/// browser shows. Should the server answer that load with this module again (it never
/// does: both follow `shared::bundle`), the second time shows a link instead of loading
/// the same page again and again.
#[function_component(Elsewhere)]
fn elsewhere(p: &RedirectProps) -> Html {
    let path = p.to.to_path();
    let location = web_sys::window().map(|w| w.location());
    let at = |f: fn(&web_sys::Location) -> Result<String, wasm_bindgen::JsValue>| {
        location
            .as_ref()
            .and_then(|l| f(l).ok())
            .unwrap_or_default()
    };
    let target = if at(web_sys::Location::pathname) == path {
        format!("{path}{}", at(web_sys::Location::search))
    } else {
        path
    };
    let again = {
        use gloo_storage::Storage;
        gloo_storage::SessionStorage::get::<String>(ELSEWHERE).ok() == Some(target.clone())
    };
    {
        let target = target.clone();
        use_effect_with((), move |_| {
            if !again {
                use gloo_storage::Storage;
                let _ = gloo_storage::SessionStorage::set(ELSEWHERE, &target);
                if let Some(w) = web_sys::window() {
                    let _ = w.location().replace(&target);
                }
            }
        });
    }
    if again {
        html! { <section class="page"><p><a href={target.clone()}>{ target }</a></p></section> }
    } else {
        html! { <section class="page"><p class="loading" aria-busy="true">{ "…" }</p></section> }
    }
}

/// The page `Elsewhere` last loaded, until a module draws one of its own routes.
const ELSEWHERE: &str = "umbral.elsewhere";

fn forget_elsewhere() {
    use gloo_storage::Storage;
    gloo_storage::SessionStorage::delete(ELSEWHERE);
}

/// Has the browser fetch the module that draws `to` into its cache (its JS and wasm: hashed,
/// immutable) while the person is still on this page, so that page loads from the cache.
/// The login page calls it once the password is accepted: the passcode takes the person
/// some seconds, the signed-in module about 280 KB. Nothing is done within a module.
pub fn prefetch(to: &Route) {
    let bundle = to.bundle();
    if bundle == here() {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(r) = gloo_net::http::Request::get(&format!("/{}", bundle.page()))
            .send()
            .await
        else {
            return;
        };
        let Ok(html) = r.text().await else {
            return;
        };
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Some(head) = doc.head() else {
            return;
        };
        let mut done: Vec<&str> = vec![];
        for href in html.split(['"', '\'']) {
            let asset =
                href.starts_with('/') && (href.ends_with("_bg.wasm") || href.ends_with(".js"));
            if !asset || done.contains(&href) {
                continue;
            }
            done.push(href);
            if let Ok(link) = doc.create_element("link") {
                let _ = link.set_attribute("rel", "prefetch");
                let _ = link.set_attribute("href", href);
                // As the page itself will ask for them (trunk's preload links do).
                let _ = link.set_attribute("crossorigin", "anonymous");
                let _ = head.append_child(&link);
            }
        }
    });
}

/// The notices a page can be sent to another module with.
const NOTICES: [&str; 3] = [
    "login-session-ended",
    "login-logged-out",
    "signin-login-again",
];
const NOTICE: &str = "umbral.notice";

fn carry_notice(key: &'static str) {
    use gloo_storage::Storage;
    let _ = gloo_storage::SessionStorage::set(NOTICE, key);
}

/// The notice carried from the previous page, taken (it is shown once).
pub fn carried_notice() -> Option<&'static str> {
    use gloo_storage::Storage;
    let key = gloo_storage::SessionStorage::get::<String>(NOTICE).ok()?;
    gloo_storage::SessionStorage::delete(NOTICE);
    NOTICES.into_iter().find(|n| *n == key)
}

/// The `token` of an emailed link (`?token=...`), kept to its URL-safe characters (and
/// `.`, the separator of an unsubscribe token).
pub fn token_from_url() -> String {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("token="))
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect()
}

/// One parameter of the page's query (`?name=...`), decoded.
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    search.trim_start_matches('?').split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == name).then(|| {
            js_sys::decode_uri_component(&v.replace('+', " "))
                .map(String::from)
                .unwrap_or_default()
        })
    })
}

/// The sign-in an application started while nobody was logged in: kept for the tab
/// (session storage) so the login page hands the person back to it.
const PENDING: &str = "umbral.sign-in";

/// The application's name, kept beside the pending request so the login screen can
/// say where the person is going (usability walk 3, journey 7).
const PENDING_APP: &str = "umbral.sign-in-app";

pub fn set_pending_sign_in(request: &str, application_name: &str) {
    use gloo_storage::Storage;
    let _ = gloo_storage::SessionStorage::set(PENDING, request);
    let _ = gloo_storage::SessionStorage::set(PENDING_APP, application_name);
}

/// The name of the application whose sign-in waits for this login, if one does.
pub fn pending_sign_in_app() -> Option<String> {
    use gloo_storage::Storage;
    if !sign_in_waits() {
        return None;
    }
    gloo_storage::SessionStorage::get::<String>(PENDING_APP)
        .ok()
        .filter(|n| !n.is_empty())
}

/// Whether an application's sign-in waits for this login.
pub fn sign_in_waits() -> bool {
    use gloo_storage::Storage;
    gloo_storage::SessionStorage::get::<String>(PENDING).is_ok_and(|r| !r.is_empty())
}

/// The pending sign-in's request ID, taken (it is used once).
pub fn take_pending_sign_in() -> Option<String> {
    use gloo_storage::Storage;
    let r = gloo_storage::SessionStorage::get::<String>(PENDING).ok();
    gloo_storage::SessionStorage::delete(PENDING);
    gloo_storage::SessionStorage::delete(PENDING_APP);
    r.filter(|r| {
        !r.is_empty()
            && r.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    })
}
