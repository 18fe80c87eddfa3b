//! Keyboard only (issue 16; WCAG 2.1.1 Keyboard, 2.1.2 No keyboard trap, 2.4.1 Bypass
//! blocks, 2.4.3 Focus order, 2.4.7 Focus visible), in headless chromium at 375 px:
//!
//! - a Tab walk over every public screen and the screens of an approver and the help
//!   desk, in both languages: every control that can take focus is reached, in document
//!   order (nothing jumps about), each with a visible focus ring and on screen, and Tab
//!   leaves the last control (no trap);
//! - the skip link is the first stop and takes focus past the header into the page;
//! - an approver logs in with password and authenticator and approves a request with the
//!   keyboard alone;
//! - a new person registers (all three steps), and an end user logs in and requests a role
//!   for an organisation, with the keyboard alone.
use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use std::time::Duration;
use tests::{Driver, Server};

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const SPACE: &str = " ";
const DOWN: &str = "\u{E015}";

async fn browser(d: &Driver) -> Client {
    super::helpers::browser(d, 375, 812).await
}

/// What has focus: its place in document order, whether a focus indicator shows and it
/// is on screen, and a description.
const ACTIVE: &str = "const e = document.activeElement;\
    if (!e || e === document.body || e === document.documentElement) return null;\
    const cs = getComputedStyle(e);\
    const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none';\
    const r = e.getBoundingClientRect();\
    const on = r.width > 0 && r.height > 0 && r.right > 0 && r.left < document.documentElement.clientWidth;\
    const all = [...document.querySelectorAll('*')];\
    return {idx: all.indexOf(e), ring: ring, on: on, desc: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + (e.textContent || e.value || '').trim().slice(0, 30)};";

/// Every control a keyboard should reach, in document order (positions as in ACTIVE).
/// A radio group is one stop (its checked button, else its first): arrows move inside.
const TABBABLE: &str = "const all = [...document.querySelectorAll('*')];\
    return [...document.querySelectorAll('a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex=\"-1\"])')]\
      .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden' && !e.closest('details:not([open]) > :not(summary)'))\
      .filter(e => { if (e.type !== 'radio') return true;\
        const g = [...document.querySelectorAll('input[type=radio]')].filter(x => x.name === e.name);\
        const on = g.find(x => x.checked); return on ? on === e : g[0] === e; })\
      .map(e => all.indexOf(e));";

async fn press(c: &Client, key: &str) {
    match c.active_element().await {
        Ok(e) => e.send_keys(key).await.unwrap(),
        Err(_) => c
            .find(Locator::Css("body"))
            .await
            .unwrap()
            .send_keys(key)
            .await
            .unwrap(),
    }
}

async fn active(c: &Client) -> Value {
    c.execute(ACTIVE, vec![]).await.unwrap()
}

/// Tabs through the page from the top; returns what is wrong with it.
async fn tab_walk(c: &Client, what: &str) -> Vec<String> {
    // Start at the top: the skip link, the first control of every page.
    c.execute(
        "window.scrollTo(0, 0); document.querySelector('a.skip').focus(); return 1",
        vec![],
    )
    .await
    .unwrap();
    let expected: Vec<i64> =
        serde_json::from_value(c.execute(TABBABLE, vec![]).await.unwrap()).unwrap();
    let mut problems = vec![];
    let mut seen: Vec<i64> = vec![];
    // Tab and Shift+Tab back, so the browser treats focus as keyboard focus from here.
    press(c, TAB).await;
    press(c, "\u{E008}\u{E004}\u{E000}").await;
    for step in 0..(expected.len() + 5) {
        if step > 0 {
            press(c, TAB).await;
        }
        let a = active(c).await;
        let Some(idx) = a["idx"].as_i64() else { break };
        if seen.contains(&idx) {
            break; // Round again: Tab left the last control.
        }
        if seen.last().is_some_and(|last| idx < *last) {
            problems.push(format!("{what}: focus went back up to {}", a["desc"]));
        }
        if a["ring"] != true {
            problems.push(format!("{what}: no visible focus on {}", a["desc"]));
        }
        if a["on"] != true {
            problems.push(format!("{what}: {} has focus off screen", a["desc"]));
        }
        seen.push(idx);
    }
    let missed: Vec<i64> = expected
        .iter()
        .filter(|e| !seen.contains(e))
        .copied()
        .collect();
    if !missed.is_empty() {
        let names = c
            .execute(
                "const all = [...document.querySelectorAll('*')]; return arguments[0].map(i => { const e = all[i]; return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + (e.textContent || '').trim().slice(0, 30); });",
                vec![json!(missed)],
            )
            .await
            .unwrap();
        problems.push(format!("{what}: never reached {names}"));
    }
    if seen.len() < expected.len() {
        problems.push(format!(
            "{what}: stuck after {} of {} controls",
            seen.len(),
            expected.len()
        ));
    }
    problems
}

