//! The provider in process: the whole flow, and each attack of issue 14 refused.
use super::s256;
use super::*;
use crate::domain::auth::Authenticated;
use crate::domain::testing::umbral;
use crate::store::{Grant, Session};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use shared::i18n::Locale;

const CB: &str = "http://127.0.0.1:8090/callback";
const VERIFIER: &str = "a-perfectly-good-pkce-verifier-of-fifty-characters-x";

fn fixture() -> (tempfile::TempDir, Umbral) {
    let dir = tempfile::tempdir().unwrap();
    let mut u = umbral(dir.path());
    u.apps.add_demo_clients();
    (dir, u)
}

/// Sunshine Clinic (O-1) and Gulf Billing (O-2); Erin works for O-1, Oscar for O-2,
/// Nora holds no role.
async fn world(u: &Umbral) {
    let now = u.clock.now();
    for (id, name) in [("O-1", "Sunshine Clinic"), ("O-2", "Gulf Billing")] {
        crate::domain::testing::organization(u, id, name, now).await;
    }
    for (id, org) in [
        ("erin", Some("O-1")),
        ("oscar", Some("O-2")),
        ("nora", None),
    ] {
        let mut a = Account::new(
            id,
            "Erin",
            "Enduser",
            &format!("{id}@example.org"),
            Locale::Es,
            AccountStatus::Active,
            now,
        );
        a.email_verified = true;
        a.grants = org
            .map(|o| Grant {
                application: "spot".into(),
                role: "end_user".into(),
                organization: o.into(),
                granted_at: now,
                source: "test".into(),
                certified_at: now,
                due_at: 0,
                reminded: vec![],
            })
            .into_iter()
            .collect();
        u.store.create_account(&a).await.unwrap();
        u.store
            .update::<Account, (), _>(Table::Accounts, id, Durability::Flushed, |_| {
                (Change::Put(a.clone()), ())
            })
            .await
            .unwrap();
        // The application's licence, accepted for the organisation (except by Nora, who
        // has none).
        if let Some(o) = org {
            accept(u, id, o).await;
        }
    }
}

async fn accept(u: &Umbral, who: &str, org: &str) {
    let version = u.apps.licence("spot").unwrap().version.clone();
    u.accept_licence(
        &me(u, who, u.clock.now()).await,
        "spot",
        shared::api::licence::LicenceAcceptance {
            version,
            organization: org.into(),
        },
        u.clock.now(),
    )
    .await
    .unwrap();
}

async fn me(u: &Umbral, key: &str, auth_at: u64) -> Authenticated {
    Authenticated {
        session_key: format!("session-of-{key}"),
        session: Session {
            account: key.into(),
            created_at: auth_at,
            last_seen: auth_at,
            auth_at,
            expires_at: auth_at + 1800,
            generation: 0,
            mfa: Some(DeviceKind::Authenticator),
            recovered: false,
        },
        account: u.store.account(key).await.unwrap().unwrap(),
    }
}

fn params(client: &str) -> AuthorizeParams {
    AuthorizeParams {
        client_id: Some(client.into()),
        redirect_uri: Some(CB.into()),
        response_type: Some("code".into()),
        scope: Some("openid profile email".into()),
        state: Some("st-1".into()),
        nonce: Some("n-0S6_WzA2Mj".into()),
        code_challenge: Some(s256(VERIFIER)),
        code_challenge_method: Some("S256".into()),
        ..Default::default()
    }
}

