//! The OpenID Connect provider's endpoints (issue 14), outside `/api/v1` because
//! relying parties find them by discovery, not by this API's conventions: form bodies,
//! OAuth error bodies (`{"error", "error_description"}`), `Cache-Control: no-store` on
//! every token answer. And the SPA's side of a sign-in under `/api/v1`: the request it
//! shows, the code it asks for, RP-initiated logout, the person's signed-in
//! applications and the help desk's clients.
use super::error::ApiError;
use super::extractors::{session_token, Authed, HelpDesk, Lang};
use super::AppState;
use crate::domain::oidc::{AuthorizeFailure, AuthorizeParams, ClientAuth, OidcError, TokenForm};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use base64::Engine;
use serde_json::json;
use shared::api::oidc::{
    ClientView, NewSecret, Revoked, SignInDone, SignInView, SignOutDone, SignOutInput, SignedInApp,
};

/// An OAuth error answer (RFC 6749 section 5.2), never cached.
fn oauth_error(e: OidcError) -> Response {
    let status = match &e {
        OidcError::InvalidClient => StatusCode::UNAUTHORIZED,
        OidcError::InvalidToken => StatusCode::UNAUTHORIZED,
        OidcError::UnauthorizedClient => StatusCode::BAD_REQUEST,
        OidcError::Store(crate::store::StoreError::Unavailable(err)) => {
            tracing::warn!(error = %err, "the database is unavailable at an OAuth endpoint");
            StatusCode::SERVICE_UNAVAILABLE
        }
        OidcError::Store(err) => {
            tracing::error!(error = %err, "store failure at an OAuth endpoint");
            StatusCode::INTERNAL_SERVER_ERROR
        }
        _ => StatusCode::BAD_REQUEST,
    };
    let mut r = (
        status,
        Json(json!({"error": e.code(), "error_description": e.description()})),
    )
        .into_response();
    no_store(&mut r);
    match e {
        OidcError::InvalidClient => {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"umbral\""),
            );
        }
        OidcError::InvalidToken => {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer error=\"invalid_token\""),
            );
        }
        OidcError::Store(crate::store::StoreError::Unavailable(_)) => {
            r.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(super::error::UNAVAILABLE_RETRY_SECS),
            );
        }
        _ => {}
    }
    r
}

fn no_store(r: &mut Response) {
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r.headers_mut()
        .insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
}

fn json_no_store<T: serde::Serialize>(v: &T) -> Response {
    let mut r = Json(v).into_response();
    no_store(&mut r);
    r
}

/// `application/x-www-form-urlencoded` into `T`; a parameter given twice is refused
/// (RFC 6749 section 3.2).
fn form<T: serde::de::DeserializeOwned>(headers: &HeaderMap, body: &[u8]) -> Result<T, OidcError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .eq_ignore_ascii_case("application/x-www-form-urlencoded")
    {
        return Err(OidcError::InvalidRequest(
            "the body must be application/x-www-form-urlencoded",
        ));
    }
    serde_urlencoded::from_bytes(body)
        .map_err(|_| OidcError::InvalidRequest("malformed or repeated parameters"))
}

/// `%XX` and `+` decoding (the client credentials of HTTP Basic are form-encoded,
/// RFC 6749 section 2.3.1).
fn form_decode(s: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("v={s}"))
        .ok()?
        .pop()
        .map(|(_, v)| v)
}

/// The client's credentials from `Authorization: Basic` or the form.
fn client_auth(headers: &HeaderMap, f: &TokenForm) -> Result<ClientAuth, OidcError> {
    let basic = match headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        Some(v) => {
            let (scheme, rest) = v.split_once(' ').ok_or(OidcError::InvalidClient)?;
            if !scheme.eq_ignore_ascii_case("basic") {
                return Err(OidcError::InvalidClient);
            }
            let raw = base64::engine::general_purpose::STANDARD
                .decode(rest.trim())
                .map_err(|_| OidcError::InvalidClient)?;
            let raw = String::from_utf8(raw).map_err(|_| OidcError::InvalidClient)?;
            let (id, secret) = raw.split_once(':').ok_or(OidcError::InvalidClient)?;
            Some((
                form_decode(id).ok_or(OidcError::InvalidClient)?,
                form_decode(secret).ok_or(OidcError::InvalidClient)?,
            ))
        }
        None => None,
    };
    Ok(match basic {
        Some((id, secret)) => ClientAuth {
            both: f.client_secret.is_some() || f.client_id.as_ref().is_some_and(|c| *c != id),
            client_id: Some(id),
            secret: Some(secret),
        },
        None => ClientAuth {
            client_id: f.client_id.clone(),
            secret: f.client_secret.clone(),
            both: false,
        },
    })
}

