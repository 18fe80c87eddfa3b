//! The router driven in-process with `tower::ServiceExt::oneshot` (axum's
//! `examples/testing`): the error table, the extractors, the cross-site guard, the 404
//! shape, request ids and the client's address in the audit trail. No socket, no release
//! build, no `dist/`.
use super::error::ApiError;
use super::{router, AppState, HttpOptions};
use crate::domain::access::DomainError;
use crate::domain::auth::AuthError;
use crate::domain::registration::RegisterError;
use crate::domain::testing::umbral;
use crate::domain::Umbral;
use crate::store::{Account, AccountStatus, Session, Store, Table};
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use shared::api::error::{ErrorCode, FieldErrors};
use shared::i18n::Locale;
use std::net::SocketAddr;
use std::sync::Arc;
use tower::ServiceExt;

struct App {
    _dir: tempfile::TempDir,
    st: AppState,
    router: Router,
}

fn app_with(opts: HttpOptions, peer: Option<&str>) -> App {
    let dir = tempfile::tempdir().unwrap();
    let st = Arc::new(umbral(dir.path()));
    let mut router = router(st.clone(), &dir.path().join("no-dist"), opts);
    if let Some(p) = peer {
        router = router.layer(MockConnectInfo(p.parse::<SocketAddr>().unwrap()));
    }
    App {
        _dir: dir,
        st,
        router,
    }
}

fn app() -> App {
    app_with(HttpOptions::default(), None)
}

async fn send(app: &App, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Value) {
    let res = app.router.clone().oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (parts.status, parts.headers, json)
}

fn get(uri: &str) -> axum::http::request::Builder {
    Request::builder().uri(uri)
}

fn post(uri: &str) -> axum::http::request::Builder {
    Request::builder()
        .method("POST")
        .uri(uri)
        .header("x-umbral-request", "1")
        .header(header::CONTENT_TYPE, "application/json")
}

/// An active account with a live session; returns the session cookie.
async fn logged_in(u: &Umbral, user_id: &str, roles: &[&str]) -> String {
    let now = u.clock.now();
    let mut a = Account::new(
        user_id,
        "Ann",
        "Lee",
        "ann@example.org",
        Locale::En,
        AccountStatus::Active,
        now,
    );
    a.roles = roles.iter().map(|r| r.to_string()).collect();
    u.store.create_account(&a).await.unwrap();
    let token = format!("token-of-{user_id}");
    let s = Session {
        account: a.key(),
        created_at: now,
        last_seen: now,
        auth_at: now,
        expires_at: now + 600,
        generation: 0,
        mfa: None,
        recovered: false,
    };
    u.store
        .insert_new(
            Table::Sessions,
            &crate::store::index::session(&u.keys, &token),
            &s,
        )
        .await
        .unwrap();
    format!("__Host-umbral_session={token}")
}

#[tokio::test]
async fn no_session_is_401_in_the_callers_language() {
    let app = app();
    let (status, _, body) = send(
        &app,
        get("/api/v1/me")
            .header(header::ACCEPT_LANGUAGE, "es-PR,es;q=0.9")
            .header(header::COOKIE, "__Host-umbral_session=nobody")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "unauthenticated");
    assert_eq!(body["error"]["message"], "Inicie sesión.");

    let (_, headers, body) = send(&app, get("/api/v1/me").body(Body::empty()).unwrap()).await;
    assert_eq!(body["error"]["message"], "Please log in.");
    // The English body's length was not left behind by the Spanish one, or vice versa.
    assert!(headers.get(header::CONTENT_LENGTH).is_none_or(|l| l
        .to_str()
        .unwrap()
        .parse::<usize>()
        .unwrap()
        == serde_json::to_vec(&body).unwrap().len()));
}

