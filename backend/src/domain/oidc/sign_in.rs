//! From `/oauth2/authorize` to the code: the request is checked and sealed into the
//! handle the browser carries, the SPA logs the person in (or finds them logged in) and
//! asks for the code; and RP-initiated logout on the way back.
//!
//! Nothing is stored for an anonymous authorization request (security review 3, G1: one
//! client once wrote 89,526 stored requests in 20 s). The checked request travels in
//! `/sign-in?request=<handle>`, sealed with the server key (ChaCha20-Poly1305, bound to
//! its purpose as associated data), so it can be neither read nor altered; its expiry is
//! inside the seal. The one thing stored is the mark that a request was used, written
//! when a logged-in person gets its code, so storage grows only with logins, and a
//! handle works once. The web layer also draws every authorize request from a
//! per-address bucket.
use super::*;
use crate::crypto::secrets;
use crate::domain::auth::Authenticated;
use crate::store::{AuthzCode, AuthzRequest, UsedRequest};
use base64::Engine as _;
use shared::api::oidc::{SignInDone, SignInView, SignOutDone, SignOutInput};
use shared::i18n::Locale;

/// The query of `/oauth2/authorize` (OpenID Connect Core 3.1.2.1).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct AuthorizeParams {
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub response_type: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub prompt: Option<String>,
    pub max_age: Option<String>,
    pub request: Option<String>,
    pub request_uri: Option<String>,
    pub response_mode: Option<String>,
}

/// Why an authorization request was refused.
#[derive(Debug, PartialEq)]
pub enum AuthorizeFailure {
    /// The client or the redirect URI cannot be trusted: the browser must not be sent
    /// there (RFC 6749 section 4.1.2.1); the SPA shows this code.
    Show(&'static str),
    /// Anything else goes back to the client's redirect URI as `error=`.
    Redirect(String),
}

/// `redirect_uri` with `params` added to its query.
fn with_query(uri: &str, params: &[(&str, &str)]) -> String {
    let mut out = uri.to_string();
    let mut sep = if uri.contains('?') { '&' } else { '?' };
    for (k, v) in params {
        out.push(sep);
        out.push_str(k);
        out.push('=');
        out.push_str(&urlencode(v));
        sep = '&';
    }
    out
}

/// Percent-encodes everything but the unreserved characters (RFC 3986 section 2.3).
pub(crate) fn urlencode(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            o.push(b as char);
        } else {
            o.push_str(&format!("%{b:02X}"));
        }
    }
    o
}

