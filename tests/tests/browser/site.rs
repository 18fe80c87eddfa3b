//! Site preferences ordering roles and alerts (issue 13).
use super::helpers::*;
use fantoccini::Locator;
use serde_json::json;
use std::time::Duration;
use tests::{Driver, Server};

/// What the site-preferences journey reads on the screen, in one language.
struct SiteWords {
    summary: &'static str,
    provider: &'static str,
    show_all: &'static str,
    alert: &'static str,
    billing: &'static str,
}

/// Site preferences on a 375 px phone: the panel asks once; the header shows the
/// answers; role descriptions and alerts for others move behind "Show everything";
/// after logging in the answers are on the account.
async fn site_preferences_journey(lang: &str, w: &SiteWords) {
    let s = Server::start_demo();
    let accounts = tests::demo_accounts(&s.data);
    let (hd_pw, hd_secret) = &accounts["helpdesk.demo"];
    let mut hd = tests::Client::new(&s);
    hd.login_with_app("helpdesk.demo", hd_pw, hd_secret);
    let (st, a) = hd.post(
        "/admin/alerts",
        json!({
            "title_en": "Billing delays", "title_es": "Demoras de facturación",
            "body_en": "Remittances are late.", "body_es": "Las remesas llegan tarde.",
            "audience": {"who": ["billing_service"]}
        }),
    );
    assert_eq!(st, 201, "{a}");

    let d = Driver::start();
    let c = browser(&d, 375, 812).await;
    set_lang(&c, &s, lang).await;
    // The static shell painted before the app arrived has given way.
    assert!(c.find(Locator::Css("#shell")).await.is_err());
    // Asked once, in a small panel.
    css(&c, "#site-panel").await;
    select(&c, "#site-who", "provider").await;
    select(&c, "#site-location", "FL").await;
    select(&c, "#site-line", "part_b").await;
    assert_no_sideways_scroll(&c, "the site panel").await;
    save_screenshot(&c, &format!("site-panel-{lang}-375")).await;
    click(&c, "#site-save").await;
    wait_text(&c, "#site-summary", w.summary).await;
    c.refresh().await.unwrap();
    wait_text(&c, "#site-summary", w.provider).await;
    assert!(
        c.find(Locator::Css("#site-panel")).await.is_err(),
        "asked once"
    );

    // Role descriptions: the role for billing services comes behind "Mostrar todo".
    c.goto(&s.url("/role-descriptions")).await.unwrap();
    css(&c, "#roles-spot li[data-role='provider_office_approver']").await;
    assert!(c
        .find(Locator::Css(
            "#roles-spot li[data-role='business_office_approver']"
        ))
        .await
        .is_err());
    wait_text(&c, "#roles-spot-all", w.show_all).await;
    click(&c, "#roles-spot-all").await;
    css(&c, "#roles-spot li[data-role='business_office_approver']").await;
    // The status page: the alert for billing services likewise.
    c.goto(&s.url("/status")).await.unwrap();
    wait_text(&c, "#status-alerts-all", w.show_all).await;
    assert!(c.find(Locator::Css("#status-alerts li")).await.is_err());
    // Not in the banner either: it is not for a provider.
    assert!(c.find(Locator::Css("#status-banner")).await.is_err());
    click(&c, "#status-alerts-all").await;
    wait_text(&c, "#status-alerts", w.alert).await;
    save_screenshot(&c, &format!("status-for-you-{lang}-375")).await;

    // Changed from the header, and kept on the account once logged in.
    demo_login(&c, &s, "erin.enduser").await;
    click(&c, "#site-prefs-open").await;
    select(&c, "#site-who", "billing_service").await;
    click(&c, "#site-save").await;
    wait_text(&c, "#site-summary", w.billing).await;
    let mut site = json!(null);
    for _ in 0..50 {
        site = c
            .execute_async(
                "fetch('/api/v1/me').then(r => r.json()).then(j => arguments[0](j.site))",
                vec![],
            )
            .await
            .unwrap();
        if site["who"] == json!("billing_service") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        site,
        json!({"who": "billing_service", "location": "FL", "line": "part_b"})
    );
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn site_preferences_order_roles_and_alerts_on_a_375px_phone_in_spanish() {
    site_preferences_journey(
        "es",
        &SiteWords {
            summary: "Proveedor · Florida · Parte B",
            provider: "Proveedor",
            show_all: "Mostrar todo (1 más)",
            alert: "Demoras de facturación",
            billing: "Servicio de facturación",
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn site_preferences_order_roles_and_alerts_on_a_375px_phone_in_english() {
    site_preferences_journey(
        "en",
        &SiteWords {
            summary: "Provider · Florida · Part B",
            provider: "Provider",
            show_all: "Show everything (1 more)",
            alert: "Billing delays",
            billing: "Billing service",
        },
    )
    .await;
}
