//! Routes of the access side: applications, the new organisation form, organisations,
//! role requests and decisions, identity proofing, hand-overs, account setup links,
//! and the help desk's console under `/admin/`. Authorisation is the domain's; these
//! handlers parse, call `domain::access` or `domain::admin`, and map errors.
use super::auth::{authed, map, R};
use super::error::AppError;
use super::{locale, now_secs, today, ApiJson, Shared};
use crate::domain::access::AccessError;
use crate::store::Store;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use shared::api::access::*;
use shared::i18n::Locale;

pub(crate) fn map_access(l: Locale, e: AccessError) -> AppError {
    use AccessError::*;
    let (status, code) = match e {
        Invalid(fields) => {
            return AppError::fields(
                l,
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                fields,
            )
        }
        OrganizationExists => {
            return AppError::fields(
                l,
                StatusCode::CONFLICT,
                "organization_exists",
                [("tin".to_string(), vec!["organization_exists".to_string()])].into(),
            )
        }
        Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
        NotFound => (StatusCode::NOT_FOUND, "not_found"),
        AlreadyGranted => (StatusCode::CONFLICT, "already_granted"),
        AlreadyPending => (StatusCode::CONFLICT, "already_pending"),
        IdentityRequired => (StatusCode::CONFLICT, "identity_required"),
        AlreadyDecided => (StatusCode::CONFLICT, "already_decided"),
        IdentityStep => (StatusCode::CONFLICT, "identity_step"),
        UseHandover => (StatusCode::CONFLICT, "use_handover"),
        Auth(e) => return map(l, e),
        Store(e) => {
            tracing::error!(error = %e, "store failure");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal")
        }
    };
    AppError::new(l, status, code)
}

trait OrAccess<T> {
    fn or_api(self, l: Locale) -> R<T>;
}

impl<T> OrAccess<T> for Result<T, AccessError> {
    fn or_api(self, l: Locale) -> R<T> {
        self.map_err(|e| map_access(l, e))
    }
}

async fn applications<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
) -> Json<Vec<Application>> {
    Json(st.apps.view(locale(&headers)))
}

async fn submit_form<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<OrganizationFormInput>,
) -> R<(StatusCode, Json<FormReceipt>)> {
    let l = locale(&headers);
    st.submit_form(input, l, today(), now_secs())
        .await
        .map(|r| (StatusCode::CREATED, Json(r)))
        .or_api(l)
}

#[derive(Deserialize)]
struct OrgSearch {
    #[serde(default)]
    name: String,
    #[serde(default)]
    state: String,
}

async fn search_organizations<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Query(q): Query<OrgSearch>,
) -> R<Json<Vec<OrganizationSummary>>> {
    let l = locale(&headers);
    authed(&st, &headers).await?;
    st.search_organizations(&q.name, &q.state)
        .map(Json)
        .or_api(l)
}

async fn create_organization<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<NewOrganization>,
) -> R<(StatusCode, Json<OrganizationSummary>)> {
    let l = locale(&headers);
    let me = authed(&st, &headers).await?;
    st.create_organization(&me, input, now_secs())
        .await
        .map(|o| (StatusCode::CREATED, Json(o)))
        .or_api(l)
}

async fn request_role<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<RoleRequestInput>,
) -> R<(StatusCode, Json<RoleRequestView>)> {
    let l = locale(&headers);
    let me = authed(&st, &headers).await?;
    st.request_role(&me, input, now_secs())
        .await
        .map(|r| (StatusCode::CREATED, Json(r)))
        .or_api(l)
}

async fn my_roles<S: Store>(State(st): State<Shared<S>>, headers: HeaderMap) -> R<Json<MyAccess>> {
    let l = locale(&headers);
    let me = authed(&st, &headers).await?;
    st.my_access(&me, l).map(Json).or_api(l)
}

async fn verify_identity<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<IdentityInput>,
) -> R<Json<IdentityView>> {
    let l = locale(&headers);
    let me = authed(&st, &headers).await?;
    st.verify_identity(&me, input, today(), now_secs())
        .await
        .map(Json)
        .or_api(l)
}

async fn manual_verification<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
) -> R<Json<IdentityView>> {
    let l = locale(&headers);
    let me = authed(&st, &headers).await?;
    st.request_manual_verification(&me, now_secs())
        .await
        .map(Json)
        .or_api(l)
}

async fn approvals<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
) -> R<Json<Vec<RoleRequestView>>> {
    let l = locale(&headers);
    let me = authed(&st, &headers).await?;
    st.approvals(&me, l).map(Json).or_api(l)
}

async fn members<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
) -> R<Json<Vec<MemberView>>> {
    let l = locale(&headers);
    let me = authed(&st, &headers).await?;
    st.members(&me, l).map(Json).or_api(l)
}

async fn remove_member<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path((org, user_id)): Path<(String, String)>,
) -> R<StatusCode> {
    let l = locale(&headers);
    let me = authed(&st, &headers).await?;
    st.remove_member(&me, &org, &user_id, now_secs())
        .await
        .map(|()| StatusCode::NO_CONTENT)
        .or_api(l)
}

async fn decide<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> R<Json<RoleRequestView>> {
    let l = locale(&headers);
    let me = authed(&st, &headers).await?;
    st.decide(&me, &id, input, now_secs())
        .await
        .map(Json)
        .or_api(l)
}