fn query(uri: &str, name: &str) -> Option<String> {
    let q = uri.split_once('?')?.1;
    serde_urlencoded::from_str::<Vec<(String, String)>>(q)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

async fn code(u: &Umbral, client: &str, who: &str) -> String {
    let id = u.authorize(params(client), u.clock.now()).await.unwrap();
    let done = u
        .complete_sign_in(&me(u, who, u.clock.now()).await, &id, u.clock.now())
        .await
        .unwrap();
    assert!(done.redirect.starts_with(CB), "{}", done.redirect);
    assert_eq!(query(&done.redirect, "state").as_deref(), Some("st-1"));
    assert_eq!(query(&done.redirect, "iss"), Some(u.issuer()));
    query(&done.redirect, "code").unwrap()
}

fn public() -> ClientAuth {
    ClientAuth {
        client_id: Some("spot-demo".into()),
        ..Default::default()
    }
}

fn exchange(code: &str) -> TokenForm {
    TokenForm {
        grant_type: Some("authorization_code".into()),
        code: Some(code.into()),
        redirect_uri: Some(CB.into()),
        code_verifier: Some(VERIFIER.into()),
        ..Default::default()
    }
}

fn refresh(t: &str) -> TokenForm {
    TokenForm {
        grant_type: Some("refresh_token".into()),
        refresh_token: Some(t.into()),
        ..Default::default()
    }
}

/// The ID token checked as a relying party would: the JWKS key named by `kid`, ES256,
/// issuer, audience and expiry.
async fn check_id_token(u: &Umbral, t: &str, aud: &str) -> serde_json::Value {
    let h = jsonwebtoken::decode_header(t).unwrap();
    let jwk = u
        .jwks(u.clock.now())
        .await
        .unwrap()
        .keys
        .into_iter()
        .find(|k| Some(&k.kid) == h.kid.as_ref())
        .unwrap();
    let key = jsonwebtoken::DecodingKey::from_ec_components(&jwk.x, &jwk.y).unwrap();
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::ES256);
    v.set_audience(&[aud]);
    v.set_issuer(&[u.issuer()]);
    v.validate_exp = false;
    let c = jsonwebtoken::decode::<serde_json::Value>(t, &key, &v)
        .unwrap()
        .claims;
    assert!(c["exp"].as_u64().unwrap() > u.clock.now());
    c
}

#[tokio::test]
async fn a_person_with_the_role_signs_in_and_the_tokens_say_who_and_what_only() {
    let (_d, u) = fixture();
    world(&u).await;
    // Five days after her last sign of life she signs in to the application: that is
    // activity, and the inactivity rule's 30 days start again from now.
    let before = u.store.account("erin").await.unwrap().unwrap();
    u.clock.advance(5 * 86_400);
    let c = code(&u, "spot-demo", "erin").await;
    let after = u.store.account("erin").await.unwrap().unwrap();
    assert_eq!(after.last_app_sign_in_at, Some(u.clock.now()));
    assert_eq!(after.last_active(), u.clock.now());
    assert!(after.last_active() > before.last_active());
    assert_eq!(
        u.policy.inactive_from(&after),
        u.clock.now() + u.policy.inactive_days * 86_400
    );
    let t = u
        .token(&public(), &exchange(&c), u.clock.now())
        .await
        .unwrap();
    let id = check_id_token(&u, &t.id_token, "spot-demo").await;
    assert_eq!(id["nonce"], "n-0S6_WzA2Mj");
    assert_eq!(id["sub"], u.subject("erin"));
    assert_ne!(id["sub"], "erin", "the subject is opaque");
    assert_eq!(id["amr"], serde_json::json!(["pwd", "otp", "mfa"]));
    assert_eq!(id["email"], "erin@example.org");
    assert_eq!(id["locale"], "es");
    // Only this application's roles, only her organisation, and no TIN anywhere.
    assert_eq!(
        id["umbral_roles"],
        serde_json::json!([{"role": "end_user", "organization": {"id": "O-1", "name": "Sunshine Clinic"}}])
    );
    // The same as plain strings, for relying parties that match strings only.
    assert_eq!(id["roles"], serde_json::json!(["spot:end_user:O-1"]));
    assert!(!t.id_token.contains("4567") && !id.to_string().contains("Gulf"));
    let info = u.userinfo(&t.access_token, u.clock.now()).await.unwrap();
    assert_eq!(info["sub"], id["sub"]);
    assert_eq!(info["email_verified"], true);
    // The ID token is not an access token, nor the reverse.
    assert!(u.userinfo(&t.id_token, u.clock.now()).await.is_err());
    assert!(u
        .verify::<IdClaims>("JWT", &t.access_token, u.clock.now())
        .await
        .is_none());
    // The refresh token rotates; the old one, replayed, ends the whole sign-in.
    let t2 = u
        .token(&public(), &refresh(&t.refresh_token), u.clock.now())
        .await
        .unwrap();
    assert_ne!(t2.refresh_token, t.refresh_token);
    assert!(u.userinfo(&t2.access_token, u.clock.now()).await.is_ok());
    let replay = u
        .token(&public(), &refresh(&t.refresh_token), u.clock.now())
        .await;
    assert!(
        matches!(replay, Err(OidcError::InvalidGrant(_))),
        "{replay:?}"
    );
    assert!(matches!(
        u.token(&public(), &refresh(&t2.refresh_token), u.clock.now())
            .await,
        Err(OidcError::InvalidGrant(_))
    ));
    assert!(
        u.userinfo(&t2.access_token, u.clock.now()).await.is_err(),
        "the family's access tokens die too"
    );
    let trail: Vec<String> = u
        .store
        .audit_trail("erin", 10)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert!(
        trail.contains(&"oidc_signed_in".to_string())
            && trail.contains(&"oidc_signed_out".to_string()),
        "{trail:?}"
    );
}

