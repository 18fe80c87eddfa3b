//! The help desk's lifecycle lists on an installation with hundreds of accounts (each list
//! shows its first page and *Show more* brings the next), and its own team, on a 375 px
//! phone in Spanish, with no sideways scrolling.
use super::helpers::*;
use std::path::Path;
use std::process::Command;
use tests::{umbral_bin, Driver, Server};

/// The made-up help-desk account's password and authenticator (`umbral admin
/// synthesize`, `DESK_SEED` in base32).
const DESK_PASSWORD: &str = "Scale-Desk-Pass-2027";
const DESK_SEED: &str = "OVWWE4TBNQWXGY3BNRSS25DFON2C243F";

/// `umbral admin synthesize` of `n` accounts imported into `data`, as an operator
/// would import an export.
fn synthesized(data: &Path, n: usize) {
    let export = data.with_extension("jsonl");
    std::fs::create_dir_all(data).unwrap();
    let key = data.join("secret.key");
    let run = |args: &[&str]| {
        let out = Command::new(umbral_bin())
            .args(args)
            .env("UMBRAL_LOG", "warn")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
    };
    let (export, key, data) = (
        export.to_str().unwrap(),
        key.to_str().unwrap(),
        data.to_str().unwrap(),
    );
    run(&[
        "admin",
        "synthesize",
        "--accounts",
        &n.to_string(),
        "--output",
        export,
    ]
    .iter()
    .copied()
    .chain(["--secret-key-file", key, "--desk-password", DESK_PASSWORD])
    .collect::<Vec<_>>());
    run(&["admin", "import", "--input", export, "--data-dir", data]);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_lifecycle_lists_page_on_a_375px_phone_in_spanish() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    // 300 accounts whose last logins spread over 40 days: about 75 inactive, about 50
    // becoming inactive within the week.
    synthesized(&data, 300);
    let s = Server::builder().data(&data).keep(Some(tmp)).start();
    let d = Driver::start();
    let c = browser(&d, 375, 812).await;
    set_lang(&c, &s, "es").await;
    login_password(&c, &s, "scale.desk", DESK_PASSWORD).await;
    css(&c, "#passcode-form").await;
    tests::step_margin(None, 4);
    typ(&c, "#code", &tests::totp_at(DESK_SEED, s.now())).await;
    click(&c, "#passcode-submit").await;
    css(&c, "#help-desk-heading").await;
    for list in ["inactive-accounts", "becoming-inactive"] {
        let items = format!("#{list} li");
        wait_for_count(&c, &items, 25).await;
        click(&c, &format!("#{list}-more")).await;
        wait_for_count(&c, &items, 50).await;
        // Each account once across the pages.
        let ids = js(
            &c,
            &format!("return [...document.querySelectorAll('{items}')].map(e => e.dataset.user)"),
        )
        .await;
        let mut ids: Vec<String> = serde_json::from_value(ids).unwrap();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 50, "{list}");
    }
    wait_text(&c, "#inactive-accounts-more", "Mostrar más").await;
    assert_no_sideways_scroll(&c, "the lifecycle lists").await;
    save_screenshot(&c, "lifecycle-es-375").await;
    c.close().await.unwrap();
}

/// The help desk's own team on a phone in Spanish: the invitation form checked as typed,
/// sent, the colleague listed as invited and emailed the setup link; then removed.
#[tokio::test(flavor = "multi_thread")]
async fn the_help_desk_invites_and_removes_a_colleague_on_a_375px_phone_in_spanish() {
    let s = Server::start_demo();
    let d = Driver::start();
    let c = browser(&d, 375, 812).await;
    set_lang(&c, &s, "es").await;
    demo_login(&c, &s, "helpdesk.demo").await;
    wait_for_count(&c, "#team-list li", 1).await;
    wait_text(&c, "#team-list", "(usted)").await;
    // Nobody to remove but yourself: no button.
    assert!(c
        .find(fantoccini::Locator::Css("#team-list button"))
        .await
        .is_err());
    click(&c, "#team summary").await;
    typ(&c, "#team-user-id", "r").await;
    leave(&c, "#team-user-id").await;
    wait_text(&c, "#team-user-id-error", "6").await;
    retype(&c, "#team-user-id", "ray.mond").await;
    typ(&c, "#team-first-name", "Ray").await;
    typ(&c, "#team-last-name", "Mond").await;
    typ(&c, "#team-email", "ray@example.org").await;
    click(&c, "#team-submit").await;
    wait_text(&c, "#team-notice", "Invitación enviada a ray@example.org").await;
    wait_for_count(&c, "#team-list li", 2).await;
    wait_text(&c, "#team-list", "aún no ha iniciado sesión").await;
    assert_no_sideways_scroll(&c, "the help desk's team").await;
    save_screenshot(&c, "team-es-375").await;
    let mut ob = tests::Outbox::new(&s);
    let mail = ob.next_matching("ray@example.org", |m| m.contains("/setup-account?token="));
    assert!(mail.contains("Hola, Ray"), "{mail}");
    click(&c, "#team-remove-ray-mond").await;
    wait_text(&c, "#team-notice", "ya no forma parte").await;
    wait_for_count(&c, "#team-list li", 1).await;
    c.close().await.unwrap();
}
