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