#[tokio::test]
async fn redirect_uris_match_exactly_and_a_bad_one_is_never_redirected_to() {
    let (_d, u) = fixture();
    for bad in [
        "http://127.0.0.1:8090/callback/evil",
        "http://127.0.0.1:8090/callbac",
        "http://127.0.0.1:8090/Callback",
        "HTTP://127.0.0.1:8090/callback",
        "http://127.0.0.1:8090/callback/",
        "http://127.0.0.1:8090/callback?x=1",
        "http://127.0.0.1:8091/callback",
        "http://127.0.0.1:8090@evil.example/callback",
        "https://evil.example/callback",
    ] {
        let p = AuthorizeParams {
            redirect_uri: Some(bad.into()),
            ..params("spot-demo")
        };
        assert_eq!(
            u.authorize(p, u.clock.now()).await,
            Err(AuthorizeFailure::Show("redirect_uri")),
            "{bad}"
        );
    }
    let p = AuthorizeParams {
        client_id: Some("nobody".into()),
        ..params("spot-demo")
    };
    assert_eq!(
        u.authorize(p, u.clock.now()).await,
        Err(AuthorizeFailure::Show("unknown_client"))
    );
    let p = AuthorizeParams {
        redirect_uri: None,
        ..params("spot-demo")
    };
    assert_eq!(
        u.authorize(p, u.clock.now()).await,
        Err(AuthorizeFailure::Show("redirect_uri"))
    );
}

