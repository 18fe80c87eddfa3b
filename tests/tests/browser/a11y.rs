//! Accessibility (issue 16, first slice): axe-core (npm, pinned, installed by
//! `scripts/test.sh`) injected into each public screen in headless chromium, in English
//! and Spanish, at 375 px and 1280 px, with the WCAG 2.0/2.1 A and AA rules: no
//! violations; then the screens of a help-desk account, an approver and an end user.
//! The screens only a journey reaches are checked in `browser.rs` on the way: the
//! registration's steps 2 and 3 and its confirmation (in English at 1280 px, in Spanish,
//! and on a 375 px phone at the largest text size) and the document receipt (375 px, in
//! Spanish and in English).
use fantoccini::{Client, Locator};
use serde_json::json;
use tests::{Driver, Server};

async fn browser(d: &Driver, width: u32) -> Client {
    super::helpers::browser(d, width, 900).await
}

#[tokio::test(flavor = "multi_thread")]
async fn public_screens_have_no_axe_violations_in_both_languages_at_two_widths() {
    let axe = tests::axe_source();
    let s = Server::start_demo();
    let d = Driver::start();
    let mut found = vec![];
    for width in [375, 1280] {
        let c = browser(&d, width).await;
        for lang in ["en", "es"] {
            c.goto(&s.url("/")).await.unwrap();
            tests::element(&c, &format!("#lang-{lang}"))
                .await
                .click()
                .await
                .unwrap();
            for path in [
                "/",
                "/login",
                "/register",
                "/status",
                "/role-descriptions",
                "/organization-form",
                "/account-help",
                // An application's sign-in that cannot go on, and a logout.
                "/sign-in?error=redirect_uri",
                "/sign-out",
                // An unsubscribe link that does not check out.
                "/alerts/unsubscribe?token=not-a-token",
            ] {
                c.goto(&s.url(path)).await.unwrap();
                tests::element(&c, "main h1").await;
                tests::settle(&c).await;
                for v in tests::axe_violations(&c, &axe).await {
                    found.push(format!("{path} {lang} {width}px: {v}"));
                }
            }
        }
        // The harness sees a violation when there is one: an image without a text
        // alternative and a field without a label, added to the last page.
        c.execute(
            "const m = document.querySelector('main');\
             m.insertAdjacentHTML('beforeend', '<img src=\"/x.png\"><input type=\"text\">');",
            vec![],
        )
        .await
        .unwrap();
        let seen = tests::axe_violations(&c, &axe).await;
        assert!(
            seen.iter().any(|v| v.starts_with("image-alt:"))
                && seen.iter().any(|v| v.starts_with("label:")),
            "{seen:?}"
        );
        c.close().await.unwrap();
    }
    assert!(found.is_empty(), "{found:#?}");
}

/// Logs a `--demo` account in through the SPA with its authenticator app.
async fn login(c: &Client, s: &Server, user_id: &str) {
    login_checked(c, s, user_id, None).await;
}

/// [`login`], and axe's violations on the passcode step when `axe` is given.
async fn login_checked(c: &Client, s: &Server, user_id: &str, axe: Option<&str>) -> Vec<String> {
    let accounts = tests::demo_accounts(&s.data);
    let (pw, secret) = &accounts[user_id];
    c.goto(&s.url("/login")).await.unwrap();
    let field = |sel: &'static str| async move { tests::element(c, sel).await };
    field("#user_id").await.send_keys(user_id).await.unwrap();
    field("#password").await.send_keys(pw).await.unwrap();
    field("#login-submit").await.click().await.unwrap();
    field("#passcode-form").await;
    let found = match axe {
        Some(axe) => tests::axe_violations(c, axe).await,
        None => vec![],
    };
    tests::away_from_step_edge(4);
    field("#code")
        .await
        .send_keys(&tests::totp_at(secret, tests::now()))
        .await
        .unwrap();
    field("#passcode-submit").await.click().await.unwrap();
    field("#profile-heading, #help-desk-heading").await;
    found
}

