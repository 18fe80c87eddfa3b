//! Routes of login, sessions, MFA devices and recovery (`/sessions`, `/me`,
//! `/password-resets`, `/user-id-reminders`, `/unlocks`).
use super::error::ApiError;
use super::extractors::{session_token, ApiJson, Authed, ClientAddr, Lang, COOKIE};
use super::Shared;
use crate::domain::auth::{device_view, LinkKind};
use crate::domain::Umbral;
use crate::store::Store;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post};
use axum::{Json, Router};
use shared::api::auth::*;

type R<T> = Result<T, ApiError>;

/// `HttpOnly; Secure; SameSite=Strict`, for the API only, for at most the session's life.
fn set_cookie(token: &str, max_age: u64) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={max_age}"
    ))
    .expect("token is base64url")
}

/// The answer that opens a session. Rotation: a session cookie presented at login ends
/// that session first.
async fn logged_in<S: Store>(
    st: &Umbral<S>,
    headers: &HeaderMap,
    (token, profile): (String, Profile),
) -> Response {
    let now = st.clock.now();
    if let Some(old) = session_token(headers) {
        if let Ok(auth) = st.authenticate(&old, now).await {
            let _ = st.logout(&auth, now).await;
        }
    }
    let mut r = Json(profile).into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(&token, st.policy.session_max_secs),
    );
    r
}

async fn login<S: Store>(
    State(st): State<Shared<S>>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> R<Json<LoginChallenge>> {
    Ok(Json(st.login(req, st.clock.now()).await?))
}

async fn email_code<S: Store>(State(st): State<Shared<S>>, Path(c): Path<String>) -> R<StatusCode> {
    st.send_email_code(&c, st.clock.now()).await?;
    Ok(StatusCode::ACCEPTED)
}

async fn email_verification<S: Store>(
    State(st): State<Shared<S>>,
    Path(c): Path<String>,
    ApiJson(req): ApiJson<CodeInput>,
) -> R<Json<LoginChallenge>> {
    Ok(Json(st.verify_email(&c, req, st.clock.now()).await?))
}

async fn passcode_request<S: Store>(
    State(st): State<Shared<S>>,
    Path(c): Path<String>,
    ApiJson(req): ApiJson<PasscodeRequest>,
) -> R<StatusCode> {
    st.request_passcode(&c, req, st.clock.now()).await?;
    Ok(StatusCode::ACCEPTED)
}

async fn passcode<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(c): Path<String>,
    ApiJson(req): ApiJson<PasscodeInput>,
) -> R<Response> {
    let opened = st.passcode(&c, req, st.clock.now()).await?;
    Ok(logged_in(&st, &headers, opened).await)
}

async fn challenge_add_device<S: Store>(
    State(st): State<Shared<S>>,
    Path(c): Path<String>,
    ApiJson(req): ApiJson<NewDevice>,
) -> R<(StatusCode, Json<DeviceCreated>)> {
    let now = st.clock.now();
    let (_, a) = st.challenge_enrolment(&c, now)?;
    Ok((
        StatusCode::CREATED,
        Json(st.add_device(&a, req, now).await?),
    ))
}

async fn challenge_devices<S: Store>(
    State(st): State<Shared<S>>,
    Path(c): Path<String>,
) -> R<Json<Vec<DeviceView>>> {
    let (_, a) = st.challenge_enrolment(&c, st.clock.now())?;
    Ok(Json(a.devices.iter().map(device_view).collect()))
}

async fn challenge_resend<S: Store>(
    State(st): State<Shared<S>>,
    Path((c, id)): Path<(String, String)>,
) -> R<StatusCode> {
    let now = st.clock.now();
    let (_, a) = st.challenge_enrolment(&c, now)?;
    st.resend_device_code(&a, &id, now).await?;
    Ok(StatusCode::ACCEPTED)
}

async fn challenge_verify_device<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path((c, id)): Path<(String, String)>,
    ApiJson(req): ApiJson<CodeInput>,
) -> R<Response> {
    let opened = st.verify_first_device(&c, &id, req, st.clock.now()).await?;
    Ok(logged_in(&st, &headers, opened).await)
}

async fn logout<S: Store>(State(st): State<Shared<S>>, Authed(me): Authed) -> R<Response> {
    st.logout(&me, st.clock.now()).await?;
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut()
        .insert(header::SET_COOKIE, set_cookie("", 0));
    Ok(r)
}

async fn me<S: Store>(Authed(me): Authed) -> Json<Profile> {
    Json(Umbral::<S>::profile(&me.account, &me.session))
}

async fn activity<S: Store>(
    State(st): State<Shared<S>>,
    Authed(me): Authed,
) -> R<Json<Vec<Activity>>> {
    Ok(Json(st.activity(&me.account)?))
}

async fn devices(Authed(me): Authed) -> Json<Vec<DeviceView>> {
    Json(me.account.devices.iter().map(device_view).collect())
}