/// `GET /.well-known/openid-configuration` (OpenID Connect Discovery 1.0).
async fn discovery(State(st): State<AppState>) -> Response {
    let iss = st.issuer();
    Json(json!({
        "issuer": iss,
        "authorization_endpoint": format!("{iss}/oauth2/authorize"),
        "token_endpoint": format!("{iss}/oauth2/token"),
        "userinfo_endpoint": format!("{iss}/oauth2/userinfo"),
        "jwks_uri": format!("{iss}/oauth2/jwks"),
        "revocation_endpoint": format!("{iss}/oauth2/revoke"),
        "introspection_endpoint": format!("{iss}/oauth2/introspect"),
        "end_session_endpoint": format!("{iss}/oauth2/logout"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["ES256"],
        "scopes_supported": crate::domain::applications::SCOPES,
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "revocation_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "introspection_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "amr", "acr", "azp", "sid",
            "name", "given_name", "family_name", "locale", "email", "email_verified", "umbral_roles", "roles"],
        "acr_values_supported": [crate::domain::oidc::ACR],
        "prompt_values_supported": ["login", "consent"],
        "authorization_response_iss_parameter_supported": true,
        "request_parameter_supported": false,
        "request_uri_parameter_supported": false,
        "claims_parameter_supported": false,
        "ui_locales_supported": ["en", "es"],
    }))
    .into_response()
}

async fn jwks(State(st): State<AppState>) -> Response {
    match st.jwks(st.clock.now()).await {
        Ok(k) => {
            let mut r = Json(k).into_response();
            r.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            );
            r
        }
        Err(e) => oauth_error(OidcError::Store(e)),
    }
}

/// `GET` or `POST /oauth2/authorize`: to the SPA's `/sign-in?request=…`, or back to the
/// client with an error, or (client or redirect URI not trusted) to the SPA's
/// `/sign-in?error=…`.
async fn authorize(
    State(st): State<AppState>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params: Result<AuthorizeParams, _> = if body.is_empty() {
        serde_urlencoded::from_str(q.as_deref().unwrap_or(""))
    } else {
        match form::<AuthorizeParams>(&headers, &body) {
            Ok(p) => Ok(p),
            Err(_) => return Redirect::to("/sign-in?error=malformed").into_response(),
        }
    };
    let Ok(params) = params else {
        return Redirect::to("/sign-in?error=malformed").into_response();
    };
    match st.authorize(params, st.clock.now()).await {
        Ok(id) => Redirect::to(&format!("/sign-in?request={id}")).into_response(),
        Err(AuthorizeFailure::Show(code)) => {
            Redirect::to(&format!("/sign-in?error={code}")).into_response()
        }
        Err(AuthorizeFailure::Redirect(uri)) => Redirect::to(&uri).into_response(),
    }
}

async fn token(State(st): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let r = async {
        let f: TokenForm = form(&headers, &body)?;
        let auth = client_auth(&headers, &f)?;
        st.token(&auth, &f, st.clock.now()).await
    }
    .await;
    match r {
        Ok(t) => json_no_store(&t),
        Err(e) => oauth_error(e),
    }
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, t) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| t.trim().to_string())
}

async fn userinfo(State(st): State<AppState>, headers: HeaderMap) -> Response {
    let r = match bearer(&headers) {
        Some(t) => st.userinfo(&t, st.clock.now()).await,
        None => Err(OidcError::InvalidToken),
    };
    match r {
        Ok(v) => json_no_store(&v),
        Err(e) => oauth_error(e),
    }
}

async fn revoke(State(st): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let r = async {
        let f: TokenForm = form(&headers, &body)?;
        let auth = client_auth(&headers, &f)?;
        st.revoke_token(&auth, &f, st.clock.now()).await
    }
    .await;
    match r {
        Ok(()) => {
            let mut r = StatusCode::OK.into_response();
            no_store(&mut r);
            r
        }
        Err(e) => oauth_error(e),
    }
}

