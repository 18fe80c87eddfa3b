//! "Send a link to this page": `POST /page-links`, public. Throttled per client address
//! (`Action::Share`) and, when a session comes with it, per session.
use super::error::ApiError;
use super::extractors::{session_token, ApiJson, Lang};
use super::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use shared::api::share::PageLinkInput;

#[utoipa::path(
    post,
    path = "/api/v1/page-links",
    tag = "status",
    request_body = PageLinkInput,
    responses(
        (status = 202, description = "Accepted, the same whatever the addresses: each gets the page's title and link in the sender's language, and nothing else"),
        crate::http::error::Errors
    )
)]
async fn send(
    State(st): State<AppState>,
    Lang(l): Lang,
    headers: HeaderMap,
    ApiJson(input): ApiJson<PageLinkInput>,
) -> Result<StatusCode, ApiError> {
    let session = match session_token(&headers, st.policy.insecure_http) {
        Some(t) => st
            .authenticate(&t, st.clock.now())
            .await
            .ok()
            .map(|a| a.session_key),
        None => None,
    };
    st.send_page_link(input, l, session.as_deref()).await?;
    Ok(StatusCode::ACCEPTED)
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/page-links", post(send))
}

/// The operations of this file, for `openapi.rs`.
#[derive(utoipa::OpenApi)]
#[openapi(paths(send))]
pub struct Api;
