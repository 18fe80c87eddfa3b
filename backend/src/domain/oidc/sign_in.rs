//! From `/oauth2/authorize` to the code: the request is checked and kept, the SPA logs
//! the person in (or finds them logged in) and asks for the code; and RP-initiated
//! logout on the way back.
use super::*;
use crate::domain::auth::Authenticated;
use crate::domain::secrets;
use crate::store::{AuthzCode, AuthzRequest};
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

impl<S: Store> Umbral<S> {
    /// `/oauth2/authorize`: checks the request and keeps it; the browser goes to the
    /// SPA's `/sign-in?request=<id>`. The client and its exact redirect URI are checked
    /// first; until both are known good nothing is sent to the redirect URI.
    pub async fn authorize(&self, p: AuthorizeParams) -> Result<String, AuthorizeFailure> {
        use AuthorizeFailure::*;
        let now = self.clock.now();
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
        let id = secrets::token();
        let req = AuthzRequest {
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
        self.store
            .insert_new(
                Table::OidcRequests,
                &self.keys.mac(&format!("ar:{id}")),
                &req,
            )
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "authorization request not stored");
                fail("server_error", "the request could not be kept")
            })?;
        Ok(id)
    }

    async fn authz_request(&self, id: &str) -> Result<AuthzRequest, OidcError> {
        let r: AuthzRequest = self
            .store
            .get(Table::OidcRequests, &self.keys.mac(&format!("ar:{id}")))
            .await?
            .ok_or(OidcError::NotFound)?;
        if self.clock.now() >= r.expires_at {
            return Err(OidcError::NotFound);
        }
        Ok(r)
    }

    /// `GET /api/v1/sign-in/{request}`: what the SPA shows.
    pub async fn sign_in_view(&self, id: &str, l: Locale) -> Result<SignInView, OidcError> {
        let r = self.authz_request(id).await?;
        let (app, _) = self.client(&r.client_id)?;
        Ok(SignInView {
            application: app.id.clone(),
            application_name: app.name.get(l).to_string(),
            client_id: r.client_id,
            fresh_login: r.fresh_login || r.max_age.is_some(),
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
    ) -> Result<SignInDone, OidcError> {
        let now = self.clock.now();
        let r = self.authz_request(id).await?;
        let (app, client) = self.client(&r.client_id)?;
        let auth_at = me.session.auth_at;
        if (r.fresh_login && auth_at < r.created_at)
            || r.max_age.is_some_and(|m| now.saturating_sub(auth_at) > m)
        {
            return Err(OidcError::LoginRequired);
        }
        self.may_sign_in(&me.account, app, client).await?;
        // Signing in is using the application: its licence must be accepted (source
        // `002_…`: "By clicking Continue below you agree…") for each organisation the
        // person acts for in it, as the document submission requires.
        for r in self.roles_claim(&me.account, app).await {
            if self
                .require_licence(&me.account, &app.id, &r.organization.id)
                .await
                .is_err()
            {
                return Err(OidcError::LicenceRequired);
            }
        }
        // The request is used up whatever follows.
        let existed = self
            .store
            .update::<AuthzRequest, bool, _>(
                Table::OidcRequests,
                &self.keys.mac(&format!("ar:{id}")),
                Durability::Flushed,
                |x| match x {
                    Some(_) => (Change::Delete, true),
                    None => (Change::Keep, false),
                },
            )
            .await?;
        if !existed {
            return Err(OidcError::NotFound);
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
                &self.keys.mac(&format!("code:{code}")),
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
    pub async fn cancel_sign_in(&self, id: &str) -> Result<SignInDone, OidcError> {
        let r = self.authz_request(id).await?;
        self.store
            .update::<AuthzRequest, (), _>(
                Table::OidcRequests,
                &self.keys.mac(&format!("ar:{id}")),
                Durability::Flushed,
                |_| (Change::Delete, ()),
            )
            .await?;
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
    pub async fn sign_out(
        &self,
        me: Option<&Authenticated>,
        input: &SignOutInput,
        l: Locale,
    ) -> Result<SignOutDone, OidcError> {
        let hint: Option<IdClaims> = match &input.id_token_hint {
            Some(t) => Some(
                self.verify("JWT", t)
                    .await
                    .ok_or(OidcError::InvalidRequest(
                        "id_token_hint was not issued by this provider",
                    ))?,
            ),
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
            if let Some(c) = &client_id {
                for g in self.grants_of(&me.session.account).await? {
                    if &g.client_id == c {
                        self.revoke_grant(&g.id, "logout").await?;
                    }
                }
            }
            self.logout(me, self.clock.now()).await.map_err(|_| {
                OidcError::Store(StoreError::Backend("the session was not ended".into()))
            })?;
        }
        Ok(SignOutDone {
            redirect,
            application_name: client.map(|(a, _)| a.name.get(l).to_string()),
        })
    }
}
