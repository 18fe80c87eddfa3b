//! Routes of login, sessions and MFA devices (`/sessions`, `/me`); the recovery
//! requests are in `recovery.rs`.
use super::error::ApiResult;
use super::extractors::{cookie_attributes, session_cookie, session_token, ApiJson, Authed};
use super::AppState;
use crate::domain::auth::device_view;
use crate::domain::Umbral;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post, put};
use axum::{Json, Router};
use shared::api::auth::*;

/// `HttpOnly; Secure; SameSite=Strict` (no `Secure` on plain http), for at most the
/// session's life.
fn set_cookie(st: &Umbral, token: &str, max_age: u64) -> HeaderValue {
    let plain = st.policy.insecure_http;
    HeaderValue::from_str(&format!(
        "{}={token}; {}; Max-Age={max_age}",
        session_cookie(plain),
        cookie_attributes(plain)
    ))
    .expect("token is base64url")
}

/// The answer that opens a session. Rotation: a session cookie presented at login ends
/// that session first.
pub(super) async fn logged_in(
    st: &Umbral,
    headers: &HeaderMap,
    (token, profile): (String, Profile),
) -> Response {
    let now = st.clock.now();
    if let Some(old) = session_token(headers, st.policy.insecure_http) {
        if let Ok(auth) = st.authenticate(&old, now).await {
            let _ = st.logout(&auth, now).await;
        }
    }
    // This browser completed a login for the account: its device cookie (renewed at
    // every login) keeps the account's locks off it (review 3, G2).
    let key = shared::validate::user_id::canonical(&profile.user_id);
    let device = HeaderValue::from_str(&format!(
        "{}={}; {}; Max-Age={}",
        st.device_cookie_name(&key),
        st.device_token(&key),
        cookie_attributes(st.policy.insecure_http),
        crate::domain::auth::known_device::MAX_AGE_SECS
    ))
    .expect("hex and base64url");
    let mut r = Json(profile).into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(st, &token, st.policy.session_max_secs),
    );
    r.headers_mut().append(header::SET_COOKIE, device);
    r
}

#[utoipa::path(
    post,
    path = "/api/v1/sessions",
    tag = "login",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "OK", body = LoginChallenge),
        crate::http::error::Errors
    )
)]
async fn login(
    State(st): State<AppState>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<Json<LoginChallenge>> {
    Ok(Json(st.login(req, st.clock.now()).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/sessions/{c}/email-code",
    tag = "login",
    params(("c" = String, Path, description = "The login challenge from `POST /sessions`.")),
    responses(
        (status = 202, description = "Accepted: the work goes on after the answer"),
        crate::http::error::Errors
    )
)]
async fn email_code(State(st): State<AppState>, Path(c): Path<String>) -> ApiResult<StatusCode> {
    st.send_email_code(&c, st.clock.now()).await?;
    Ok(StatusCode::ACCEPTED)
}

#[utoipa::path(
    post,
    path = "/api/v1/sessions/{c}/email-verification",
    tag = "login",
    request_body = CodeInput,
    params(("c" = String, Path, description = "The login challenge from `POST /sessions`.")),
    responses(
        (status = 200, description = "OK", body = LoginChallenge),
        crate::http::error::Errors
    )
)]
async fn email_verification(
    State(st): State<AppState>,
    Path(c): Path<String>,
    ApiJson(req): ApiJson<CodeInput>,
) -> ApiResult<Json<LoginChallenge>> {
    Ok(Json(st.verify_email(&c, req, st.clock.now()).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/sessions/{c}/passcode-request",
    tag = "login",
    request_body = PasscodeRequest,
    params(("c" = String, Path, description = "The login challenge from `POST /sessions`.")),
    responses(
        (status = 202, description = "Accepted: the work goes on after the answer"),
        crate::http::error::Errors
    )
)]
async fn passcode_request(
    State(st): State<AppState>,
    Path(c): Path<String>,
    ApiJson(req): ApiJson<PasscodeRequest>,
) -> ApiResult<StatusCode> {
    st.request_passcode(&c, req, st.clock.now()).await?;
    Ok(StatusCode::ACCEPTED)
}

#[utoipa::path(
    post,
    path = "/api/v1/sessions/{c}/passcode",
    tag = "login",
    request_body = PasscodeInput,
    params(("c" = String, Path, description = "The login challenge from `POST /sessions`.")),
    responses(
        (status = 200, description = "OK", body = Profile),
        crate::http::error::Errors
    )
)]
async fn passcode(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(c): Path<String>,
    ApiJson(req): ApiJson<PasscodeInput>,
) -> ApiResult<Response> {
    let opened = st.passcode(&c, req, st.clock.now()).await?;
    Ok(logged_in(&st, &headers, opened).await)
}

