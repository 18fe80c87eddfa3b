//! Routes of login, sessions, MFA devices and recovery (`/api/v1/sessions`, `/me`,
//! `/password-resets`, `/user-id-reminders`, `/unlocks`). Handlers parse, call
//! `domain::auth`, and map its errors to the one error shape.
use super::error::AppError;
use super::{locale, now_secs, ApiJson, Shared};
use crate::domain::auth::{device_view, AuthError, Authenticated, LinkKind};
use crate::domain::Umbral;
use crate::store::Store;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use shared::api::auth::*;
use shared::i18n::Locale;

pub const COOKIE: &str = "umbral_session";

pub(crate) fn map(l: Locale, e: AuthError) -> AppError {
    use AuthError::*;
    let (status, code) = match e {
        Invalid(fields) => {
            return AppError::fields(
                l,
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                fields,
            )
        }
        InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials"),
        Locked => (StatusCode::LOCKED, "account_locked"),
        ChallengeExpired => (StatusCode::UNAUTHORIZED, "challenge_expired"),
        WrongStep => (StatusCode::CONFLICT, "wrong_step"),
        InvalidPasscode => (StatusCode::UNAUTHORIZED, "invalid_passcode"),
        Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated"),
        SessionExpired => (StatusCode::UNAUTHORIZED, "session_expired"),
        ReauthRequired => (StatusCode::FORBIDDEN, "reauthentication_required"),
        NotFound => (StatusCode::NOT_FOUND, "not_found"),
        DeviceInUse => (StatusCode::CONFLICT, "device_in_use"),
        LastDevice => (StatusCode::CONFLICT, "last_device"),
        TooManyDevices => (StatusCode::CONFLICT, "too_many_devices"),
        TooManySends => (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"),
        LinkInvalid => (StatusCode::GONE, "link_invalid"),
        Delivery => (StatusCode::BAD_GATEWAY, "delivery_failed"),
        Store(e) => {
            tracing::error!(error = %e, "store failure");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal")
        }
    };
    AppError::new(l, status, code)
}

pub(crate) type R<T> = Result<T, AppError>;

/// A domain result as an API result, in the caller's language.
trait OrApi<T> {
    fn or_api(self, l: Locale) -> R<T>;
}

impl<T> OrApi<T> for Result<T, AuthError> {
    fn or_api(self, l: Locale) -> R<T> {
        self.map_err(|e| map(l, e))
    }
}

fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
}

pub(crate) async fn authed<S: Store>(st: &Umbral<S>, headers: &HeaderMap) -> R<Authenticated> {
    let l = locale(headers);
    let token = session_token(headers).ok_or_else(|| map(l, AuthError::Unauthenticated))?;
    st.authenticate(&token, now_secs()).await.or_api(l)
}

/// `HttpOnly; Secure; SameSite=Strict`, for the API only, for at most the session's life.
fn set_cookie(token: &str, max_age: u64) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/api/; HttpOnly; Secure; SameSite=Strict; Max-Age={max_age}"
    ))
    .expect("token is base64url")
}

fn logged_in<S: Store>(st: &Umbral<S>, token: String, profile: Profile) -> Response {
    let mut r = Json(profile).into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(&token, st.policy.session_max_secs),
    );
    r
}

/// Rotation: a session cookie presented at login ends that session.
async fn end_presented_session<S: Store>(st: &Umbral<S>, headers: &HeaderMap) {
    if let Ok(auth) = st
        .authenticate(&session_token(headers).unwrap_or_default(), now_secs())
        .await
    {
        let _ = st.logout(&auth, now_secs()).await;
    }
}

async fn login<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> R<Json<LoginChallenge>> {
    let l = locale(&headers);
    st.login(req, now_secs()).await.map(Json).or_api(l)
}

async fn email_code<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(c): Path<String>,
) -> R<StatusCode> {
    let l = locale(&headers);
    st.send_email_code(&c, now_secs()).await.or_api(l)?;
    Ok(StatusCode::ACCEPTED)
}

async fn email_verification<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(c): Path<String>,
    ApiJson(req): ApiJson<CodeInput>,
) -> R<Json<LoginChallenge>> {
    let l = locale(&headers);
    st.verify_email(&c, req, now_secs())
        .await
        .map(Json)
        .or_api(l)
}

