//! Signing in to an application through Umbral, the help desk's clients, the signed-in module's cache and an application's logout.
use super::helpers::*;
use fantoccini::Locator;
use serde_json::json;
use std::time::Duration;
use tests::{Driver, Server};

const VERIFIER: &str = "a-browser-pkce-verifier-that-is-long-enough-0123456";

/// A stand-in for the application's callback on 127.0.0.1:8090: answers every request
/// with a page, so the browser lands there and the test can read the URL it was sent to.
fn callback_listener() {
    use std::io::{Read, Write};
    let Ok(l) = std::net::TcpListener::bind("127.0.0.1:8090") else {
        return;
    };
    std::thread::spawn(move || {
        for mut s in l.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let body = "<!doctype html><title>SPOT</title><h1 id=rp>SPOT</h1>";
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
}

/// An application sends a person to Umbral (OpenID Connect) on a 375 px phone in
/// Spanish: not logged in, the login screen; Carlos, with no SPOT role yet, is told so,
/// offered "Solicitar acceso", and goes back with `error=access_denied`; Alan, with a
/// role, accepts SPOT's licence and lands back on the application with a code and the state.
#[tokio::test(flavor = "multi_thread")]
async fn signing_in_to_spot_through_umbral_on_a_375px_phone_in_spanish() {
    use base64::Engine;
    use sha2::Digest;
    callback_listener();
    let s = Server::start_demo();
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(
        b"a-browser-pkce-verifier-that-is-long-enough-0123456",
    ));
    let authorize = s.url(&format!(
        "/oauth2/authorize?response_type=code&client_id=spot-demo&redirect_uri=http%3A%2F%2F127.0.0.1%3A8090%2Fcallback&scope=openid%20profile&state=st-9&nonce=n&code_challenge={challenge}&code_challenge_method=S256"
    ));
    let cb = "http://127.0.0.1:8090/callback?";
    let d = Driver::start();
    for (user, has_role) in [("carlos.clerk", false), ("alan.approver", true)] {
        let c = browser(&d, 375, 812).await;
        set_lang(&c, &s, "es").await;
        c.goto(&authorize).await.unwrap();
        // Nobody is logged in: the login screen, which says where it leads, then back
        // to the sign-in.
        wait_text(&c, "#login-for-app", "SPOT").await;
        passcode_with_app(&c, &s, user).await;
        if has_role {
            // Signing in is using SPOT: its licence comes first, in Spanish.
            css(&c, "#licence-text").await;
            assert_no_sideways_scroll(&c, "the licence at sign-in").await;
            save_screenshot(&c, "signin-licence-es-375").await;
            click(&c, "#licence-accept").await;
            let u = wait_url(&c, cb).await;
            assert!(u.contains("code=") && u.contains("state=st-9"), "{u}");
            assert!(u.contains("iss=http%3A%2F%2F127.0.0.1"), "{u}");
            // The application exchanges the code; the profile lists the sign-in, in
            // Spanish, and signs out of it.
            let code = u.split("code=").nth(1).unwrap().split('&').next().unwrap();
            let t = ureq::post(&s.url("/oauth2/token"))
                .send_form(&[
                    ("grant_type", "authorization_code"),
                    ("code", code),
                    ("redirect_uri", "http://127.0.0.1:8090/callback"),
                    ("code_verifier", VERIFIER),
                    ("client_id", "spot-demo"),
                ])
                .unwrap()
                .into_json::<serde_json::Value>()
                .unwrap();
            c.goto(&s.url("/profile")).await.unwrap();
            wait_text(&c, "#apps-heading", "Aplicaciones en las que inicié sesión").await;
            wait_text(&c, "#signed-in-apps", "SPOT").await;
            assert_no_sideways_scroll(&c, "the profile with a signed-in application").await;
            save_screenshot(&c, "profile-apps-es-375").await;
            click(&c, "#signed-in-apps button").await;
            wait_text(&c, "#apps-none", "No ha iniciado sesión").await;
            let refused = ureq::post(&s.url("/oauth2/token")).send_form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", t["refresh_token"].as_str().unwrap()),
                ("client_id", "spot-demo"),
            ]);
            assert!(
                matches!(refused, Err(ureq::Error::Status(400, _))),
                "signed out of the application: its refresh token is dead"
            );
        } else {
            wait_text(&c, "#signin-no-role", "Todavía no tiene un rol de SPOT").await;
            wait_text(&c, "#signin-request-access", "Solicitar acceso").await;
            assert_no_sideways_scroll(&c, "the sign-in page").await;
            save_screenshot(&c, "signin-no-role-es-375").await;
            // "Solicitar acceso" opens the role request with SPOT chosen.
            click(&c, "#signin-request-access").await;
            let mut chosen = String::new();
            for _ in 0..50 {
                if let Ok(e) = c.find(Locator::Css("#application")).await {
                    chosen = e.prop("value").await.unwrap().unwrap_or_default();
                    if !chosen.is_empty() {
                        break;
                    }
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            assert!(chosen.starts_with("SPOT - Herramienta"), "{chosen:?}");
            // Back to the sign-in, which still waits, and back to the application.
            c.back().await.unwrap();
            wait_text(&c, "#signin-no-role", "Todavía no tiene un rol de SPOT").await;
            click(&c, "#signin-back").await;
            let u = wait_url(&c, cb).await;
            assert!(
                u.contains("error=access_denied") && u.contains("state=st-9"),
                "{u}"
            );
        }
        c.close().await.unwrap();
    }
}

/// The help desk on a 375 px phone in Spanish: the applications' clients in the console,
/// a new secret for the confidential one (shown once, and it works at the token
/// endpoint while the old one no longer does), and a person signed out of every
/// application.
#[tokio::test(flavor = "multi_thread")]
async fn the_help_desk_manages_clients_and_sign_ins_on_a_375px_phone_in_spanish() {
    let s = Server::start_demo();
    let text = std::fs::read_to_string(s.data.join("demo-accounts.txt")).unwrap();
    let old = text
        .lines()
        .find_map(|l| l.split("client secret ").nth(1))
        .unwrap()
        .trim()
        .to_string();
    let d = Driver::start();
    let c = browser(&d, 375, 812).await;
    set_lang(&c, &s, "es").await;
    demo_login(&c, &s, "helpdesk.demo").await;
    c.goto(&s.url("/help-desk")).await.unwrap();
    wait_text(&c, "#oidc-clients", "spot-demo-server").await;
    wait_text(&c, "#oidc-clients", "Cliente público: solo PKCE").await;
    click(&c, "#rotate-spot-demo-server").await;
    wait_text(&c, "#client-secret", "no se vuelve a mostrar").await;
    let new = text_of(&c, "#client-secret-value").await;
    assert_ne!(new, old);
    assert_no_sideways_scroll(&c, "the console's clients").await;
    save_screenshot(&c, "hd-clients-es-375").await;
    let introspect = |secret: &str| {
        ureq::post(&s.url("/oauth2/introspect"))
            .send_form(&[
                ("token", "x"),
                ("client_id", "spot-demo-server"),
                ("client_secret", secret),
            ])
            .map(|r| r.status())
            .unwrap_or_else(|e| match e {
                ureq::Error::Status(st, _) => st,
                e => panic!("{e}"),
            })
    };
    assert_eq!(introspect(&new), 200);
    assert_eq!(introspect(&old), 401);
    // Alan signs in to SPOT (through the API, as his browser would), then the help desk
    // signs him out of every application from his account card.
    let (pw, totp) = tests::demo_accounts(&s.data)["alan.approver"].clone();
    let mut alan = tests::Client::new(&s);
    alan.login_with_app("alan.approver", &pw, &totp);
    alan.accept_licences("spot");
    use base64::Engine;
    use sha2::Digest;
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(VERIFIER.as_bytes()));
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    let r = agent
        .get(&s.url(&format!(
            "/oauth2/authorize?response_type=code&client_id=spot-demo&redirect_uri=http%3A%2F%2F127.0.0.1%3A8090%2Fcallback&scope=openid&code_challenge={challenge}&code_challenge_method=S256"
        )))
        .call()
        .unwrap();
    let request = r
        .header("location")
        .unwrap()
        .split("request=")
        .nth(1)
        .unwrap()
        .to_string();
    let (_, done) = alan.post(&format!("/sign-in/{request}"), json!({}));
    let back = done["redirect"].as_str().unwrap();
    let code = back
        .split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    ureq::post(&s.url("/oauth2/token"))
        .send_form(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", "http://127.0.0.1:8090/callback"),
            ("code_verifier", VERIFIER),
            ("client_id", "spot-demo"),
        ])
        .unwrap();
    assert_eq!(alan.get("/me/applications").1.as_array().unwrap().len(), 1);
    typ(&c, "#account-q", "alan").await;
    click(&c, "#account-search").await;
    click(&c, "#sign-out-all-alan-approver").await;
    wait_text(
        &c,
        "#signed-out-all",
        "Inicios de sesión en aplicaciones cerrados: 1",
    )
    .await;
    assert_eq!(alan.get("/me/applications").1, json!([]));
    c.close().await.unwrap();
}

