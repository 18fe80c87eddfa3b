//! Umbral as an OpenID Connect provider for the applications of its catalogue
//! (issue 14; ARCHITECTURE.md road map step 7: "a granted role is what lets a person
//! into the application and an expired one keeps them out").
//!
//! The authorization code flow only, with PKCE S256 required of every client (OAuth 2.0
//! Security BCP, RFC 9700 section 2.1.1), exact redirect URIs, codes that live 60 s and
//! work once, refresh tokens rotated on every use with reuse detection that revokes the
//! family (RFC 9700 section 4.14.2), ES256-signed ID and access tokens, revocation
//! (RFC 7009) and introspection (RFC 7662). Everything stored is stored by its keyed
//! hash. `/oauth2/authorize` hands the browser to the SPA's login (every rule of the
//! login applies: lockout, maintenance), which asks [`Umbral::complete_sign_in`] for the
//! code once the person is logged in.
pub mod keys;
mod sign_in;
#[cfg(test)]
mod tests;
mod tokens;

pub use sign_in::{AuthorizeFailure, AuthorizeParams};
pub use tokens::{s256, ClientAuth, Introspection, TokenForm, TokenResponse};

use crate::domain::applications::{App, OidcClient};
use crate::domain::Umbral;
use crate::store::{
    index, Account, AccountStatus, Change, Durability, OidcGrant, Store, StoreError, Table,
};
use serde::{Deserialize, Serialize};
use shared::api::auth::DeviceKind;

/// An authorization code's life (OpenID Connect Core 3.1.2.5 leaves it to the provider;
/// RFC 9700 asks for short ones).
pub const CODE_TTL_SECS: u64 = 60;
/// ID and access tokens.
pub const TOKEN_TTL_SECS: u64 = 300;
/// An authorization request waiting for the person to log in.
pub const REQUEST_TTL_SECS: u64 = 15 * 60;

/// What the endpoints answer. The OAuth codes (`error` of RFC 6749 section 5.2) are
/// [`OidcError::code`].
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error("invalid_request: {0}")]
    InvalidRequest(&'static str),
    #[error("invalid_client")]
    InvalidClient,
    #[error("invalid_grant: {0}")]
    InvalidGrant(&'static str),
    #[error("unauthorized_client")]
    UnauthorizedClient,
    #[error("unsupported_grant_type")]
    UnsupportedGrantType,
    #[error("invalid_scope")]
    InvalidScope,
    #[error("invalid_token")]
    InvalidToken,
    /// The SPA: the person's login is older than the application accepts.
    #[error("login_required")]
    LoginRequired,
    /// The SPA: the person holds no live role of the application.
    #[error("no_role")]
    NoRole,
    /// The SPA: the application's licence (its current version) is not yet accepted for
    /// every organisation the person holds a role of it for.
    #[error("licence_required")]
    LicenceRequired,
    /// The SPA: the application is closed for maintenance
    /// ([`AuthError::ApplicationMaintenance`](crate::domain::auth::AuthError)).
    #[error(transparent)]
    Closed(#[from] crate::domain::auth::AuthError),
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl OidcError {
    pub fn code(&self) -> &'static str {
        match self {
            OidcError::InvalidRequest(_) => "invalid_request",
            OidcError::InvalidClient => "invalid_client",
            OidcError::InvalidGrant(_) => "invalid_grant",
            OidcError::UnauthorizedClient => "unauthorized_client",
            OidcError::UnsupportedGrantType => "unsupported_grant_type",
            OidcError::InvalidScope => "invalid_scope",
            OidcError::InvalidToken => "invalid_token",
            OidcError::LoginRequired => "login_required",
            OidcError::NoRole => "no_role",
            OidcError::LicenceRequired => "licence_required",
            // RFC 6749 section 4.1.2.1: the server cannot handle the request for now.
            OidcError::Closed(_) | OidcError::Store(StoreError::Unavailable(_)) => {
                "temporarily_unavailable"
            }
            OidcError::NotFound => "not_found",
            OidcError::Store(_) => "server_error",
        }
    }

    /// A short English description for `error_description` (never a secret).
    pub fn description(&self) -> String {
        match self {
            OidcError::InvalidRequest(d) | OidcError::InvalidGrant(d) => (*d).to_string(),
            OidcError::Store(_) => "the server could not complete the request".into(),
            e => e.to_string(),
        }
    }
}

/// One role of this application in the ID token and userinfo (`umbral_roles`): never
/// another application's role, never a TIN.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleClaim {
    pub role: String,
    pub organization: OrgClaim,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgClaim {
    pub id: String,
    pub name: String,
}

/// The claims of an ID token (OpenID Connect Core 2 and 5.1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IdClaims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub exp: u64,
    pub iat: u64,
    pub auth_time: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    pub amr: Vec<String>,
    pub acr: String,
    /// The client it was issued to (OpenID Connect Core 2: when `aud` is one client, it
    /// may be left out; it is kept so a relying party with several audiences can check).
    pub azp: String,
    /// The grant (session) it belongs to, for RP-initiated logout.
    pub sid: String,
    #[serde(flatten)]
    pub person: PersonClaims,
}

/// What the scopes let a client read about the person (OpenID Connect Core 5.4).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PersonClaims {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    /// This application's roles for each organisation.
    #[serde(default)]
    pub umbral_roles: Vec<RoleClaim>,
    /// The same roles as plain strings, `application:role:organisation` (for example
    /// `spot:provider_office_approver:O-DEMO-SUNSHINE`), for relying parties that can
    /// only match strings: Apache's mod_auth_openidc gates with `Require claim
    /// roles:…` and cannot read an array of objects (issue 28).
    #[serde(default)]
    pub roles: Vec<String>,
}