async fn wait_for(c: &Client, sel: &str) {
    tests::element(c, sel).await;
}

async fn set_lang(c: &Client, s: &Server, lang: &str) {
    c.goto(&s.url("/status")).await.unwrap();
    wait_for(c, &format!("#lang-{lang}")).await;
    c.find(Locator::Css(&format!("#lang-{lang}")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The site-preferences panel is answered once, so the walks see the pages as a
    // returning visitor does.
    if c.find(Locator::Css("#site-later")).await.is_ok() {
        c.find(Locator::Css("#site-later"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }
}

/// Tabs until the focused element matches `sel` (at most `n` presses).
async fn tab_to(c: &Client, sel: &str, n: usize) {
    for _ in 0..n {
        press(c, TAB).await;
        let hit: Value = c
            .execute(
                "const e = document.activeElement; return !!(e && (e.matches(arguments[0]) || e.querySelector(arguments[0])));",
                vec![json!(sel)],
            )
            .await
            .unwrap();
        if hit == true {
            return;
        }
    }
    panic!(
        "Tab never reached {sel} (now at {})",
        active(c).await["desc"]
    );
}

async fn type_keys(c: &Client, s: &str) {
    c.active_element()
        .await
        .unwrap()
        .send_keys(s)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_is_walked_with_tab_in_order_with_visible_focus_and_no_trap() {
    let s = Server::start_demo();
    let d = Driver::start();
    let mut problems = vec![];
    let c = browser(&d).await;
    for lang in ["en", "es"] {
        set_lang(&c, &s, lang).await;
        for path in [
            "/",
            "/login",
            "/register",
            "/status",
            "/role-descriptions",
            "/organization-form",
            "/account-help",
        ] {
            c.goto(&s.url(path)).await.unwrap();
            wait_for(&c, "main h1").await;
            tests::settle(&c).await;
            problems.extend(tab_walk(&c, &format!("{path} {lang}")).await);
        }
    }
    // The skip link: the first stop of a freshly loaded page, shown when focused, and
    // it lands in the page.
    c.goto(&s.url("/status")).await.unwrap();
    wait_for(&c, "main h1").await;
    press(&c, TAB).await;
    let first = active(&c).await;
    assert!(first["desc"].as_str().unwrap().starts_with("a "), "{first}");
    assert_eq!(
        first["on"], true,
        "the skip link shows when focused: {first}"
    );
    press(&c, ENTER).await;
    press(&c, TAB).await;
    let inside: Value = c
        .execute("return !!document.activeElement.closest('main')", vec![])
        .await
        .unwrap();
    assert_eq!(inside, true, "after the skip link: {}", active(&c).await);
    c.close().await.unwrap();

    // Logged in: the help desk's and an approver's screens.
    for (user, paths) in [
        (
            "helpdesk.demo",
            &["/profile", "/profile/devices", "/roles/new", "/help-desk"][..],
        ),
        ("alan.approver", &["/approvals", "/roles"][..]),
    ] {
        let c = browser(&d).await;
        set_lang(&c, &s, "es").await;
        keyboard_login(&c, &s, user).await;
        for path in paths {
            c.goto(&s.url(path)).await.unwrap();
            wait_for(&c, "main h1").await;
            tests::settle(&c).await;
            problems.extend(tab_walk(&c, &format!("{user} {path}")).await);
        }
        c.close().await.unwrap();
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Logs in with the keyboard alone: Tab to each field, type, Enter.
async fn keyboard_login(c: &Client, s: &Server, user: &str) {
    let (pw, secret) = tests::demo_accounts(&s.data)[user].clone();
    c.goto(&s.url("/login")).await.unwrap();
    wait_for(c, "#user_id").await;
    c.execute(
        "document.activeElement && document.activeElement.blur(); return 1",
        vec![],
    )
    .await
    .unwrap();
    tab_to(c, "#user_id", 40).await;
    type_keys(c, user).await;
    tab_to(c, "#password", 5).await;
    type_keys(c, &pw).await;
    press(c, ENTER).await;
    wait_for(c, "#passcode-form").await;
    tab_to(c, "#code", 40).await;
    tests::away_from_step_edge(4);
    type_keys(c, &tests::totp_at(&secret, tests::now())).await;
    press(c, ENTER).await;
    wait_for(c, "#profile-heading, #help-desk-heading").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_approver_logs_in_and_approves_with_the_keyboard_alone() {
    let s = Server::start_demo();
    let d = Driver::start();
    let c = browser(&d).await;
    set_lang(&c, &s, "es").await;
    keyboard_login(&c, &s, "alan.approver").await;
    // From the profile to the approvals, then Carlos's request: Approve, confirm.
    c.execute(
        "document.activeElement && document.activeElement.blur(); return 1",
        vec![],
    )
    .await
    .unwrap();
    tab_to(&c, "#approvals", 60).await;
    press(&c, ENTER).await;
    wait_for(&c, "button[id^='approve-']").await;
    c.execute(
        "document.activeElement && document.activeElement.blur(); return 1",
        vec![],
    )
    .await
    .unwrap();
    tab_to(&c, "button[id^='approve-']", 80).await;
    press(&c, ENTER).await;
    wait_for(&c, "button[id^='confirm-']").await;
    tab_to(&c, "button[id^='confirm-']", 10).await;
    press(&c, ENTER).await;
    // The request is decided: the server says so.
    let mut decided = false;
    for _ in 0..50 {
        let approvals: Value = c
            .execute_async(
                "fetch('/api/v1/approvals').then(r => r.json()).then(j => arguments[0](j));",
                vec![],
            )
            .await
            .unwrap();
        if approvals
            .as_array()
            .is_some_and(|a| a.iter().all(|x| x["status"] != "pending"))
        {
            decided = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(decided, "Carlos's request is still pending");
    let carlos = tests::demo_accounts(&s.data)["carlos.clerk"].clone();
    let mut cc = tests::Client::new(&s);
    cc.login_with_app("carlos.clerk", &carlos.0, &carlos.1);
    let (_, roles) = cc.get("/me/roles");
    assert_eq!(roles["grants"][0]["role"], "end_user", "{roles}");
    c.close().await.unwrap();
}

/// Chooses `value` in the focused `<select>` with the arrow keys (a closed select
/// changes, and says so, on each press), as a keyboard user does.
async fn choose(c: &Client, sel: &str, value: &str) {
    let at: Value = c
        .execute(
            "const s = document.querySelector(arguments[0]);\
             return [[...s.options].findIndex(o => o.value === arguments[1]), s.selectedIndex];",
            vec![json!(sel), json!(value)],
        )
        .await
        .unwrap();
    let (want, now) = (at[0].as_i64().unwrap(), at[1].as_i64().unwrap());
    assert!(want >= now, "{sel}: {value} is above the current choice");
    for _ in now..want {
        press(c, DOWN).await;
    }
    let got: Value = c
        .execute(
            "return document.querySelector(arguments[0]).value",
            vec![json!(sel)],
        )
        .await
        .unwrap();
    assert_eq!(got, json!(value), "{sel}");
}

/// Tab to `sel` (from wherever focus is) and type `text` there.
async fn fill(c: &Client, sel: &str, text: &str) {
    tab_to(c, sel, 30).await;
    type_keys(c, text).await;
}

async fn blur(c: &Client) {
    c.execute(
        "document.activeElement && document.activeElement.blur(); return 1",
        vec![],
    )
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_person_registers_and_an_end_user_requests_a_role_with_the_keyboard_alone() {
    let s = Server::start_demo();
    let d = Driver::start();
    let c = browser(&d).await;
    set_lang(&c, &s, "es").await;

    // Registration, step 1: Tab to each field, type; Space ticks the terms; Enter on Next.
    c.goto(&s.url("/register")).await.unwrap();
    wait_for(&c, "#first_name").await;
    blur(&c).await;
    fill(&c, "#first_name", "Lucía").await;
    fill(&c, "#last_name", "Ortiz").await;
    fill(&c, "#date_of_birth", "1990-03-02").await;
    fill(&c, "#email", "lucia.ortiz@example.com").await;
    tab_to(&c, "#terms_accepted", 10).await;
    press(&c, SPACE).await;
    tab_to(&c, "#next", 10).await;
    press(&c, ENTER).await;
    // Step 2: the state chosen with the arrow keys.
    wait_for(&c, "#address-line1").await;
    fill(&c, "#address-line1", "12 Calle Luna").await;
    fill(&c, "#address-city", "Ponce").await;
    tab_to(&c, "#address-state", 10).await;
    choose(&c, "#address-state", "PR").await;
    fill(&c, "#address-zip", "00716").await;
    fill(&c, "#phone", "7875550142").await;
    tab_to(&c, "#next", 10).await;
    press(&c, ENTER).await;
    // Step 3.
    wait_for(&c, "#user_id").await;
    fill(&c, "#user_id", "lucia.ortiz").await;
    fill(&c, "#password", "Luna-Llena-2026").await;
    fill(&c, "#confirm_password", "Luna-Llena-2026").await;
    tab_to(&c, "#security_question", 10).await;
    choose(&c, "#security_question", "birth_city").await;
    fill(&c, "#security_answer", "Mayagüez").await;
    tab_to(&c, "#next", 10).await;
    press(&c, ENTER).await;
    wait_for(&c, "#done-title").await;
    // The account exists: the same user ID is now taken.
    assert_eq!(
        tests::post_json(
            &s.url("/api/v1/registrations"),
            &tests::registration("lucia.ortiz"),
            "en"
        )
        .0,
        409
    );
    c.close().await.unwrap();

    // An end user asks for the end-user role at Sunshine, with the keyboard alone.
    let c = browser(&d).await;
    set_lang(&c, &s, "es").await;
    keyboard_login(&c, &s, "erin.enduser").await;
    c.goto(&s.url("/roles/new")).await.unwrap();
    wait_for(&c, "#application").await;
    let app: Value = c
        .execute(
            "return document.querySelector('#application-list option').value",
            vec![],
        )
        .await
        .unwrap();
    blur(&c).await;
    fill(&c, "#application", app.as_str().unwrap()).await;
    wait_for(&c, "#role").await;
    tab_to(&c, "#role", 10).await;
    choose(&c, "#role", "end_user").await;
    wait_for(&c, "#role-description").await;
    tab_to(&c, "#role-next", 10).await;
    press(&c, ENTER).await;
    wait_for(&c, "#search-name").await;
    blur(&c).await;
    fill(&c, "#search-name", "sunshine").await;
    tab_to(&c, "#search-state", 10).await;
    choose(&c, "#search-state", "FL").await;
    tab_to(&c, "#search-submit", 10).await;
    press(&c, ENTER).await;
    wait_for(&c, "#org-O-DEMO-SUNSHINE").await;
    // The organisation's line, its taxpayer number masked ("TIN" in both languages, the
    // Spanish review's one term).
    let line: Value = c
        .execute(
            "return document.querySelector('label[for=\"org-O-DEMO-SUNSHINE\"]').textContent",
            vec![],
        )
        .await
        .unwrap();
    assert!(line.as_str().unwrap().contains("TIN *****4567"), "{line}");
    // Into the results: Space picks the organisation (the first of the group).
    tab_to(&c, "#org-O-DEMO-SUNSHINE", 10).await;
    press(&c, SPACE).await;
    tab_to(&c, "#org-next", 10).await;
    press(&c, ENTER).await;
    wait_for(&c, "#reason").await;
    blur(&c).await;
    fill(&c, "#reason", "Facturo para esta oficina.").await;
    tab_to(&c, "#submit-request", 10).await;
    press(&c, ENTER).await;
    wait_for(&c, "#request-submitted").await;
    // The server has it (asked with the browser's own session).
    let mine: Value = c
        .execute_async(
            "fetch('/api/v1/me/roles').then(r => r.json()).then(j => arguments[0](j));",
            vec![],
        )
        .await
        .unwrap();
    let requests = mine["requests"].as_array().unwrap();
    assert!(
        requests
            .iter()
            .any(|r| r["organization"]["id"] == "O-DEMO-SUNSHINE"
                && r["status"] == "pending"
                && r["reason"] == "Facturo para esta oficina."),
        "{mine}"
    );
    c.close().await.unwrap();
}

/// Issue 27 with the keyboard alone: Erin makes her recovery codes on her devices page,
/// logs out, and logs back in with one (the link "I can't use any of my devices", the
/// code, Enter), landing on her devices.
#[tokio::test(flavor = "multi_thread")]
async fn recovery_codes_are_made_and_used_with_the_keyboard_alone() {
    let s = Server::start_demo();
    let d = Driver::start();
    let c = browser(&d).await;
    keyboard_login(&c, &s, "erin.enduser").await;
    c.goto(&s.url("/profile/devices")).await.unwrap();
    wait_for(&c, "#recovery-make").await;
    tab_to(&c, "#recovery-make", 60).await;
    press(&c, ENTER).await;
    wait_for(&c, "#recovery-list").await;
    // The focus moved to the codes' notice (the button pressed is gone), so Tab goes on
    // from there to Download, Print and "I have saved them".
    let focused = c
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap();
    assert_eq!(focused, json!("recovery-shown"));
    let codes: Vec<String> = serde_json::from_value(
        c.execute(
            "return [...document.querySelectorAll('#recovery-list code')].map(e => e.textContent)",
            vec![],
        )
        .await
        .unwrap(),
    )
    .unwrap();
    assert_eq!(codes.len(), 10);
    tab_to(&c, "#recovery-saved", 20).await;
    press(&c, ENTER).await;
    wait_for(&c, "#recovery-count").await;

    let (pw, _) = tests::demo_accounts(&s.data)["erin.enduser"].clone();
    c.execute_async(
        "var done = arguments[0]; fetch('/api/v1/sessions/current', {method: 'DELETE', headers: {'X-Umbral-Request': '1'}}).then(() => done(1));",
        vec![],
    )
    .await
    .unwrap();
    c.goto(&s.url("/login")).await.unwrap();
    wait_for(&c, "#user_id").await;
    tab_to(&c, "#user_id", 40).await;
    type_keys(&c, "erin.enduser").await;
    tab_to(&c, "#password", 5).await;
    type_keys(&c, &pw).await;
    press(&c, ENTER).await;
    wait_for(&c, "#passcode-form").await;
    tab_to(&c, "#recovery-link", 40).await;
    press(&c, ENTER).await;
    wait_for(&c, "#recovery-form").await;
    tab_to(&c, "#code", 20).await;
    type_keys(&c, &codes[0]).await;
    press(&c, ENTER).await;
    wait_for(&c, "#recovered-banner").await;
    wait_for(&c, "#devices-heading").await;
}
