//! The help desk's support of a person who lost their devices (`domain::support`):
//! verify the caller, then reset MFA, release a phone number or correct the email.
//! [`HelpDesk`] answers 403 to anyone else, and the domain checks again.
use super::error::ApiResult;
use super::extractors::{ApiJson, HelpDesk};
use super::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use shared::api::access::*;

#[utoipa::path(
    post,
    path = "/api/v1/admin/accounts/{user_id}/caller-codes",
    tag = "help desk",
    request_body = CallerCodeRequest,
    params(("user_id" = String, Path, description = "The user ID.")),
    responses(
        (status = 202, description = "Sent: the caller reads it out", body = CallerCodeSent),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn caller_code(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
    Path(user_id): Path<String>,
    ApiJson(req): ApiJson<CallerCodeRequest>,
) -> ApiResult<(StatusCode, Json<CallerCodeSent>)> {
    let sent = st
        .send_caller_code(&me, &user_id, req, st.clock.now())
        .await?;
    Ok((StatusCode::ACCEPTED, Json(sent)))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/accounts/{user_id}/caller-verification",
    tag = "help desk",
    request_body = CallerProof,
    params(("user_id" = String, Path, description = "The user ID.")),
    responses(
        (status = 200, description = "Verified: the agent may act for 15 minutes", body = CallerVerified),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn verify_caller(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
    Path(user_id): Path<String>,
    ApiJson(req): ApiJson<CallerProof>,
) -> ApiResult<Json<CallerVerified>> {
    Ok(Json(
        st.verify_caller(&me, &user_id, req, st.clock.now()).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/accounts/{user_id}/mfa-reset",
    tag = "help desk",
    params(("user_id" = String, Path, description = "The user ID.")),
    responses(
        (status = 204, description = "Every device and recovery code removed; the next login enrols a device"),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn reset_mfa(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
    Path(user_id): Path<String>,
) -> ApiResult<StatusCode> {
    st.reset_mfa(&me, &user_id, st.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/accounts/{user_id}/phone-release",
    tag = "help desk",
    request_body = PhoneRelease,
    params(("user_id" = String, Path, description = "The user ID.")),
    responses(
        (status = 204, description = "The number is free for another account"),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn release_phone(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
    Path(user_id): Path<String>,
    ApiJson(req): ApiJson<PhoneRelease>,
) -> ApiResult<StatusCode> {
    st.release_phone(&me, &user_id, req, st.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/accounts/{user_id}/email-correction",
    tag = "help desk",
    request_body = EmailCorrection,
    params(("user_id" = String, Path, description = "The user ID.")),
    responses(
        (status = 204, description = "Changed; the next login verifies the new address"),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn correct_email(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
    Path(user_id): Path<String>,
    ApiJson(req): ApiJson<EmailCorrection>,
) -> ApiResult<StatusCode> {
    st.correct_email(&me, &user_id, req, st.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/accounts/{user_id}/caller-codes", post(caller_code))
        .route(
            "/admin/accounts/{user_id}/caller-verification",
            post(verify_caller),
        )
        .route("/admin/accounts/{user_id}/mfa-reset", post(reset_mfa))
        .route(
            "/admin/accounts/{user_id}/phone-release",
            post(release_phone),
        )
        .route(
            "/admin/accounts/{user_id}/email-correction",
            post(correct_email),
        )
}

/// The operations of this file, for `openapi.rs`.
#[derive(utoipa::OpenApi)]
#[openapi(paths(caller_code, verify_caller, reset_mfa, release_phone, correct_email))]
pub struct Api;
