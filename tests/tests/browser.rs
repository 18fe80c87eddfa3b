//! Browser tests: the built SPA served by the release binary, driven in Debian's
//! headless chromium through chromedriver. They fill the three registration steps
//! as a person would, watch the rule lists change while typing, and submit.
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::time::Duration;
use tests::{post_json, registration, Driver, Server};

async fn browser(driver: &Driver, width: u32, height: u32) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--lang=en-US",
                     format!("--window-size={width},{height}")]
        }),
    );
    let c = ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("chromedriver session");
    c.set_window_size(width, height).await.expect("window size");
    c
}

/// A fresh server, chromedriver and browser window of the given size.
async fn open(width: u32, height: u32) -> (Server, Driver, Client) {
    let s = Server::start();
    let d = Driver::start();
    let c = browser(&d, width, height).await;
    (s, d, c)
}

async fn css(c: &Client, sel: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(sel))
        .await
        .unwrap_or_else(|e| panic!("no element {sel}: {e}"))
}

async fn text(c: &Client, sel: &str) -> String {
    css(c, sel).await.text().await.expect("text")
}

async fn typ(c: &Client, sel: &str, s: &str) {
    css(c, sel).await.send_keys(s).await.expect("type");
}

/// Leaves the field (Tab), which is when non-live fields are checked.
async fn leave(c: &Client, sel: &str) {
    css(c, sel).await.send_keys("\u{E004}").await.expect("tab");
}

async fn js(c: &Client, script: &str) -> serde_json::Value {
    c.execute(script, vec![]).await.expect("script")
}

/// Fails when the page is wider than the window (it would scroll sideways on a phone).
async fn assert_no_sideways_scroll(c: &Client, what: &str) {
    let overflow = js(
        c,
        "return document.documentElement.scrollWidth - window.innerWidth",
    )
    .await;
    assert!(
        overflow.as_i64().unwrap() <= 0,
        "{what} scrolls sideways by {overflow}px"
    );
}

async fn rule_met(c: &Client, list: &str, rule: &str) -> bool {
    css(c, &format!("#{list} li[data-rule={rule}]"))
        .await
        .attr("data-met")
        .await
        .unwrap()
        .as_deref()
        == Some("true")
}

async fn wait_text(c: &Client, sel: &str, want: &str) {
    for _ in 0..100 {
        if text(c, sel).await.contains(want) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "{sel} never said {want:?}; it says {:?}",
        text(c, sel).await
    );
}

struct Words {
    step1: &'static str,
    step3: &'static str,
    required: &'static str,
    zip_invalid: &'static str,
    mismatch: &'static str,
    done: &'static str,
}

const EN: Words = Words {
    step1: "Step 1 of 3",
    step3: "Step 3 of 3",
    required: "This field is required.",
    zip_invalid: "Enter a 5-digit ZIP code or ZIP+4 (12345-6789).",
    mismatch: "The passwords do not match.",
    done: "Your account has been created",
};

const ES: Words = Words {
    step1: "Paso 1 de 3",
    step3: "Paso 3 de 3",
    required: "Este campo es obligatorio.",
    zip_invalid: "Escriba un código postal de 5 dígitos o ZIP+4 (12345-6789).",
    mismatch: "Las contraseñas no coinciden.",
    done: "Su cuenta ha sido creada",
};

