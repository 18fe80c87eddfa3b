//! Introspection, RP-initiated logout, key rotation and the licence before the first
//! sign-in.
use super::*;

#[tokio::test]
async fn introspection_refuses_forged_tokens_and_public_clients() {
    let (_d, u) = fixture();
    world(&u).await;
    let secret = u
        .rotate_client_secret("spot-demo-server", "hd", u.clock.now())
        .await
        .unwrap();
    let server = ClientAuth {
        client_id: Some("spot-demo-server".into()),
        secret: Some(secret),
        both: false,
    };
    let c = code(&u, "spot-demo-server", "erin").await;
    let t = u
        .token(&server, &exchange(&c), u.clock.now())
        .await
        .unwrap();
    let ask = |token: &str| TokenForm {
        token: Some(token.into()),
        ..Default::default()
    };
    let live = u
        .introspect(&server, &ask(&t.access_token), u.clock.now())
        .await
        .unwrap();
    assert!(live.active);
    assert_eq!(live.sub, Some(u.subject("erin")));
    assert!(
        u.introspect(&server, &ask(&t.refresh_token), u.clock.now())
            .await
            .unwrap()
            .active
    );
    assert!(matches!(
        u.introspect(&public(), &ask(&t.access_token), u.clock.now())
            .await,
        Err(OidcError::UnauthorizedClient)
    ));
    // Forgeries with the real token's claims: `alg: none`, and HS256 keyed with the
    // public key (the classic confusion).
    let payload = t.access_token.split('.').nth(1).unwrap();
    let kid = jsonwebtoken::decode_header(&t.access_token)
        .unwrap()
        .kid
        .unwrap();
    let none_header =
        URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"none","typ":"at+jwt","kid":"{kid}"}}"#));
    for forged in [
        format!("{none_header}.{payload}."),
        format!("{none_header}.{payload}"),
    ] {
        assert!(
            !u.introspect(&server, &ask(&forged), u.clock.now())
                .await
                .unwrap()
                .active
        );
        assert!(u.userinfo(&forged, u.clock.now()).await.is_err());
    }
    let jwk = u.jwks(u.clock.now()).await.unwrap().keys.remove(0);
    let mut h = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    h.kid = Some(kid);
    h.typ = Some("at+jwt".into());
    let claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    for secret in [jwk.x.as_bytes().to_vec(), serde_json::to_vec(&jwk).unwrap()] {
        let forged = jsonwebtoken::encode(
            &h,
            &claims,
            &jsonwebtoken::EncodingKey::from_secret(&secret),
        )
        .unwrap();
        assert!(
            !u.introspect(&server, &ask(&forged), u.clock.now())
                .await
                .unwrap()
                .active
        );
    }
    // Another client cannot revoke it: an error (RFC 7009 section 2.1), and the token
    // stays live.
    assert!(matches!(
        u.revoke_token(&public(), &ask(&t.refresh_token), u.clock.now())
            .await,
        Err(OidcError::UnauthorizedClient)
    ));
    assert!(
        u.introspect(&server, &ask(&t.access_token), u.clock.now())
            .await
            .unwrap()
            .active
    );
    // An unknown token is no error (section 2.2).
    u.revoke_token(&public(), &ask("no-such-token"), u.clock.now())
        .await
        .unwrap();
    // Revoked by the application: inactive.
    u.revoke_token(&server, &ask(&t.refresh_token), u.clock.now())
        .await
        .unwrap();
    assert!(
        !u.introspect(&server, &ask(&t.access_token), u.clock.now())
            .await
            .unwrap()
            .active
    );
}

