//! The help desk's console under `/admin/`.
use super::{delete, get, post, post_done, post_nothing, post_nothing_json, put, seg, Answer};
use shared::api::access::*;
use shared::api::recert::*;
use shared::i18n::Locale;

pub async fn form_queue(l: Locale) -> Answer<Vec<FormView>> {
    get(l, "/admin/organization-forms").await
}

pub async fn decide_form(l: Locale, id: &str, body: &DecisionInput) -> Answer<FormView> {
    post(
        l,
        &format!("/admin/organization-forms/{}/decision", seg(id)),
        body,
    )
    .await
}

pub async fn role_queue(l: Locale) -> Answer<Vec<RoleRequestView>> {
    get(l, "/admin/role-requests").await
}

pub async fn identity_queue(l: Locale) -> Answer<Vec<IdentityCase>> {
    get(l, "/admin/identity-cases").await
}

pub async fn decide_identity(
    l: Locale,
    user_id: &str,
    body: &DecisionInput,
) -> Answer<IdentityView> {
    let path = format!("/admin/identity-cases/{}/decision", seg(user_id));
    post(l, &path, body).await
}

pub async fn handover_queue(l: Locale) -> Answer<Vec<HandoverView>> {
    get(l, "/admin/handovers").await
}

pub async fn decide_handover(l: Locale, id: &str, body: &DecisionInput) -> Answer<HandoverView> {
    post(l, &format!("/admin/handovers/{}/decision", seg(id)), body).await
}

/// A page of the account search; `after` is the `next` of the page before.
pub async fn search_accounts(l: Locale, q: &str, after: Option<&str>) -> Answer<AccountPage> {
    let after = after
        .map(|a| format!("&after={}", seg(a)))
        .unwrap_or_default();
    get(l, &format!("/admin/accounts?q={}{after}", seg(q))).await
}

pub async fn account_detail(l: Locale, user_id: &str) -> Answer<AdminAccount> {
    get(l, &format!("/admin/accounts/{}", seg(user_id))).await
}

pub async fn unlock_account(l: Locale, user_id: &str) -> Answer<AccountSummary> {
    post_nothing_json(l, &format!("/admin/accounts/{}/unlock", seg(user_id))).await
}

/// A code to the person's verified email or phone, for them to read out.
pub async fn send_caller_code(
    l: Locale,
    user_id: &str,
    body: &CallerCodeRequest,
) -> Answer<CallerCodeSent> {
    post(
        l,
        &format!("/admin/accounts/{}/caller-codes", seg(user_id)),
        body,
    )
    .await
}

pub async fn verify_caller(l: Locale, user_id: &str, body: &CallerProof) -> Answer<CallerVerified> {
    post(
        l,
        &format!("/admin/accounts/{}/caller-verification", seg(user_id)),
        body,
    )
    .await
}

pub async fn reset_mfa(l: Locale, user_id: &str) -> Answer<()> {
    post_nothing(l, &format!("/admin/accounts/{}/mfa-reset", seg(user_id))).await
}

pub async fn release_phone(l: Locale, user_id: &str, body: &PhoneRelease) -> Answer<()> {
    post_done(
        l,
        &format!("/admin/accounts/{}/phone-release", seg(user_id)),
        body,
    )
    .await
}

pub async fn correct_email(l: Locale, user_id: &str, body: &EmailCorrection) -> Answer<()> {
    post_done(
        l,
        &format!("/admin/accounts/{}/email-correction", seg(user_id)),
        body,
    )
    .await
}

pub async fn lifecycle(l: Locale) -> Answer<LifecycleView> {
    get(l, "/admin/lifecycle").await
}

/// The page of a lifecycle list after the one whose `next` is `after`.
pub async fn lifecycle_page(l: Locale, list: LifecycleList, after: &str) -> Answer<LifecyclePage> {
    get(
        l,
        &format!("/admin/lifecycle/{}?after={}", list.segment(), seg(after)),
    )
    .await
}

pub async fn reactivate(l: Locale, user_id: &str) -> Answer<AccountSummary> {
    post_nothing_json(l, &format!("/admin/accounts/{}/reactivation", seg(user_id))).await
}

pub async fn remove_approver(
    l: Locale,
    org: &str,
    user_id: &str,
    body: &RemovalInput,
) -> Answer<RemovalResult> {
    post(
        l,
        &format!(
            "/admin/organizations/{}/approvers/{}/removal",
            seg(org),
            seg(user_id)
        ),
        body,
    )
    .await
}

pub async fn outages(l: Locale) -> Answer<Vec<shared::api::outage::OutageView>> {
    get(l, "/admin/outages").await
}

pub async fn create_outage(
    l: Locale,
    body: &shared::api::outage::OutageInput,
) -> Answer<shared::api::outage::OutageView> {
    post(l, "/admin/outages", body).await
}

pub async fn end_outage(l: Locale, id: &str) -> Answer<shared::api::outage::OutageView> {
    post_nothing_json(l, &format!("/admin/outages/{}/end", seg(id))).await
}

pub async fn update_outage(
    l: Locale,
    id: &str,
    body: &shared::api::outage::OutageInput,
) -> Answer<shared::api::outage::OutageView> {
    put(l, &format!("/admin/outages/{}", seg(id)), body).await
}

pub async fn alerts(l: Locale) -> Answer<Vec<shared::api::alert::AlertAdminView>> {
    get(l, "/admin/alerts").await
}

pub async fn post_alert(
    l: Locale,
    body: &shared::api::alert::AlertInput,
) -> Answer<shared::api::alert::AlertAdminView> {
    post(l, "/admin/alerts", body).await
}

pub async fn end_alert(l: Locale, id: &str) -> Answer<shared::api::alert::AlertAdminView> {
    post_nothing_json(l, &format!("/admin/alerts/{}/end", seg(id))).await
}

/// The applications' OpenID Connect clients.
pub async fn oidc_clients(l: Locale) -> Answer<Vec<shared::api::oidc::ClientView>> {
    get(l, "/admin/oidc-clients").await
}

/// A new secret for a confidential client, shown once.
pub async fn new_client_secret(l: Locale, client: &str) -> Answer<shared::api::oidc::NewSecret> {
    super::post_nothing_json(l, &format!("/admin/oidc-clients/{}/secret", seg(client))).await
}

/// Signs a person out of every application (their refresh tokens are revoked).
pub async fn revoke_sign_ins(l: Locale, user_id: &str) -> Answer<shared::api::oidc::Revoked> {
    super::delete_json(l, &format!("/admin/accounts/{}/sign-ins", seg(user_id))).await
}

/// The help desk's own team.
pub async fn team(l: Locale) -> Answer<Vec<shared::api::team::TeamMember>> {
    get(l, "/admin/team").await
}

pub async fn invite(
    l: Locale,
    body: &shared::api::team::TeamInvite,
) -> Answer<shared::api::team::TeamMember> {
    post(l, "/admin/team", body).await
}

pub async fn remove_from_team(l: Locale, user_id: &str) -> Answer<()> {
    delete(l, &format!("/admin/team/{}", seg(user_id))).await
}