#[tokio::test(flavor = "multi_thread")]
async fn the_screens_of_each_role_have_no_axe_violations() {
    let axe = tests::axe_source();
    let s = Server::start_demo();
    let d = Driver::start();
    let mut found = vec![];
    let journeys: [(&str, &[&str]); 3] = [
        (
            "helpdesk.demo",
            &[
                "/profile",
                "/profile/devices",
                "/profile/password",
                "/profile/details",
                "/roles",
                "/roles/new",
                "/help-desk",
            ],
        ),
        ("beatriz.biller", &["/approvals", "/roles"]),
        ("diego.diaz", &["/apps/spot/O-DEMO-COQUI", "/roles"]),
    ];
    for (user, paths) in journeys {
        // One login per account (a TOTP code works once); the window is resized.
        let c = browser(&d, 375).await;
        // The passcode step, in English at 375 px, on the way in.
        for v in login_checked(&c, &s, user, Some(&axe)).await {
            found.push(format!("{user} passcode step: {v}"));
        }
        for width in [375, 1280] {
            c.set_window_size(width, 900).await.unwrap();
            for lang in ["en", "es"] {
                c.find(Locator::Css(&format!("#lang-{lang}")))
                    .await
                    .unwrap()
                    .click()
                    .await
                    .unwrap();
                for path in paths {
                    c.goto(&s.url(path)).await.unwrap();
                    tests::element(&c, "main h1").await;
                    tests::settle(&c).await;
                    for v in tests::axe_violations(&c, &axe).await {
                        found.push(format!("{user} {path} {lang} {width}px: {v}"));
                    }
                }
            }
        }
        c.close().await.unwrap();
    }
    assert!(found.is_empty(), "{found:#?}");
}

/// How far the page scrolls sideways, in CSS pixels (0: not at all).
async fn sideways(c: &Client) -> i64 {
    c.execute(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
        vec![],
    )
    .await
    .unwrap()
    .as_i64()
    .unwrap()
}

/// WCAG 1.4.4 and 1.4.10 on a phone: a 375 x 812 screen at 200 % browser zoom lays pages
/// out in 187.5 CSS pixels (emulated exactly: a 188 px wide viewport at a device pixel
/// ratio of 2). Every public screen and the screens of an end user and of the help desk,
/// in both languages: nothing scrolls sideways (the console's tables scroll inside their
/// own frame, which 1.4.10 allows for data tables).
#[tokio::test(flavor = "multi_thread")]
async fn screens_at_200_percent_zoom_on_a_375px_phone_do_not_scroll_sideways() {
    let s = Server::start_demo();
    let d = Driver::start();
    let mut found = vec![];
    let journeys: [(Option<&str>, &[&str]); 3] = [
        (
            None,
            &[
                "/",
                "/login",
                "/register",
                "/status",
                "/role-descriptions",
                "/organization-form",
                "/account-help",
                "/sign-in?error=redirect_uri",
            ],
        ),
        (
            Some("diego.diaz"),
            &[
                "/profile",
                "/profile/devices",
                "/profile/details",
                "/roles",
                "/roles/new",
                "/apps/spot/O-DEMO-COQUI",
            ],
        ),
        (Some("helpdesk.demo"), &["/help-desk", "/profile/password"]),
    ];
    for (user, paths) in journeys {
        let c = browser(&d, 375).await;
        if let Some(user) = user {
            login(&c, &s, user).await;
        }
        let session = c.session_id().await.unwrap().expect("a session id");
        tests::cdp(
            &d,
            &session,
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 188, "height": 406, "deviceScaleFactor": 2, "mobile": true}),
        );
        for lang in ["en", "es"] {
            c.goto(&s.url("/status")).await.unwrap();
            tests::element(&c, &format!("#lang-{lang}"))
                .await
                .click()
                .await
                .unwrap();
            for path in paths {
                c.goto(&s.url(path)).await.unwrap();
                tests::element(&c, "main h1").await;
                tests::settle(&c).await;
                let over = sideways(&c).await;
                if lang == "es" && matches!(*path, "/login" | "/help-desk" | "/roles/new") {
                    let dir = tests::workspace_root().join("target/screenshots");
                    std::fs::create_dir_all(&dir).unwrap();
                    let png = c.screenshot().await.unwrap();
                    std::fs::write(
                        dir.join(format!("zoom200-{}-es.png", &path[1..].replace('/', "-"))),
                        png,
                    )
                    .unwrap();
                }
                if over > 0 {
                    let png = c.screenshot().await.unwrap();
                    let dir = tests::workspace_root().join("target/screenshots");
                    std::fs::create_dir_all(&dir).unwrap();
                    let name = format!("zoom200{}-{lang}.png", path.replace(['/', '?', '='], "_"));
                    std::fs::write(dir.join(&name), png).unwrap();
                    // The outermost elements past the right edge, to say what to fix.
                    let wide = c
                        .execute(
                            "const w = document.documentElement.clientWidth;\
                             return [...document.querySelectorAll('body *')]\
                               .filter(e => e.getBoundingClientRect().right > w + 0.5)\
                               .filter(e => !(e.parentElement && e.parentElement.getBoundingClientRect().right > w + 0.5))\
                               .slice(0, 4).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '')\
                                 + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');",
                            vec![],
                        )
                        .await
                        .unwrap();
                    found.push(format!("{path} {lang}: {over}px sideways ({name}): {wide}"));
                }
            }
        }
        c.close().await.unwrap();
    }
    assert!(found.is_empty(), "{found:#?}");
}
