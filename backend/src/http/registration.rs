//! `POST /registrations`: a new account, validated with the very rules the SPA runs.
use super::error::ApiError;
use super::extractors::{ApiJson, Lang};
use super::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use shared::api::registration::{RegistrationCreated, RegistrationRequest};

#[utoipa::path(
    post,
    path = "/api/v1/registrations",
    tag = "registration",
    request_body = RegistrationRequest,
    responses(
        (status = 201, description = "Created", body = RegistrationCreated),
        crate::http::error::Errors
    )
)]
async fn create(
    State(st): State<AppState>,
    Lang(l): Lang,
    ApiJson(req): ApiJson<RegistrationRequest>,
) -> Result<(StatusCode, Json<RegistrationCreated>), ApiError> {
    let user_id = st
        .register(req, st.clock.today(), l, st.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(RegistrationCreated { user_id })))
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/registrations", post(create))
}

/// The operations of this file, for `openapi.rs`.
#[derive(utoipa::OpenApi)]
#[openapi(paths(create))]
pub struct Api;