/// Walks the whole registration in `lang`, checking instant validation on the way.
async fn register_through_the_ui(c: &Client, s: &Server, lang: &str, w: &Words, user_id: &str) {
    c.goto(&s.url("/register")).await.expect("open page");
    css(c, "#first_name").await;
    if lang == "es" {
        css(c, "#lang-es").await.click().await.unwrap();
    }
    assert_eq!(
        js(c, "return document.documentElement.lang").await,
        json!(lang)
    );
    wait_text(c, "#reg-heading", w.step1).await;

    // Next on an empty step: nothing moves, every field says what is wrong.
    css(c, "#next").await.click().await.unwrap();
    wait_text(c, "#first_name-error", w.required).await;
    assert!(!text(c, "#form-summary").await.is_empty());
    assert_eq!(
        css(c, "#first_name")
            .await
            .attr("aria-invalid")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );

    typ(c, "#first_name", "Ana").await;
    typ(c, "#last_name", "Rivera").await;
    typ(c, "#date_of_birth", "1985-07-14").await;
    typ(c, "#email", "ana.rivera@example.com").await;
    css(c, "#terms_accepted").await.click().await.unwrap();
    assert_eq!(text(c, "#first_name-error").await, "");
    css(c, "#next").await.click().await.unwrap();

    // Step 2: a bad ZIP is reported as soon as the field is left.
    typ(c, "#address-line1", "200 Calle Sol").await;
    typ(c, "#address-city", "San Juan").await;
    css(c, "#address-state option[value=PR]")
        .await
        .click()
        .await
        .unwrap();
    typ(c, "#address-zip", "0090").await;
    leave(c, "#address-zip").await;
    wait_text(c, "#address-zip-error", w.zip_invalid).await;
    typ(c, "#address-zip", "1").await;
    wait_text(c, "#address-zip-error", "").await;
    typ(c, "#phone", "787-555-0100").await;
    css(c, "#next").await.click().await.unwrap();
    wait_text(c, "#reg-heading", w.step3).await;

    // Step 3: the rule lists follow every keystroke.
    typ(c, "#user_id", &user_id[..2]).await;
    assert!(!rule_met(c, "user_id-rules", "too_short").await);
    typ(c, "#user_id", &user_id[2..]).await;
    assert!(rule_met(c, "user_id-rules", "too_short").await);
    typ(c, "#user_id", "..").await;
    assert!(!rule_met(c, "user_id-rules", "consecutive_specials").await);
    for _ in 0..2 {
        css(c, "#user_id")
            .await
            .send_keys("\u{E003}")
            .await
            .unwrap(); // Backspace
    }
    assert!(rule_met(c, "user_id-rules", "consecutive_specials").await);

    typ(c, "#password", "rivera").await;
    assert!(!rule_met(c, "password-rules", "contains_name").await);
    assert!(!rule_met(c, "password-rules", "missing_uppercase").await);
    for _ in 0..6 {
        css(c, "#password")
            .await
            .send_keys("\u{E003}")
            .await
            .unwrap();
    }
    typ(c, "#password", "Sunny-Beach-2024!").await;
    for rule in [
        "too_short",
        "missing_digit",
        "missing_uppercase",
        "contains_name",
        "contains_user_id",
    ] {
        assert!(
            rule_met(c, "password-rules", rule).await,
            "{rule} should be met"
        );
    }
    typ(c, "#confirm_password", "Sunny-Beach-2024").await;
    leave(c, "#confirm_password").await;
    wait_text(c, "#confirm_password-error", w.mismatch).await;
    typ(c, "#confirm_password", "!").await;
    wait_text(c, "#confirm_password-error", "").await;
    css(c, "#security_question option[value=birth_city]")
        .await
        .click()
        .await
        .unwrap();
    typ(c, "#security_answer", "Ponce").await;
    css(c, "#next").await.click().await.unwrap();

    wait_text(c, "#done-title", w.done).await;
    assert!(text(c, "#done-user-id").await.contains(user_id));
}

fn account_exists(s: &Server, user_id: &str) -> bool {
    post_json(
        &s.url("/api/v1/registrations"),
        &registration(user_id),
        "en",
    )
    .0 == 409
}

async fn save_screenshot(c: &Client, name: &str) {
    let dir = tests::workspace_root().join("target/screenshots");
    let _ = std::fs::create_dir_all(&dir);
    if let Ok(png) = c.screenshot().await {
        let _ = std::fs::write(dir.join(format!("{name}.png")), png);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn registers_in_english() {
    let (s, _d, c) = open(1280, 1000).await;
    register_through_the_ui(&c, &s, "en", &EN, "arivera85").await;
    save_screenshot(&c, "registered-en").await;
    c.close().await.unwrap();
    assert!(account_exists(&s, "ARIVERA85"));
}

#[tokio::test(flavor = "multi_thread")]
async fn registers_in_spanish() {
    let (s, _d, c) = open(1280, 1000).await;
    register_through_the_ui(&c, &s, "es", &ES, "arivera_es").await;
    // The choice is remembered across a reload.
    c.goto(&s.url("/")).await.unwrap();
    css(&c, ".tile").await;
    assert_eq!(
        js(&c, "return document.documentElement.lang").await,
        json!("es")
    );
    c.close().await.unwrap();
    assert!(account_exists(&s, "arivera_es"));
}

#[tokio::test(flavor = "multi_thread")]
async fn registers_on_a_375px_phone_at_the_largest_text_size() {
    let (s, _d, c) = open(375, 812).await;
    c.goto(&s.url("/register")).await.unwrap();
    css(&c, "#size-large").await.click().await.unwrap();
    assert_eq!(
        js(&c, "return document.documentElement.className").await,
        json!("ts-large")
    );
    let viewport = js(&c, "return window.innerWidth").await.as_i64().unwrap();
    assert!(viewport <= 375, "viewport {viewport}");
    assert_no_sideways_scroll(&c, "the registration form").await;
    save_screenshot(&c, "register-375-large").await;
    register_through_the_ui(&c, &s, "en", &EN, "phone_user1").await;
    assert_no_sideways_scroll(&c, "the confirmation").await;
    save_screenshot(&c, "registered-375").await;
    // The text size is remembered across a reload.
    c.goto(&s.url("/")).await.unwrap();
    css(&c, ".tile").await;
    assert_eq!(
        js(&c, "return document.documentElement.className").await,
        json!("ts-large")
    );
    c.close().await.unwrap();
    assert!(account_exists(&s, "phone_user1"));
}
