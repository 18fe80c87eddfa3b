//! The licence and a document with its receipt (issue 13).
use super::helpers::*;
use serde_json::json;
use tests::{Driver, Server};

// ------------------------------------------------- licence and documents (issue 13)

struct DocWords {
    decline: &'static str,
    licence: &'static str,
    no_file: &'static str,
    wrong_type: &'static str,
    received: &'static str,
    other_lang: &'static str,
    other_heading: &'static str,
}

const DOC_ES: DocWords = DocWords {
    decline: "Rechazar",
    licence: "licencia de muestra",
    no_file: "Elija al menos un archivo",
    wrong_type: "no es PDF",
    received: "Recibimos su documento",
    other_lang: "en",
    other_heading: "Submission receipt",
};

const DOC_EN: DocWords = DocWords {
    decline: "Decline",
    licence: "sample licence",
    no_file: "Choose at least one file",
    wrong_type: "is not a PDF",
    received: "Your document was received",
    other_lang: "es",
    other_heading: "Recibo del envío",
};

/// An end user opens SPOT for her organisation on a 375 px phone: the licence comes
/// first; Decline leaves and records nothing; Accept opens the document form, which
/// refuses an executable named .pdf as soon as it is chosen; a PDF and a PNG are sent
/// and the receipt shows the reference and receipt date, then in the other language.
async fn document_journey(lang: &str, user: &str, w: &DocWords) {
    let s = Server::start_demo();
    let d = Driver::start();
    let c = browser(&d, 375, 812).await;
    let files = tempfile::tempdir().unwrap();
    let fake = files.path().join("factura.pdf");
    std::fs::write(&fake, b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff").unwrap();
    let pdf = files.path().join("respuesta-adr.pdf");
    let mut body = b"%PDF-1.4\n".to_vec();
    body.extend(std::iter::repeat_n(b'x', 200_000));
    std::fs::write(&pdf, &body).unwrap();
    let png = files.path().join("firma.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();

    set_lang(&c, &s, lang).await;
    demo_login(&c, &s, user).await;
    c.goto(&s.url("/roles")).await.unwrap();
    click(&c, "li[data-org='O-DEMO-COQUI'] .open-app").await;
    wait_text(&c, "#licence-agree", w.decline).await;
    assert!(text(&c, "#licence-text").await.contains(w.licence));
    assert_no_sideways_scroll(&c, "the licence").await;
    save_screenshot(&c, &format!("licence-{lang}-375")).await;
    // Decline: the page says nothing was recorded, and leads back to My roles.
    click(&c, "#licence-decline").await;
    wait_text(&c, "#licence-declined", "SPOT").await;
    click(&c, "#licence-declined-roles").await;
    css(&c, "#my-roles-heading").await;
    let accounts = tests::demo_accounts(&s.data);
    let (hd_pw, hd_secret) = &accounts["helpdesk.demo"];
    let mut hd = tests::Client::new(&s);
    hd.login_with_app("helpdesk.demo", hd_pw, hd_secret);
    assert_eq!(hd.get("/admin/licence-acceptances").1, json!([]));
    // Accept: the form.
    click(&c, "li[data-org='O-DEMO-COQUI'] .open-app").await;
    click(&c, "#licence-accept").await;
    css(&c, "#doc-form").await;
    // "Open SPOT" goes to SPOT's own address (the demo's stand-in for it).
    let open = css(&c, "#app-open").await;
    assert_eq!(
        open.attr("href").await.unwrap().as_deref(),
        Some("http://127.0.0.1:8090/")
    );
    assert!(open.text().await.unwrap().contains("SPOT"));
    let (_, rows) = hd.get("/admin/licence-acceptances");
    assert_eq!(rows[0]["user_id"], json!(user));
    assert_eq!(rows[0]["organization"], json!("O-DEMO-COQUI"));
    // Sent empty: every field says what is missing; nothing is sent.
    click(&c, "#doc-submit").await;
    wait_text(&c, "#doc-files-error", w.no_file).await;
    assert!(!text(&c, "#doc-type-error").await.is_empty());
    assert!(!text(&c, "#doc-subject-error").await.is_empty());
    // An executable named .pdf: refused as soon as it is chosen, from its bytes.
    css(&c, "#doc-files")
        .await
        .send_keys(fake.to_str().unwrap())
        .await
        .unwrap();
    wait_text(&c, "#doc-file-list li[data-ok='false']", w.wrong_type).await;
    click(&c, "#doc-submit").await;
    // Next to the button, what stops it; the refused file can be taken out alone.
    css(&c, "#doc-files-fix").await;
    assert!(hd.get("/submissions").1.as_array().unwrap().is_empty());
    click(&c, "#doc-remove-0").await;
    wait_for_count(&c, "#doc-file-list li", 0).await;
    // The real files.
    select(&c, "#doc-type", "redetermination").await;
    typ(&c, "#doc-subject", "Apelación de la reclamación 4471").await;
    typ(&c, "#doc-reference", "CLM-4471").await;
    // Choosing again replaces the choice (chromedriver adds to it unless cleared).
    css(&c, "#doc-files").await.clear().await.unwrap();
    css(&c, "#doc-files")
        .await
        .send_keys(&format!("{}\n{}", pdf.display(), png.display()))
        .await
        .unwrap();
    wait_for_count(&c, "#doc-file-list li[data-ok='true']", 2).await;
    assert_no_sideways_scroll(&c, "the document form").await;
    save_screenshot(&c, &format!("document-form-{lang}-375")).await;
    click(&c, "#doc-submit").await;
    wait_text(&c, "#receipt-received", w.received).await;
    let reference = text(&c, "#receipt-reference").await;
    assert!(reference.starts_with('D'), "{reference}");
    // The receipt date is the server's, by the rule.
    let (_, v) = hd.get(&format!("/submissions/{reference}"));
    // Shown with its weekday, in the reader's language.
    let receipt_day = shared::date::Date::parse(v["receipt_date"].as_str().unwrap()).unwrap();
    let locale = shared::i18n::Locale::from_tag(lang).unwrap();
    assert_eq!(
        text(&c, "#receipt-date").await,
        shared::calendar::long_date(locale, receipt_day)
    );
    assert_eq!(
        v["receipt_date"],
        json!(shared::receipt::receipt_date(v["received_at"].as_u64().unwrap()).to_string())
    );
    assert_eq!(v["files"].as_array().unwrap().len(), 2);
    assert_eq!(v["files"][0]["size"], json!(body.len()));
    assert_no_sideways_scroll(&c, "the receipt").await;
    assert_axe_clean(&c, &format!("the receipt ({lang})")).await;
    save_screenshot(&c, &format!("receipt-{lang}-375")).await;
    // In the other language.
    click(&c, &format!("#lang-{}", w.other_lang)).await;
    wait_text(&c, "#receipt-heading", w.other_heading).await;
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_end_user_accepts_the_licence_and_submits_a_document_on_a_375px_phone_in_spanish() {
    document_journey("es", "diego.diaz", &DOC_ES).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_end_user_accepts_the_licence_and_submits_a_document_on_a_375px_phone_in_english() {
    document_journey("en", "pedro.pagan", &DOC_EN).await;
}
