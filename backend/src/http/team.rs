//! The help desk's own team (`domain::admin::team`): the list, an invitation (the setup
//! link emailed to the colleague), and ending someone's help-desk role. [`HelpDesk`]
//! answers 403 to anyone else, and the domain checks again.
use super::error::ApiResult;
use super::extractors::{ApiJson, HelpDesk, Lang};
use super::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use shared::api::team::{TeamInvite, TeamMember};

#[utoipa::path(
    get,
    path = "/api/v1/admin/team",
    tag = "help desk",
    responses(
        (status = 200, description = "Everyone with the help-desk role, by last name", body = Vec<TeamMember>),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn team(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
) -> ApiResult<Json<Vec<TeamMember>>> {
    Ok(Json(st.team(&me).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/team",
    tag = "help desk",
    request_body = TeamInvite,
    responses(
        (status = 201, description = "Invited: the account exists with the help-desk role and its one-time setup link (24 hours) is emailed to the colleague; 422 `user_id` `taken`; 403 `reauthentication_required` after 10 minutes without a login", body = TeamMember),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn invite(
    State(st): State<AppState>,
    Lang(l): Lang,
    HelpDesk(me): HelpDesk,
    ApiJson(input): ApiJson<TeamInvite>,
) -> ApiResult<(StatusCode, Json<TeamMember>)> {
    let now = st.clock.now();
    let m = st.invite_help_desk(&me, input, l, now).await?;
    Ok((StatusCode::CREATED, Json(m)))
}

#[utoipa::path(
    delete,
    path = "/api/v1/admin/team/{user_id}",
    tag = "help desk",
    params(("user_id" = String, Path, description = "The colleague's user ID.")),
    responses(
        (status = 204, description = "Their help-desk role ended (they are emailed; the account stays); 422 `user_id` `own` for yourself, `last` for the last member; 403 `reauthentication_required` after 10 minutes without a login"),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn remove(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
    Path(user_id): Path<String>,
) -> ApiResult<StatusCode> {
    st.remove_help_desk(&me, &user_id, st.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/team", get(team).post(invite))
        .route("/admin/team/{user_id}", delete(remove))
}

/// The operations of this file, for `openapi.rs`.
#[derive(utoipa::OpenApi)]
#[openapi(paths(team, invite, remove))]
pub struct Api;
