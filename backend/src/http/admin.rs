//! The help desk's console under `/admin/`: queues of new organisation forms, approver
//! role requests, manual identity cases and hand-overs; account search, detail and
//! unlock. [`HelpDesk`] answers 403 to anyone else, and the domain checks again.
use super::error::ApiResult;
use super::extractors::{ApiJson, HelpDesk, Lang};
use super::AppState;
use crate::domain::outages::By;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use shared::api::access::*;
use shared::api::recert::*;

#[utoipa::path(
    get,
    path = "/api/v1/admin/organization-forms",
    tag = "help desk",
    responses(
        (status = 200, description = "OK", body = Vec<FormView>),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn form_queue(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
) -> ApiResult<Json<Vec<FormView>>> {
    Ok(Json(st.form_queue(&me).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/organization-forms/{id}",
    tag = "help desk",
    params(("id" = String, Path, description = "The ID.")),
    responses(
        (status = 200, description = "OK", body = FormView),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn form_detail(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
    Path(id): Path<String>,
) -> ApiResult<Json<FormView>> {
    Ok(Json(st.form_detail(&me, &id, st.clock.now()).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/organization-forms/{id}/decision",
    tag = "help desk",
    request_body = DecisionInput,
    params(("id" = String, Path, description = "The ID.")),
    responses(
        (status = 200, description = "OK", body = FormView),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn decide_form(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> ApiResult<Json<FormView>> {
    Ok(Json(st.decide_form(&me, &id, input, st.clock.now()).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/role-requests",
    tag = "help desk",
    responses(
        (status = 200, description = "OK", body = Vec<RoleRequestView>),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn role_queue(
    State(st): State<AppState>,
    Lang(l): Lang,
    HelpDesk(me): HelpDesk,
) -> ApiResult<Json<Vec<RoleRequestView>>> {
    Ok(Json(st.role_queue(&me, l).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/identity-cases",
    tag = "help desk",
    responses(
        (status = 200, description = "OK", body = Vec<IdentityCase>),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn identity_queue(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
) -> ApiResult<Json<Vec<IdentityCase>>> {
    Ok(Json(st.identity_queue(&me).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/identity-cases/{user_id}/decision",
    tag = "help desk",
    request_body = DecisionInput,
    params(("user_id" = String, Path, description = "The user ID.")),
    responses(
        (status = 200, description = "OK", body = IdentityView),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn decide_identity(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
    Path(user_id): Path<String>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> ApiResult<Json<IdentityView>> {
    let now = st.clock.now();
    Ok(Json(st.decide_identity(&me, &user_id, input, now).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/handovers",
    tag = "help desk",
    responses(
        (status = 200, description = "OK", body = Vec<HandoverView>),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn handover_queue(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
) -> ApiResult<Json<Vec<HandoverView>>> {
    Ok(Json(st.handover_queue(&me).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/handovers/{id}/decision",
    tag = "help desk",
    request_body = DecisionInput,
    params(("id" = String, Path, description = "The ID.")),
    responses(
        (status = 200, description = "OK", body = HandoverView),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn decide_handover(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> ApiResult<Json<HandoverView>> {
    let now = st.clock.now();
    Ok(Json(st.decide_handover(&me, &id, input, now).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct AccountSearch {
    #[serde(default)]
    q: String,
    /// The `next` of the page before, for the page after it.
    #[serde(default)]
    after: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/accounts",
    tag = "help desk",
    params(AccountSearch),
    responses(
        (status = 200, description = "A page of the accounts found", body = AccountPage),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn search_accounts(
    State(st): State<AppState>,
    Lang(l): Lang,
    HelpDesk(me): HelpDesk,
    Query(q): Query<AccountSearch>,
) -> ApiResult<Json<AccountPage>> {
    Ok(Json(
        st.search_accounts(&me, &q.q, q.after.as_deref(), l, st.clock.now())
            .await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/accounts/{user_id}",
    tag = "help desk",
    params(("user_id" = String, Path, description = "The user ID.")),
    responses(
        (status = 200, description = "OK", body = AdminAccount),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn account_detail(
    State(st): State<AppState>,
    Lang(l): Lang,
    HelpDesk(me): HelpDesk,
    Path(user_id): Path<String>,
) -> ApiResult<Json<AdminAccount>> {
    let now = st.clock.now();
    Ok(Json(st.account_detail(&me, &user_id, l, now).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/accounts/{user_id}/unlock",
    tag = "help desk",
    params(("user_id" = String, Path, description = "The user ID.")),
    responses(
        (status = 200, description = "OK", body = AccountSummary),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn unlock_account(
    State(st): State<AppState>,
    Lang(l): Lang,
    HelpDesk(me): HelpDesk,
    Path(user_id): Path<String>,
) -> ApiResult<Json<AccountSummary>> {
    let now = st.clock.now();
    Ok(Json(st.admin_unlock(&me, &user_id, l, now).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/accounts/{user_id}/reactivation",
    tag = "help desk",
    params(("user_id" = String, Path, description = "The user ID.")),
    responses(
        (status = 200, description = "Reactivated (the next login still needs a passcode)", body = AccountSummary),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn reactivate_account(
    State(st): State<AppState>,
    Lang(l): Lang,
    HelpDesk(me): HelpDesk,
    Path(user_id): Path<String>,
) -> ApiResult<Json<AccountSummary>> {
    let now = st.clock.now();
    st.reactivate(&me, &user_id, now).await?;
    Ok(Json(
        st.account_detail(&me, &user_id, l, now).await?.account,
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/lifecycle",
    tag = "help desk",
    responses(
        (status = 200, description = "Inactive accounts, accounts about to be, approvers due, expired roles, organisations with no approver", body = LifecycleView),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn lifecycle(
    State(st): State<AppState>,
    Lang(l): Lang,
    HelpDesk(me): HelpDesk,
) -> ApiResult<Json<LifecycleView>> {
    Ok(Json(st.lifecycle(&me, l, st.clock.now()).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct PageAfter {
    /// The `next` of the page before (or the `*_next` of the lifecycle view).
    #[serde(default)]
    after: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/lifecycle/{list}",
    tag = "help desk",
    params(("list" = LifecycleList, Path, description = "inactive, becoming-inactive or expired"), PageAfter),
    responses(
        (status = 200, description = "The page of the list after `after`", body = LifecyclePage),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn lifecycle_page(
    State(st): State<AppState>,
    Lang(l): Lang,
    HelpDesk(me): HelpDesk,
    Path(list): Path<String>,
    Query(q): Query<PageAfter>,
) -> ApiResult<Json<LifecyclePage>> {
    // Another segment is a page that does not exist (JSON 404, not axum's plain text).
    let list =
        LifecycleList::from_segment(&list).ok_or(crate::domain::access::DomainError::NotFound)?;
    let now = st.clock.now();
    Ok(Json(
        st.lifecycle_page(&me, list, q.after.as_deref(), l, now)
            .await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/recertifications",
    tag = "help desk",
    request_body = RecertInput,
    responses(
        (status = 200, description = "Kept and removed", body = RecertResult),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn recertify_approvers(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
    ApiJson(input): ApiJson<RecertInput>,
) -> ApiResult<Json<RecertResult>> {
    Ok(Json(st.recertify(&me, input, st.clock.now()).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/organizations/{id}/approvers/{user_id}/removal",
    tag = "help desk",
    request_body = RemovalInput,
    params(("id" = String, Path, description = "The organisation ID."), ("user_id" = String, Path, description = "The approver's user ID.")),
    responses(
        (status = 200, description = "Removed; says if the organisation has no approver left", body = RemovalResult),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn remove_approver(
    State(st): State<AppState>,
    HelpDesk(me): HelpDesk,
    Path((id, user_id)): Path<(String, String)>,
    ApiJson(input): ApiJson<RemovalInput>,
) -> ApiResult<Json<RemovalResult>> {
    let now = st.clock.now();
    Ok(Json(
        st.remove_approver(&me, &id, &user_id, input, now).await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/outages",
    tag = "help desk",
    responses(
        (status = 200, description = "Outages in progress or to come, soonest first", body = Vec<shared::api::outage::OutageView>),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn list_outages(
    State(st): State<AppState>,
    Lang(l): Lang,
    HelpDesk(_me): HelpDesk,
) -> ApiResult<Json<Vec<shared::api::outage::OutageView>>> {
    let now = st.clock.now();
    Ok(Json(
        st.outages_from(now)
            .await?
            .iter()
            .map(|o| st.outage_view(l, o, now))
            .collect(),
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/outages",
    tag = "help desk",
    request_body = shared::api::outage::OutageInput,
    responses(
        (status = 201, description = "Scheduled (audited)", body = shared::api::outage::OutageView),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn create_outage(
    State(st): State<AppState>,
    Lang(l): Lang,
    HelpDesk(me): HelpDesk,
    ApiJson(input): ApiJson<shared::api::outage::OutageInput>,
) -> ApiResult<(StatusCode, Json<shared::api::outage::OutageView>)> {
    let now = st.clock.now();
    let o = st.create_outage(By::HelpDesk(&me), input, now).await?;
    Ok((StatusCode::CREATED, Json(st.outage_view(l, &o, now))))
}

#[utoipa::path(
    put,
    path = "/api/v1/admin/outages/{id}",
    tag = "help desk",
    request_body = shared::api::outage::OutageInput,
    params(("id" = String, Path, description = "The outage ID.")),
    responses(
        (status = 200, description = "Changed (audited)", body = shared::api::outage::OutageView),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn update_outage(
    State(st): State<AppState>,
    Lang(l): Lang,
    HelpDesk(me): HelpDesk,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<shared::api::outage::OutageInput>,
) -> ApiResult<Json<shared::api::outage::OutageView>> {
    let now = st.clock.now();
    let o = st.update_outage(By::HelpDesk(&me), &id, input, now).await?;
    Ok(Json(st.outage_view(l, &o, now)))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/outages/{id}/end",
    tag = "help desk",
    params(("id" = String, Path, description = "The outage ID.")),
    responses(
        (status = 200, description = "Ended now, or cancelled if it had not started (audited)", body = shared::api::outage::OutageView),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn end_outage(
    State(st): State<AppState>,
    Lang(l): Lang,
    HelpDesk(me): HelpDesk,
    Path(id): Path<String>,
) -> ApiResult<Json<shared::api::outage::OutageView>> {
    let now = st.clock.now();
    let o = st.end_outage(By::HelpDesk(&me), &id, now).await?;
    Ok(Json(st.outage_view(l, &o, now)))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/organization-forms", get(form_queue))
        .route("/admin/organization-forms/{id}", get(form_detail))
        .route("/admin/organization-forms/{id}/decision", post(decide_form))
        .route("/admin/role-requests", get(role_queue))
        .route("/admin/identity-cases", get(identity_queue))
        .route(
            "/admin/identity-cases/{user_id}/decision",
            post(decide_identity),
        )
        .route("/admin/handovers", get(handover_queue))
        .route("/admin/handovers/{id}/decision", post(decide_handover))
        .route("/admin/accounts", get(search_accounts))
        .route("/admin/accounts/{user_id}", get(account_detail))
        .route("/admin/accounts/{user_id}/unlock", post(unlock_account))
        .route(
            "/admin/accounts/{user_id}/reactivation",
            post(reactivate_account),
        )
        .route("/admin/lifecycle", get(lifecycle))
        .route("/admin/lifecycle/{list}", get(lifecycle_page))
        .route("/admin/outages", get(list_outages).post(create_outage))
        .route("/admin/outages/{id}", put(update_outage))
        .route("/admin/outages/{id}/end", post(end_outage))
        .route("/admin/recertifications", post(recertify_approvers))
        .route(
            "/admin/organizations/{id}/approvers/{user_id}/removal",
            post(remove_approver),
        )
}

/// The operations of this file, for `openapi.rs`.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    form_queue,
    form_detail,
    decide_form,
    role_queue,
    identity_queue,
    decide_identity,
    handover_queue,
    decide_handover,
    search_accounts,
    account_detail,
    unlock_account,
    reactivate_account,
    lifecycle,
    lifecycle_page,
    recertify_approvers,
    remove_approver,
    list_outages,
    create_outage,
    update_outage,
    end_outage
))]
pub struct Api;