#[utoipa::path(
    post,
    path = "/api/v1/sessions/{c}/devices",
    tag = "login",
    request_body = NewDevice,
    params(("c" = String, Path, description = "The login challenge from `POST /sessions`.")),
    responses(
        (status = 201, description = "Created", body = DeviceCreated),
        crate::http::error::Errors
    )
)]
async fn challenge_add_device(
    State(st): State<AppState>,
    Path(c): Path<String>,
    ApiJson(req): ApiJson<NewDevice>,
) -> ApiResult<(StatusCode, Json<DeviceCreated>)> {
    let now = st.clock.now();
    let (_, a) = st.challenge_enrolment(&c, now).await?;
    Ok((
        StatusCode::CREATED,
        Json(st.add_device(&a, req, now).await?),
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/sessions/{c}/devices",
    tag = "login",
    params(("c" = String, Path, description = "The login challenge from `POST /sessions`.")),
    responses(
        (status = 200, description = "OK", body = Vec<DeviceView>),
        crate::http::error::Errors
    )
)]
async fn challenge_devices(
    State(st): State<AppState>,
    Path(c): Path<String>,
) -> ApiResult<Json<Vec<DeviceView>>> {
    let (_, a) = st.challenge_enrolment(&c, st.clock.now()).await?;
    Ok(Json(a.devices.iter().map(device_view).collect()))
}

#[utoipa::path(
    post,
    path = "/api/v1/sessions/{c}/devices/{id}/code",
    tag = "login",
    params(("c" = String, Path, description = "The login challenge from `POST /sessions`."), ("id" = String, Path, description = "The ID.")),
    responses(
        (status = 202, description = "Accepted: the work goes on after the answer"),
        crate::http::error::Errors
    )
)]
async fn challenge_resend(
    State(st): State<AppState>,
    Path((c, id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let now = st.clock.now();
    let (_, a) = st.challenge_enrolment(&c, now).await?;
    st.resend_device_code(&a, &id, now).await?;
    Ok(StatusCode::ACCEPTED)
}

#[utoipa::path(
    post,
    path = "/api/v1/sessions/{c}/devices/{id}/verification",
    tag = "login",
    request_body = CodeInput,
    params(("c" = String, Path, description = "The login challenge from `POST /sessions`."), ("id" = String, Path, description = "The ID.")),
    responses(
        (status = 200, description = "OK", body = Profile),
        crate::http::error::Errors
    )
)]
async fn challenge_verify_device(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((c, id)): Path<(String, String)>,
    ApiJson(req): ApiJson<CodeInput>,
) -> ApiResult<Response> {
    let opened = st.verify_first_device(&c, &id, req, st.clock.now()).await?;
    Ok(logged_in(&st, &headers, opened).await)
}

