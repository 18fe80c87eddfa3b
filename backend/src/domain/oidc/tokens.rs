//! The token endpoint (code exchange and refresh rotation), userinfo, revocation
//! (RFC 7009) and introspection (RFC 7662), and client authentication.
use super::*;
use crate::crypto::secrets;
use crate::store::{AuthzCode, ClientSecret, RefreshToken};
use sha2::{Digest, Sha256};

/// The form of `POST /oauth2/token` (RFC 6749 sections 4.1.3 and 6).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct TokenForm {
    pub grant_type: Option<String>,
    pub code: Option<String>,
    pub redirect_uri: Option<String>,
    pub code_verifier: Option<String>,
    pub refresh_token: Option<String>,
    pub scope: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    /// Revocation and introspection.
    pub token: Option<String>,
    pub token_type_hint: Option<String>,
}

/// Who the client says it is: from `Authorization: Basic` (`client_secret_basic`) or
/// the form (`client_secret_post`, or a public client's `client_id` alone).
#[derive(Clone, Debug, Default)]
pub struct ClientAuth {
    pub client_id: Option<String>,
    pub secret: Option<String>,
    /// Both ways at once, which RFC 6749 section 2.3 forbids.
    pub both: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: u64,
    pub refresh_token: String,
    pub id_token: String,
    pub scope: String,
}

/// RFC 7662 section 2.2.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Introspection {
    pub active: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
}

