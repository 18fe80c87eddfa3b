//! Applications, the new organisation form, organisations, role requests and decisions,
//! identity proofing, the approver's queue and members, hand-overs, account setup.
use super::{delete, get, post, post_done, post_nothing_json, seg, Answer};
use shared::api::access::*;
use shared::api::recert::*;
use shared::i18n::Locale;

pub async fn applications(l: Locale) -> Answer<Vec<Application>> {
    get(l, "/applications").await
}

pub async fn submit_form(l: Locale, body: &OrganizationFormInput) -> Answer<FormReceipt> {
    post(l, "/organization-forms", body).await
}

pub async fn search_organizations(
    l: Locale,
    name: &str,
    state: &str,
) -> Answer<Vec<OrganizationSummary>> {
    get(
        l,
        &format!("/organizations?name={}&state={}", seg(name), seg(state)),
    )
    .await
}

pub async fn create_organization(l: Locale, body: &NewOrganization) -> Answer<OrganizationSummary> {
    post(l, "/organizations", body).await
}

pub async fn request_role(l: Locale, body: &RoleRequestInput) -> Answer<RoleRequestView> {
    post(l, "/role-requests", body).await
}

pub async fn decide(l: Locale, request: &str, body: &DecisionInput) -> Answer<RoleRequestView> {
    post(
        l,
        &format!("/role-requests/{}/decision", seg(request)),
        body,
    )
    .await
}

pub async fn my_roles(l: Locale) -> Answer<MyAccess> {
    get(l, "/me/roles").await
}

pub async fn verify_identity(l: Locale, body: &IdentityInput) -> Answer<IdentityView> {
    post(l, "/me/identity-verification", body).await
}

pub async fn request_manual_verification(l: Locale) -> Answer<IdentityView> {
    post_nothing_json(l, "/me/identity-verification/manual-request").await
}

pub async fn approvals(l: Locale) -> Answer<Vec<RoleRequestView>> {
    get(l, "/approvals").await
}

pub async fn members(l: Locale) -> Answer<Vec<MemberView>> {
    get(l, "/approvals/members").await
}

pub async fn remove_member(l: Locale, org: &str, user_id: &str) -> Answer<()> {
    let path = format!("/approvals/members/{}/{}", seg(org), seg(user_id));
    delete(l, &path).await
}

pub async fn request_handover(l: Locale, body: &HandoverInput) -> Answer<HandoverView> {
    post(l, "/handovers", body).await
}

pub async fn setup_info(l: Locale, token: &str) -> Answer<SetupInfo> {
    get(l, &format!("/account-setups/{}", seg(token))).await
}

pub async fn complete_setup(l: Locale, token: &str, body: &SetupCompletion) -> Answer<()> {
    post_done(l, &format!("/account-setups/{}", seg(token)), body).await
}

pub async fn recertifications(l: Locale) -> Answer<Vec<DueGrant>> {
    get(l, "/approvals/recertifications").await
}

/// Keeps or removes roles: as an approver, or (`admin`) as the help desk for approvers.
pub async fn recertify(l: Locale, admin: bool, body: &RecertInput) -> Answer<RecertResult> {
    let path = if admin {
        "/admin/recertifications"
    } else {
        "/approvals/recertifications"
    };
    post(l, path, body).await
}
