//! The login journey: the email code at the first login, a first device, a passcode by text, the profile and logout.
use super::helpers::*;
use super::registration::{register_through_the_ui, Words, EN, ES};
use fantoccini::Client;
use tests::Server;

/// Words the journey checks on screen, per language.
struct JourneyWords {
    passcode_title: &'static str,
    logged_out: &'static str,
    added: &'static str,
    help_sent: &'static str,
    reset_done: &'static str,
    once_a_day: &'static str,
}

const JOURNEY_EN: JourneyWords = JourneyWords {
    passcode_title: "Enter your passcode",
    logged_out: "You are logged out.",
    added: "Device added",
    help_sent: "If an account matches",
    reset_done: "Your password has been changed",
    once_a_day: "Passwords may be changed only once a day",
};

const JOURNEY_ES: JourneyWords = JourneyWords {
    passcode_title: "Escriba su código de acceso",
    logged_out: "Ha cerrado la sesión.",
    added: "Dispositivo agregado",
    help_sent: "Si una cuenta coincide",
    reset_done: "Se cambió su contraseña",
    once_a_day: "La contraseña solo se puede cambiar una vez al día",
};

async fn logout(c: &Client, w: &JourneyWords) {
    click(c, "#nav-logout").await;
    wait_text(c, "#login-notice", w.logged_out).await;
}