#[tokio::test]
async fn rp_initiated_logout_returns_only_to_a_registered_address() {
    let (_d, u) = fixture();
    world(&u).await;
    let c = code(&u, "spot-demo", "erin").await;
    let t = u
        .token(&public(), &exchange(&c), u.clock.now())
        .await
        .unwrap();
    let erin = me(&u, "erin", u.clock.now()).await;
    let bad = shared::api::oidc::SignOutInput {
        id_token_hint: Some(t.id_token.clone()),
        post_logout_redirect_uri: Some("https://evil.example/".into()),
        ..Default::default()
    };
    assert!(matches!(
        u.sign_out(Some(&erin), &bad, Locale::En, u.clock.now())
            .await,
        Err(OidcError::InvalidRequest(_))
    ));
    let forged = shared::api::oidc::SignOutInput {
        id_token_hint: Some(format!("{}x", t.id_token)),
        ..Default::default()
    };
    assert!(u
        .sign_out(Some(&erin), &forged, Locale::En, u.clock.now())
        .await
        .is_err());
    // Security review 3, G8: with no hint of this session, nothing ends until the
    // person confirms (any site can send a browser to /oauth2/logout).
    let csrf = shared::api::oidc::SignOutInput {
        client_id: Some("spot-demo".into()),
        ..Default::default()
    };
    let asked = u
        .sign_out(Some(&erin), &csrf, Locale::En, u.clock.now())
        .await
        .unwrap();
    assert!(asked.confirm && asked.redirect.is_none());
    assert!(
        u.userinfo(&t.access_token, u.clock.now()).await.is_ok(),
        "nothing revoked"
    );
    // Another person's ID token is no hint of Erin's session either.
    let c2 = code(&u, "spot-demo", "oscar").await;
    let t2 = u
        .token(&public(), &exchange(&c2), u.clock.now())
        .await
        .unwrap();
    let theirs = shared::api::oidc::SignOutInput {
        id_token_hint: Some(t2.id_token.clone()),
        ..Default::default()
    };
    assert!(
        u.sign_out(Some(&erin), &theirs, Locale::En, u.clock.now())
            .await
            .unwrap()
            .confirm
    );
    assert!(
        u.userinfo(&t.access_token, u.clock.now()).await.is_ok(),
        "nothing revoked"
    );
    assert!(
        u.userinfo(&t2.access_token, u.clock.now()).await.is_ok(),
        "nothing revoked"
    );
    let good = shared::api::oidc::SignOutInput {
        id_token_hint: Some(t.id_token.clone()),
        post_logout_redirect_uri: Some("http://127.0.0.1:8090/".into()),
        state: Some("bye".into()),
        ..Default::default()
    };
    let done = u
        .sign_out(Some(&erin), &good, Locale::Es, u.clock.now())
        .await
        .unwrap();
    assert_eq!(
        done.redirect.as_deref(),
        Some("http://127.0.0.1:8090/?state=bye")
    );
    assert!(!done.confirm);
    assert!(
        u.userinfo(&t.access_token, u.clock.now()).await.is_err(),
        "the application's grant is revoked"
    );
    // Confirmed by the person: ended with no hint at all.
    let oscar = me(&u, "oscar", u.clock.now()).await;
    let confirmed = shared::api::oidc::SignOutInput {
        client_id: Some("spot-demo".into()),
        confirm: true,
        ..Default::default()
    };
    assert!(
        !u.sign_out(Some(&oscar), &confirmed, Locale::En, u.clock.now())
            .await
            .unwrap()
            .confirm
    );
    assert!(
        u.userinfo(&t2.access_token, u.clock.now()).await.is_err(),
        "revoked"
    );
}

#[tokio::test]
async fn a_rotated_key_still_verifies_its_tokens_for_an_hour() {
    let (_d, u) = fixture();
    world(&u).await;
    let c = code(&u, "spot-demo", "erin").await;
    let t = u
        .token(&public(), &exchange(&c), u.clock.now())
        .await
        .unwrap();
    u.rotate_signing_key(u.clock.now()).await.unwrap();
    assert_eq!(u.jwks(u.clock.now()).await.unwrap().keys.len(), 2);
    assert!(u.userinfo(&t.access_token, u.clock.now()).await.is_ok());
    let c = code(&u, "spot-demo", "erin").await;
    let t2 = u
        .token(&public(), &exchange(&c), u.clock.now())
        .await
        .unwrap();
    assert_ne!(
        jsonwebtoken::decode_header(&t.id_token).unwrap().kid,
        jsonwebtoken::decode_header(&t2.id_token).unwrap().kid
    );
    u.clock.advance(keys::RETIRED_KEPT_SECS);
    assert_eq!(u.jwks(u.clock.now()).await.unwrap().keys.len(), 1);
}

#[tokio::test]
async fn the_licence_is_accepted_for_every_organisation_before_the_first_sign_in() {
    let (_d, u) = fixture();
    world(&u).await;
    // Oscar gets a second role, at Sunshine, whose licence he has not accepted there.
    u.store
        .update::<Account, (), _>(Table::Accounts, "oscar", Durability::Flushed, |a| {
            let mut a = a.unwrap();
            let mut g = a.grants[0].clone();
            g.organization = "O-1".into();
            a.grants.push(g);
            (Change::Put(a), ())
        })
        .await
        .unwrap();
    let id = u
        .authorize(params("spot-demo"), u.clock.now())
        .await
        .unwrap();
    let r = u
        .complete_sign_in(&me(&u, "oscar", u.clock.now()).await, &id, u.clock.now())
        .await;
    assert!(matches!(r, Err(OidcError::LicenceRequired)), "{r:?}");
    accept(&u, "oscar", "O-1").await;
    let c = u
        .complete_sign_in(&me(&u, "oscar", u.clock.now()).await, &id, u.clock.now())
        .await
        .unwrap();
    assert!(c.redirect.contains("code="));
}