async fn passcode_request<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(c): Path<String>,
    ApiJson(req): ApiJson<PasscodeRequest>,
) -> R<StatusCode> {
    let l = locale(&headers);
    st.request_passcode(&c, req, now_secs()).await.or_api(l)?;
    Ok(StatusCode::ACCEPTED)
}

async fn passcode<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(c): Path<String>,
    ApiJson(req): ApiJson<PasscodeInput>,
) -> R<Response> {
    let l = locale(&headers);
    let (token, profile) = st.passcode(&c, req, now_secs()).await.or_api(l)?;
    end_presented_session(&st, &headers).await;
    Ok(logged_in(&st, token, profile))
}

async fn challenge_add_device<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(c): Path<String>,
    ApiJson(req): ApiJson<NewDevice>,
) -> R<(StatusCode, Json<DeviceCreated>)> {
    let l = locale(&headers);
    let now = now_secs();
    let (_, a) = st.challenge_enrolment(&c, now).or_api(l)?;
    let created = st.add_device(&a, req, now).await.or_api(l)?;
    Ok((StatusCode::CREATED, Json(created)))
}

async fn challenge_devices<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(c): Path<String>,
) -> R<Json<Vec<DeviceView>>> {
    let l = locale(&headers);
    let (_, a) = st.challenge_enrolment(&c, now_secs()).or_api(l)?;
    Ok(Json(a.devices.iter().map(device_view).collect()))
}

async fn challenge_resend<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path((c, id)): Path<(String, String)>,
) -> R<StatusCode> {
    let l = locale(&headers);
    let now = now_secs();
    let (_, a) = st.challenge_enrolment(&c, now).or_api(l)?;
    st.resend_device_code(&a, &id, now).await.or_api(l)?;
    Ok(StatusCode::ACCEPTED)
}

async fn challenge_verify_device<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path((c, id)): Path<(String, String)>,
    ApiJson(req): ApiJson<CodeInput>,
) -> R<Response> {
    let l = locale(&headers);
    let (token, profile) = st
        .verify_first_device(&c, &id, req, now_secs())
        .await
        .or_api(l)?;
    end_presented_session(&st, &headers).await;
    Ok(logged_in(&st, token, profile))
}

async fn logout<S: Store>(State(st): State<Shared<S>>, headers: HeaderMap) -> R<Response> {
    let l = locale(&headers);
    let auth = authed(&st, &headers).await?;
    st.logout(&auth, now_secs()).await.or_api(l)?;
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut()
        .insert(header::SET_COOKIE, set_cookie("", 0));
    Ok(r)
}

async fn me<S: Store>(State(st): State<Shared<S>>, headers: HeaderMap) -> R<Json<Profile>> {
    let auth = authed(&st, &headers).await?;
    Ok(Json(Umbral::<S>::profile(&auth.account, &auth.session)))
}

async fn activity<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
) -> R<Json<Vec<Activity>>> {
    let l = locale(&headers);
    let auth = authed(&st, &headers).await?;
    st.activity(&auth.account).map(Json).or_api(l)
}

async fn devices<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
) -> R<Json<Vec<DeviceView>>> {
    let auth = authed(&st, &headers).await?;
    Ok(Json(auth.account.devices.iter().map(device_view).collect()))
}

async fn add_device<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<NewDevice>,
) -> R<(StatusCode, Json<DeviceCreated>)> {
    let l = locale(&headers);
    let now = now_secs();
    let auth = authed(&st, &headers).await?;
    st.require_recent_login(&auth, now).or_api(l)?;
    let created = st.add_device(&auth.account, req, now).await.or_api(l)?;
    Ok((StatusCode::CREATED, Json(created)))
}

async fn verify_device<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<CodeInput>,
) -> R<Json<DeviceView>> {
    let l = locale(&headers);
    let auth = authed(&st, &headers).await?;
    st.verify_device(&auth.account, &id, req, now_secs())
        .await
        .map(Json)
        .or_api(l)
}

async fn resend_device_code<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> R<StatusCode> {
    let l = locale(&headers);
    let auth = authed(&st, &headers).await?;
    st.resend_device_code(&auth.account, &id, now_secs())
        .await
        .or_api(l)?;
    Ok(StatusCode::ACCEPTED)
}