#[tokio::test]
async fn pkce_s256_is_required_and_checked() {
    let (_d, u) = fixture();
    world(&u).await;
    let refused = |r: Result<String, AuthorizeFailure>, error: &str| match r {
        Err(AuthorizeFailure::Redirect(uri)) => {
            assert!(uri.starts_with(CB), "{uri}");
            assert_eq!(query(&uri, "error").as_deref(), Some(error), "{uri}");
            assert_eq!(query(&uri, "state").as_deref(), Some("st-1"));
        }
        other => panic!("{other:?}"),
    };
    refused(
        u.authorize(
            AuthorizeParams {
                code_challenge_method: None,
                ..params("spot-demo")
            },
            u.clock.now(),
        )
        .await,
        "invalid_request",
    );
    refused(
        u.authorize(
            AuthorizeParams {
                code_challenge_method: Some("plain".into()),
                code_challenge: Some(VERIFIER[..43].into()),
                ..params("spot-demo")
            },
            u.clock.now(),
        )
        .await,
        "invalid_request",
    );
    refused(
        u.authorize(
            AuthorizeParams {
                code_challenge: None,
                ..params("spot-demo")
            },
            u.clock.now(),
        )
        .await,
        "invalid_request",
    );
    refused(
        u.authorize(
            AuthorizeParams {
                response_type: Some("token".into()),
                ..params("spot-demo")
            },
            u.clock.now(),
        )
        .await,
        "unsupported_response_type",
    );
    refused(
        u.authorize(
            AuthorizeParams {
                scope: Some("profile".into()),
                ..params("spot-demo")
            },
            u.clock.now(),
        )
        .await,
        "invalid_scope",
    );
    refused(
        u.authorize(
            AuthorizeParams {
                prompt: Some("none".into()),
                ..params("spot-demo")
            },
            u.clock.now(),
        )
        .await,
        "login_required",
    );
    // A wrong or missing verifier at the token endpoint; the code is spent either way.
    let c = code(&u, "spot-demo", "erin").await;
    let wrong = TokenForm {
        code_verifier: Some(format!("{}y", &VERIFIER[..VERIFIER.len() - 1])),
        ..exchange(&c)
    };
    assert!(matches!(
        u.token(&public(), &wrong, u.clock.now()).await,
        Err(OidcError::InvalidGrant(_))
    ));
    let c = code(&u, "spot-demo", "erin").await;
    let none = TokenForm {
        code_verifier: None,
        ..exchange(&c)
    };
    assert!(matches!(
        u.token(&public(), &none, u.clock.now()).await,
        Err(OidcError::InvalidGrant(_))
    ));
    // The challenge itself as verifier (what `plain` would accept).
    let c = code(&u, "spot-demo", "erin").await;
    let plain = TokenForm {
        code_verifier: Some(s256(VERIFIER)),
        ..exchange(&c)
    };
    assert!(matches!(
        u.token(&public(), &plain, u.clock.now()).await,
        Err(OidcError::InvalidGrant(_))
    ));
}

#[tokio::test]
async fn a_code_works_once_for_its_client_within_60_seconds() {
    let (_d, u) = fixture();
    world(&u).await;
    let secret = u
        .rotate_client_secret("spot-demo-server", "hd", u.clock.now())
        .await
        .unwrap();
    let server = ClientAuth {
        client_id: Some("spot-demo-server".into()),
        secret: Some(secret.clone()),
        both: false,
    };
    // Reused: refused, and what the first exchange issued is revoked.
    let c = code(&u, "spot-demo", "erin").await;
    let first = u
        .token(&public(), &exchange(&c), u.clock.now())
        .await
        .unwrap();
    assert!(matches!(
        u.token(&public(), &exchange(&c), u.clock.now()).await,
        Err(OidcError::InvalidGrant(_))
    ));
    assert!(u
        .userinfo(&first.access_token, u.clock.now())
        .await
        .is_err());
    assert!(u
        .token(&public(), &refresh(&first.refresh_token), u.clock.now())
        .await
        .is_err());
    // Issued to the public client, presented by the confidential one.
    let c = code(&u, "spot-demo", "erin").await;
    assert!(matches!(
        u.token(&server, &exchange(&c), u.clock.now()).await,
        Err(OidcError::InvalidGrant(_))
    ));
    // A wrong secret, no secret, a secret from a public client.
    let c = code(&u, "spot-demo-server", "erin").await;
    for bad in [
        ClientAuth {
            secret: Some(format!("{secret}x")),
            ..server.clone()
        },
        ClientAuth {
            secret: None,
            ..server.clone()
        },
        ClientAuth {
            secret: Some("x".into()),
            ..public()
        },
    ] {
        assert!(matches!(
            u.token(&bad, &exchange(&c), u.clock.now()).await,
            Err(OidcError::InvalidClient)
        ));
    }
    assert!(
        u.token(&server, &exchange(&c), u.clock.now()).await.is_ok(),
        "the right secret"
    );
    // Expired.
    let c = code(&u, "spot-demo", "erin").await;
    u.clock.advance(CODE_TTL_SECS);
    assert!(matches!(
        u.token(&public(), &exchange(&c), u.clock.now()).await,
        Err(OidcError::InvalidGrant(_))
    ));
    // The redirect URI must be the request's.
    let c = code(&u, "spot-demo", "erin").await;
    let other = TokenForm {
        redirect_uri: Some("http://localhost:8090/callback".into()),
        ..exchange(&c)
    };
    assert!(matches!(
        u.token(&public(), &other, u.clock.now()).await,
        Err(OidcError::InvalidGrant(_))
    ));
}