async fn introspect(State(st): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let r = async {
        let f = form::<TokenForm>(&headers, &body)?;
        let auth = client_auth(&headers, &f)?;
        st.introspect(&auth, &f, st.clock.now()).await
    }
    .await;
    match r {
        Ok(i) => json_no_store(&i),
        Err(e) => oauth_error(e),
    }
}

/// `GET /oauth2/logout`: to the SPA's `/sign-out` with the same query; the SPA, which
/// holds the session cookie, asks `POST /api/v1/sign-out`.
async fn logout(RawQuery(q): RawQuery) -> Response {
    match q {
        Some(q) if !q.is_empty() => Redirect::to(&format!("/sign-out?{q}")).into_response(),
        _ => Redirect::to("/sign-out").into_response(),
    }
}

/// The provider's own endpoints, at the root.
pub fn provider() -> Router<AppState> {
    Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/oauth2/jwks", get(jwks))
        .route("/oauth2/authorize", get(authorize).post(authorize))
        .route("/oauth2/token", post(token))
        .route("/oauth2/userinfo", get(userinfo).post(userinfo))
        .route("/oauth2/revoke", post(revoke))
        .route("/oauth2/introspect", post(introspect))
        .route("/oauth2/logout", get(logout))
        .layer(DefaultBodyLimit::max(super::BODY_LIMIT))
}

// ---- The SPA's side, under /api/v1 ----

#[utoipa::path(
    get,
    path = "/api/v1/sign-in/{request}",
    tag = "sign-in",
    params(("request" = String, Path, description = "The authorization request's ID from `/sign-in?request=`")),
    responses(
        (status = 200, description = "The application asking, in the request's language", body = SignInView),
        crate::http::error::Errors
    )
)]
async fn sign_in_view(
    State(st): State<AppState>,
    Lang(l): Lang,
    Path(request): Path<String>,
) -> Result<Json<SignInView>, ApiError> {
    Ok(Json(st.sign_in_view(&request, l, st.clock.now()).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/sign-in/{request}",
    tag = "sign-in",
    params(("request" = String, Path, description = "The authorization request's ID")),
    responses(
        (status = 200, description = "Where the browser goes: the application's redirect URI with `code`, `state` and `iss`", body = SignInDone),
        crate::http::error::Errors
    )
)]
async fn sign_in(
    State(st): State<AppState>,
    Authed(me): Authed,
    Path(request): Path<String>,
) -> Result<Json<SignInDone>, ApiError> {
    Ok(Json(
        st.complete_sign_in(&me, &request, st.clock.now()).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/sign-in/{request}/cancel",
    tag = "sign-in",
    params(("request" = String, Path, description = "The authorization request's ID")),
    responses(
        (status = 200, description = "Back to the application with `error=access_denied`", body = SignInDone),
        crate::http::error::Errors
    )
)]
async fn sign_in_cancel(
    State(st): State<AppState>,
    Path(request): Path<String>,
) -> Result<Json<SignInDone>, ApiError> {
    Ok(Json(st.cancel_sign_in(&request, st.clock.now()).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/sign-out",
    tag = "sign-in",
    request_body = SignOutInput,
    responses(
        (status = 200, description = "The session (if any) ended and the application's grants revoked; where to go back to, if registered", body = SignOutDone),
        crate::http::error::Errors
    )
)]
async fn sign_out(
    State(st): State<AppState>,
    Lang(l): Lang,
    headers: HeaderMap,
    super::extractors::ApiJson(input): super::extractors::ApiJson<SignOutInput>,
) -> Result<Json<SignOutDone>, ApiError> {
    let me = match session_token(&headers, st.policy.insecure_http) {
        Some(t) => st.authenticate(&t, st.clock.now()).await.ok(),
        None => None,
    };
    Ok(Json(
        st.sign_out(me.as_ref(), &input, l, st.clock.now()).await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/me/applications",
    tag = "sign-in",
    responses(
        (status = 200, description = "The applications this person is signed in to", body = Vec<SignedInApp>),
        crate::http::error::Errors
    )
)]
async fn my_apps(
    State(st): State<AppState>,
    Lang(l): Lang,
    Authed(me): Authed,
) -> Result<Json<Vec<SignedInApp>>, ApiError> {
    let grants = st
        .grants_of(&me.session.account, st.clock.now())
        .await
        .map_err(|e| ApiError::from(OidcError::Store(e)))?;
    Ok(Json(
        grants
            .into_iter()
            .map(|g| SignedInApp {
                application_name: st
                    .apps
                    .client(&g.client_id)
                    .map(|(a, _)| a.name.get(l).to_string())
                    .unwrap_or_else(|| g.client_id.clone()),
                signed_in: crate::domain::licences::et_seconds(g.created_at),
                last_used: crate::domain::licences::et_seconds(g.last_used),
                grant: g.id,
                client_id: g.client_id,
            })
            .collect(),
    ))
}

#[utoipa::path(
    delete,
    path = "/api/v1/me/applications/{grant}",
    tag = "sign-in",
    params(("grant" = String, Path, description = "The grant, from `GET /me/applications`")),
    responses(
        (status = 204, description = "Signed out of that application: its refresh and access tokens stop working"),
        crate::http::error::Errors
    )
)]
async fn sign_out_of(
    State(st): State<AppState>,
    Authed(me): Authed,
    Path(grant): Path<String>,
) -> Result<StatusCode, ApiError> {
    let mine = st
        .grants_of(&me.session.account, st.clock.now())
        .await
        .map_err(|e| ApiError::from(OidcError::Store(e)))?
        .into_iter()
        .any(|g| g.id == grant);
    if !mine {
        return Err(OidcError::NotFound.into());
    }
    st.revoke_grant(&grant, "signed out by the person", st.clock.now())
        .await
        .map_err(|e| ApiError::from(OidcError::Store(e)))?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/oidc-clients",
    tag = "help-desk",
    responses(
        (status = 200, description = "Every application's OpenID Connect clients", body = Vec<ClientView>),
        crate::http::error::Errors
    )
)]
async fn clients(
    State(st): State<AppState>,
    Lang(l): Lang,
    HelpDesk(_): HelpDesk,
) -> Result<Json<Vec<ClientView>>, ApiError> {
    let mut v = vec![];
    for a in &st.apps.apps {
        for c in &a.clients {
            v.push(ClientView {
                client_id: c.client_id.clone(),
                application: a.id.clone(),
                application_name: a.name.get(l).to_string(),
                confidential: c.confidential,
                redirect_uris: c.redirect_uris.clone(),
                scopes: c.scopes.clone(),
                require_role: c.require_role,
                has_secret: c.confidential && st.client_has_secret(c).await,
                secret_set: st
                    .client_secret_set(&c.client_id)
                    .await
                    .map_err(|e| ApiError::from(OidcError::Store(e)))?
                    .map(|s| crate::domain::licences::et_seconds(s.set_at)),
            });
        }
    }
    Ok(Json(v))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/oidc-clients/{client}/secret",
    tag = "help-desk",
    params(("client" = String, Path, description = "A confidential client's ID")),
    responses(
        (status = 200, description = "The new secret, shown once (only its SHA-256 is kept); the old one stops working", body = NewSecret),
        crate::http::error::Errors
    )
)]
async fn rotate_secret(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
    Path(client): Path<String>,
) -> Result<Response, ApiError> {
    let secret = st
        .rotate_client_secret(&client, &me.session.account, st.clock.now())
        .await?;
    Ok(json_no_store(&NewSecret {
        client_id: client,
        secret,
    }))
}