async fn edit_device<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<DeviceEdit>,
) -> R<Json<DeviceView>> {
    let l = locale(&headers);
    let auth = authed(&st, &headers).await?;
    st.edit_device(&auth, &id, req, now_secs())
        .await
        .map(Json)
        .or_api(l)
}

async fn remove_device<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> R<StatusCode> {
    let l = locale(&headers);
    let auth = authed(&st, &headers).await?;
    st.remove_device(&auth, &id, now_secs()).await.or_api(l)?;
    Ok(StatusCode::NO_CONTENT)
}

async fn change_password<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<PasswordChange>,
) -> R<StatusCode> {
    let l = locale(&headers);
    let auth = authed(&st, &headers).await?;
    st.change_password(&auth, req, now_secs()).await.or_api(l)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The work behind the three recovery requests runs after the answer, so an existing
/// and an unknown account get the same answer in the same time.
fn in_background<S: Store, F>(st: Shared<S>, f: F)
where
    F: for<'a> FnOnce(
            &'a Umbral<S>,
        ) -> std::pin::Pin<
            Box<dyn std::future::Future<Output = Result<(), AuthError>> + Send + 'a>,
        > + Send
        + 'static,
{
    tokio::spawn(async move {
        if let Err(e) = f(&st).await {
            tracing::error!(error = %e, "account recovery");
        }
    });
}

async fn request_reset<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<RecoveryRequest>,
) -> R<StatusCode> {
    recovery(st, headers, req, LinkKind::PasswordReset)
}

async fn request_unlock<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<RecoveryRequest>,
) -> R<StatusCode> {
    recovery(st, headers, req, LinkKind::Unlock)
}

fn recovery<S: Store>(
    st: Shared<S>,
    headers: HeaderMap,
    req: RecoveryRequest,
    kind: LinkKind,
) -> R<StatusCode> {
    let l = locale(&headers);
    let e = req.validate();
    if !e.is_empty() {
        return Err(map(l, AuthError::Invalid(e)));
    }
    in_background(st, move |u| {
        Box::pin(async move { u.send_link(kind, &req.user_id, now_secs()).await })
    });
    Ok(StatusCode::ACCEPTED)
}

async fn remind_user_id<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<UserIdReminderRequest>,
) -> R<StatusCode> {
    let l = locale(&headers);
    let e = req.validate();
    if !e.is_empty() {
        return Err(map(l, AuthError::Invalid(e)));
    }
    in_background(st, move |u| {
        Box::pin(async move { u.remind_user_id(&req.email, now_secs()).await })
    });
    Ok(StatusCode::ACCEPTED)
}

async fn reset_info<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(t): Path<String>,
) -> R<Json<LinkInfo>> {
    let l = locale(&headers);
    st.link_info(LinkKind::PasswordReset, &t, l, now_secs())
        .map(Json)
        .or_api(l)
}

async fn unlock_info<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(t): Path<String>,
) -> R<Json<LinkInfo>> {
    let l = locale(&headers);
    st.link_info(LinkKind::Unlock, &t, l, now_secs())
        .map(Json)
        .or_api(l)
}

async fn complete_reset<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(t): Path<String>,
    ApiJson(req): ApiJson<PasswordResetCompletion>,
) -> R<StatusCode> {
    let l = locale(&headers);
    st.complete_reset(&t, req, now_secs()).await.or_api(l)?;
    Ok(StatusCode::NO_CONTENT)
}

async fn complete_unlock<S: Store>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    Path(t): Path<String>,
    ApiJson(req): ApiJson<UnlockCompletion>,
) -> R<StatusCode> {
    let l = locale(&headers);
    st.complete_unlock(&t, req, now_secs()).await.or_api(l)?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes<S: Store>() -> Router<Shared<S>> {
    Router::new()
        .route("/sessions", post(login::<S>))
        .route("/sessions/current", axum::routing::delete(logout::<S>))
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
        .route("/me/devices", get(devices::<S>).post(add_device::<S>))
        .route(
            "/me/devices/{id}",
            axum::routing::patch(edit_device::<S>).delete(remove_device::<S>),
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
