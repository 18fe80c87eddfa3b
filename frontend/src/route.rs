//! The SPA's routes, and what a route's link carries (the token of an emailed link).
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

pub fn set_pending_sign_in(request: &str) {
    use gloo_storage::Storage;
    let _ = gloo_storage::SessionStorage::set(PENDING, request);
}

/// The pending sign-in's request ID, taken (it is used once).
pub fn take_pending_sign_in() -> Option<String> {
    use gloo_storage::Storage;
    let r = gloo_storage::SessionStorage::get::<String>(PENDING).ok();
    gloo_storage::SessionStorage::delete(PENDING);
    r.filter(|r| {
        !r.is_empty()
            && r.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    })
}
