//! Routes of account recovery: `/password-resets`, `/user-id-reminders`, `/unlocks`
//! (the emailed links and the pages they open).
use super::error::ApiResult;
use super::extractors::{ApiJson, ClientAddr, Lang};
use super::AppState;
use crate::domain::auth::LinkKind;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use shared::api::auth::*;

/// The work behind the three recovery requests runs after the answer, so an existing
/// and an unknown account get the same answer in the same time. The client's address
/// goes along for the audit trail.
fn after_answer<F, Fut>(st: AppState, client: ClientAddr, work: F)
where
    F: FnOnce(AppState) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<(), crate::domain::auth::AuthError>> + Send,
{
    let client = client.0;
    tokio::spawn(crate::domain::notify::with_client(client, async move {
        if let Err(e) = work(st).await {
            tracing::error!(error = %e, "account recovery");
        }
    }));
}

async fn request_link(
    st: AppState,
    client: ClientAddr,
    req: RecoveryRequest,
    kind: LinkKind,
) -> ApiResult<StatusCode> {
    crate::domain::auth::invalid(req.validate())?;
    after_answer(st, client, move |st| async move {
        st.send_link(kind, &req.user_id, st.clock.now()).await
    });
    Ok(StatusCode::ACCEPTED)
}

#[utoipa::path(
    post,
    path = "/api/v1/password-resets",
    tag = "recovery",
    request_body = RecoveryRequest,
    responses(
        (status = 202, description = "Accepted: the work goes on after the answer"),
        crate::http::error::Errors
    )
)]
async fn request_reset(
    State(st): State<AppState>,
    client: ClientAddr,
    ApiJson(req): ApiJson<RecoveryRequest>,
) -> ApiResult<StatusCode> {
    request_link(st, client, req, LinkKind::PasswordReset).await
}

#[utoipa::path(
    post,
    path = "/api/v1/unlocks",
    tag = "recovery",
    request_body = RecoveryRequest,
    responses(
        (status = 202, description = "Accepted: the work goes on after the answer"),
        crate::http::error::Errors
    )
)]
async fn request_unlock(
    State(st): State<AppState>,
    client: ClientAddr,
    ApiJson(req): ApiJson<RecoveryRequest>,
) -> ApiResult<StatusCode> {
    request_link(st, client, req, LinkKind::Unlock).await
}

#[utoipa::path(
    post,
    path = "/api/v1/user-id-reminders",
    tag = "recovery",
    request_body = UserIdReminderRequest,
    responses(
        (status = 202, description = "Accepted: the work goes on after the answer"),
        crate::http::error::Errors
    )
)]
async fn remind_user_id(
    State(st): State<AppState>,
    client: ClientAddr,
    ApiJson(req): ApiJson<UserIdReminderRequest>,
) -> ApiResult<StatusCode> {
    crate::domain::auth::invalid(req.validate())?;
    after_answer(st, client, move |st| async move {
        st.remind_user_id(&req.email, st.clock.now()).await
    });
    Ok(StatusCode::ACCEPTED)
}

#[utoipa::path(
    get,
    path = "/api/v1/password-resets/{t}",
    tag = "recovery",
    params(("t" = String, Path, description = "The token from the emailed link.")),
    responses(
        (status = 200, description = "OK", body = LinkInfo),
        crate::http::error::Errors
    )
)]
async fn reset_info(
    State(st): State<AppState>,
    Lang(l): Lang,
    Path(t): Path<String>,
) -> ApiResult<Json<LinkInfo>> {
    let now = st.clock.now();
    Ok(Json(
        st.link_info(LinkKind::PasswordReset, &t, l, now).await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/unlocks/{t}",
    tag = "recovery",
    params(("t" = String, Path, description = "The token from the emailed link.")),
    responses(
        (status = 200, description = "OK", body = LinkInfo),
        crate::http::error::Errors
    )
)]
async fn unlock_info(
    State(st): State<AppState>,
    Lang(l): Lang,
    Path(t): Path<String>,
) -> ApiResult<Json<LinkInfo>> {
    Ok(Json(
        st.link_info(LinkKind::Unlock, &t, l, st.clock.now())
            .await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/password-resets/{t}",
    tag = "recovery",
    request_body = PasswordResetCompletion,
    params(("t" = String, Path, description = "The token from the emailed link.")),
    responses(
        (status = 204, description = "Done"),
        crate::http::error::Errors
    )
)]
async fn complete_reset(
    State(st): State<AppState>,
    Path(t): Path<String>,
    ApiJson(req): ApiJson<PasswordResetCompletion>,
) -> ApiResult<StatusCode> {
    st.complete_reset(&t, req, st.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/api/v1/unlocks/{t}",
    tag = "recovery",
    request_body = UnlockCompletion,
    params(("t" = String, Path, description = "The token from the emailed link.")),
    responses(
        (status = 204, description = "Done"),
        crate::http::error::Errors
    )
)]
async fn complete_unlock(
    State(st): State<AppState>,
    Path(t): Path<String>,
    ApiJson(req): ApiJson<UnlockCompletion>,
) -> ApiResult<StatusCode> {
    st.complete_unlock(&t, req, st.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/password-resets", post(request_reset))
        .route("/password-resets/{t}", get(reset_info).post(complete_reset))
        .route("/unlocks", post(request_unlock))
        .route("/unlocks/{t}", get(unlock_info).post(complete_unlock))
        .route("/user-id-reminders", post(remind_user_id))
}

/// The operations of this file, for `openapi.rs`.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    request_reset,
    request_unlock,
    remind_user_id,
    reset_info,
    unlock_info,
    complete_reset,
    complete_unlock
))]
pub struct Api;
