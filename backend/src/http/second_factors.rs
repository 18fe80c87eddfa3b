//! Routes of the second factors beyond a passcode and of the new-password check (issue
//! 27): a recovery code at the passcode step and a new set from the profile; a passkey at
//! the passcode step and a new one from the profile; `POST /password-checks`. The rules
//! are `domain::auth::{recovery_codes, passkeys, common_password}`.
use super::auth::logged_in;
use super::error::ApiResult;
use super::extractors::{ApiJson, Authed};
use super::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use axum::{Json, Router};
use shared::api::auth::*;

#[utoipa::path(
    post,
    path = "/api/v1/sessions/{c}/recovery-code",
    tag = "login",
    request_body = RecoveryCodeInput,
    params(("c" = String, Path, description = "The login challenge from `POST /sessions`.")),
    responses(
        (status = 200, description = "OK: the session opens and the code is used up", body = Profile),
        crate::http::error::Errors
    )
)]
async fn recovery_code(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(c): Path<String>,
    ApiJson(req): ApiJson<RecoveryCodeInput>,
) -> ApiResult<Response> {
    let opened = st.recovery_code_login(&c, req, st.clock.now()).await?;
    Ok(logged_in(&st, &headers, opened).await)
}

#[utoipa::path(
    post,
    path = "/api/v1/sessions/{c}/passkey-challenge",
    tag = "login",
    params(("c" = String, Path, description = "The login challenge from `POST /sessions`.")),
    responses(
        (status = 200, description = "Options for `navigator.credentials.get`", body = WebAuthnOptions),
        crate::http::error::Errors
    )
)]
async fn passkey_challenge(
    State(st): State<AppState>,
    Path(c): Path<String>,
) -> ApiResult<Json<WebAuthnOptions>> {
    Ok(Json(st.passkey_challenge(&c, st.clock.now()).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/sessions/{c}/passkey",
    tag = "login",
    request_body = PasskeyAssertion,
    params(("c" = String, Path, description = "The login challenge from `POST /sessions`.")),
    responses(
        (status = 200, description = "OK: the session opens", body = Profile),
        crate::http::error::Errors
    )
)]
async fn passkey_login(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(c): Path<String>,
    ApiJson(req): ApiJson<PasskeyAssertion>,
) -> ApiResult<Response> {
    let opened = st.passkey_login(&c, req, st.clock.now()).await?;
    Ok(logged_in(&st, &headers, opened).await)
}

#[utoipa::path(
    post,
    path = "/api/v1/me/passkeys",
    tag = "devices",
    responses(
        (status = 200, description = "Options for `navigator.credentials.create` (five minutes)", body = WebAuthnOptions),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn start_passkey(
    State(st): State<AppState>,
    Authed(me): Authed,
) -> ApiResult<Json<WebAuthnOptions>> {
    Ok(Json(st.start_passkey(&me, st.clock.now()).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/me/passkeys/verification",
    tag = "devices",
    request_body = NewPasskey,
    responses(
        (status = 201, description = "Created: the passkey is an active device", body = DeviceView),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn finish_passkey(
    State(st): State<AppState>,
    Authed(me): Authed,
    ApiJson(req): ApiJson<NewPasskey>,
) -> ApiResult<(StatusCode, Json<DeviceView>)> {
    let d = st.finish_passkey(&me, req, st.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(d)))
}

#[utoipa::path(
    post,
    path = "/api/v1/me/recovery-codes",
    tag = "devices",
    responses(
        (status = 201, description = "Created: shown this once; the set before stops working", body = RecoveryCodes),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn make_recovery_codes(
    State(st): State<AppState>,
    Authed(me): Authed,
) -> ApiResult<(StatusCode, Json<RecoveryCodes>)> {
    let set = st.make_recovery_codes(&me, st.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(set)))
}

#[utoipa::path(
    post,
    path = "/api/v1/password-checks",
    tag = "registration",
    request_body = PasswordCheck,
    responses(
        (status = 200, description = "OK", body = PasswordCheckResult),
        crate::http::error::Errors
    )
)]
async fn password_check(
    ApiJson(req): ApiJson<PasswordCheck>,
) -> ApiResult<Json<PasswordCheckResult>> {
    // Bounded work: zxcvbn's cost grows with the length, and the rules stop at 60.
    let too_long = req.password.chars().count() > shared::validate::password::MAX_LEN;
    if too_long || req.context.len() > 6 || req.context.iter().any(|c| c.len() > 200) {
        let field = if too_long { "password" } else { "context" };
        return Err(crate::domain::auth::AuthError::Invalid(
            [(field.to_string(), vec!["too_long".to_string()])].into(),
        )
        .into());
    }
    let common = tokio::task::spawn_blocking(move || {
        let context: Vec<&str> = req.context.iter().map(String::as_str).collect();
        crate::domain::auth::is_common(&req.password, &context)
    })
    .await
    .unwrap_or(false);
    Ok(Json(PasswordCheckResult { common }))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sessions/{c}/recovery-code", post(recovery_code))
        .route("/sessions/{c}/passkey-challenge", post(passkey_challenge))
        .route("/sessions/{c}/passkey", post(passkey_login))
        .route("/me/passkeys", post(start_passkey))
        .route("/me/passkeys/verification", post(finish_passkey))
        .route("/me/recovery-codes", post(make_recovery_codes))
        .route("/password-checks", post(password_check))
}

/// The operations of this file, for `openapi.rs`.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    recovery_code,
    make_recovery_codes,
    passkey_challenge,
    passkey_login,
    start_passkey,
    finish_passkey,
    password_check
))]
pub struct Api;
