//! Signing in to an application through Umbral (OpenID Connect, issue 14): what the SPA
//! shows between an application's `/oauth2/authorize` and the return to it, and the
//! applications a person is signed in to.
use serde::{Deserialize, Serialize};

/// `GET /api/v1/sign-in/{request}`: the request an application made, for the SPA.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInView {
    /// The application's id in the catalogue (to preselect it in a role request).
    pub application: String,
    /// Its name, in the request's language.
    pub application_name: String,
    pub client_id: String,
    /// The application asked for a login newer than this request (`prompt=login`) or
    /// no older than `max_age` seconds: an older session does not do.
    pub fresh_login: bool,
    /// The application is closed for maintenance until this instant (its weekly window
    /// or an outage): the page says so instead of signing in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_until: Option<u64>,
}

/// `POST /api/v1/sign-in/{request}` and `.../cancel`: where the browser goes next (the
/// application's redirect URI with `code` or `error`, `state` and `iss`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInDone {
    pub redirect: String,
}

/// `POST /api/v1/sign-out`: RP-initiated logout as the SPA forwards it from
/// `/oauth2/logout` (OpenID Connect RP-Initiated Logout 1.0).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignOutInput {
    #[serde(default)]
    pub id_token_hint: Option<String>,
    #[serde(default)]
    pub client_id: Option<String>,
    #[serde(default)]
    pub post_logout_redirect_uri: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    /// The person clicked "Sign out": without a hint of this session, nothing is ended
    /// until they do (RP-Initiated Logout 1.0 section 2; security review 3, G8).
    #[serde(default)]
    pub confirm: bool,
}

/// Where to go after the logout: the application's registered URI, or nowhere.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignOutDone {
    /// True when nothing was ended: the request named no ID token of this session, so
    /// the person is asked first (the SPA shows "Sign out" and sends `confirm`).
    #[serde(default)]
    pub confirm: bool,
    pub redirect: Option<String>,
    /// The application's name, in the request's language, when it was named.
    pub application_name: Option<String>,
}

/// One application a person is signed in to (a live grant), for "Applications I am
/// signed in to".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignedInApp {
    pub grant: String,
    pub client_id: String,
    pub application_name: String,
    /// When, Eastern time (`YYYY-MM-DD HH:MM ET`).
    pub signed_in: String,
    pub last_used: String,
}

/// `GET /api/v1/admin/oidc-clients`: a client as the help desk sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientView {
    pub client_id: String,
    pub application: String,
    pub application_name: String,
    pub confidential: bool,
    pub redirect_uris: Vec<String>,
    pub scopes: Vec<String>,
    pub require_role: bool,
    /// A confidential client has a secret (from the catalogue or the help desk).
    pub has_secret: bool,
    /// When the help desk last set its secret (ET), if it did.
    pub secret_set: Option<String>,
}

/// `POST /api/v1/admin/oidc-clients/{client}/secret`: the new secret, shown once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewSecret {
    pub client_id: String,
    pub secret: String,
}

/// `DELETE /api/v1/admin/accounts/{user_id}/sign-ins`: how many grants were revoked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Revoked {
    pub revoked: u32,
}
