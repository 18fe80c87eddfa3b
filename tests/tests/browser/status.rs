//! The status page, maintenance and the help desk's alerts and outages (issue 12).
use super::helpers::*;
use serde_json::json;
use tests::{Driver, Server};

// ---------------------------------------------------------------- status (issue 12)

/// The status page and the login screen during the weekly window, on a 375 px phone,
/// in English and in Spanish: the server's test clock is set to Thursday 21:30 ET, when
/// both Umbral's own window (configured here) and SPOT's are on.
#[tokio::test(flavor = "multi_thread")]
async fn the_status_page_and_the_maintenance_notice_in_both_languages_at_375px() {
    let thursday = shared::date::Date::parse("2026-11-26").unwrap();
    let clock = tests::TestClock::at(shared::calendar::instant(thursday, 21, 30));
    let env = clock.env();
    let mut all: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    all.extend_from_slice(&[
        ("UMBRAL_MAINTENANCE_WEEKLY", "thu 21:00-23:00"),
        ("UMBRAL_APP_MAINTENANCE_WEEKLY", "thu 21:00-23:00"),
        ("UMBRAL_HELP_DESK_PHONE", "1-888-555-0142"),
        ("UMBRAL_ALERT_RATE", "0"),
    ]);
    let s = Server::builder().demo().env(&all).start();
    // The help desk (who may log in during the window) posts an urgent alert.
    let accounts = tests::demo_accounts(&s.data);
    let (hd_pw, hd_secret) = &accounts["helpdesk.demo"];
    let mut hd = tests::Client::new(&s);
    hd.login_at(&clock, "helpdesk.demo", hd_pw, hd_secret);
    let (st, a) = hd.post(
        "/admin/alerts",
        serde_json::json!({
            "title_en": "Claim status delayed",
            "title_es": "Estado de reclamaciones con demora",
            "body_en": "Claim status may be a day late.",
            "body_es": "El estado de las reclamaciones puede llegar un día tarde.",
        }),
    );
    assert_eq!(st, 201, "{a}");
    let d = Driver::start();
    let c = browser(&d, 375, 812).await;
    for (lang, closed, until, et, title, body, weekly) in [
        (
            "en",
            "closed for scheduled maintenance",
            "Thu, Nov 26, 2026, 11:00 PM EST",
            "Eastern time",
            "Claim status delayed",
            "a day late",
            "Thursday, 21:00 to 23:00 ET",
        ),
        (
            "es",
            "no está disponible por mantenimiento",
            "jue. 26 nov. 2026, 11:00 p. m. EST",
            "del este",
            "Estado de reclamaciones con demora",
            "un día tarde",
            "jueves, de 21:00 a 23:00 ET",
        ),
    ] {
        set_lang(&c, &s, lang).await;
        click(&c, "#footer-status").await;
        wait_text(&c, "#status-now", closed).await;
        wait_text(&c, "#status-now", until).await;
        wait_text(&c, "#status-et", et).await;
        wait_text(&c, "#status-help-desk", "1-888-555-0142").await;
        css(&c, "#status-cert-note a").await;
        wait_text(&c, "#status-banner", title).await;
        wait_text(&c, "#status-alerts", body).await;
        wait_text(&c, ".help-desk-line", "1-888-555-0142").await;
        // SPOT closed too, in the banner, which does not claim Umbral stays open.
        wait_text(&c, "#status-banner [data-application='spot']", until).await;
        let banner = text(&c, "#status-banner").await;
        assert!(
            !banner.contains("stays open") && !banner.contains("sigue disponible"),
            "{banner}"
        );
        // SPOT's own window, and SPOT closed until 23:00 in the applications' list.
        wait_text(&c, "#status-app-spot-weekly", weekly).await;
        wait_text(
            &c,
            "#status-applications li[data-application='spot'][data-state='unavailable']",
            until,
        )
        .await;
        assert_no_sideways_scroll(&c, "the status page").await;
        save_screenshot(&c, &format!("status-{lang}-375")).await;
        c.goto(&s.url("/login")).await.unwrap();
        wait_text(&c, "#login-maintenance", until).await;
        assert_no_sideways_scroll(&c, "the login screen in maintenance").await;
        save_screenshot(&c, &format!("login-maintenance-{lang}-375")).await;
    }
    // "Send a link to this page", in both languages: commas are refused with the
    // source's rule; the email is in the sender's language.
    let mut ob = tests::Outbox::new(&s);
    for (lang, semicolons, sent, to, title) in [
        (
            "es",
            "punto y coma",
            "Se envió el enlace",
            "bo@example.org",
            "Estado del sistema",
        ),
        (
            "en",
            "semicolons",
            "The link was sent",
            "cy@example.org",
            "System status",
        ),
    ] {
        set_lang(&c, &s, lang).await;
        click(&c, "#footer-status").await;
        // The status page is another module's: wait for it to be drawn (the home page
        // being left has a #share of its own).
        css(&c, "#status-now").await;
        css(&c, "#share").await;
        js(&c, "document.querySelector('#share').open = true; return 1").await;
        typ(&c, "#share-addresses", &format!("ana@example.com, {to}")).await;
        click(&c, "#share-send").await;
        wait_text(&c, "#share-addresses-error", semicolons).await;
        retype(&c, "#share-addresses", &format!("ana@example.com; {to}")).await;
        click(&c, "#share-send").await;
        wait_text(&c, "#share-sent", sent).await;
        assert_no_sideways_scroll(&c, "the share form").await;
        save_screenshot(&c, &format!("share-{lang}-375")).await;
        let mail = ob.next_to(to);
        assert!(mail.contains(title), "{mail}");
    }
    // Erin's alert email: its link switches alert emails off with one click, and on again.
    let mail = ob.next_matching("erin@sunshine-demo.example", |b| b.contains("a day late"));
    let link = mail
        .split_whitespace()
        .find(|w| w.contains("/alerts/unsubscribe?token="))
        .unwrap();
    let path = &link[link.find("/alerts/").unwrap()..];
    for (lang, off, on) in [
        ("en", "no longer get urgent alert emails", "again"),
        ("es", "Ya no recibirá", "Volverá a recibir"),
    ] {
        set_lang(&c, &s, lang).await;
        c.goto(&s.url(path)).await.unwrap();
        wait_text(&c, "#unsub-result", off).await;
        assert_no_sideways_scroll(&c, "the unsubscribe page").await;
        save_screenshot(&c, &format!("unsubscribe-{lang}-375")).await;
        click(&c, "#unsub-toggle").await;
        wait_text(&c, "#unsub-result", on).await;
    }
    c.close().await.unwrap();
}

