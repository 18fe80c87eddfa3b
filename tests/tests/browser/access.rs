//! Organisations, role requests and approvals on phones (issue 4), and the approver's recertification (issue 11).
use super::helpers::*;
use serde_json::json;
use tests::{post_json, registration, Driver, Server};

// ---------------------------------------------------------------- access (issue 4)

struct AccessWords {
    not_found: &'static str,
    role_name: &'static str,
}

const ACCESS_EN: AccessWords = AccessWords {
    not_found: "try fewer words",
    role_name: "End User",
};
const ACCESS_ES: AccessWords = AccessWords {
    not_found: "pruebe con menos palabras",
    role_name: "Usuario final",
};

/// Help desk approves a new organisation form; a new approver registers, proves
/// identity, creates the organisation and is approved; an end user finds it and asks
/// for access; the approver approves on a 375 px phone; the end user sees the role.
async fn access_journey(lang: &str, w: &AccessWords, wide: u32, shots: &str) {
    let s = Server::start_demo();
    let d = Driver::start();
    let mut ob = tests::Outbox::new(&s);
    ob.skip_all();
    let hd = browser(&d, wide, 1000).await;
    let phone = browser(&d, 375, 812).await;
    let erin = browser(&d, wide, 1000).await;
    for c in [&hd, &phone, &erin] {
        set_lang(c, &s, lang).await;
    }
    let (name, tin, email) = (
        "Harbor Health Partners",
        "65-4321987",
        "paula@harbor.example",
    );

    // The official sends the new organisation form (from the phone, before any login).
    phone.goto(&s.url("/organization-form")).await.unwrap();
    click(&phone, "#org-form-submit").await;
    css(&phone, "#f-legal-error").await;
    // The refused form takes the person to a summary of what to correct, with links.
    css(&phone, "#form-summary a[data-field='f-legal']").await;
    assert_eq!(
        js(&phone, "return document.activeElement.id").await,
        json!("form-summary")
    );
    typ(&phone, "#f-legal", name).await;
    typ(&phone, "#f-tin", tin).await;
    typ(&phone, "#f-official", "Oscar Official").await;
    typ(&phone, "#f-title", "CEO").await;
    typ(&phone, "#f-official-email", "oscar@harbor.example").await;
    typ(&phone, "#f-approver", "Paula Approver").await;
    typ(&phone, "#f-approver-email", email).await;
    typ(&phone, "#f-signature", "Oscar Official").await;
    // Today in Eastern time, the calendar of every date rule.
    let today = shared::calendar::today(tests::now()).to_string();
    typ(&phone, "#f-signed-on", &today).await;
    assert_no_sideways_scroll(&phone, "the new organisation form").await;
    click(&phone, "#org-form-submit").await;
    let form_id = word_starting(&text(&phone, "#org-form-sent").await, "F-");

    // The help desk approves it; the approver gets the submitter ID by email.
    demo_login(&hd, &s, "helpdesk.demo").await;
    css(&hd, "#help-desk-heading").await;
    click(&hd, &format!("#approve-{form_id}")).await;
    click(&hd, &format!("#confirm-{form_id}")).await;
    wait_for_count(&hd, &format!("#form-{form_id}"), 0).await;
    let sid = word_starting(&ob.next_to(email), "SUB-");
    // The console says what happened: the submitter ID that went out, and to whom.
    wait_text(&hd, "#decision-done", &sid).await;
    wait_text(&hd, "#decision-done", email).await;
    save_screenshot(&hd, &format!("{shots}-help-desk")).await;

    // The approver registers (the registration screens have their own tests) and
    // logs in for the first time on the phone: email code, then an authenticator.
    // Registered as the person the demo verifier knows: proofing accepts only the
    // account's own name and date of birth.
    let mut body = registration("paula.approver");
    body["date_of_birth"] = json!("1980-02-29");
    body["email"] = json!(email);
    assert_eq!(
        post_json(&s.url("/api/v1/registrations"), &body, lang).0,
        201
    );
    login_password(&phone, &s, "paula.approver", "Correct-Horse-7-Battery").await;
    click(&phone, "#send-email").await;
    css(&phone, "#email-sent").await;
    typ(&phone, "#code", &ob.code_to(email)).await;
    click(&phone, "#verify-email").await;
    click(&phone, "#device-kind option[value=authenticator]").await;
    click(&phone, "#device-continue").await;
    let secret = text(&phone, "#device-secret").await.replace(' ', "");
    tests::away_from_step_edge(4);
    typ(
        &phone,
        "#device-code",
        &tests::totp_at(&secret, tests::now()),
    )
    .await;
    click(&phone, "#device-verify").await;
    css(&phone, "#profile-heading").await;

    // Role request: application by type-ahead, an approver role, identity, organisation.
    click(&phone, "#role-request").await;
    typ(&phone, "#application", "SPOT").await;
    let app = js(
        &phone,
        "return document.querySelector('#application-list option').value",
    )
    .await;
    retype(&phone, "#application", app.as_str().unwrap()).await;
    select(&phone, "#role", "provider_office_approver").await;
    css(&phone, "#role-description").await;
    click(&phone, "#role-next").await;
    for (sel, v) in [
        ("#id-first", "Mary"),
        ("#id-middle", "Beth"),
        ("#id-last", "Jones"),
        ("#id-dob", "1980-02-29"),
        ("#id-line1", "1 Main St"),
        ("#id-city", "Tampa"),
        ("#id-zip", "33602"),
    ] {
        typ(&phone, sel, v).await;
    }
    select(&phone, "#id-state", "FL").await;
    click(&phone, "#id-terms").await;
    assert_no_sideways_scroll(&phone, "identity proofing").await;
    save_screenshot(&phone, &format!("{shots}-identity-375")).await;
    click(&phone, "#identity-submit").await;
    for (sel, v) in [
        ("#org-tin", tin),
        ("#org-name", name),
        ("#org-line1", "9 Dock St"),
        ("#org-city", "Tampa"),
        ("#org-zip", "33602"),
        ("#org-phone", "813-555-0100"),
        ("#org-submitter", sid.as_str()),
    ] {
        typ(&phone, sel, v).await;
    }
    select(&phone, "#org-state", "FL").await;
    assert_no_sideways_scroll(&phone, "create the organisation").await;
    save_screenshot(&phone, &format!("{shots}-create-org-375")).await;
    click(&phone, "#create-org-submit").await;
    typ(&phone, "#reason", "I am our office's designated approver.").await;
    click(&phone, "#submit-request").await;
    let approver_req = word_starting(&text(&phone, "#request-submitted").await, "R-");

    // The help desk approves the approver.
    hd.goto(&s.url("/help-desk")).await.unwrap();
    click(&hd, &format!("#approve-{approver_req}")).await;
    click(&hd, &format!("#confirm-{approver_req}")).await;
    wait_for_count(&hd, &format!("#request-{approver_req}"), 0).await;

    // The end user looks for the organisation: not in another state; found in FL.
    demo_login(&erin, &s, "erin.enduser").await;
    click(&erin, "#role-request").await;
    // The application's short name is an answer (the datalist's full entry is not needed).
    typ(&erin, "#application", "spot").await;
    select(&erin, "#role", "end_user").await;
    click(&erin, "#role-next").await;
    typ(&erin, "#search-name", "harbor").await;
    select(&erin, "#search-state", "GA").await;
    click(&erin, "#search-submit").await;
    wait_text(&erin, "#org-not-found", w.not_found).await;
    select(&erin, "#search-state", "FL").await;
    click(&erin, "#search-submit").await;
    click(&erin, "#org-results input").await;
    click(&erin, "#org-next").await;
    typ(&erin, "#reason", "Billing clerk at Harbor.").await;
    click(&erin, "#submit-request").await;
    let erin_req = word_starting(&text(&erin, "#request-submitted").await, "R-");

    // The approver decides on the phone, in two taps.
    phone.goto(&s.url("/approvals")).await.unwrap();
    css(&phone, &format!("#request-{erin_req}")).await;
    assert_no_sideways_scroll(&phone, "the approver's dashboard").await;
    save_screenshot(&phone, &format!("{shots}-approvals-375")).await;
    click(&phone, &format!("#approve-{erin_req}")).await;
    click(&phone, &format!("#confirm-{erin_req}")).await;
    css(&phone, "#no-pending").await;
    // … and the approver reads who now holds what.
    wait_text(&phone, "#decision-done", w.role_name).await;
    wait_text(&phone, "#decision-done", name).await;
    css(&phone, "#members li[data-user='erin.enduser']").await;

    // The end user sees the role.
    erin.goto(&s.url("/roles")).await.unwrap();
    wait_text(&erin, "#my-roles", w.role_name).await;
    wait_text(&erin, "#my-roles", name).await;
    save_screenshot(&erin, &format!("{shots}-my-roles")).await;

    // The help desk finds her account and reads its audit trail.
    hd.goto(&s.url("/help-desk")).await.unwrap();
    typ(&hd, "#account-q", "erin").await;
    click(&hd, "#account-search").await;
    click(&hd, "#accounts .actions button").await;
    css(&hd, "#account-activity li[data-event=role_approved]").await;
    for c in [hd, phone, erin] {
        c.close().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_access_journeys_in_english() {
    access_journey("en", &ACCESS_EN, 1280, "access-en").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_access_journeys_in_spanish_on_phones() {
    access_journey("es", &ACCESS_ES, 375, "access-es").await;
}

// ---------------------------------------------------------------- lifecycle (issue 11)

/// An approver, on a 375 px phone in Spanish, recertifies two end users and removes a
/// third from the list of roles due; the removal needs its reason, which is emailed.
#[tokio::test(flavor = "multi_thread")]
async fn an_approver_recertifies_on_a_375px_phone_in_spanish() {
    let s = Server::start_demo();
    let d = Driver::start();
    let c = browser(&d, 375, 812).await;
    set_lang(&c, &s, "es").await;
    demo_login(&c, &s, "beatriz.biller").await;
    c.goto(&s.url("/approvals")).await.unwrap();
    wait_text(&c, "#recert-heading", "Recertificación").await;
    wait_for_count(&c, "#recert-list li", 3).await;
    wait_text(&c, "#recert-list", "días restantes").await;
    assert_no_sideways_scroll(&c, "the recertification list").await;
    save_screenshot(&c, "recert-es-375").await;
    let row = |who: &str| format!("{}-O-DEMO-COQUI", who.replace('.', "-"));
    click(&c, &format!("#keep-{}", row("diego.diaz"))).await;
    click(&c, &format!("#keep-{}", row("lucia.lopez"))).await;
    click(&c, &format!("#remove-{}", row("pedro.pagan"))).await;
    wait_text(&c, "#recert-submit", "(3)").await;
    // Without its reason the removal is refused on the spot, in Spanish.
    click(&c, "#recert-submit").await;
    wait_text(
        &c,
        &format!("#reason-{}-error", row("pedro.pagan")),
        "Indique el motivo",
    )
    .await;
    typ(
        &c,
        &format!("#reason-{}", row("pedro.pagan")),
        "Ya no trabaja con nosotros",
    )
    .await;
    save_screenshot(&c, "recert-es-375-decided").await;
    click(&c, "#recert-submit").await;
    wait_text(&c, "#recert-saved", "Mantenidos: 2. Retirados: 1.").await;
    css(&c, "#no-recert").await;
    assert_no_sideways_scroll(&c, "the recertification result").await;
    save_screenshot(&c, "recert-es-375-done").await;
    // Handing the approver role over: checked as typed with the shared rule (nothing
    // sent until it passes), then sent to the help desk.
    click(&c, "#handover-open").await;
    click(&c, "#handover-submit").await;
    wait_text(&c, "#handover-user-error", "obligatorio").await;
    typ(&c, "#handover-user", "diego.diaz").await;
    typ(&c, "#handover-reason", "Me jubilo en enero").await;
    click(&c, "#handover-submit").await;
    wait_text(&c, "#handover-sent", "mesa de ayuda").await;
    assert_no_sideways_scroll(&c, "the hand-over").await;
    // Her own details, on the phone: every form fits.
    c.goto(&s.url("/profile/details")).await.unwrap();
    wait_text(&c, "#details-heading", "Mis datos").await;
    css(&c, "#question-form").await;
    assert_no_sideways_scroll(&c, "my details").await;
    save_screenshot(&c, "details-es-375").await;
    // A field checked as it is typed, with the registration's rule.
    typ(&c, "#first_name", "9").await;
    leave(&c, "#first_name").await;
    css(&c, "#first_name-error").await;
    save_screenshot(&c, "details-es-375-error").await;
    c.goto(&s.url("/roles")).await.unwrap();
    wait_text(&c, "#recert-note", "una vez al año").await;
    save_screenshot(&c, "roles-es-375").await;
    // Pedro is told why, in Spanish; his role is gone, the others' run a year more.
    let mut ob = tests::Outbox::new(&s);
    let mail = ob.next_matching("pedro@coqui-demo.example", |m| {
        m.contains("Ya no trabaja con nosotros")
    });
    assert!(mail.contains("Hola, Pedro"), "{mail}");
    let mut api = tests::Client::new(&s);
    let accounts = tests::demo_accounts(&s.data);
    let (pw, secret) = &accounts["lucia.lopez"];
    api.login_with_app("lucia.lopez", pw, secret);
    let (_, roles) = api.get("/me/roles");
    assert_eq!(roles["grants"][0]["status"], "active", "{roles}");
    c.close().await.unwrap();
}