async fn request_handover<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<HandoverInput>,
) -> R<(StatusCode, Json<HandoverView>)> {
    let l = locale(&headers);
    let me = authed(&st, &headers).await?;
    st.request_handover(&me, input, now_secs())
        .await
        .map(|h| (StatusCode::CREATED, Json(h)))
        .or_api(l)
}

async fn setup_info<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> R<Json<SetupInfo>> {
    let l = locale(&headers);
    st.setup_info(&token, now_secs()).map(Json).or_api(l)
}

async fn complete_setup<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(token): Path<String>,
    ApiJson(input): ApiJson<SetupCompletion>,
) -> R<StatusCode> {
    let l = locale(&headers);
    st.complete_setup(&token, input, now_secs())
        .await
        .map(|()| StatusCode::NO_CONTENT)
        .or_api(l)
}

// ---- the help desk's console ----

async fn form_queue<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
) -> R<Json<Vec<FormView>>> {
    let l = locale(&headers);
    let me = authed(&st, &headers).await?;
    st.form_queue(&me).map(Json).or_api(l)
}

async fn form_detail<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> R<Json<FormView>> {
    let l = locale(&headers);
    let me = authed(&st, &headers).await?;
    st.form_detail(&me, &id, now_secs())
        .await
        .map(Json)
        .or_api(l)
}

async fn decide_form<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> R<Json<FormView>> {
    let l = locale(&headers);
    let me = authed(&st, &headers).await?;
    st.decide_form(&me, &id, input, now_secs())
        .await
        .map(Json)
        .or_api(l)
}

async fn role_queue<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
) -> R<Json<Vec<RoleRequestView>>> {
    let l = locale(&headers);
    let me = authed(&st, &headers).await?;
    st.role_queue(&me, l).map(Json).or_api(l)
}

async fn identity_queue<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
) -> R<Json<Vec<IdentityCase>>> {
    let l = locale(&headers);
    let me = authed(&st, &headers).await?;
    st.identity_queue(&me).map(Json).or_api(l)
}

async fn decide_identity<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(user_id): Path<String>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> R<Json<IdentityView>> {
    let l = locale(&headers);
    let me = authed(&st, &headers).await?;
    st.decide_identity(&me, &user_id, input, now_secs())
        .await
        .map(Json)
        .or_api(l)
}

async fn handover_queue<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
) -> R<Json<Vec<HandoverView>>> {
    let l = locale(&headers);
    let me = authed(&st, &headers).await?;
    st.handover_queue(&me).map(Json).or_api(l)
}

async fn decide_handover<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> R<Json<HandoverView>> {
    let l = locale(&headers);
    let me = authed(&st, &headers).await?;
    st.decide_handover(&me, &id, input, now_secs())
        .await
        .map(Json)
        .or_api(l)
}

#[derive(Deserialize)]
struct AccountSearch {
    #[serde(default)]
    q: String,
}

async fn search_accounts<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Query(q): Query<AccountSearch>,
) -> R<Json<Vec<AccountSummary>>> {
    let l = locale(&headers);
    let me = authed(&st, &headers).await?;
    st.search_accounts(&me, &q.q, l).map(Json).or_api(l)
}

async fn account_detail<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(user_id): Path<String>,
) -> R<Json<AdminAccount>> {
    let l = locale(&headers);
    let me = authed(&st, &headers).await?;
    st.account_detail(&me, &user_id, l, now_secs())
        .await
        .map(Json)
        .or_api(l)
}

async fn unlock_account<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(user_id): Path<String>,
) -> R<Json<AccountSummary>> {
    let l = locale(&headers);
    let me = authed(&st, &headers).await?;
    st.admin_unlock(&me, &user_id, l, now_secs())
        .await
        .map(Json)
        .or_api(l)
}

pub fn routes<S: Store>() -> Router<Shared<S>> {
    Router::new()
        .route("/applications", get(applications::<S>))
        .route("/organization-forms", post(submit_form::<S>))
        .route(
            "/organizations",
            get(search_organizations::<S>).post(create_organization::<S>),
        )
        .route("/role-requests", post(request_role::<S>))
        .route("/role-requests/{id}/decision", post(decide::<S>))
        .route("/me/roles", get(my_roles::<S>))
        .route("/me/identity-verification", post(verify_identity::<S>))
        .route(
            "/me/identity-verification/manual-request",
            post(manual_verification::<S>),
        )
        .route("/approvals", get(approvals::<S>))
        .route("/approvals/members", get(members::<S>))
        .route(
            "/approvals/members/{org}/{user_id}",
            delete(remove_member::<S>),
        )
        .route("/handovers", post(request_handover::<S>))
        .route(
            "/account-setups/{token}",
            get(setup_info::<S>).post(complete_setup::<S>),
        )
        .route("/admin/organization-forms", get(form_queue::<S>))
        .route("/admin/organization-forms/{id}", get(form_detail::<S>))
        .route(
            "/admin/organization-forms/{id}/decision",
            post(decide_form::<S>),
        )
        .route("/admin/role-requests", get(role_queue::<S>))
        .route("/admin/identity-cases", get(identity_queue::<S>))
        .route(
            "/admin/identity-cases/{user_id}/decision",
            post(decide_identity::<S>),
        )
        .route("/admin/handovers", get(handover_queue::<S>))
        .route("/admin/handovers/{id}/decision", post(decide_handover::<S>))
        .route("/admin/accounts", get(search_accounts::<S>))
        .route("/admin/accounts/{user_id}", get(account_detail::<S>))
        .route(
            "/admin/accounts/{user_id}/unlock",
            post(unlock_account::<S>),
        )
}
