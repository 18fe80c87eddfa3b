//! Urgent alerts: the help desk posts, lists and ends them under `/admin/alerts`; the
//! link in every alert email switches that account's alert emails off (or on again)
//! with `POST /alerts/subscription`, its signed token standing in for a session.
use super::error::ApiResult;
use super::extractors::{ApiJson, HelpDesk, Lang};
use super::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use shared::api::alert::*;

#[utoipa::path(
    get,
    path = "/api/v1/admin/alerts",
    tag = "help desk",
    responses(
        (status = 200, description = "Every alert, newest first, with the progress of its emailing", body = Vec<AlertAdminView>),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn list_alerts(
    State(st): State<AppState>,
    HelpDesk(_me): HelpDesk,
    Lang(l): Lang,
) -> ApiResult<Json<Vec<AlertAdminView>>> {
    let now = st.clock.now();
    let alerts = st
        .alerts()
        .await
        .map_err(crate::domain::access::DomainError::from)?;
    Ok(Json(
        alerts
            .iter()
            .map(|a| st.alert_admin_view(l, a, now))
            .collect(),
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/alerts",
    tag = "help desk",
    request_body = AlertInput,
    responses(
        (status = 201, description = "Posted: shown at once, emailed in the background (audited)", body = AlertAdminView),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn post_alert(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
    Lang(l): Lang,
    ApiJson(input): ApiJson<AlertInput>,
) -> ApiResult<(StatusCode, Json<AlertAdminView>)> {
    let now = st.clock.now();
    let a = st.post_alert(&me, input, now).await?;
    Ok((StatusCode::CREATED, Json(st.alert_admin_view(l, &a, now))))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/alerts/{id}/end",
    tag = "help desk",
    params(("id" = String, Path, description = "The alert ID.")),
    responses(
        (status = 200, description = "Off the page now; its emailing stops (audited)", body = AlertAdminView),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn end_alert(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
    Lang(l): Lang,
    Path(id): Path<String>,
) -> ApiResult<Json<AlertAdminView>> {
    let now = st.clock.now();
    let a = st.end_alert(&me, &id, now).await?;
    Ok(Json(st.alert_admin_view(l, &a, now)))
}

#[utoipa::path(
    post,
    path = "/api/v1/alerts/subscription",
    tag = "status",
    request_body = SubscriptionInput,
    responses(
        (status = 200, description = "Alert emails switched off (`subscribed: false`) or on for the token's account (audited when it changes); security emails are never affected", body = SubscriptionResult),
        (status = 404, description = "The token does not check out", body = shared::api::error::ApiError),
        crate::http::error::Errors
    )
)]
async fn subscription(
    State(st): State<AppState>,
    ApiJson(input): ApiJson<SubscriptionInput>,
) -> ApiResult<Json<SubscriptionResult>> {
    let now = st.clock.now();
    Ok(Json(st.set_alert_subscription(input, now).await?))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/alerts", get(list_alerts).post(post_alert))
        .route("/admin/alerts/{id}/end", post(end_alert))
        .route("/alerts/subscription", post(subscription))
}

/// The operations of this file, for `openapi.rs`.
#[derive(utoipa::OpenApi)]
#[openapi(paths(list_alerts, post_alert, end_alert, subscription))]
pub struct Api;
