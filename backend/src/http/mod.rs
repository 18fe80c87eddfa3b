//! The web layer: the router, the extractors, the one error table, the request span,
//! security headers and static files, and one handler file per resource. Handlers are a
//! line or two: extract (language, caller, body), call `domain`, answer; `?` maps errors
//! through [`error::ApiError`].
pub mod access;
pub mod admin;
pub mod alerts;
pub mod auth;
pub mod documents;
pub mod error;
pub mod extractors;
pub mod oidc;
pub mod openapi;
pub mod recovery;
pub mod registration;
pub mod second_factors;
pub mod security;
pub mod serve;
pub mod share;
pub mod static_files;
pub mod support;
pub mod team;
pub mod throttle;
pub mod trace;

#[cfg(test)]
mod tests;

use crate::store::Store;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use error::ApiError;
use extractors::Lang;
use shared::api::security_question::{SecurityQuestion, CODES};
use std::path::Path;
use std::sync::Arc;
pub use trace::HttpOptions;

/// Largest JSON body accepted; registrations are well under 4 KiB.
pub const BODY_LIMIT: usize = 64 * 1024;

/// The server's state as every handler holds it.
pub type AppState = Arc<crate::domain::Umbral>;

/// `GET /health`.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct Health {
    /// `ok`, or `unavailable` (with 503) when a dependency the server cannot work
    /// without is down: `database` says which.
    status: &'static str,
    /// `ok`, or `unavailable` when the store did not answer within [`HEALTH_WAIT`].
    database: &'static str,
    /// Messages in the outbound queue waiting for another attempt (absent while the
    /// database is unavailable).
    queued: Option<usize>,
    /// `system`, or `test` when the time is read from a test file
    /// (`UMBRAL_UNSAFE_TEST_CLOCK`), which no real installation may use.
    clock: &'static str,
}

/// The longest `/health` takes: a load balancer's probe gets its answer in time even
/// when the database hangs.
const HEALTH_WAIT: std::time::Duration = std::time::Duration::from_millis(900);

#[utoipa::path(
    get,
    path = "/api/v1/health",
    tag = "service",
    responses(
        (status = 200, description = "OK", body = Health),
        crate::http::error::Errors
    )
)]
async fn health(State(st): State<AppState>) -> Response {
    let clock = if st.clock.file_path().is_some() {
        "test"
    } else {
        "system"
    };
    let answer = async {
        match st.store.is_healthy().await {
            true => Some(st.queued().await.unwrap_or(0)),
            false => None,
        }
    };
    match tokio::time::timeout(HEALTH_WAIT, answer).await {
        Ok(Some(queued)) => Json(Health {
            status: "ok",
            database: "ok",
            queued: Some(queued),
            clock,
        })
        .into_response(),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(axum::http::header::RETRY_AFTER, "5")],
            Json(Health {
                status: "unavailable",
                database: "unavailable",
                queued: None,
                clock,
            }),
        )
            .into_response(),
    }
}

/// The OpenAPI 3.1 document of this API.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "service",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json"))
)]
async fn openapi_json() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        openapi::json(),
    )
        .into_response()
}

#[utoipa::path(
    get,
    path = "/api/v1/security-questions",
    tag = "registration",
    responses(
        (status = 200, description = "OK", body = Vec<SecurityQuestion>),
        crate::http::error::Errors
    )
)]
async fn security_questions(Lang(l): Lang) -> Json<Vec<SecurityQuestion>> {
    Json(
        CODES
            .iter()
            .map(|c| SecurityQuestion {
                code: (*c).to_string(),
                text: crate::domain::catalog().text(l, &format!("sq-{c}")),
            })
            .collect(),
    )
}

#[utoipa::path(
    get,
    path = "/api/v1/status",
    tag = "status",
    responses(
        (status = 200, description = "System status: Umbral's own maintenance now and weekly window (if any), its components, each application with its own weekly window and state (instants and Eastern-time labels), outages, alerts, the help desk's contact", body = shared::api::status::StatusView),
        crate::http::error::Errors
    )
)]
async fn status(
    State(st): State<AppState>,
    Lang(l): Lang,
) -> Json<shared::api::status::StatusView> {
    Json(st.status(l, st.clock.now()).await)
}

#[utoipa::path(
    get,
    path = "/api/v1/site-options",
    tag = "status",
    responses(
        (status = 200, description = "The choices of the site preferences, in the request's language: who you are, your location (from the catalogue), your line of business", body = shared::api::site::SiteOptions),
        crate::http::error::Errors
    )
)]
async fn site_options(
    State(st): State<AppState>,
    Lang(l): Lang,
) -> Json<shared::api::site::SiteOptions> {
    use shared::api::site::{Choice, LINES, WHO};
    let named = |prefix: &str, ids: &[&str]| {
        ids.iter()
            .map(|id| Choice {
                id: (*id).to_string(),
                name: crate::domain::catalog().text(l, &format!("{prefix}-{id}")),
            })
            .collect()
    };
    Json(shared::api::site::SiteOptions {
        who: named("site-who", WHO),
        locations: st
            .apps
            .locations
            .iter()
            .map(|x| Choice {
                id: x.id.clone(),
                name: x.name.get(l).into(),
            })
            .collect(),
        lines: named("site-line", LINES),
    })
}

async fn api_not_found() -> ApiError {
    ApiError::not_found()
}

/// The whole application: the API under `/api/v1` and the SPA from `dist`.
pub fn router(state: AppState, dist: &Path, opts: HttpOptions) -> Router {
    let site = Arc::new(security::Site::new(opts.public_url.as_deref()));
    let opts = Arc::new(opts);
    let api = Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(openapi_json))
        .route("/security-questions", get(security_questions))
        .route("/status", get(status))
        .route("/site-options", get(site_options))
        .merge(registration::routes())
        .merge(auth::routes())
        .merge(recovery::routes())
        .merge(access::routes())
        .merge(admin::routes())
        .merge(team::routes())
        .merge(alerts::routes())
        .merge(share::routes())
        .merge(second_factors::routes())
        .merge(support::routes())
        .merge(documents::routes())
        .merge(oidc::routes())
        .fallback(api_not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            throttle::limit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            site.clone(),
            security::require_spa_request,
        ))
        .layer(axum::middleware::from_fn(trace::localize))
        .layer(axum::middleware::from_fn_with_state(
            opts.clone(),
            trace::request_context,
        ))
        .with_state(state.clone());
    // The provider's endpoints draw on the per-address buckets too (authorize, token):
    // they are anonymous, and authorize is the start of every application sign-in.
    let provider = oidc::provider()
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            throttle::limit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            opts,
            trace::request_context,
        ))
        .with_state(state.clone());
    Router::new()
        .nest("/api/v1", api)
        // `nest` does not take the bare prefix with a slash; it is an API path too.
        .route("/api/v1/", axum::routing::any(api_not_found))
        .route("/api", axum::routing::any(api_not_found))
        .route("/api/", axum::routing::any(api_not_found))
        .merge(provider)
        .merge(static_files::router(dist))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(security::Headers::for_dist(dist, &site)),
            security::headers,
        ))
}

/// The operations of this file, for `openapi.rs`.
#[derive(utoipa::OpenApi)]
#[openapi(paths(health, security_questions, status, site_options, openapi_json))]
pub struct Api;