#[utoipa::path(
    delete,
    path = "/api/v1/sessions/current",
    tag = "session",
    responses(
        (status = 204, description = "Done"),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn logout(State(st): State<AppState>, Authed(me): Authed) -> ApiResult<Response> {
    st.logout(&me, st.clock.now()).await?;
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut()
        .insert(header::SET_COOKIE, set_cookie(&st, "", 0));
    Ok(r)
}

#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "session",
    responses(
        (status = 200, description = "OK", body = Profile),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn me(State(st): State<AppState>, Authed(me): Authed) -> Json<Profile> {
    Json(st.profile(&me.account, &me.session))
}

#[utoipa::path(
    get,
    path = "/api/v1/me/activity",
    tag = "session",
    responses(
        (status = 200, description = "OK", body = Vec<Activity>),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn activity(
    State(st): State<AppState>,
    Authed(me): Authed,
) -> ApiResult<Json<Vec<Activity>>> {
    Ok(Json(st.activity(&me.account).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/me/devices",
    tag = "devices",
    responses(
        (status = 200, description = "OK", body = Vec<DeviceView>),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn devices(Authed(me): Authed) -> Json<Vec<DeviceView>> {
    Json(me.account.devices.iter().map(device_view).collect())
}

#[utoipa::path(
    post,
    path = "/api/v1/me/devices",
    tag = "devices",
    request_body = NewDevice,
    responses(
        (status = 201, description = "Created", body = DeviceCreated),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn add_device(
    State(st): State<AppState>,
    Authed(me): Authed,
    ApiJson(req): ApiJson<NewDevice>,
) -> ApiResult<(StatusCode, Json<DeviceCreated>)> {
    let now = st.clock.now();
    st.require_recent_login(&me, now)?;
    let created = st.add_device(&me.account, req, now).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

#[utoipa::path(
    post,
    path = "/api/v1/me/devices/{id}/verification",
    tag = "devices",
    request_body = CodeInput,
    params(("id" = String, Path, description = "The ID.")),
    responses(
        (status = 200, description = "OK", body = DeviceView),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn verify_device(
    State(st): State<AppState>,
    Authed(me): Authed,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<CodeInput>,
) -> ApiResult<Json<DeviceView>> {
    let now = st.clock.now();
    Ok(Json(st.verify_device(&me.account, &id, req, now).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/me/devices/{id}/code",
    tag = "devices",
    params(("id" = String, Path, description = "The ID.")),
    responses(
        (status = 202, description = "Accepted: the work goes on after the answer"),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn resend_device_code(
    State(st): State<AppState>,
    Authed(me): Authed,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    st.resend_device_code(&me.account, &id, st.clock.now())
        .await?;
    Ok(StatusCode::ACCEPTED)
}

#[utoipa::path(
    patch,
    path = "/api/v1/me/devices/{id}",
    tag = "devices",
    request_body = DeviceEdit,
    params(("id" = String, Path, description = "The ID.")),
    responses(
        (status = 200, description = "OK", body = DeviceView),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn edit_device(
    State(st): State<AppState>,
    Authed(me): Authed,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<DeviceEdit>,
) -> ApiResult<Json<DeviceView>> {
    Ok(Json(st.edit_device(&me, &id, req, st.clock.now()).await?))
}

#[utoipa::path(
    delete,
    path = "/api/v1/me/devices/{id}",
    tag = "devices",
    params(("id" = String, Path, description = "The ID.")),
    responses(
        (status = 204, description = "Done"),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn remove_device(
    State(st): State<AppState>,
    Authed(me): Authed,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    st.remove_device(&me, &id, st.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/api/v1/me/password",
    tag = "session",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Done"),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn change_password(
    State(st): State<AppState>,
    Authed(me): Authed,
    ApiJson(req): ApiJson<PasswordChange>,
) -> ApiResult<StatusCode> {
    st.change_password(&me, req, st.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    put,
    path = "/api/v1/me/profile",
    tag = "session",
    request_body = ProfileUpdate,
    responses(
        (status = 200, description = "The updated profile", body = Profile),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn update_profile(
    State(st): State<AppState>,
    Authed(me): Authed,
    ApiJson(req): ApiJson<ProfileUpdate>,
) -> ApiResult<Json<Profile>> {
    let a = st.update_profile(&me, req, st.clock.now()).await?;
    Ok(Json(st.profile(&a, &me.session)))
}

#[utoipa::path(
    put,
    path = "/api/v1/me/language",
    tag = "session",
    request_body = LanguageInput,
    responses(
        (status = 200, description = "The updated profile", body = Profile),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn set_language(
    State(st): State<AppState>,
    Authed(me): Authed,
    ApiJson(req): ApiJson<LanguageInput>,
) -> ApiResult<Json<Profile>> {
    let a = st.set_language(&me, req, st.clock.now()).await?;
    Ok(Json(st.profile(&a, &me.session)))
}

#[utoipa::path(
    put,
    path = "/api/v1/me/site-preferences",
    tag = "session",
    request_body = shared::api::site::SitePrefs,
    responses(
        (status = 200, description = "Kept on the account (each answer empty or one of `GET /site-options`): the updated profile", body = Profile),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn set_site_prefs(
    State(st): State<AppState>,
    Authed(me): Authed,
    ApiJson(req): ApiJson<shared::api::site::SitePrefs>,
) -> ApiResult<Json<Profile>> {
    let a = st.set_site_prefs(&me, req).await?;
    Ok(Json(st.profile(&a, &me.session)))
}

#[utoipa::path(
    put,
    path = "/api/v1/me/security-question",
    tag = "session",
    request_body = SecurityQuestionChange,
    responses(
        (status = 204, description = "Done"),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn change_security_question(
    State(st): State<AppState>,
    Authed(me): Authed,
    ApiJson(req): ApiJson<SecurityQuestionChange>,
) -> ApiResult<StatusCode> {
    st.change_security_question(&me, req, st.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/api/v1/me/email",
    tag = "session",
    request_body = EmailChange,
    responses(
        (status = 202, description = "A code was sent to the new address; nothing changed yet"),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn start_email_change(
    State(st): State<AppState>,
    Authed(me): Authed,
    ApiJson(req): ApiJson<EmailChange>,
) -> ApiResult<StatusCode> {
    st.start_email_change(&me, req, st.clock.now()).await?;
    Ok(StatusCode::ACCEPTED)
}

#[utoipa::path(
    post,
    path = "/api/v1/me/email/verification",
    tag = "session",
    request_body = CodeInput,
    responses(
        (status = 200, description = "The address is changed", body = Profile),
        crate::http::error::Errors
    ),
    security(("session" = []))
)]
async fn confirm_email_change(
    State(st): State<AppState>,
    Authed(me): Authed,
    ApiJson(req): ApiJson<CodeInput>,
) -> ApiResult<Json<Profile>> {
    let a = st.confirm_email_change(&me, req, st.clock.now()).await?;
    Ok(Json(st.profile(&a, &me.session)))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sessions", post(login))
        .route("/sessions/current", delete(logout))
        .route("/sessions/{c}/email-code", post(email_code))
        .route("/sessions/{c}/email-verification", post(email_verification))
        .route("/sessions/{c}/passcode-request", post(passcode_request))
        .route("/sessions/{c}/passcode", post(passcode))
        .route(
            "/sessions/{c}/devices",
            post(challenge_add_device).get(challenge_devices),
        )
        .route(
            "/sessions/{c}/devices/{id}/verification",
            post(challenge_verify_device),
        )
        .route("/sessions/{c}/devices/{id}/code", post(challenge_resend))
        .route("/me", get(me))
        .route("/me/activity", get(activity))
        .route("/me/password", post(change_password))
        .route("/me/profile", put(update_profile))
        .route("/me/language", put(set_language))
        .route("/me/site-preferences", put(set_site_prefs))
        .route("/me/security-question", put(change_security_question))
        .route("/me/email", post(start_email_change))
        .route("/me/email/verification", post(confirm_email_change))
        .route("/me/devices", get(devices).post(add_device))
        .route("/me/devices/{id}", patch(edit_device).delete(remove_device))
        .route("/me/devices/{id}/verification", post(verify_device))
        .route("/me/devices/{id}/code", post(resend_device_code))
}

/// The operations of this file, for `openapi.rs`.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    login,
    email_code,
    email_verification,
    passcode_request,
    passcode,
    challenge_add_device,
    challenge_devices,
    challenge_resend,
    challenge_verify_device,
    logout,
    me,
    activity,
    devices,
    add_device,
    verify_device,
    resend_device_code,
    edit_device,
    remove_device,
    change_password,
    update_profile,
    set_language,
    set_site_prefs,
    change_security_question,
    start_email_change,
    confirm_email_change
))]
pub struct Api;