/// Register, first login with email verification, enrol an authenticator and an SMS
/// device, log out, log in choosing SMS, log in again with it preselected, forgot
/// password, change password: all through the SPA.
async fn journey(
    c: &Client,
    s: &Server,
    lang: &str,
    w: &Words,
    jw: &JourneyWords,
    user_id: &str,
    shots: &str,
) {
    let mut ob = tests::Outbox::new(s);
    register_through_the_ui(c, s, lang, w, user_id).await;
    let pw = "Sunny-Beach-2024!";

    // First login: verify the email, then enrol an authenticator app.
    login_password(c, s, user_id, pw).await;
    click(c, "#send-email").await;
    css(c, "#email-sent").await;
    let code = ob.code_to(EMAIL);
    typ(c, "#code", &code).await;
    click(c, "#verify-email").await;
    click(c, "#device-kind option[value=authenticator]").await;
    click(c, "#device-continue").await;
    // The key is shown in groups of four ("ABCD EFGH …"), with a link that opens the
    // authenticator app on this phone (the otpauth URI carries the same key).
    let shown = text(c, "#device-secret").await;
    assert_eq!(
        shown.split(' ').map(str::len).collect::<Vec<_>>(),
        [4; 8],
        "{shown}"
    );
    let secret = shown.replace(' ', "");
    let open_app = css(c, "#device-open-app")
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert!(
        open_app.starts_with("otpauth://totp/") && open_app.contains(&format!("secret={secret}")),
        "{open_app}"
    );
    assert!(css(c, "#device-qr")
        .await
        .attr("src")
        .await
        .unwrap()
        .unwrap()
        .starts_with("data:image/svg+xml"));
    assert_no_sideways_scroll(c, "the authenticator enrolment").await;
    save_screenshot(c, &format!("{shots}-enrol-app")).await;
    // A wrong code says what to check (the app's entry, the phone's clock).
    typ(c, "#device-code", "000000").await;
    click(c, "#device-verify").await;
    css(c, "#device-app-check").await;
    tests::away_from_step_edge(4);
    retype(c, "#device-code", &tests::totp_at(&secret, tests::now())).await;
    click(c, "#device-verify").await;
    css(c, "#profile-heading").await;
    css(c, "#one-device-banner").await;

    // Profile > Manage devices > Add another device: SMS.
    click(c, "#manage-devices").await;
    click(c, "#add-device").await;
    click(c, "#device-kind option[value=sms]").await;
    typ(c, "#device-phone", "12").await;
    click(c, "#device-continue").await;
    css(c, "#device-phone-error").await;
    assert!(
        !text(c, "#device-phone-error").await.is_empty(),
        "a bad number is refused on the spot"
    );
    retype(c, "#device-phone", "(813) 555-0100").await;
    typ(c, "#device-label", "Work phone").await;
    click(c, "#device-continue").await;
    css(c, "#device-sent").await;
    let code = ob.code_to(PHONE);
    typ(c, "#device-code", &code).await;
    click(c, "#device-verify").await;
    wait_text(c, "#device-added", jw.added).await;
    ob.next_matching(EMAIL, |m| m.contains("Work phone"));
    click(c, "#devices-back").await;
    wait_for_count(c, "#device-list li", 2).await;
    assert_no_sideways_scroll(c, "the devices page").await;
    save_screenshot(c, &format!("{shots}-devices")).await;
    logout(c, jw).await;

    // Log in choosing SMS (the app, used last, is preselected).
    login_password(c, s, user_id, pw).await;
    wait_text(c, "#login-heading", jw.passcode_title).await;
    assert_no_sideways_scroll(c, "the passcode page").await;
    save_screenshot(c, &format!("{shots}-passcode")).await;
    passcode_by_sms(c, &mut ob, false).await;
    logout(c, jw).await;

    // Again: SMS is now preselected.
    login_password(c, s, user_id, pw).await;
    passcode_by_sms(c, &mut ob, true).await;
    logout(c, jw).await;

    // Forgot password: the emailed link, the security question, a new password.
    click(c, "#login-help").await;
    typ(c, "#help-user-id-input", user_id).await;
    click(c, "#help-submit").await;
    wait_text(c, "#help-sent", jw.help_sent).await;
    let mail = ob.next_matching(EMAIL, |m| m.contains("/reset-password?token="));
    let link: String = mail
        .split_whitespace()
        .find(|w| w.contains("/reset-password?token="))
        .unwrap()
        .to_string();
    c.goto(&link).await.unwrap();
    css(c, "#security-question").await;
    typ(c, "#security_answer", "ponce").await;
    let reset_pw = "Quiet-Harbor-77-Lamp";
    typ(c, "#new_password", reset_pw).await;
    // Typed twice: a typo in the second is caught before anything changes.
    typ(c, "#confirm_password", "Quiet-Harbor-77-Lamb").await;
    click(c, "#link-submit").await;
    css(c, ".has-error #confirm_password").await;
    retype(c, "#confirm_password", reset_pw).await;
    click(c, "#link-submit").await;
    wait_text(c, "#link-done", jw.reset_done).await;
    // The link works once: opened again, it says so and offers a new one.
    c.goto(&link).await.unwrap();
    css(c, "#link-dead").await;
    css(c, "a[href='/account-help']").await;

    // The next login still asks for a passcode; then try to change the password, which
    // the reset set a moment ago: one password change a day.
    login_password(c, s, user_id, reset_pw).await;
    passcode_by_sms(c, &mut ob, true).await;
    click(c, "#change-password").await;
    typ(c, "#current_password", reset_pw).await;
    typ(c, "#new_password", "rivera").await;
    assert!(!rule_met(c, "new_password-rules", "contains_name").await);
    for _ in 0..6 {
        css(c, "#new_password")
            .await
            .send_keys("\u{E003}")
            .await
            .unwrap();
    }
    let final_pw = "Amber-Canyon-58-Kite";
    typ(c, "#new_password", final_pw).await;
    assert!(rule_met(c, "new_password-rules", "contains_name").await);
    click(c, "#password-submit").await;
    wait_text(c, "#new_password-error", jw.once_a_day).await;
    assert_no_sideways_scroll(c, "the change password page").await;
    logout(c, jw).await;
    login_password(c, s, user_id, reset_pw).await;
    css(c, "#passcode-form").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_login_journey_in_english() {
    let (s, _d, c) = open(1280, 1000).await;
    journey(&c, &s, "en", &EN, &JOURNEY_EN, "arivera85", "journey-en").await;
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_login_journey_in_spanish_on_a_375px_phone() {
    let (s, _d, c) = open(375, 812).await;
    journey(
        &c,
        &s,
        "es",
        &ES,
        &JOURNEY_ES,
        "arivera_es",
        "journey-es-375",
    )
    .await;
    c.close().await.unwrap();
}