/// The help desk's console on a 375 px phone in Spanish: an alert form sent empty shows
/// every missing field in Spanish and posts nothing; filled in, the alert is posted, its
/// emailing progress ends at "finished", and the banner shows it; an outage scheduled
/// through the API is edited in the console (made degraded, its end moved), then ended.
#[tokio::test(flavor = "multi_thread")]
async fn the_help_desk_posts_an_alert_and_edits_an_outage_on_a_375px_phone_in_spanish() {
    let clock = tests::TestClock::at(tests::now());
    let s = Server::builder()
        .demo()
        .clock(&clock)
        .env(&[("UMBRAL_ALERT_RATE", "0")])
        .start();
    let accounts = tests::demo_accounts(&s.data);
    let (hd_pw, hd_secret) = &accounts["helpdesk.demo"];
    let mut api = tests::Client::new(&s);
    api.login_with_app("helpdesk.demo", hd_pw, hd_secret);
    let now = clock.now();
    let label = |t: u64| shared::calendar::eastern(t).label()[..16].to_string();
    let start = now - now % 60 + 2 * 3600;
    let (st, o) = api.post(
        "/admin/outages",
        json!({
            "start": label(start), "end": label(start + 3600), "components": ["sms"],
            "message_en": "Texts are out.", "message_es": "Sin mensajes de texto.",
        }),
    );
    assert_eq!(st, 201, "{o}");
    let id = o["id"].as_str().unwrap().to_string();

    let d = Driver::start();
    let c = browser(&d, 375, 812).await;
    set_lang(&c, &s, "es").await;
    // The outage starts within 24 hours: the banner says so before anyone logs in.
    wait_text(&c, "#banner-upcoming", "Códigos por mensaje de texto").await;
    // A TOTP code works once: the browser's login uses the next 30-second step.
    clock.advance(30);
    demo_login(&c, &s, "helpdesk.demo").await;
    css(&c, "#help-desk-heading").await;
    // The console's first section is the account search; its section links move
    // focus to their section.
    assert_eq!(
        js(&c, "return document.querySelector('main h2').id").await,
        json!("hd-accounts")
    );
    click(&c, "nav.sections a[href='#hd-alerts']").await;
    assert_eq!(
        js(&c, "return document.activeElement.id").await,
        json!("hd-alerts")
    );

    // The alert form: empty, every field is named; nothing is posted.
    css(&c, "#alert-none").await;
    js(
        &c,
        "document.querySelector('#alerts details').open = true; return 1",
    )
    .await;
    click(&c, "#alert-submit").await;
    wait_text(&c, "#alerts", "Este campo es obligatorio").await;
    assert_eq!(api.get("/admin/alerts").1, json!([]));
    typ(&c, "#alert-title-en", "Claims are late").await;
    typ(&c, "#alert-body-en", "Claim status may be a day late.").await;
    typ(&c, "#alert-title-es", "Reclamaciones con demora").await;
    typ(&c, "#alert-body-es", "El estado puede llegar un día tarde.").await;
    typ(&c, "#alert-end", "2001-01-01 10:00").await;
    click(&c, "#alert-submit").await;
    wait_text(&c, "#alert-end-error", "futura").await;
    assert_eq!(api.get("/admin/alerts").1, json!([]));
    // Cleared (a blank end: shown until ended); the input event carries the blank.
    css(&c, "#alert-end").await.clear().await.unwrap();
    typ(&c, "#alert-end", " ").await;
    click(&c, "#alert-submit").await;
    wait_text(&c, "#alert-list", "Reclamaciones con demora").await;
    wait_text(&c, "#alert-list", "Envío terminado").await;
    assert_no_sideways_scroll(&c, "the console's alerts").await;
    js(
        &c,
        "document.querySelector('#alert-list').scrollIntoView(); return 1",
    )
    .await;
    save_screenshot(&c, "help-desk-alert-es-375").await;

    // Edit the outage: degraded, one hour later.
    click(&c, &format!("#edit-{id}")).await;
    wait_text(&c, "#outages summary", &id).await;
    click(&c, "#outage-degraded").await;
    let end = css(&c, "#outage-end").await;
    end.clear().await.unwrap();
    end.send_keys(&label(start + 7200)).await.unwrap();
    click(&c, "#outage-submit").await;
    wait_text(&c, &format!("li[data-outage='{id}']"), "con fallas").await;
    let (_, list) = api.get("/admin/outages");
    assert_eq!(list[0]["degraded"], true, "{list}");
    assert_eq!(list[0]["period"]["end"], json!(start + 7200), "{list}");
    js(
        &c,
        "document.querySelector('#outage-list').scrollIntoView(); return 1",
    )
    .await;
    save_screenshot(&c, "help-desk-outage-edit-es-375").await;
    click(&c, &format!("#end-{id}")).await;
    wait_for_count(&c, &format!("li[data-outage='{id}']"), 0).await;
    // The audit trail has every change.
    let (_, me) = api.get("/admin/accounts/helpdesk.demo");
    let trail = me.to_string();
    for e in [
        "alert_posted",
        "outage_created",
        "outage_changed",
        "outage_ended",
    ] {
        assert!(trail.contains(e), "{e}: {trail}");
    }
    c.close().await.unwrap();
}