/// A role as the `roles` claim writes it.
pub fn role_string(application: &str, role: &str, organization: &str) -> String {
    format!("{application}:{role}:{organization}")
}

/// An access token's claims (RFC 9068).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub client_id: String,
    pub exp: u64,
    pub iat: u64,
    pub jti: String,
    pub scope: String,
    pub sid: String,
}

/// `amr` values (RFC 8176) of a login: the password, then the passcode's channel.
pub fn amr(kind: Option<DeviceKind>) -> Vec<String> {
    let second = match kind {
        Some(DeviceKind::Authenticator) => "otp",
        Some(DeviceKind::Sms) => "sms",
        Some(DeviceKind::Voice) => "tel",
        // RFC 8176: proof of possession of a key (hardware or synced, it cannot tell).
        Some(DeviceKind::Passkey) => "pop",
        Some(DeviceKind::Email) | None => "mfa",
    };
    let mut v = vec!["pwd".to_string(), second.to_string()];
    if second != "mfa" {
        v.push("mfa".into());
    }
    v
}

/// `acr`: a password and a one-time passcode, NIST SP 800-63B AAL2.
pub const ACR: &str = "urn:umbral:aal2";

impl Umbral {
    /// The issuer: the public address (`--public-url`), as discovery and every token say.
    pub fn issuer(&self) -> String {
        self.policy.public_url.trim_end_matches('/').to_string()
    }

    /// A stable, opaque subject for an account: the same for every client, revealing
    /// neither the user ID nor the email.
    pub fn subject(&self, account_key: &str) -> String {
        self.keys.mac(&format!("oidc-sub:{account_key}"))[..32].to_string()
    }

    pub(crate) fn client(&self, client_id: &str) -> Result<(&App, &OidcClient), OidcError> {
        self.apps.client(client_id).ok_or(OidcError::InvalidClient)
    }

    /// May this account sign in to `app` now: active (not locked, not inactive) and,
    /// when the client requires it, holding a live role of the application.
    pub(crate) async fn may_sign_in(
        &self,
        a: &Account,
        app: &App,
        c: &OidcClient,
        now: u64,
    ) -> Result<(), OidcError> {
        if a.status != AccountStatus::Active || a.inactive_at.is_some() {
            return Err(OidcError::InvalidGrant("the account is locked or inactive"));
        }
        if c.require_role && self.roles_claim(a, app, now).await.is_empty() {
            return Err(OidcError::NoRole);
        }
        Ok(())
    }

    /// The roles of `app` the account holds live at `now`, with their organisations.
    pub(crate) async fn roles_claim(&self, a: &Account, app: &App, now: u64) -> Vec<RoleClaim> {
        let mut v: Vec<RoleClaim> = Vec::new();
        for g in a
            .grants
            .iter()
            .filter(|g| g.application == app.id && now < self.policy.due(g))
        {
            let name = self
                .store
                .get::<crate::store::Organization>(Table::Organizations, &g.organization)
                .await
                .ok()
                .flatten()
                .map(|o| o.legal_name)
                .unwrap_or_default();
            v.push(RoleClaim {
                role: g.role.clone(),
                organization: OrgClaim {
                    id: g.organization.clone(),
                    name,
                },
            });
        }
        v.sort_by(|a, b| (&a.organization.id, &a.role).cmp(&(&b.organization.id, &b.role)));
        v
    }