/// The SPA is one module per page: once the password is accepted, the login page has the
/// browser fetch the signed-in module (its JS and wasm) into its cache while the person finds
/// the passcode, so the profile's page, a new page, takes its wasm from the cache.
#[tokio::test(flavor = "multi_thread")]
async fn the_signed_in_module_comes_into_the_cache_during_login() {
    let s = Server::start_demo();
    let d = Driver::start();
    let c = browser(&d, 375, 812).await;
    c.goto(&s.url("/login")).await.unwrap();
    let accounts = tests::demo_accounts(&s.data);
    let (pw, secret) = &accounts["alan.approver"];
    let account_wasm = r"/\/account-[0-9a-f]+_bg\.wasm$/";
    // Nothing of the signed-in module on the login page yet.
    let fetched = format!(
        "return performance.getEntriesByType('resource').some(e => {account_wasm}.test(e.name) && e.responseEnd > 0)"
    );
    typ(&c, "#user_id", "alan.approver").await;
    assert_eq!(js(&c, &fetched).await, json!(false));
    typ(&c, "#password", pw).await;
    click(&c, "#login-submit").await;
    css(&c, "#passcode-form").await;
    let mut prefetched = false;
    for _ in 0..100 {
        if js(&c, &fetched).await == json!(true) {
            prefetched = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        prefetched,
        "the signed-in module was not fetched during login"
    );
    tests::away_from_step_edge(4);
    typ(&c, "#code", &tests::totp_at(secret, tests::now())).await;
    click(&c, "#passcode-submit").await;
    css(&c, "#profile-heading").await;
    // A new page (the profile's module) whose wasm came from the cache: nothing on the wire.
    let transfer = js(
        &c,
        &format!(
            "const e = performance.getEntriesByType('resource').find(e => {account_wasm}.test(e.name)); return e ? e.transferSize : -1"
        ),
    )
    .await;
    assert_eq!(transfer, json!(0), "the profile's wasm was fetched again");
    assert!(c
        .current_url()
        .await
        .unwrap()
        .path()
        .starts_with("/profile"));
}

/// Security review 3, G8: a site that sends the browser to `/oauth2/logout` without an ID
/// token of this person ends nothing by itself: the page asks, in the person's language,
/// on a phone; "Stay signed in" keeps the session, "Sign out" ends it.
#[tokio::test(flavor = "multi_thread")]
async fn an_applications_logout_asks_the_person_first_on_a_375px_phone_in_spanish() {
    let s = Server::start_demo();
    let d = Driver::start();
    let c = browser(&d, 375, 800).await;
    set_lang(&c, &s, "es").await;
    demo_login(&c, &s, "alan.approver").await;
    let me = "var done = arguments[0]; fetch('/api/v1/me').then(r => done(r.status));";
    c.goto(&s.url("/oauth2/logout?client_id=spot-demo"))
        .await
        .unwrap();
    wait_text(&c, "#signout-question", "pidió cerrar su sesión").await;
    assert_eq!(text(&c, "#signout-confirm").await, "Cerrar sesión");
    assert_no_sideways_scroll(&c, "the sign-out question").await;
    assert_axe_clean(&c, "the sign-out question (es, 375 px)").await;
    save_screenshot(&c, "signout-question-es-375").await;
    assert_eq!(
        c.execute_async(me, vec![]).await.unwrap(),
        json!(200),
        "nothing ended before the click"
    );
    click(&c, "#signout-confirm").await;
    wait_text(&c, "#signout-done", "Cerró su sesión").await;
    assert_eq!(c.execute_async(me, vec![]).await.unwrap(), json!(401));
    c.close().await.unwrap();
}