async fn add_device<S: Store>(
    State(st): State<Shared<S>>,
    Authed(me): Authed,
    ApiJson(req): ApiJson<NewDevice>,
) -> R<(StatusCode, Json<DeviceCreated>)> {
    let now = st.clock.now();
    st.require_recent_login(&me, now)?;
    let created = st.add_device(&me.account, req, now).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

async fn verify_device<S: Store>(
    State(st): State<Shared<S>>,
    Authed(me): Authed,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<CodeInput>,
) -> R<Json<DeviceView>> {
    let now = st.clock.now();
    Ok(Json(st.verify_device(&me.account, &id, req, now).await?))
}

async fn resend_device_code<S: Store>(
    State(st): State<Shared<S>>,
    Authed(me): Authed,
    Path(id): Path<String>,
) -> R<StatusCode> {
    st.resend_device_code(&me.account, &id, st.clock.now())
        .await?;
    Ok(StatusCode::ACCEPTED)
}

async fn edit_device<S: Store>(
    State(st): State<Shared<S>>,
    Authed(me): Authed,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<DeviceEdit>,
) -> R<Json<DeviceView>> {
    Ok(Json(st.edit_device(&me, &id, req, st.clock.now()).await?))
}

async fn remove_device<S: Store>(
    State(st): State<Shared<S>>,
    Authed(me): Authed,
    Path(id): Path<String>,
) -> R<StatusCode> {
    st.remove_device(&me, &id, st.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn change_password<S: Store>(
    State(st): State<Shared<S>>,
    Authed(me): Authed,
    ApiJson(req): ApiJson<PasswordChange>,
) -> R<StatusCode> {
    st.change_password(&me, req, st.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The work behind the three recovery requests runs after the answer, so an existing
/// and an unknown account get the same answer in the same time. The client's address
/// goes along for the audit trail.
fn after_answer<S, F, Fut>(st: Shared<S>, client: ClientAddr, work: F)
where
    S: Store,
    F: FnOnce(Shared<S>) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<(), crate::domain::auth::AuthError>> + Send,
{
    let client = client.0;
    tokio::spawn(crate::domain::notify::with_client(client, async move {
        if let Err(e) = work(st).await {
            tracing::error!(error = %e, "account recovery");
        }
    }));
}

async fn request_link<S: Store>(
    st: Shared<S>,
    client: ClientAddr,
    req: RecoveryRequest,
    kind: LinkKind,
) -> R<StatusCode> {
    crate::domain::auth::invalid(req.validate())?;
    after_answer(st, client, move |st| async move {
        st.send_link(kind, &req.user_id, st.clock.now()).await
    });
    Ok(StatusCode::ACCEPTED)
}

async fn request_reset<S: Store>(
    State(st): State<Shared<S>>,
    client: ClientAddr,
    ApiJson(req): ApiJson<RecoveryRequest>,
) -> R<StatusCode> {
    request_link(st, client, req, LinkKind::PasswordReset).await
}

async fn request_unlock<S: Store>(
    State(st): State<Shared<S>>,
    client: ClientAddr,
    ApiJson(req): ApiJson<RecoveryRequest>,
) -> R<StatusCode> {
    request_link(st, client, req, LinkKind::Unlock).await
}

async fn remind_user_id<S: Store>(
    State(st): State<Shared<S>>,
    client: ClientAddr,
    ApiJson(req): ApiJson<UserIdReminderRequest>,
) -> R<StatusCode> {
    crate::domain::auth::invalid(req.validate())?;
    after_answer(st, client, move |st| async move {
        st.remind_user_id(&req.email, st.clock.now()).await
    });
    Ok(StatusCode::ACCEPTED)
}

async fn reset_info<S: Store>(
    State(st): State<Shared<S>>,
    Lang(l): Lang,
    Path(t): Path<String>,
) -> R<Json<LinkInfo>> {
    let now = st.clock.now();
    Ok(Json(st.link_info(LinkKind::PasswordReset, &t, l, now)?))
}

async fn unlock_info<S: Store>(
    State(st): State<Shared<S>>,
    Lang(l): Lang,
    Path(t): Path<String>,
) -> R<Json<LinkInfo>> {
    Ok(Json(st.link_info(
        LinkKind::Unlock,
        &t,
        l,
        st.clock.now(),
    )?))
}

async fn complete_reset<S: Store>(
    State(st): State<Shared<S>>,
    Path(t): Path<String>,
    ApiJson(req): ApiJson<PasswordResetCompletion>,
) -> R<StatusCode> {
    st.complete_reset(&t, req, st.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn complete_unlock<S: Store>(
    State(st): State<Shared<S>>,
    Path(t): Path<String>,
    ApiJson(req): ApiJson<UnlockCompletion>,
) -> R<StatusCode> {
    st.complete_unlock(&t, req, st.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes<S: Store>() -> Router<Shared<S>> {
    Router::new()
        .route("/sessions", post(login::<S>))
        .route("/sessions/current", delete(logout::<S>))
        .route("/sessions/{c}/email-code", post(email_code::<S>))
        .route(
            "/sessions/{c}/email-verification",
            post(email_verification::<S>),
        )
        .route(
            "/sessions/{c}/passcode-request",
            post(passcode_request::<S>),
        )
        .route("/sessions/{c}/passcode", post(passcode::<S>))
        .route(
            "/sessions/{c}/devices",
            post(challenge_add_device::<S>).get(challenge_devices::<S>),
        )
        .route(
            "/sessions/{c}/devices/{id}/verification",
            post(challenge_verify_device::<S>),
        )
        .route(
            "/sessions/{c}/devices/{id}/code",
            post(challenge_resend::<S>),
        )
        .route("/me", get(me::<S>))
        .route("/me/activity", get(activity::<S>))
        .route("/me/password", post(change_password::<S>))
        .route("/me/devices", get(devices).post(add_device::<S>))
        .route(
            "/me/devices/{id}",
            patch(edit_device::<S>).delete(remove_device::<S>),
        )
        .route("/me/devices/{id}/verification", post(verify_device::<S>))
        .route("/me/devices/{id}/code", post(resend_device_code::<S>))
        .route("/password-resets", post(request_reset::<S>))
        .route(
            "/password-resets/{t}",
            get(reset_info::<S>).post(complete_reset::<S>),
        )
        .route("/unlocks", post(request_unlock::<S>))
        .route(
            "/unlocks/{t}",
            get(unlock_info::<S>).post(complete_unlock::<S>),
        )
        .route("/user-id-reminders", post(remind_user_id::<S>))
}
