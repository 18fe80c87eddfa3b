//! What every browser test does: start chromium at a width, find, type, click, wait
//! for text, check the page does not scroll sideways, take a screenshot.
use fantoccini::{Client, Locator};
use serde_json::json;
use std::time::Duration;
use tests::{post_json, registration, Driver, Server};

pub(crate) const EMAIL: &str = "ana.rivera@example.com";
pub(crate) const PHONE: &str = "8135550100";

pub(crate) async fn browser(driver: &Driver, width: u32, height: u32) -> Client {
    driver.window(width, height).await
}

/// A fresh server, chromedriver and browser window of the given size.
pub(crate) async fn open(width: u32, height: u32) -> (Server, Driver, Client) {
    let s = Server::start();
    let d = Driver::start();
    let c = browser(&d, width, height).await;
    (s, d, c)
}

pub(crate) async fn css(c: &Client, sel: &str) -> fantoccini::elements::Element {
    tests::element(c, sel).await
}

pub(crate) async fn text(c: &Client, sel: &str) -> String {
    css(c, sel).await.text().await.expect("text")
}

pub(crate) async fn typ(c: &Client, sel: &str, s: &str) {
    css(c, sel).await.send_keys(s).await.expect("type");
}

/// Replaces what a field holds as a person does: select all (Ctrl+A), delete, type.
/// WebDriver's `clear()` empties the field without an input event, so the SPA's state
/// kept the old text, and a redraw in between could put it back before the new text
/// was typed after it (a login journey failed that way, once in a few runs).
pub(crate) async fn retype(c: &Client, sel: &str, s: &str) {
    let e = css(c, sel).await;
    // Ctrl down, a, every modifier up (NULL), Backspace.
    e.send_keys("\u{E009}a\u{E000}\u{E003}")
        .await
        .expect("select all and delete");
    e.send_keys(s).await.expect("type");
}

/// Leaves the field (Tab), which is when non-live fields are checked.
pub(crate) async fn leave(c: &Client, sel: &str) {
    css(c, sel).await.send_keys("\u{E004}").await.expect("tab");
}

pub(crate) async fn js(c: &Client, script: &str) -> serde_json::Value {
    c.execute(script, vec![]).await.expect("script")
}

/// Fails when the page is wider than the window (it would scroll sideways on a phone).
pub(crate) async fn assert_no_sideways_scroll(c: &Client, what: &str) {
    let overflow = js(
        c,
        // clientWidth leaves the vertical scrollbar out (innerWidth would hide an
        // overflow narrower than the scrollbar).
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
    )
    .await;
    assert!(
        overflow.as_i64().unwrap() <= 0,
        "{what} scrolls sideways by {overflow}px"
    );
}

pub(crate) async fn rule_met(c: &Client, list: &str, rule: &str) -> bool {
    css(c, &format!("#{list} li[data-rule={rule}]"))
        .await
        .attr("data-met")
        .await
        .unwrap()
        .as_deref()
        == Some("true")
}