#[tokio::test]
async fn a_live_session_is_the_caller_and_a_user_is_not_the_help_desk() {
    let app = app();
    let cookie = logged_in(&app.st, "ann.lee", &[]).await;
    let (status, _, body) = send(
        &app,
        get("/api/v1/me")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["user_id"], "ann.lee");
    let (status, _, body) = send(
        &app,
        get("/api/v1/admin/accounts?q=a")
            .header(header::COOKIE, &cookie)
            .header(header::ACCEPT_LANGUAGE, "es")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"]["code"], "forbidden");
    assert_eq!(
        body["error"]["message"],
        "Esta solicitud no está permitida."
    );

    let desk = logged_in(&app.st, "desk.one", &["help_desk"]).await;
    let (status, _, body) = send(
        &app,
        get("/api/v1/admin/accounts?q=ann")
            .header(header::COOKIE, &desk)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.to_string().contains("ann.lee"), "{body}");
}

#[tokio::test]
async fn state_changes_need_the_spa_header_and_a_same_origin() {
    let app = app();
    let bare = Request::builder()
        .method("POST")
        .uri("/api/v1/sessions")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"user_id":"a","password":"b"}"#))
        .unwrap();
    let (status, _, body) = send(&app, bare).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"]["code"], "forbidden");
    let cross = post("/api/v1/sessions")
        .header(header::HOST, "umbral.example")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::from(r#"{"user_id":"a","password":"b"}"#))
        .unwrap();
    assert_eq!(send(&app, cross).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn with_a_public_url_only_its_origin_may_write_and_https_gets_hsts() {
    let https = app_with(
        HttpOptions {
            public_url: Some("https://umbral.example/".into()),
            ..Default::default()
        },
        None,
    );
    let login = |origin: &str, host: &str| {
        post("/api/v1/sessions")
            .header(header::HOST, host)
            .header(header::ORIGIN, origin)
            .body(Body::from(
                r#"{"user_id":"nobody.here","password":"Wrong-Pass-1234"}"#,
            ))
            .unwrap()
    };
    // The scheme counts: http:// of the same host is another origin.
    let (status, _, _) = send(&https, login("http://umbral.example", "umbral.example")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A proxy that rewrote Host does not matter: the configured origin does.
    let (status, headers, body) =
        send(&https, login("https://umbral.example", "10.0.0.5:8080")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert!(headers[header::STRICT_TRANSPORT_SECURITY]
        .to_str()
        .unwrap()
        .starts_with("max-age="));
    // Over plain HTTP there is no HSTS.
    let plain = app();
    let (_, headers, _) = send(&plain, get("/api/v1/health").body(Body::empty()).unwrap()).await;
    assert!(headers.get(header::STRICT_TRANSPORT_SECURITY).is_none());
}

#[tokio::test]
async fn a_client_over_its_login_budget_gets_429_with_retry_after_for_any_user_id() {
    let app = app_with(HttpOptions::default(), Some("192.0.2.50:40000"));
    let mut statuses = vec![];
    for i in 0..12 {
        // Alternate a real user ID and an unknown one: the answers do not differ.
        let user = if i % 2 == 0 { "ann.lee" } else { "nobody.here" };
        let body = format!(r#"{{"user_id":"{user}","password":"Wrong-Pass-{i:04}"}}"#);
        let (status, headers, json) = send(
            &app,
            post("/api/v1/sessions").body(Body::from(body)).unwrap(),
        )
        .await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(json["error"]["code"], "too_many_requests");
            let wait: u64 = headers[header::RETRY_AFTER]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=31).contains(&wait), "{wait}");
        }
        statuses.push(status.as_u16());
    }
    // Ten in a burst (the lock needs 5 per user ID, so each ID got at most 5 checks).
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        2,
        "{statuses:?}"
    );
    assert!(statuses[..10].iter().all(|s| *s == 401), "{statuses:?}");
}

#[tokio::test]
async fn bodies_that_cannot_be_read_get_the_one_error_shape() {
    let app = app();
    let (status, _, body) = send(
        &app,
        post("/api/v1/sessions")
            .body(Body::from("{not json"))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "malformed");
    let (status, _, body) = send(
        &app,
        Request::builder()
            .method("POST")
            .uri("/api/v1/sessions")
            .header("x-umbral-request", "1")
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from("{}"))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(body["error"]["code"], "unsupported_media_type");
    let big = format!(r#"{{"user_id":"{}"}}"#, "a".repeat(super::BODY_LIMIT));
    let (status, _, body) = send(
        &app,
        post("/api/v1/sessions").body(Body::from(big)).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["error"]["code"], "payload_too_large");
}

#[tokio::test]
async fn unknown_api_paths_are_json_404s_with_a_request_id() {
    let app = app();
    let (status, headers, body) = send(
        &app,
        get("/api/v1/nope")
            .header(header::ACCEPT_LANGUAGE, "es")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "not_found");
    assert_eq!(
        body["error"]["message"],
        "No se encontró lo que buscaba. Vuelva a la página anterior e inténtelo de nuevo."
    );
    let id = headers
        .get(super::trace::REQUEST_ID)
        .unwrap()
        .to_str()
        .unwrap();
    assert_eq!(id.len(), 16);
    let (_, again, _) = send(&app, get("/api/v1/nope").body(Body::empty()).unwrap()).await;
    assert_ne!(again.get(super::trace::REQUEST_ID).unwrap(), id);
}

#[tokio::test]
async fn registration_rules_answer_422_with_every_field_and_change_nothing() {
    let app = app();
    let mut r = shared::api::registration::example();
    r.password = "short".into();
    r.email = "not an address".into();
    let (status, _, body) = send(
        &app,
        post("/api/v1/registrations")
            .body(Body::from(serde_json::to_vec(&r).unwrap()))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "validation_failed");
    assert!(body["error"]["fields"]["password"]
        .as_array()
        .unwrap()
        .contains(&"too_short".into()));
    assert!(body["error"]["fields"]["email"].is_array());
    assert!(app.st.store.account(&r.user_id).await.unwrap().is_none());
}

#[tokio::test]
async fn the_audit_trail_names_the_client_and_believes_only_trusted_proxies() {
    // Direct: the peer is the client, whatever X-Forwarded-For says.
    let app = app_with(HttpOptions::default(), Some("192.0.2.10:5000"));
    let cookie = logged_in(&app.st, "ann.lee", &[]).await;
    let req = Request::builder()
        .method("DELETE")
        .uri("/api/v1/sessions/current")
        .header("x-umbral-request", "1")
        .header("x-forwarded-for", "203.0.113.99")
        .header(header::COOKIE, &cookie)
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, req).await.0, StatusCode::NO_CONTENT);
    let trail = app.st.store.audit_trail("ann.lee", 5).await.unwrap();
    assert_eq!(trail[0].event, "logout");
    assert_eq!(trail[0].client.as_deref(), Some("192.0.2.10"));

    // Behind a trusted proxy: the address the proxy saw.
    let proxy = "10.1.2.3";
    let app = app_with(
        HttpOptions {
            trusted_proxies: vec![proxy.parse().unwrap()],
            ..Default::default()
        },
        Some(&format!("{proxy}:443")),
    );
    let cookie = logged_in(&app.st, "ann.lee", &[]).await;
    let req = Request::builder()
        .method("DELETE")
        .uri("/api/v1/sessions/current")
        .header("x-umbral-request", "1")
        .header("x-forwarded-for", "198.51.100.1, 203.0.113.7")
        .header(header::COOKIE, &cookie)
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, req).await.0, StatusCode::NO_CONTENT);
    let trail = app.st.store.audit_trail("ann.lee", 5).await.unwrap();
    assert_eq!(trail[0].client.as_deref(), Some("203.0.113.7"));
}