/// A PKCE code challenge: the S256 of a verifier is 43 base64url characters (RFC 7636
/// section 4.2).
fn challenge_ok(c: &str) -> bool {
    c.len() == 43
        && c.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn short(s: &Option<String>, max: usize) -> bool {
    s.as_ref().is_none_or(|s| s.len() <= max)
}

/// The associated data of a sealed authorization request: a blob sealed for anything
/// else (a TOTP seed, a TIN) never opens as one.
const REQUEST_AAD: &str = "oidc:authorize-request";

/// The longest handle accepted: the largest request (state 1024, nonce 512, a long
/// redirect URI and every scope) seals to about 3 KB of base64.
const MAX_HANDLE: usize = 8 * 1024;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;
impl Umbral {
    /// `/oauth2/authorize`: checks the request and keeps it; the browser goes to the
    /// SPA's `/sign-in?request=<id>`. The client and its exact redirect URI are checked
    /// first; until both are known good nothing is sent to the redirect URI.
    pub async fn authorize(
        &self,
        p: AuthorizeParams,
        now: u64,
    ) -> Result<String, AuthorizeFailure> {
        use AuthorizeFailure::*;
        let client_id = p.client_id.as_deref().ok_or(Show("unknown_client"))?;
        let (_, client) = self.client(client_id).map_err(|_| Show("unknown_client"))?;
        let redirect = p.redirect_uri.as_deref().ok_or(Show("redirect_uri"))?;
        // Exact string comparison: no prefix, case, port or trailing-slash leniency.
        if !client.redirect_uris.iter().any(|u| u == redirect) {
            return Err(Show("redirect_uri"));
        }
        let fail = |error: &str, description: &str| {
            let mut q = vec![("error", error), ("error_description", description)];
            if let Some(s) = &p.state {
                q.push(("state", s));
            }
            let iss = self.issuer();
            q.push(("iss", &iss));
            Redirect(with_query(redirect, &q))
        };
        if p.request.is_some() {
            return Err(fail(
                "request_not_supported",
                "request objects are not supported",
            ));
        }
        if p.request_uri.is_some() {
            return Err(fail(
                "request_uri_not_supported",
                "request_uri is not supported",
            ));
        }
        if p.response_mode.as_deref().is_some_and(|m| m != "query") {
            return Err(fail(
                "invalid_request",
                "only response_mode=query is supported",
            ));
        }
        if p.response_type.as_deref() != Some("code") {
            return Err(fail(
                "unsupported_response_type",
                "only the authorization code flow (response_type=code) is supported",
            ));
        }
        let scope: Vec<String> = p
            .scope
            .as_deref()
            .unwrap_or("")
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        if !scope.iter().any(|s| s == "openid") {
            return Err(fail("invalid_scope", "the openid scope is required"));
        }
        if scope.iter().any(|s| !client.scopes.contains(s)) {
            return Err(fail("invalid_scope", "a scope this client may not ask for"));
        }
        match p.code_challenge_method.as_deref() {
            Some("S256") => {}
            Some(_) => {
                return Err(fail(
                    "invalid_request",
                    "code_challenge_method must be S256",
                ))
            }
            None => return Err(fail("invalid_request", "PKCE (S256) is required")),
        }
        let challenge = match p.code_challenge.as_deref() {
            Some(c) if challenge_ok(c) => c.to_string(),
            _ => return Err(fail("invalid_request", "code_challenge is malformed")),
        };
        if !short(&p.state, 1024) || !short(&p.nonce, 512) {
            return Err(fail("invalid_request", "state or nonce is too long"));
        }
        let prompts: Vec<&str> = p.prompt.as_deref().unwrap_or("").split(' ').collect();
        if prompts.contains(&"none") {
            // The cookie of an Umbral session is SameSite=Strict and this is a
            // cross-site navigation, so a silent answer cannot be given.
            return Err(fail("login_required", "prompt=none is not supported"));
        }
        let max_age = match p.max_age.as_deref() {
            None => None,
            Some(m) => match m.parse::<u64>() {
                Ok(m) => Some(m),
                Err(_) => return Err(fail("invalid_request", "max_age must be a number")),
            },
        };
        let req = AuthzRequest {
            id: secrets::token(),
            client_id: client_id.to_string(),
            redirect_uri: redirect.to_string(),
            scope,
            state: p.state.clone(),
            nonce: p.nonce.clone(),
            code_challenge: challenge,
            fresh_login: prompts.contains(&"login"),
            max_age,
            created_at: now,
            expires_at: now + REQUEST_TTL_SECS,
        };
        Ok(self.seal_request(&req))
    }

    /// The handle of `/sign-in?request=`: the request sealed, base64url.
    fn seal_request(&self, r: &AuthzRequest) -> String {
        let json = serde_json::to_vec(r).expect("an authorization request serialises");
        B64.encode(self.keys.seal(&json, REQUEST_AAD))
    }

    /// The key of a request's used mark.
    fn used_key(&self, r: &AuthzRequest) -> String {
        crate::store::index::auth_request(&self.keys, &r.id)
    }

    /// Opens a handle: `NotFound` when it was not sealed by this server for this purpose,
    /// was altered, has expired at this instant, or was used already.
    async fn authz_request(&self, handle: &str, now: u64) -> Result<AuthzRequest, OidcError> {
        if handle.len() > MAX_HANDLE {
            return Err(OidcError::NotFound);
        }
        let sealed = B64.decode(handle).map_err(|_| OidcError::NotFound)?;
        let plain = self
            .keys
            .open(&sealed, REQUEST_AAD)
            .ok_or(OidcError::NotFound)?;
        let r: AuthzRequest = serde_json::from_slice(&plain).map_err(|_| OidcError::NotFound)?;
        if now >= r.expires_at {
            return Err(OidcError::NotFound);
        }
        if self
            .store
            .get::<UsedRequest>(Table::OidcRequests, &self.used_key(&r))
            .await?
            .is_some()
        {
            return Err(OidcError::NotFound);
        }
        Ok(r)
    }

    /// `GET /api/v1/sign-in/{request}`: what the SPA shows.
    pub async fn sign_in_view(
        &self,
        id: &str,
        l: Locale,
        now: u64,
    ) -> Result<SignInView, OidcError> {
        let r = self.authz_request(id, now).await?;
        let (app, _) = self.client(&r.client_id)?;
        let outages = self.outages_from(now).await.unwrap_or_default();
        Ok(SignInView {
            application: app.id.clone(),
            application_name: app.name.get(l).to_string(),
            client_id: r.client_id,
            fresh_login: r.fresh_login || r.max_age.is_some(),
            closed_until: self
                .app_closed_in(&outages, &app.id, now)
                .map(|(_, end)| end),
        })
    }

    /// `POST /api/v1/sign-in/{request}`: the logged-in person asks for the code. Refused
    /// with `LoginRequired` when the login is older than the request allows, and with
    /// `NoRole` when the client requires a live role of its application and there is
    /// none (the SPA then offers to request one). The request works once.
    pub async fn complete_sign_in(
        &self,
        me: &Authenticated,
        id: &str,
        now: u64,
    ) -> Result<SignInDone, OidcError> {
        let r = self.authz_request(id, now).await?;
        let (app, client) = self.client(&r.client_id)?;
        // The application's maintenance is checked at this instant, whatever the page
        // said when it was drawn.
        self.app_open(&app.id, now).await?;
        let auth_at = me.session.auth_at;
        if (r.fresh_login && auth_at < r.created_at)
            || r.max_age.is_some_and(|m| now.saturating_sub(auth_at) > m)
        {
            return Err(OidcError::LoginRequired);
        }
        self.may_sign_in(&me.account, app, client, now).await?;
        // Signing in is using the application: its licence must be accepted (source
        // `002_…`: "By clicking Continue below you agree…") for each organisation the
        // person acts for in it, as the document submission requires.
        for r in self.roles_claim(&me.account, app, now).await {
            if self
                .require_licence(&me.account, &app.id, &r.organization.id)
                .await
                .is_err()
            {
                return Err(OidcError::LicenceRequired);
            }
        }
        // The request is used up whatever follows: of two tabs asking at once, one wins.
        match self
            .store
            .insert_new(
                Table::OidcRequests,
                &self.used_key(&r),
                &UsedRequest {
                    expires_at: r.expires_at,
                },
            )
            .await
        {
            Ok(()) => {}
            Err(StoreError::Conflict) => return Err(OidcError::NotFound),
            Err(e) => return Err(e.into()),
        }
        let code = secrets::token();
        let c = AuthzCode {
            request: r.clone(),
            account: me.session.account.clone(),
            auth_time: auth_at,
            amr: amr(me.session.mfa),
            grant: secrets::token(),
            used: false,
            expires_at: now + CODE_TTL_SECS,
        };
        self.store
            .insert_new(
                Table::OidcCodes,
                &crate::store::index::oidc_code(&self.keys, &code),
                &c,
            )
            .await?;
        self.audit(
            &me.session.account,
            "oidc_code_issued",
            Some(r.client_id.clone()),
            now,
        )
        .await?;
        // Signing in to the application is activity (the inactivity rule's clock).
        self.change_account(&me.session.account, |a| a.last_app_sign_in_at = Some(now))
            .await?;
        let iss = self.issuer();
        let mut q = vec![("code", code.as_str())];
        if let Some(s) = &r.state {
            q.push(("state", s));
        }
        q.push(("iss", &iss));
        Ok(SignInDone {
            redirect: with_query(&r.redirect_uri, &q),
        })
    }

    /// `POST /api/v1/sign-in/{request}/cancel`: the person declines (or cannot sign in):
    /// back to the application with `error=access_denied`.
    pub async fn cancel_sign_in(&self, id: &str, now: u64) -> Result<SignInDone, OidcError> {
        // Nothing to store: the person may still change their mind in this tab, and the
        // handle expires by itself.
        let r = self.authz_request(id, now).await?;
        let iss = self.issuer();
        let mut q = vec![
            ("error", "access_denied"),
            ("error_description", "the person did not sign in"),
        ];
        if let Some(s) = &r.state {
            q.push(("state", s));
        }
        q.push(("iss", &iss));
        Ok(SignInDone {
            redirect: with_query(&r.redirect_uri, &q),
        })
    }

    /// `POST /api/v1/sign-out` (RP-initiated logout, forwarded by the SPA from
    /// `/oauth2/logout`): ends the caller's Umbral session if there is one, revokes the
    /// client's grants of that person, and names where to go back: only a
    /// `post_logout_redirect_uri` registered for the client named by `client_id` or by
    /// the hint's audience, never any other address.
    ///
    /// Any site can send a browser to `/oauth2/logout`, so a session is ended only when
    /// the request carries an ID token issued to this person, or when the
    /// person confirms (`confirm`, from the SPA's button); otherwise the answer is
    /// `confirm: true` and nothing changes (security review 3, G8).
    pub async fn sign_out(
        &self,
        me: Option<&Authenticated>,
        input: &SignOutInput,
        l: Locale,
        now: u64,
    ) -> Result<SignOutDone, OidcError> {
        let hint: Option<IdClaims> =
            match &input.id_token_hint {
                Some(t) => Some(self.verify("JWT", t, now).await.ok_or(
                    OidcError::InvalidRequest("id_token_hint was not issued by this provider"),
                )?),
                None => None,
            };
        let client_id = match (&input.client_id, &hint) {
            (Some(c), Some(h)) if *c != h.aud => {
                return Err(OidcError::InvalidRequest("client_id and the hint disagree"))
            }
            (Some(c), _) => Some(c.clone()),
            (None, Some(h)) => Some(h.aud.clone()),
            (None, None) => None,
        };
        let client = match &client_id {
            Some(c) => Some(self.client(c)?),
            None => None,
        };
        let redirect = match (&input.post_logout_redirect_uri, client) {
            (None, _) => None,
            (Some(u), Some((_, c))) if c.post_logout_redirect_uris.contains(u) => {
                let mut q = vec![];
                if let Some(s) = &input.state {
                    q.push(("state", s.as_str()));
                }
                Some(with_query(u, &q))
            }
            (Some(_), _) => {
                return Err(OidcError::InvalidRequest(
                    "post_logout_redirect_uri is not registered for this client",
                ))
            }
        };
        if let Some(me) = me {
            // The hint must name the person logged in here (RP-Initiated Logout 1.0
            // section 2: another person's token is a reason to ask).
            let hint_is_mine = hint
                .as_ref()
                .is_some_and(|h| h.sub == self.subject(&me.session.account));
            if !hint_is_mine && !input.confirm {
                return Ok(SignOutDone {
                    confirm: true,
                    redirect: None,
                    application_name: client.map(|(a, _)| a.name.get(l).to_string()),
                });
            }
            if let Some(c) = &client_id {
                for g in self.grants_of(&me.session.account, now).await? {
                    if &g.client_id == c {
                        self.revoke_grant(&g.id, "logout", now).await?;
                    }
                }
            }
            self.logout(me, now).await.map_err(|_| {
                OidcError::Store(StoreError::Backend("the session was not ended".into()))
            })?;
        }
        Ok(SignOutDone {
            confirm: false,
            redirect,
            application_name: client.map(|(a, _)| a.name.get(l).to_string()),
        })
    }
}
