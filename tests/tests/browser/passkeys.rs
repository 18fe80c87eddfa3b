//! Passkeys through Chrome's virtual authenticator (issue 27).
use super::helpers::*;
use serde_json::json;
use tests::{Driver, Server};

// ---------------------------------------------------------------- passkeys (issue 27)

/// The W3C WebAuthn WebDriver extension's "Add Virtual Authenticator", which
/// chromedriver implements: a platform authenticator (CTAP2, internal transport) that
/// holds resident keys and verifies its user, as a phone with a fingerprint does.
#[derive(Debug)]
struct AddVirtualAuthenticator;

impl fantoccini::wd::WebDriverCompatibleCommand for AddVirtualAuthenticator {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/webauthn/authenticator",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({
            "protocol": "ctap2",
            "transport": "internal",
            "hasResidentKey": true,
            "hasUserVerification": true,
            "isUserConsenting": true,
            "isUserVerified": true,
        });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Erin adds a passkey from her devices on a 375 px phone in either language (Chromium's
/// virtual authenticator stands in for her phone's fingerprint), logs out, and logs in
/// with her password and the passkey: no code typed. The new screens pass axe and do
/// not scroll sideways; the login is recorded as a passkey's.
#[tokio::test(flavor = "multi_thread")]
async fn a_passkey_is_added_and_logs_in_on_a_375px_phone_in_spanish() {
    passkey_journey(
        "es",
        ["Agregar una llave de acceso", "Mi teléfono", "huella"],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_passkey_is_added_and_logs_in_on_a_375px_phone_in_english() {
    passkey_journey("en", ["Add a passkey", "My phone", "fingerprint"]).await;
}

async fn passkey_journey(lang: &str, w: [&str; 3]) {
    let s = Server::builder()
        .demo()
        .env(&[("UMBRAL_PUBLIC_URL", "http://localhost:{port}")])
        .start();
    let d = Driver::start();
    let c = browser(&d, 375, 800).await;
    c.issue_cmd(AddVirtualAuthenticator)
        .await
        .expect("chromedriver's virtual authenticator");
    // The site by name throughout: a browser accepts no IP address as a relying party.
    c.goto(&s.localhost("/")).await.unwrap();
    css(&c, "#lang-es").await;
    click(&c, &format!("#lang-{lang}")).await;
    let (pw, secret) = tests::demo_accounts(&s.data)["erin.enduser"].clone();
    c.goto(&s.localhost("/login")).await.unwrap();
    typ(&c, "#user_id", "erin.enduser").await;
    typ(&c, "#password", &pw).await;
    click(&c, "#login-submit").await;
    css(&c, "#passcode-form").await;
    tests::away_from_step_edge(4);
    typ(&c, "#code", &tests::totp_at(&secret, tests::now())).await;
    click(&c, "#passcode-submit").await;
    css(&c, "#profile-heading").await;

    c.goto(&s.localhost("/profile/devices")).await.unwrap();
    click(&c, "#add-passkey").await;
    wait_text(&c, "#passkey-heading", w[0]).await;
    typ(&c, "#passkey-label", w[1]).await;
    assert_axe_clean(&c, &format!("adding a passkey ({lang}, 375 px)")).await;
    click(&c, "#passkey-create").await;
    wait_text(&c, "#passkey-added", w[1]).await;
    wait_for_count(&c, "#device-list li[data-kind=passkey]", 1).await;
    assert_no_sideways_scroll(&c, "the devices with a passkey").await;
    save_screenshot(&c, &format!("passkey-added-{lang}-375")).await;
    click(&c, "#nav-logout").await;
    css(&c, "#login-notice").await;

    // Password, then the passkey: chosen by default as the device used last? Not yet:
    // the app was. She picks it.
    typ(&c, "#user_id", "erin.enduser").await;
    typ(&c, "#password", &pw).await;
    click(&c, "#login-submit").await;
    css(&c, "#passcode-form").await;
    let passkey = js(
        &c,
        &format!("return [...document.querySelectorAll('#device option')].find(o => o.text.includes('{}')).value", w[1]),
    )
    .await;
    click(
        &c,
        &format!("#device option[value='{}']", passkey.as_str().unwrap()),
    )
    .await;
    wait_text(&c, "#passkey-hint", w[2]).await;
    assert_axe_clean(&c, &format!("the passkey step ({lang}, 375 px)")).await;
    save_screenshot(&c, &format!("passkey-step-{lang}-375")).await;
    click(&c, "#passkey-use").await;
    css(&c, "#profile-heading").await;
    let last = c
        .execute_async(
            "var done = arguments[0]; fetch('/api/v1/me/activity').then(r => r.json()).then(a => done(a.find(e => e.event == 'login')));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(last["detail"], json!("passkey"), "{last}");
    c.close().await.unwrap();
}