/// The one status table, variant by variant: every code it answers has a message in
/// both languages, and the statuses are the API contract of the README.
#[test]
fn the_error_table() {
    use AuthError as A;
    use StatusCode as S;
    let f = || FieldErrors::from([("x".to_string(), vec!["required".to_string()])]);
    let cases: Vec<(ApiError, S, ErrorCode)> = vec![
        (
            A::Invalid(f()).into(),
            S::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        ),
        (
            A::InvalidCredentials.into(),
            S::UNAUTHORIZED,
            ErrorCode::InvalidCredentials,
        ),
        (A::Locked.into(), S::LOCKED, ErrorCode::AccountLocked),
        (
            A::ChallengeExpired.into(),
            S::UNAUTHORIZED,
            ErrorCode::ChallengeExpired,
        ),
        (A::WrongStep.into(), S::CONFLICT, ErrorCode::WrongStep),
        (
            A::InvalidPasscode.into(),
            S::UNAUTHORIZED,
            ErrorCode::InvalidPasscode,
        ),
        (
            A::Unauthenticated.into(),
            S::UNAUTHORIZED,
            ErrorCode::Unauthenticated,
        ),
        (
            A::SessionExpired.into(),
            S::UNAUTHORIZED,
            ErrorCode::SessionExpired,
        ),
        (
            A::ReauthRequired.into(),
            S::FORBIDDEN,
            ErrorCode::ReauthenticationRequired,
        ),
        (A::NotFound.into(), S::NOT_FOUND, ErrorCode::NotFound),
        (A::LastDevice.into(), S::CONFLICT, ErrorCode::LastDevice),
        (
            A::TooManyDevices.into(),
            S::CONFLICT,
            ErrorCode::TooManyDevices,
        ),
        (
            A::TooMany(60).into(),
            S::TOO_MANY_REQUESTS,
            ErrorCode::TooManyRequests,
        ),
        (A::LinkInvalid.into(), S::GONE, ErrorCode::LinkInvalid),
        (
            A::Delivery.into(),
            S::BAD_GATEWAY,
            ErrorCode::DeliveryFailed,
        ),
        (
            A::Store(crate::store::StoreError::Conflict).into(),
            S::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
        ),
        (
            A::Store(crate::store::StoreError::Unavailable("refused".into())).into(),
            S::SERVICE_UNAVAILABLE,
            ErrorCode::Unavailable,
        ),
        (
            DomainError::Forbidden.into(),
            S::FORBIDDEN,
            ErrorCode::Forbidden,
        ),
        (
            DomainError::NotFound.into(),
            S::NOT_FOUND,
            ErrorCode::NotFound,
        ),
        (
            DomainError::OrganizationExists.into(),
            S::CONFLICT,
            ErrorCode::OrganizationExists,
        ),
        (
            DomainError::AlreadyGranted.into(),
            S::CONFLICT,
            ErrorCode::AlreadyGranted,
        ),
        (
            DomainError::AlreadyPending.into(),
            S::CONFLICT,
            ErrorCode::AlreadyPending,
        ),
        (
            DomainError::IdentityRequired.into(),
            S::CONFLICT,
            ErrorCode::IdentityRequired,
        ),
        (
            DomainError::AlreadyDecided.into(),
            S::CONFLICT,
            ErrorCode::AlreadyDecided,
        ),
        (
            DomainError::IdentityStep.into(),
            S::CONFLICT,
            ErrorCode::IdentityStep,
        ),
        (
            DomainError::UseHandover.into(),
            S::CONFLICT,
            ErrorCode::UseHandover,
        ),
        (
            DomainError::Auth(A::Locked).into(),
            S::LOCKED,
            ErrorCode::AccountLocked,
        ),
        (
            RegisterError::Taken.into(),
            S::CONFLICT,
            ErrorCode::Conflict,
        ),
        (
            RegisterError::Invalid(f()).into(),
            S::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        ),
    ];
    for (e, status, code) in cases {
        assert_eq!((e.status, e.code), (status, code), "{e:?}");
        for l in Locale::ALL {
            let body = e.body(l);
            assert!(!body.error.message.is_empty() && !body.error.message.starts_with("error-"));
        }
    }
    let taken: ApiError = RegisterError::Taken.into();
    assert_eq!(taken.fields["user_id"], vec!["taken".to_string()]);
    let exists: ApiError = DomainError::OrganizationExists.into();
    assert_eq!(
        exists.fields["tin"],
        vec!["organization_exists".to_string()]
    );
}

mod fuzz;
