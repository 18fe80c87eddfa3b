//! Routes of the access side: applications, the new organisation form, organisations,
//! role requests and decisions, identity proofing, hand-overs and account setup links.
//! Authorisation is the domain's.
use super::error::ApiResult;
use super::extractors::{ApiJson, Authed, Lang};
use super::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use shared::api::access::*;
use shared::api::recert::*;

#[utoipa::path(
    get,
    path = "/api/v1/applications",
    tag = "access",
    responses(
        (status = 200, description = "OK", body = Vec<Application>),
        crate::http::error::Errors
    )
)]
async fn applications(State(st): State<AppState>, Lang(l): Lang) -> Json<Vec<Application>> {
    Json(st.apps.view(l))
}

#[utoipa::path(
    post,
    path = "/api/v1/organization-forms",
    tag = "access",
    request_body = OrganizationFormInput,
    responses(
        (status = 201, description = "Created", body = FormReceipt),
        crate::http::error::Errors
    )
)]
async fn submit_form(
    State(st): State<AppState>,
    Lang(l): Lang,
    ApiJson(input): ApiJson<OrganizationFormInput>,
) -> ApiResult<(StatusCode, Json<FormReceipt>)> {
    let (today, now) = (st.clock.today(), st.clock.now());
    let receipt = st.submit_form(input, l, today, now).await?;
    Ok((StatusCode::CREATED, Json(receipt)))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct OrgSearch {
    #[serde(default)]
    name: String,
    #[serde(default)]
    state: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/organizations",
    tag = "access",
    params(OrgSearch),
    responses(
        (status = 200, description = "OK", body = Vec<OrganizationSummary>),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn search_organizations(
    State(st): State<AppState>,
    _: Authed,
    Query(q): Query<OrgSearch>,
) -> ApiResult<Json<Vec<OrganizationSummary>>> {
    Ok(Json(st.search_organizations(&q.name, &q.state).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/organizations",
    tag = "access",
    request_body = NewOrganization,
    responses(
        (status = 201, description = "Created", body = OrganizationSummary),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn create_organization(
    State(st): State<AppState>,
    Authed(me): Authed,
    ApiJson(input): ApiJson<NewOrganization>,
) -> ApiResult<(StatusCode, Json<OrganizationSummary>)> {
    let org = st.create_organization(&me, input, st.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(org)))
}

#[utoipa::path(
    post,
    path = "/api/v1/role-requests",
    tag = "access",
    request_body = RoleRequestInput,
    responses(
        (status = 201, description = "Created", body = RoleRequestView),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn request_role(
    State(st): State<AppState>,
    Authed(me): Authed,
    ApiJson(input): ApiJson<RoleRequestInput>,
) -> ApiResult<(StatusCode, Json<RoleRequestView>)> {
    let r = st.request_role(&me, input, st.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

#[utoipa::path(
    get,
    path = "/api/v1/me/roles",
    tag = "access",
    responses(
        (status = 200, description = "OK", body = MyAccess),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn my_roles(
    State(st): State<AppState>,
    Lang(l): Lang,
    Authed(me): Authed,
) -> ApiResult<Json<MyAccess>> {
    Ok(Json(st.my_access(&me, l, st.clock.now()).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/me/identity-verification",
    tag = "access",
    request_body = IdentityInput,
    responses(
        (status = 200, description = "OK", body = IdentityView),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn verify_identity(
    State(st): State<AppState>,
    Authed(me): Authed,
    ApiJson(input): ApiJson<IdentityInput>,
) -> ApiResult<Json<IdentityView>> {
    let (today, now) = (st.clock.today(), st.clock.now());
    Ok(Json(st.verify_identity(&me, input, today, now).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/me/identity-verification/manual-request",
    tag = "access",
    responses(
        (status = 200, description = "OK", body = IdentityView),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn manual_verification(
    State(st): State<AppState>,
    Authed(me): Authed,
) -> ApiResult<Json<IdentityView>> {
    Ok(Json(
        st.request_manual_verification(&me, st.clock.now()).await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/approvals",
    tag = "approvals",
    responses(
        (status = 200, description = "OK", body = Vec<RoleRequestView>),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn approvals(
    State(st): State<AppState>,
    Lang(l): Lang,
    Authed(me): Authed,
) -> ApiResult<Json<Vec<RoleRequestView>>> {
    Ok(Json(st.approvals(&me, l, st.clock.now()).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/approvals/members",
    tag = "approvals",
    responses(
        (status = 200, description = "OK", body = Vec<MemberView>),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn members(
    State(st): State<AppState>,
    Lang(l): Lang,
    Authed(me): Authed,
) -> ApiResult<Json<Vec<MemberView>>> {
    Ok(Json(st.members(&me, l, st.clock.now()).await?))
}

#[utoipa::path(
    delete,
    path = "/api/v1/approvals/members/{org}/{user_id}",
    tag = "approvals",
    params(("org" = String, Path, description = "The organisation ID."), ("user_id" = String, Path, description = "The user ID.")),
    responses(
        (status = 204, description = "Done"),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn remove_member(
    State(st): State<AppState>,
    Authed(me): Authed,
    Path((org, user_id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    st.remove_member(&me, &org, &user_id, st.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get,
    path = "/api/v1/approvals/recertifications",
    tag = "approvals",
    responses(
        (status = 200, description = "The end users' roles due within 60 days, most urgent first", body = Vec<DueGrant>),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn recertifications(
    State(st): State<AppState>,
    Lang(l): Lang,
    Authed(me): Authed,
) -> ApiResult<Json<Vec<DueGrant>>> {
    Ok(Json(st.recertifications(&me, l, st.clock.now()).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/approvals/recertifications",
    tag = "approvals",
    request_body = RecertInput,
    responses(
        (status = 200, description = "Kept and removed", body = RecertResult),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn recertify(
    State(st): State<AppState>,
    Authed(me): Authed,
    ApiJson(input): ApiJson<RecertInput>,
) -> ApiResult<Json<RecertResult>> {
    Ok(Json(st.recertify(&me, input, st.clock.now()).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/role-requests/{id}/decision",
    tag = "access",
    request_body = DecisionInput,
    params(("id" = String, Path, description = "The ID.")),
    responses(
        (status = 200, description = "OK", body = RoleRequestView),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn decide(
    State(st): State<AppState>,
    Authed(me): Authed,
    Path(id): Path<String>,
    Lang(l): Lang,
    ApiJson(input): ApiJson<DecisionInput>,
) -> ApiResult<Json<RoleRequestView>> {
    Ok(Json(st.decide(&me, &id, input, l, st.clock.now()).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/handovers",
    tag = "approvals",
    request_body = HandoverInput,
    responses(
        (status = 201, description = "Created", body = HandoverView),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn request_handover(
    State(st): State<AppState>,
    Authed(me): Authed,
    ApiJson(input): ApiJson<HandoverInput>,
) -> ApiResult<(StatusCode, Json<HandoverView>)> {
    let h = st.request_handover(&me, input, st.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(h)))
}

#[utoipa::path(
    get,
    path = "/api/v1/account-setups/{token}",
    tag = "recovery",
    params(("token" = String, Path, description = "The token from the setup link.")),
    responses(
        (status = 200, description = "OK", body = SetupInfo),
        crate::http::error::Errors
    )
)]
async fn setup_info(
    State(st): State<AppState>,
    Path(token): Path<String>,
) -> ApiResult<Json<SetupInfo>> {
    Ok(Json(st.setup_info(&token, st.clock.now()).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/account-setups/{token}",
    tag = "recovery",
    request_body = SetupCompletion,
    params(("token" = String, Path, description = "The token from the setup link.")),
    responses(
        (status = 204, description = "Done"),
        crate::http::error::Errors
    )
)]
async fn complete_setup(
    State(st): State<AppState>,
    Path(token): Path<String>,
    ApiJson(input): ApiJson<SetupCompletion>,
) -> ApiResult<StatusCode> {
    st.complete_setup(&token, input, st.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/applications", get(applications))
        .route("/organization-forms", post(submit_form))
        .route(
            "/organizations",
            get(search_organizations).post(create_organization),
        )
        .route("/role-requests", post(request_role))
        .route("/role-requests/{id}/decision", post(decide))
        .route("/me/roles", get(my_roles))
        .route("/me/identity-verification", post(verify_identity))
        .route(
            "/me/identity-verification/manual-request",
            post(manual_verification),
        )
        .route("/approvals", get(approvals))
        .route("/approvals/members", get(members))
        .route(
            "/approvals/recertifications",
            get(recertifications).post(recertify),
        )
        .route("/approvals/members/{org}/{user_id}", delete(remove_member))
        .route("/handovers", post(request_handover))
        .route(
            "/account-setups/{token}",
            get(setup_info).post(complete_setup),
        )
}

/// The operations of this file, for `openapi.rs`.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    applications,
    submit_form,
    search_organizations,
    create_organization,
    request_role,
    decide,
    my_roles,
    verify_identity,
    manual_verification,
    approvals,
    members,
    remove_member,
    recertifications,
    recertify,
    request_handover,
    setup_info,
    complete_setup
))]
pub struct Api;
