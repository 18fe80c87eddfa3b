//! The registration's three steps as a person fills them: the rule lists change while typing, and the account is made.
use super::helpers::*;
use fantoccini::Client;
use serde_json::json;
use std::time::Duration;
use tests::Server;

pub(crate) struct Words {
    step1: &'static str,
    step3: &'static str,
    required: &'static str,
    zip_invalid: &'static str,
    mismatch: &'static str,
    done: &'static str,
}

pub(crate) const EN: Words = Words {
    step1: "Step 1 of 3",
    step3: "Step 3 of 3",
    required: "This field is required.",
    zip_invalid: "Enter a 5-digit ZIP code or ZIP+4 (12345-6789).",
    mismatch: "The passwords do not match.",
    done: "Your account has been created",
};

pub(crate) const ES: Words = Words {
    step1: "Paso 1 de 3",
    step3: "Paso 3 de 3",
    required: "Este campo es obligatorio.",
    zip_invalid: "Escriba un código postal de 5 dígitos o ZIP+4 (12345-6789).",
    mismatch: "Las contraseñas no coinciden.",
    done: "Se creó su cuenta",
};

/// Walks the whole registration in `lang`, checking instant validation on the way.
pub(crate) async fn register_through_the_ui(
    c: &Client,
    s: &Server,
    lang: &str,
    w: &Words,
    user_id: &str,
) {
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
    // The summary takes focus (so a phone scrolls to it and a screen reader reads it)
    // and links to each field in error, in the form's order; a link moves focus there.
    let focused = || {
        js(
            c,
            "return document.activeElement && document.activeElement.id",
        )
    };
    assert_eq!(focused().await, json!("form-summary"));
    let first = css(c, "#form-summary a").await;
    assert_eq!(
        first.attr("data-field").await.unwrap().as_deref(),
        Some("first_name")
    );
    css(c, "#form-summary a[data-field=email]").await;
    first.click().await.unwrap();
    assert_eq!(focused().await, json!("first_name"));
    assert_axe_clean(
        c,
        &format!("registration step 1 with every error shown ({lang})"),
    )
    .await;
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
    // Typed the US way, understood and shown in ISO form.
    typ(c, "#date_of_birth", "07/14/1985").await;
    assert_eq!(
        js(c, "return document.getElementById('date_of_birth').value").await,
        json!("1985-07-14")
    );
    // Phone keyboards: the fields say which keyboard to open.
    assert_eq!(
        css(c, "#email")
            .await
            .attr("type")
            .await
            .unwrap()
            .as_deref(),
        Some("email")
    );
    typ(c, "#email", "ana.rivera@example.com").await;
    css(c, "#terms_accepted").await.click().await.unwrap();
    assert_eq!(text(c, "#first_name-error").await, "");
    css(c, "#next").await.click().await.unwrap();

    // Step 2: axe finds nothing to fault (issue 16), then a bad ZIP is reported as
    // soon as the field is left.
    css(c, "#address-line1").await;
    assert_axe_clean(c, &format!("registration step 2 ({lang})")).await;
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
    assert_eq!(
        css(c, "#phone")
            .await
            .attr("type")
            .await
            .unwrap()
            .as_deref(),
        Some("tel")
    );
    assert_eq!(
        css(c, "#address-zip")
            .await
            .attr("inputmode")
            .await
            .unwrap()
            .as_deref(),
        Some("numeric")
    );
    css(c, "#next").await.click().await.unwrap();
    wait_text(c, "#reg-heading", w.step3).await;

    // Step 3: axe, then the rule lists follow every keystroke.
    assert_axe_clean(c, &format!("registration step 3 ({lang})")).await;
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
    // "Not a common password" is the server's answer (the SPA carries no dictionary):
    // met once it is in, a pause after typing.
    let mut asked = 0;
    while !rule_met(c, "password-rules", "common").await {
        asked += 1;
        assert!(asked < 50, "the common-password check never answered");
        tokio::time::sleep(Duration::from_millis(100)).await;
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
    assert_axe_clean(c, &format!("registration done ({lang})")).await;
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

/// The first help-desk account, made on the command line, is set up in the browser from
/// its one-time link: the password rule and the second typing are checked as typed,
/// nothing is sent until they pass, and the link works once.
#[tokio::test(flavor = "multi_thread")]
async fn the_first_help_desk_sets_up_the_account_from_its_link() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let token = tests::create_help_desk(&data, "hd.first", "hd@example.org");
    let s = Server::builder().data(&data).start();
    let d = tests::Driver::start();
    let c = browser(&d, 375, 812).await;
    c.goto(&s.url(&format!("/setup-account?token={token}")))
        .await
        .unwrap();
    wait_text(&c, "#setup-heading", "Set up your account").await;
    click(&c, "#setup-submit").await;
    wait_text(&c, "#setup-password-error", "15").await;
    css(&c, "#form-summary .summary-title").await;
    typ(&c, "#setup-password", "Strong-Passw0rd-Console-9").await;
    typ(&c, "#setup-confirm", "Strong-Passw0rd-Console-8").await;
    wait_text(&c, "#setup-confirm-error", "do not match").await;
    retype(&c, "#setup-confirm", "Strong-Passw0rd-Console-9").await;
    select(&c, "#setup-question", "first_pet").await;
    typ(&c, "#setup-answer", "Rex").await;
    assert_no_sideways_scroll(&c, "the account setup").await;
    click(&c, "#setup-submit").await;
    wait_text(&c, "#setup-done", "Your account is set up").await;
    // Used once: the link now says so.
    c.goto(&s.url(&format!("/setup-account?token={token}")))
        .await
        .unwrap();
    css(&c, "p.alert").await;
    c.close().await.unwrap();
}
