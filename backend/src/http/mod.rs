//! The web layer: router, error mapping, security headers, static files. Handlers
//! stay thin: parse, pick the language, call `domain`, map the result.
pub mod access;
pub mod auth;
pub mod error;
pub mod security;
pub mod static_files;

use crate::domain::accounts::{register, RegisterError};
use crate::store::Store;
use axum::extract::{DefaultBodyLimit, FromRequest, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use error::AppError;
use shared::api::registration::{RegistrationCreated, RegistrationRequest};
use shared::api::security_question::{SecurityQuestion, CODES};
use shared::date::Date;
use shared::i18n::Locale;
use std::path::Path;
use std::sync::Arc;

/// Largest JSON body accepted; registrations are well under 4 KiB.
pub const BODY_LIMIT: usize = 64 * 1024;

pub use crate::domain::Umbral as AppState;

pub type Shared<S> = Arc<AppState<S>>;

/// The request's language: `Accept-Language`, English when absent.
pub fn locale(headers: &HeaderMap) -> Locale {
    headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Locale::negotiate)
        .unwrap_or_default()
}

/// JSON extractor whose rejections use the one error shape, in the caller's language.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let l = locale(req.headers());
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(rej) => Err(match rej.status() {
                StatusCode::PAYLOAD_TOO_LARGE => {
                    AppError::new(l, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
                }
                StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::new(
                    l,
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                ),
                _ => AppError::new(l, StatusCode::BAD_REQUEST, "malformed"),
            }),
        }
    }
}

pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Today's date in UTC, the reference for ages.
pub fn today() -> Date {
    Date::from_days_since_epoch((now_secs() / 86_400) as i64)
}

async fn health<S: Store>(State(st): State<Shared<S>>) -> Response {
    if st.store.is_healthy() {
        Json(serde_json::json!({"status": "ok"})).into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({"status": "unavailable"})),
        )
            .into_response()
    }
}

async fn security_questions(headers: HeaderMap) -> Json<Vec<SecurityQuestion>> {
    let l = locale(&headers);
    Json(
        CODES
            .iter()
            .map(|c| SecurityQuestion {
                code: (*c).to_string(),
                text: error::catalog().text(l, &format!("sq-{c}")),
            })
            .collect(),
    )
}

async fn create_registration<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<RegistrationRequest>,
) -> Result<(StatusCode, Json<RegistrationCreated>), AppError> {
    let l = locale(&headers);
    match register(&st.store, &st.hasher, req, today(), l, now_secs()).await {
        Ok(user_id) => {
            tracing::info!(%user_id, "account registered");
            Ok((StatusCode::CREATED, Json(RegistrationCreated { user_id })))
        }
        Err(RegisterError::Invalid(fields)) => Err(AppError::fields(
            l,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            fields,
        )),
        Err(RegisterError::Taken) => Err(AppError::fields(
            l,
            StatusCode::CONFLICT,
            "conflict",
            [("user_id".to_string(), vec!["taken".to_string()])].into(),
        )),
        Err(RegisterError::Store(e)) => {
            tracing::error!(error = %e, "store failure during registration");
            Err(AppError::new(
                l,
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
            ))
        }
    }
}

async fn api_not_found(headers: HeaderMap) -> AppError {
    AppError::new(locale(&headers), StatusCode::NOT_FOUND, "not_found")
}

pub fn router<S: Store>(state: Shared<S>, dist: &Path) -> Router {
    let api = Router::new()
        .route("/health", get(health::<S>))
        .route("/security-questions", get(security_questions))
        .route("/registrations", post(create_registration::<S>))
        .merge(auth::routes::<S>())
        .merge(access::routes::<S>())
        .fallback(api_not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(security::require_spa_request))
        .with_state(state);
    Router::new()
        .nest("/api/v1", api)
        .merge(static_files::router(dist))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(security::Headers::for_dist(dist)),
            security::headers,
        ))
}