pub(crate) async fn wait_text(c: &Client, sel: &str, want: &str) {
    for _ in 0..100 {
        // An element the page re-rendered meanwhile is stale: look again.
        let now = match c.find(Locator::Css(sel)).await {
            Ok(e) => e.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if now.contains(want) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Say what the page shows instead (an error message, another step), without waiting
    // again for an element that may never come.
    let here = c
        .current_url()
        .await
        .map(|u| u.to_string())
        .unwrap_or_default();
    let shown = match c.find(Locator::Css(sel)).await {
        Ok(e) => format!("it says {:?}", e.text().await.unwrap_or_default()),
        Err(_) => "it is not on the page".to_string(),
    };
    let body = match c.find(Locator::Css("body")).await {
        Ok(b) => b.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    };
    panic!("{sel} never said {want:?}: {shown}; at {here} the page shows:\n{body}");
}

/// No axe-core violation (WCAG 2.0/2.1 A and AA) on the page as it is now, with the
/// fields as filled so far (errors shown or not).
pub(crate) async fn assert_axe_clean(c: &Client, what: &str) {
    let found = tests::axe_violations(c, &tests::axe_source()).await;
    assert!(found.is_empty(), "{what}: {found:#?}");
}

pub(crate) fn account_exists(s: &Server, user_id: &str) -> bool {
    post_json(
        &s.url("/api/v1/registrations"),
        &registration(user_id),
        "en",
    )
    .0 == 409
}

pub(crate) async fn save_screenshot(c: &Client, name: &str) {
    let dir = tests::workspace_root().join("target/screenshots");
    let _ = std::fs::create_dir_all(&dir);
    if let Ok(png) = c.screenshot().await {
        let _ = std::fs::write(dir.join(format!("{name}.png")), png);
    }
}

pub(crate) async fn click(c: &Client, sel: &str) {
    css(c, sel)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {sel}: {e}"));
}

pub(crate) async fn login_password(c: &Client, s: &Server, user_id: &str, password: &str) {
    c.goto(&s.url("/login")).await.unwrap();
    typ(c, "#user_id", user_id).await;
    typ(c, "#password", password).await;
    click(c, "#login-submit").await;
}

/// The passcode step with the SMS device, which must already be selected when
/// `expect_preselected`.
pub(crate) async fn passcode_by_sms(c: &Client, ob: &mut tests::Outbox, expect_preselected: bool) {
    css(c, "#passcode-form").await;
    let sms = js(
        c,
        "return [...document.querySelectorAll('#device option')].find(o => o.text.includes('Work phone')).value",
    )
    .await;
    let sms = sms.as_str().unwrap().to_string();
    let selected = js(c, "return document.querySelector('#device').value").await;
    if expect_preselected {
        assert_eq!(selected, json!(sms), "the SMS device is preselected");
    } else {
        assert_ne!(selected, json!(sms), "the app (used last) is preselected");
        click(c, &format!("#device option[value='{sms}']")).await;
    }
    click(c, "#send-passcode").await;
    css(c, "#passcode-sent").await;
    let code = ob.code_to(PHONE);
    typ(c, "#code", &code).await;
    click(c, "#passcode-submit").await;
    // The help desk lands on its console, everyone else on the profile.
    css(c, "#profile-heading, #help-desk-heading").await;
}

pub(crate) async fn wait_for_count(c: &Client, sel: &str, n: usize) {
    for _ in 0..100 {
        if c.find_all(Locator::Css(sel))
            .await
            .map(|v| v.len())
            .unwrap_or(0)
            == n
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{sel} never counted {n}");
}

/// Logs a `--demo` account in through the SPA with its authenticator app.
pub(crate) async fn demo_login(c: &Client, s: &Server, user_id: &str) {
    let accounts = tests::demo_accounts(&s.data);
    let (pw, secret) = &accounts[user_id];
    login_password(c, s, user_id, pw).await;
    css(c, "#passcode-form").await;
    tests::step_margin(s.clock.as_deref(), 4);
    typ(c, "#code", &tests::totp_at(secret, s.now())).await;
    click(c, "#passcode-submit").await;
    // The help desk lands on its console, everyone else on the profile.
    css(c, "#profile-heading, #help-desk-heading").await;
}

pub(crate) async fn set_lang(c: &Client, s: &Server, lang: &str) {
    c.goto(&s.url("/")).await.unwrap();
    // The app is up (it sets <html lang> from the saved preference) once its header is.
    css(c, "#lang-en").await;
    if js(c, "return document.documentElement.lang").await != json!(lang) {
        click(c, &format!("#lang-{lang}")).await;
    }
    for _ in 0..50 {
        if js(c, "return document.documentElement.lang").await == json!(lang) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the page never switched to {lang}");
}

/// The first word of `text` that starts with `prefix`, without trailing punctuation.
pub(crate) fn word_starting(text: &str, prefix: &str) -> String {
    text.split_whitespace()
        .find(|w| w.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix}… in {text:?}"))
        .trim_end_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_string()
}

pub(crate) async fn select(c: &Client, sel: &str, value: &str) {
    click(c, &format!("{sel} option[value='{value}']")).await;
}

pub(crate) async fn wait_url(c: &Client, prefix: &str) -> String {
    for _ in 0..100 {
        let u = c.current_url().await.unwrap().to_string();
        if u.starts_with(prefix) {
            return u;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "never reached {prefix}: at {}",
        c.current_url().await.unwrap()
    );
}

pub(crate) async fn passcode_with_app(c: &Client, s: &Server, user_id: &str) {
    let accounts = tests::demo_accounts(&s.data);
    let (pw, secret) = &accounts[user_id];
    typ(c, "#user_id", user_id).await;
    typ(c, "#password", pw).await;
    click(c, "#login-submit").await;
    css(c, "#passcode-form").await;
    tests::step_margin(s.clock.as_deref(), 4);
    typ(c, "#code", &tests::totp_at(secret, s.now())).await;
    click(c, "#passcode-submit").await;
}

pub(crate) async fn text_of(c: &Client, sel: &str) -> String {
    css(c, sel).await.text().await.unwrap()
}