    pub(crate) async fn person_claims(
        &self,
        a: &Account,
        app: &App,
        scope: &[String],
        now: u64,
    ) -> PersonClaims {
        let has = |s: &str| scope.iter().any(|x| x == s);
        let umbral_roles = self.roles_claim(a, app, now).await;
        let roles = umbral_roles
            .iter()
            .map(|r| role_string(&app.id, &r.role, &r.organization.id))
            .collect();
        let mut p = PersonClaims {
            umbral_roles,
            roles,
            ..Default::default()
        };
        if has("profile") {
            let full = [
                Some(a.first_name.as_str()),
                a.middle_name.as_deref(),
                Some(a.last_name.as_str()),
            ]
            .into_iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ");
            p.name = Some(full);
            p.given_name = Some(a.first_name.clone());
            p.family_name = Some(a.last_name.clone());
            p.locale = Some(a.locale.tag().into());
        }
        if has("email") {
            p.email = Some(a.email.clone());
            p.email_verified = Some(a.email_verified);
        }
        p
    }

    /// Revokes a grant: its refresh tokens stop working and its access tokens are no
    /// longer accepted. True when it was live.
    pub async fn revoke_grant(&self, grant: &str, why: &str, now: u64) -> Result<bool, StoreError> {
        let g = self
            .store
            .update::<OidcGrant, Option<OidcGrant>, _>(
                Table::OidcGrants,
                grant,
                Durability::Flushed,
                |g| match g {
                    Some(mut g) if !g.revoked => {
                        g.revoked = true;
                        (Change::Put(g.clone()), Some(g))
                    }
                    _ => (Change::Keep, None),
                },
            )
            .await?;
        let Some(g) = g else { return Ok(false) };
        self.audit(
            &g.account,
            "oidc_signed_out",
            Some(format!("{} ({why})", g.client_id)),
            now,
        )
        .await?;
        Ok(true)
    }

    /// The grants of an account live at `now`.
    pub async fn grants_of(
        &self,
        account_key: &str,
        now: u64,
    ) -> Result<Vec<OidcGrant>, StoreError> {
        let mut v = vec![];
        for k in self
            .store
            .keys_with_prefix(Table::Index, &index::oidc_grant_prefix(account_key))
            .await?
        {
            if let Some(g) = self
                .store
                .get::<OidcGrant>(Table::OidcGrants, index::tail(&k))
                .await?
            {
                if self.grant_live(&g, now).await {
                    v.push(g);
                }
            }
        }
        v.sort_by_key(|g| std::cmp::Reverse(g.created_at));
        Ok(v)
    }

    /// Not revoked, not expired, and the account's sessions not ended since (a password
    /// change or reset raises the generation).
    pub(crate) async fn grant_live(&self, g: &OidcGrant, now: u64) -> bool {
        !g.revoked
            && now < g.expires_at
            && self
                .store
                .account(&g.account)
                .await
                .ok()
                .flatten()
                .is_some_and(|a| a.session_generation == g.generation)
    }

    /// "Sign out of every application": the help desk revokes every grant of an account.
    pub async fn revoke_all_grants(
        &self,
        account_key: &str,
        why: &str,
        now: u64,
    ) -> Result<u32, StoreError> {
        let mut n = 0;
        for g in self.grants_of(account_key, now).await? {
            if self.revoke_grant(&g.id, why, now).await? {
                n += 1;
            }
        }
        Ok(n)
    }

    /// The help desk signs `user_id` out of every application
    /// (`DELETE /admin/accounts/{user_id}/sign-ins`): every grant revoked, and the act
    /// on the agent's trail. `NotFound` for an account that does not exist, or for a
    /// caller who is not the help desk.
    pub async fn sign_out_everywhere(
        &self,
        me: &crate::domain::auth::Authenticated,
        user_id: &str,
        now: u64,
    ) -> Result<u32, OidcError> {
        // The help desk only (the route's extractor says so too): anyone else finds
        // nothing here.
        if !crate::domain::access::is_help_desk(&me.account) {
            return Err(OidcError::NotFound);
        }
        let key = user_id.trim().to_lowercase();
        if self.store.account(&key).await?.is_none() {
            return Err(OidcError::NotFound);
        }
        let revoked = self.revoke_all_grants(&key, "help desk", now).await?;
        self.audit(
            &me.session.account,
            "oidc_sign_ins_revoked",
            Some(format!("{key}: {revoked}")),
            now,
        )
        .await?;
        Ok(revoked)
    }
}