fn sha256_hex(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn eq_ct(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// RFC 7636 section 4.1: 43 to 128 unreserved characters.
fn verifier_ok(v: &str) -> bool {
    (43..=128).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// S256: BASE64URL(SHA256(verifier)) (RFC 7636 section 4.6).
pub fn s256(verifier: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

impl Umbral {
    /// The client's secret hash: the help desk's, else the catalogue's.
    async fn secret_hash(&self, c: &OidcClient) -> Result<Option<String>, StoreError> {
        Ok(self
            .store
            .get::<ClientSecret>(Table::OidcSecrets, &c.client_id)
            .await?
            .map(|s| s.sha256)
            .or_else(|| c.secret_sha256.clone()))
    }

    /// Authenticates the client of a token, revocation or introspection request. A
    /// confidential client must present its secret; a public one must not present one.
    pub(crate) async fn authenticate_client(
        &self,
        auth: &ClientAuth,
    ) -> Result<(&App, &OidcClient), OidcError> {
        if auth.both {
            return Err(OidcError::InvalidRequest(
                "use one client authentication method",
            ));
        }
        let id = auth.client_id.as_deref().ok_or(OidcError::InvalidClient)?;
        let (app, c) = self.client(id)?;
        match (c.confidential, &auth.secret) {
            (true, Some(secret)) => {
                let stored = self.secret_hash(c).await?.ok_or(OidcError::InvalidClient)?;
                if !eq_ct(sha256_hex(secret).as_bytes(), stored.as_bytes()) {
                    return Err(OidcError::InvalidClient);
                }
            }
            (false, None) => {}
            _ => return Err(OidcError::InvalidClient),
        }
        Ok((app, c))
    }

    /// `POST /oauth2/token`.
    pub async fn token(
        &self,
        auth: &ClientAuth,
        f: &TokenForm,
        now: u64,
    ) -> Result<TokenResponse, OidcError> {
        let (app, client) = self.authenticate_client(auth).await?;
        match f.grant_type.as_deref() {
            Some("authorization_code") => self.exchange_code(app, client, f, now).await,
            Some("refresh_token") => self.refresh(app, client, f, now).await,
            Some(_) => Err(OidcError::UnsupportedGrantType),
            None => Err(OidcError::InvalidRequest("grant_type is required")),
        }
    }

    async fn exchange_code(
        &self,
        app: &App,
        client: &OidcClient,
        f: &TokenForm,
        now: u64,
    ) -> Result<TokenResponse, OidcError> {
        let code = f
            .code
            .as_deref()
            .ok_or(OidcError::InvalidRequest("code is required"))?;
        enum Found {
            Fresh(Box<AuthzCode>),
            Used(String),
            Expired,
            Unknown,
        }
        // Used up in the same atomic step that reads it: of two exchanges, one wins.
        let found = self
            .store
            .update::<AuthzCode, Found, _>(
                Table::OidcCodes,
                &crate::store::index::oidc_code(&self.keys, code),
                Durability::Flushed,
                |c| match c {
                    None => (Change::Keep, Found::Unknown),
                    Some(c) if c.used => (Change::Keep, Found::Used(c.grant)),
                    Some(c) if now >= c.expires_at => (Change::Delete, Found::Expired),
                    Some(mut c) => {
                        c.used = true;
                        (Change::Put(c.clone()), Found::Fresh(Box::new(c)))
                    }
                },
            )
            .await?;
        let c = match found {
            Found::Fresh(c) => *c,
            Found::Used(grant) => {
                // A second use: whatever the first one obtained is revoked (RFC 6749
                // section 4.1.2, RFC 9700 section 4.5).
                self.revoke_grant(&grant, "code reused", now).await?;
                return Err(OidcError::InvalidGrant("the code was already used"));
            }
            Found::Expired => return Err(OidcError::InvalidGrant("the code has expired")),
            Found::Unknown => return Err(OidcError::InvalidGrant("unknown code")),
        };
        if c.request.client_id != client.client_id {
            return Err(OidcError::InvalidGrant(
                "the code was issued to another client",
            ));
        }
        if f.redirect_uri.as_deref() != Some(c.request.redirect_uri.as_str()) {
            return Err(OidcError::InvalidGrant(
                "redirect_uri differs from the request's",
            ));
        }
        let verifier = f
            .code_verifier
            .as_deref()
            .ok_or(OidcError::InvalidGrant("code_verifier is required"))?;
        if !verifier_ok(verifier)
            || !eq_ct(
                s256(verifier).as_bytes(),
                c.request.code_challenge.as_bytes(),
            )
        {
            return Err(OidcError::InvalidGrant("the code_verifier does not match"));
        }
        let a = self
            .store
            .account(&c.account)
            .await?
            .ok_or(OidcError::InvalidGrant("no such account"))?;
        match self.may_sign_in(&a, app, client, now).await {
            Err(OidcError::NoRole) => {
                return Err(OidcError::InvalidGrant("no live role of this application"))
            }
            r => r?,
        }
        let g = OidcGrant {
            id: c.grant.clone(),
            client_id: client.client_id.clone(),
            account: c.account.clone(),
            scope: c.request.scope.clone(),
            auth_time: c.auth_time,
            amr: c.amr.clone(),
            generation: a.session_generation,
            created_at: now,
            last_used: now,
            revoked: false,
            // A sign-in lasts as long as an Umbral session may (12 hours by default).
            expires_at: c.auth_time + self.policy.session_max_secs,
        };
        self.store.insert_new(Table::OidcGrants, &g.id, &g).await?;
        self.store
            .update::<(), (), _>(
                Table::Index,
                &index::oidc_grant(&g.account, &g.id),
                Durability::Flushed,
                |_| (Change::Put(()), ()),
            )
            .await?;
        self.audit(
            &g.account,
            "oidc_signed_in",
            Some(client.client_id.clone()),
            now,
        )
        .await?;
        self.issue(app, &a, &g, c.request.nonce.clone(), now).await
    }

    async fn refresh(
        &self,
        app: &App,
        client: &OidcClient,
        f: &TokenForm,
        now: u64,
    ) -> Result<TokenResponse, OidcError> {
        let token = f
            .refresh_token
            .as_deref()
            .ok_or(OidcError::InvalidRequest("refresh_token is required"))?;
        enum Found {
            Fresh(String),
            Used(String),
            Gone,
        }
        let found = self
            .store
            .update::<RefreshToken, Found, _>(
                Table::OidcRefresh,
                &crate::store::index::refresh_token(&self.keys, token),
                Durability::Flushed,
                |t| match t {
                    None => (Change::Keep, Found::Gone),
                    Some(t) if t.used => (Change::Keep, Found::Used(t.grant)),
                    Some(t) if now >= t.expires_at => (Change::Delete, Found::Gone),
                    Some(mut t) => {
                        t.used = true;
                        (Change::Put(t.clone()), Found::Fresh(t.grant))
                    }
                },
            )
            .await?;
        let grant = match found {
            Found::Fresh(g) => g,
            Found::Used(g) => {
                // Replayed: either the client or a thief has the newer one; end both.
                self.revoke_grant(&g, "refresh token reused", now).await?;
                return Err(OidcError::InvalidGrant(
                    "the refresh token was already used",
                ));
            }
            Found::Gone => return Err(OidcError::InvalidGrant("unknown or expired refresh token")),
        };
        let g = self
            .store
            .get::<OidcGrant>(Table::OidcGrants, &grant)
            .await?
            .ok_or(OidcError::InvalidGrant("unknown grant"))?;
        if g.client_id != client.client_id {
            return Err(OidcError::InvalidGrant(
                "the token was issued to another client",
            ));
        }
        if !self.grant_live(&g, now).await {
            return Err(OidcError::InvalidGrant("the sign-in has ended"));
        }
        if let Some(s) = &f.scope {
            if s.split(' ')
                .filter(|x| !x.is_empty())
                .any(|x| !g.scope.iter().any(|y| y == x))
            {
                return Err(OidcError::InvalidScope);
            }
        }
        let a = self
            .store
            .account(&g.account)
            .await?
            .ok_or(OidcError::InvalidGrant("no such account"))?;
        // The role is checked at every refresh: one that expired or was removed ends the
        // sign-in, as does a lock.
        if let Err(e) = self.may_sign_in(&a, app, client, now).await {
            self.revoke_grant(&g.id, "no longer allowed", now).await?;
            return Err(match e {
                OidcError::NoRole => OidcError::InvalidGrant("no live role of this application"),
                e => e,
            });
        }
        self.store
            .update::<OidcGrant, (), _>(Table::OidcGrants, &g.id, Durability::Buffered, |x| match x
            {
                Some(mut x) => {
                    x.last_used = now;
                    (Change::Put(x), ())
                }
                None => (Change::Keep, ()),
            })
            .await?;
        self.issue(app, &a, &g, None, now).await
    }

    /// A new access token, ID token and refresh token for a grant.
    async fn issue(
        &self,
        app: &App,
        a: &Account,
        g: &OidcGrant,
        nonce: Option<String>,
        now: u64,
    ) -> Result<TokenResponse, OidcError> {
        let refresh = secrets::token();
        self.store
            .insert_new(
                Table::OidcRefresh,
                &crate::store::index::refresh_token(&self.keys, &refresh),
                &RefreshToken {
                    grant: g.id.clone(),
                    used: false,
                    expires_at: g.expires_at,
                },
            )
            .await?;
        let sub = self.subject(&g.account);
        let scope = g.scope.join(" ");
        let access = self
            .sign(
                "at+jwt",
                &AccessClaims {
                    iss: self.issuer(),
                    sub: sub.clone(),
                    aud: g.client_id.clone(),
                    client_id: g.client_id.clone(),
                    exp: now + TOKEN_TTL_SECS,
                    iat: now,
                    jti: secrets::id(),
                    scope: scope.clone(),
                    sid: g.id.clone(),
                },
                now,
            )
            .await?;
        let id = self
            .sign(
                "JWT",
                &IdClaims {
                    iss: self.issuer(),
                    sub,
                    aud: g.client_id.clone(),
                    exp: now + TOKEN_TTL_SECS,
                    iat: now,
                    auth_time: g.auth_time,
                    nonce,
                    amr: g.amr.clone(),
                    acr: ACR.into(),
                    azp: g.client_id.clone(),
                    sid: g.id.clone(),
                    person: self.person_claims(a, app, &g.scope, now).await,
                },
                now,
            )
            .await?;
        Ok(TokenResponse {
            access_token: access,
            token_type: "Bearer".into(),
            expires_in: TOKEN_TTL_SECS,
            refresh_token: refresh,
            id_token: id,
            scope,
        })
    }

    /// An access token this provider issued, not expired at `now`, whose grant is live.
    async fn access(&self, token: &str, now: u64) -> Option<(AccessClaims, OidcGrant)> {
        let c: AccessClaims = self.verify("at+jwt", token, now).await?;
        if now >= c.exp {
            return None;
        }
        let g = self
            .store
            .get::<OidcGrant>(Table::OidcGrants, &c.sid)
            .await
            .ok()??;
        (g.client_id == c.aud && self.grant_live(&g, now).await).then_some((c, g))
    }

    /// `GET /oauth2/userinfo` with a bearer access token.
    pub async fn userinfo(&self, token: &str, now: u64) -> Result<serde_json::Value, OidcError> {
        let (c, g) = self
            .access(token, now)
            .await
            .ok_or(OidcError::InvalidToken)?;
        let (app, _) = self.client(&g.client_id)?;
        let a = self
            .store
            .account(&g.account)
            .await?
            .ok_or(OidcError::InvalidToken)?;
        let mut v = serde_json::to_value(self.person_claims(&a, app, &g.scope, now).await)
            .map_err(|e| StoreError::Backend(e.to_string()))?;
        v["sub"] = serde_json::Value::String(c.sub);
        Ok(v)
    }

    /// `POST /oauth2/revoke` (RFC 7009): a refresh token or an access token of this
    /// client ends its whole grant. Unknown tokens are not an error (section 2.2).
    pub async fn revoke_token(
        &self,
        auth: &ClientAuth,
        f: &TokenForm,
        now: u64,
    ) -> Result<(), OidcError> {
        let (_, client) = self.authenticate_client(auth).await?;
        let token = f
            .token
            .as_deref()
            .ok_or(OidcError::InvalidRequest("token is required"))?;
        let grant = match self
            .store
            .get::<RefreshToken>(
                Table::OidcRefresh,
                &crate::store::index::refresh_token(&self.keys, token),
            )
            .await?
        {
            Some(t) => Some(t.grant),
            None => self
                .verify::<AccessClaims>("at+jwt", token, now)
                .await
                .map(|c| c.sid),
        };
        if let Some(grant) = grant {
            if let Some(g) = self
                .store
                .get::<OidcGrant>(Table::OidcGrants, &grant)
                .await?
            {
                // RFC 7009 section 2.1: a token issued to another client is refused
                // with an error (Keycloak answers the same), never a silent 200; an
                // unknown or expired token is still a 200 (section 2.2).
                if g.client_id != client.client_id {
                    return Err(OidcError::UnauthorizedClient);
                }
                self.revoke_grant(&g.id, "revoked by the application", now)
                    .await?;
            }
        }
        Ok(())
    }

    /// `POST /oauth2/introspect` (RFC 7662), for confidential clients: whether a token
    /// of theirs is live.
    pub async fn introspect(
        &self,
        auth: &ClientAuth,
        f: &TokenForm,
        now: u64,
    ) -> Result<Introspection, OidcError> {
        let (_, client) = self.authenticate_client(auth).await?;
        if !client.confidential {
            return Err(OidcError::UnauthorizedClient);
        }
        let token = f
            .token
            .as_deref()
            .ok_or(OidcError::InvalidRequest("token is required"))?;
        if let Some(t) = self
            .store
            .get::<RefreshToken>(
                Table::OidcRefresh,
                &crate::store::index::refresh_token(&self.keys, token),
            )
            .await?
        {
            if let Some(g) = self
                .store
                .get::<OidcGrant>(Table::OidcGrants, &t.grant)
                .await?
            {
                if !t.used
                    && now < t.expires_at
                    && g.client_id == client.client_id
                    && self.grant_live(&g, now).await
                {
                    return Ok(Introspection {
                        active: true,
                        client_id: Some(g.client_id.clone()),
                        sub: Some(self.subject(&g.account)),
                        scope: Some(g.scope.join(" ")),
                        exp: Some(t.expires_at),
                        iat: Some(g.created_at),
                        token_type: Some("refresh_token".into()),
                        iss: Some(self.issuer()),
                    });
                }
            }
            return Ok(Introspection::default());
        }
        match self.access(token, now).await {
            Some((c, _)) if c.aud == client.client_id => Ok(Introspection {
                active: true,
                client_id: Some(c.client_id),
                sub: Some(c.sub),
                scope: Some(c.scope),
                exp: Some(c.exp),
                iat: Some(c.iat),
                token_type: Some("access_token".into()),
                iss: Some(c.iss),
            }),
            _ => Ok(Introspection::default()),
        }
    }

    /// The help desk sets a new secret for a confidential client: 256 random bits, shown
    /// once, kept as its SHA-256.
    pub async fn rotate_client_secret(
        &self,
        client_id: &str,
        by: &str,
        now: u64,
    ) -> Result<String, OidcError> {
        let (_, c) = self.apps.client(client_id).ok_or(OidcError::NotFound)?;
        if !c.confidential {
            return Err(OidcError::InvalidRequest("a public client has no secret"));
        }
        let secret = secrets::token();
        let rec = ClientSecret {
            sha256: sha256_hex(&secret),
            set_at: now,
            set_by: by.to_string(),
        };
        self.store
            .update::<ClientSecret, (), _>(
                Table::OidcSecrets,
                client_id,
                Durability::Flushed,
                |_| (Change::Put(rec.clone()), ()),
            )
            .await?;
        self.audit(by, "oidc_secret_set", Some(client_id.to_string()), now)
            .await?;
        Ok(secret)
    }

    /// When the help desk last set a client's secret.
    pub async fn client_secret_set(
        &self,
        client_id: &str,
    ) -> Result<Option<ClientSecret>, StoreError> {
        self.store.get(Table::OidcSecrets, client_id).await
    }

    /// Whether a client has a secret to check (confidential clients without one can
    /// authenticate nowhere until the help desk sets it).
    pub async fn client_has_secret(&self, c: &OidcClient) -> bool {
        self.secret_hash(c).await.ok().flatten().is_some()
    }
}