#[utoipa::path(
    delete,
    path = "/api/v1/admin/accounts/{user_id}/sign-ins",
    tag = "help-desk",
    params(("user_id" = String, Path, description = "The account")),
    responses(
        (status = 200, description = "Signed out of every application", body = Revoked),
        crate::http::error::Errors
    )
)]
async fn revoke_all(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
    Path(user_id): Path<String>,
) -> Result<Json<Revoked>, ApiError> {
    let revoked = st
        .sign_out_everywhere(&me, &user_id, st.clock.now())
        .await?;
    Ok(Json(Revoked { revoked }))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sign-in/{request}", get(sign_in_view).post(sign_in))
        .route("/sign-in/{request}/cancel", post(sign_in_cancel))
        .route("/sign-out", post(sign_out))
        .route("/me/applications", get(my_apps))
        .route("/me/applications/{grant}", delete(sign_out_of))
        .route("/admin/oidc-clients", get(clients))
        .route("/admin/oidc-clients/{client}/secret", post(rotate_secret))
        .route("/admin/accounts/{user_id}/sign-ins", delete(revoke_all))
}

/// The operations of this file, for `openapi.rs`.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    sign_in_view,
    sign_in,
    sign_in_cancel,
    sign_out,
    my_apps,
    sign_out_of,
    clients,
    rotate_secret,
    revoke_all
))]
pub struct Api;
