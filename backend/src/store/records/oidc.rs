//! Records of the OpenID Connect provider: signing keys, authorization requests and
//! codes, grants, refresh tokens and client secrets.
use serde::{Deserialize, Serialize};

/// A key the provider signs tokens with (ES256). The PKCS#8 private key is sealed with
/// the server key (associated data: `oidc-key:<kid>`); the public half is published in
/// the JWKS until `retired_at` plus the longest token lifetime has passed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SigningKey {
    pub kid: String,
    pub created_at: u64,
    /// Base64 of the sealed PKCS#8 DER.
    pub sealed: String,
    /// The public point's coordinates, base64url (JWK `x`, `y`).
    pub x: String,
    pub y: String,
    /// When a newer key took over (0: this is the key in use).
    #[serde(default)]
    pub retired_at: u64,
}

/// An authorization request checked at `/oauth2/authorize`, waiting for the person to
/// log in and the SPA to ask for a code. It is never stored on its own: it travels
/// sealed in the SPA's `/sign-in?request=` (see `domain::oidc::sign_in`), and is kept
/// inside the code it yields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuthzRequest {
    /// Random: names the request's [`UsedRequest`] mark.
    #[serde(default)]
    pub id: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub scope: Vec<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: String,
    /// `prompt=login`: a login newer than the request is needed.
    pub fresh_login: bool,
    pub max_age: Option<u64>,
    pub created_at: u64,
    pub expires_at: u64,
}

/// The mark that an authorization request gave its code (stored by the keyed hash of
/// the request's id until the request would have expired), so a handle works once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UsedRequest {
    pub expires_at: u64,
}

/// An issued authorization code (stored by its hash): it lives 60 seconds and works once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuthzCode {
    pub request: AuthzRequest,
    pub account: String,
    pub auth_time: u64,
    pub amr: Vec<String>,
    /// The grant its exchange creates, so a second use can revoke what the first issued.
    pub grant: String,
    pub used: bool,
    pub expires_at: u64,
}

/// What one sign-in gave one client: the refresh-token family. Revoking it ends every
/// refresh token and access token issued under it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OidcGrant {
    pub id: String,
    pub client_id: String,
    pub account: String,
    pub scope: Vec<String>,
    pub auth_time: u64,
    pub amr: Vec<String>,
    /// The account's session generation at sign-in: a password change or reset ends it.
    pub generation: u32,
    pub created_at: u64,
    pub last_used: u64,
    pub revoked: bool,
    pub expires_at: u64,
}

/// A refresh token (stored by its hash). Used once: its use issues the next one; a
/// second use revokes the family.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RefreshToken {
    pub grant: String,
    pub used: bool,
    pub expires_at: u64,
}

/// A confidential client's secret set by the help desk: its SHA-256, hex.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientSecret {
    pub sha256: String,
    pub set_at: u64,
    pub set_by: String,
}