#[tokio::test]
async fn no_role_no_code_and_a_role_that_ends_or_a_lock_ends_the_sign_in() {
    let (_d, u) = fixture();
    world(&u).await;
    let id = u
        .authorize(params("spot-demo"), u.clock.now())
        .await
        .unwrap();
    assert!(matches!(
        u.complete_sign_in(&me(&u, "nora", u.clock.now()).await, &id, u.clock.now())
            .await,
        Err(OidcError::NoRole)
    ));
    assert_eq!(
        u.sign_in_view(&id, Locale::Es, u.clock.now())
            .await
            .unwrap()
            .application,
        "spot"
    );
    // Erin's role is removed (as at recertification) an hour after she signed in: her
    // next refresh fails and the sign-in ends.
    let c = code(&u, "spot-demo", "erin").await;
    let t = u
        .token(&public(), &exchange(&c), u.clock.now())
        .await
        .unwrap();
    u.clock.advance(3600);
    let t = u
        .token(&public(), &refresh(&t.refresh_token), u.clock.now())
        .await
        .unwrap();
    u.store
        .update::<Account, (), _>(Table::Accounts, "erin", Durability::Flushed, |a| {
            let mut a = a.unwrap();
            a.grants.clear();
            (Change::Put(a), ())
        })
        .await
        .unwrap();
    assert!(matches!(
        u.token(&public(), &refresh(&t.refresh_token), u.clock.now())
            .await,
        Err(OidcError::InvalidGrant(_))
    ));
    assert!(u.grants_of("erin", u.clock.now()).await.unwrap().is_empty());
    // Oscar, locked after signing in: the next refresh fails and the grant is revoked.
    let c = code(&u, "spot-demo", "oscar").await;
    let t = u
        .token(&public(), &exchange(&c), u.clock.now())
        .await
        .unwrap();
    u.store
        .update::<Account, (), _>(Table::Accounts, "oscar", Durability::Flushed, |a| {
            let mut a = a.unwrap();
            a.status = AccountStatus::Locked;
            (Change::Put(a), ())
        })
        .await
        .unwrap();
    assert!(matches!(
        u.token(&public(), &refresh(&t.refresh_token), u.clock.now())
            .await,
        Err(OidcError::InvalidGrant(_))
    ));
    assert!(u
        .grants_of("oscar", u.clock.now())
        .await
        .unwrap()
        .is_empty());
    // An inactive account (no login for the inactivity period) likewise.
    let mut inactive = u.store.account("oscar").await.unwrap().unwrap();
    inactive.status = AccountStatus::Active;
    inactive.inactive_at = Some(u.clock.now());
    let (app, client) = u.client("spot-demo").unwrap();
    assert!(matches!(
        u.may_sign_in(&inactive, app, client, u.clock.now()).await,
        Err(OidcError::InvalidGrant(_))
    ));
    // A role past its recertification date counts as no role.
    let a = u.store.account("oscar").await.unwrap().unwrap();
    let (app, client) = u.client("spot-demo").unwrap();
    let a = Account {
        status: AccountStatus::Active,
        ..a
    };
    assert!(u.may_sign_in(&a, app, client, u.clock.now()).await.is_ok());
    u.clock.advance(u.policy.due(&a.grants[0]) - u.clock.now());
    assert!(matches!(
        u.may_sign_in(&a, app, client, u.clock.now()).await,
        Err(OidcError::NoRole)
    ));
}

mod fresh_login;
mod maintenance;
mod review3;
mod tokens;
