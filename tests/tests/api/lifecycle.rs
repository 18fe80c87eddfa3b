//! The account lifecycle (issue 11) against the release binary, with the server's
//! test clock (`UMBRAL_UNSAFE_TEST_CLOCK`) moved instead of waiting: reminders at
//! 30/14/7/1 days, each once, none after recertification; expiry on the due date and
//! not a second earlier; a SIGKILL in the middle of a reminder run; inactivity at 30
//! days and not 29; a reset reactivates and the passcode is still asked; an email
//! change applies only after its code; emails follow a language change.
use serde_json::{json, Value};
use tests::{demo_accounts, Client, Outbox, Server, TestClock};

const DAY: u64 = 86_400;

/// A server with `--demo` on a test clock at `t0`, and more settings.
fn demo_at(clock: &TestClock, extra: &[(&str, &str)]) -> Server {
    let env = clock.env();
    let mut all: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    all.extend_from_slice(extra);
    let s = Server::builder().demo().env(&all).start();
    clock.pass();
    s
}

fn login(s: &Server, clock: &TestClock, user_id: &str) -> Client {
    let accounts = demo_accounts(&s.data);
    let (pw, secret) = &accounts[user_id];
    let mut c = Client::new(s);
    c.login_at(clock, user_id, pw, secret);
    c
}

/// The subject of a message file, decoded from RFC 2047 base64 if need be.
fn subject(text: &str) -> String {
    use base64::Engine;
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("Subject: "))
        .unwrap_or("")
        .trim();
    match line
        .strip_prefix("=?UTF-8?B?")
        .and_then(|b| b.strip_suffix("?="))
    {
        Some(b) => String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(b)
                .unwrap_or_default(),
        )
        .unwrap_or_default(),
        None => line.to_string(),
    }
}

/// Messages to `to` whose subject contains `needle`.
fn mails(s: &Server, to: &str, needle: &str) -> Vec<String> {
    Outbox::new(s)
        .all()
        .into_iter()
        .filter(|t| t.lines().any(|l| l.trim_end() == format!("To: {to}")))
        .filter(|t| subject(t).contains(needle))
        .collect()
}

/// The first second of a `YYYY-MM-DD` date in Eastern time (the server's calendar).
fn day_start(date: &str) -> u64 {
    shared::calendar::day_start(shared::date::Date::parse(date).expect("a date"))
}

/// The first second of the day `k` days before the due date `due_on`: when the
/// reminder "k days before" is due (whole Eastern days, whatever the clock changes).
fn days_before(due_on: &str, k: u64) -> u64 {
    let d = shared::date::Date::parse(due_on).expect("a date");
    shared::calendar::day_start(shared::calendar::add_days(d, -(k as i64)))
}

fn due_list(c: &mut Client) -> Vec<Value> {
    let (st, v) = c.get("/approvals/recertifications");
    assert_eq!(st, 200, "{v}");
    v.as_array().unwrap().clone()
}

fn recert_item(user_id: &str, decision: &str, reason: &str) -> Value {
    json!({"user_id": user_id, "organization_id": "O-DEMO-COQUI", "application": "spot",
           "role": "end_user", "decision": decision, "reason": reason})
}

const BEATRIZ: &str = "beatriz@coqui-demo.example";
const REMINDER: &str = "Recertificación pendiente";

#[test]
fn reminders_once_each_then_expiry_on_the_due_date_not_a_second_earlier() {
    let clock = TestClock::at(tests::now());
    // The month moved through would make everyone inactive: not what this tests.
    let s = demo_at(&clock, &[("UMBRAL_INACTIVE_DAYS", "400")]);
    let mut beatriz = login(&s, &clock, "beatriz.biller");
    let due = due_list(&mut beatriz);
    assert_eq!(due.len(), 3, "{due:?}");
    let due_on = due[0]["grant"]["due_on"].as_str().unwrap().to_string();
    let due_at = day_start(&due_on);
    assert!(due.iter().all(|d| d["grant"]["status"] == "due_soon"));

    // Nothing until the 30-day reminder's first second.
    clock.set(days_before(&due_on, 30) - 1);
    clock.pass();
    assert_eq!(mails(&s, BEATRIZ, REMINDER).len(), 0);
    let mut sent = 0;
    for k in [30u64, 14, 7, 1] {
        clock.set(days_before(&due_on, k));
        clock.pass();
        sent += 1;
        // Another pass at a later second queues nothing more.
        clock.advance(60);
        clock.pass();
        let all = mails(&s, BEATRIZ, REMINDER);
        assert_eq!(all.len(), sent, "{k} days before: {all:?}");
        let this = all
            .iter()
            .find(|m| m.contains(&format!("días restantes: {k})")))
            .unwrap_or_else(|| panic!("the {k}-day reminder: {all:?}"));
        assert!(this.contains("lucia.lopez") && this.contains("pedro.pagan"));
        assert_eq!(this.contains("diego.diaz"), k >= 14, "{k}: {this}");
        if k == 14 {
            // Beatriz keeps Diego: no later reminder names him.
            let mut b = login(&s, &clock, "beatriz.biller");
            let (st, r) = b.post(
                "/approvals/recertifications",
                json!({"items": [recert_item("diego.diaz", "keep", "")]}),
            );
            assert_eq!((st, &r["kept"]), (200, &json!(1)), "{r}");
            assert_eq!(due_list(&mut b).len(), 2);
        }
    }

    // A second before the due date: still held (Lucía's session is opened first:
    // logging in moves the clock).
    clock.set(due_at - 120);
    let mut lucia = login(&s, &clock, "lucia.lopez");
    clock.set(due_at - 1);
    clock.pass();
    let (_, roles) = lucia.get("/me/roles");
    assert_eq!(roles["grants"][0]["status"], "due_soon", "{roles}");
    assert_eq!(roles["expired"], json!([]));
    clock.set(due_at);
    clock.pass();
    let (_, roles) = lucia.get("/me/roles");
    assert_eq!(roles["grants"], json!([]), "{roles}");
    assert_eq!(roles["expired"][0]["status"], "expired", "{roles}");
    assert_eq!(
        mails(&s, "lucia@coqui-demo.example", "Su rol ha vencido").len(),
        1
    );
    // Diego was recertified: his role stays, due a year on.
    let mut diego = login(&s, &clock, "diego.diaz");
    let (_, roles) = diego.get("/me/roles");
    assert_eq!(roles["grants"][0]["status"], "active", "{roles}");
    // Beatriz's trail records the expiry.
    let mut b = login(&s, &clock, "beatriz.biller");
    let (_, activity) = b.get("/me/activity");
    assert!(
        activity
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["event"] == "role_expired"),
        "{activity}"
    );
}

#[test]
fn a_sigkill_in_the_middle_of_a_reminder_run_sends_no_duplicate_and_loses_none() {
    const ORGS: usize = 300;
    let orgs = ORGS.to_string();
    let clock = TestClock::at(tests::now());
    let bulk = [("UMBRAL_DEMO_BULK_ORGS", orgs.as_str())];
    let s = demo_at(&clock, &bulk);
    let due_on = {
        let mut b = login(&s, &clock, "beatriz.biller");
        let d = due_list(&mut b);
        d[0]["grant"]["due_on"].as_str().unwrap().to_string()
    };
    let count = |s: &Server| {
        Outbox::new(s)
            .all()
            .iter()
            .filter(|t| t.contains("@bulk-demo.example") && subject(t).contains(REMINDER))
            .count()
    };
    assert_eq!(count(&s), 0);
    // The 30-day reminders of 300 organisations: killed once some are out.
    clock.set(days_before(&due_on, 30));
    let start = std::time::Instant::now();
    let mut first = None;
    loop {
        let n = count(&s);
        if n >= 1 && first.is_none() {
            first = Some((std::time::Instant::now(), n));
        }
        if n >= ORGS / 4 {
            break;
        }
        assert!(start.elapsed().as_secs() < 60, "the run did not start");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let at_kill = count(&s);
    let (t1, n1) = first.expect("seen");
    eprintln!(
        "reminders: {} queued and written to the outbox in {:.2} s ({:.0}/s)",
        at_kill - n1,
        t1.elapsed().as_secs_f64(),
        (at_kill - n1) as f64 / t1.elapsed().as_secs_f64()
    );
    let (data, tmp) = s.kill_hard();
    let env = clock.env();
    let mut all: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    all.extend_from_slice(&bulk);
    let s = Server::builder()
        .demo()
        .data(&data)
        .keep(tmp)
        .env(&all)
        .start();
    let before = count(&s);
    assert!(before < ORGS, "killed after the run ended ({before})");
    clock.advance(1);
    clock.pass();
    clock.advance(1);
    clock.pass();
    let texts: Vec<String> = Outbox::new(&s)
        .all()
        .into_iter()
        .filter(|t| t.contains("@bulk-demo.example") && subject(t).contains(REMINDER))
        .collect();
    let mut to: Vec<String> = texts
        .iter()
        .filter_map(|t| t.lines().find_map(|l| l.strip_prefix("To: ")))
        .map(|x| x.trim().to_string())
        .collect();
    to.sort();
    let n = to.len();
    to.dedup();
    assert_eq!(n, to.len(), "an approver was reminded twice");
    assert_eq!(n, ORGS, "a reminder was lost (had {before} at the kill)");
}

#[test]
fn inactive_at_30_days_not_29_a_reset_reactivates_and_mfa_is_still_asked() {
    let t0 = tests::now();
    let clock = TestClock::at(t0);
    let s = demo_at(&clock, &[]);
    let accounts = demo_accounts(&s.data);
    let erin = "erin@sunshine-demo.example";
    // The warning, 7 days before, once.
    clock.set(t0 + 23 * DAY - 1);
    clock.pass();
    assert_eq!(mails(&s, erin, "Log in to keep").len(), 0);
    clock.set(t0 + 23 * DAY);
    clock.pass();
    clock.advance(5);
    clock.pass();
    assert_eq!(mails(&s, erin, "Log in to keep").len(), 1);
    // 29 days and 23:59:59 after registration: the password still opens a login.
    clock.set(t0 + 30 * DAY - 1);
    let mut c = Client::new(&s);
    let pw = &accounts["erin.enduser"].0;
    let (st, ch) = c.post(
        "/sessions",
        json!({"user_id": "erin.enduser", "password": pw}),
    );
    assert_eq!((st, &ch["next"]), (200, &json!("passcode")), "{ch}");
    // 30 days: inactive, said only to someone who knows the password.
    clock.set(t0 + 30 * DAY);
    let (st, e) = c.post(
        "/sessions",
        json!({"user_id": "erin.enduser", "password": "Not-Her-Passw0rd"}),
    );
    assert_eq!(
        (st, &e["error"]["code"]),
        (401, &json!("invalid_credentials"))
    );
    let (st, e) = c.post(
        "/sessions",
        json!({"user_id": "erin.enduser", "password": pw}),
    );
    assert_eq!(
        (st, &e["error"]["code"]),
        (423, &json!("account_inactive")),
        "{e}"
    );
    clock.pass();
    assert_eq!(mails(&s, erin, "is inactive").len(), 1);
    // The reset: link, security answer, new password.
    assert_eq!(
        c.post("/password-resets", json!({"user_id": "erin.enduser"}))
            .0,
        202
    );
    let mut ob = Outbox::new(&s);
    let mail = ob.next_matching(erin, |m| m.contains("/reset-password?token="));
    let token: String = mail
        .split("/reset-password?token=")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let new_pw = "Quiet-Harbor-58-Lamp";
    let (st, e) = c.post(
        &format!("/password-resets/{token}"),
        json!({"security_answer": "demo", "new_password": new_pw}),
    );
    assert_eq!(st, 204, "{e}");
    // Reactivated: the password opens a login that still asks for the passcode.
    let (st, ch) = c.post(
        "/sessions",
        json!({"user_id": "erin.enduser", "password": new_pw}),
    );
    assert_eq!((st, &ch["next"]), (200, &json!("passcode")), "{ch}");
    assert!(ch.get("session").is_none());
    let (st, _) = c.get("/me");
    assert_eq!(st, 401, "no session before the passcode");
}

#[test]
fn an_email_change_applies_only_after_its_code_and_emails_follow_the_language() {
    let clock = TestClock::at(tests::now());
    let s = demo_at(&clock, &[]);
    let mut erin = login(&s, &clock, "erin.enduser");
    let old = "erin@sunshine-demo.example";
    let new = "erin.new@sunshine-demo.example";
    // Spanish from now on.
    let (st, p) = erin.put("/me/language", json!({"locale": "es"}));
    assert_eq!((st, &p["locale"]), (200, &json!("es")), "{p}");
    let (st, e) = erin.put("/me/language", json!({"locale": "fr"}));
    assert_eq!(
        (st, &e["error"]["fields"]["locale"]),
        (422, &json!(["invalid"]))
    );
    let (st, e) = erin.post("/me/email", json!({"email": old}));
    assert_eq!(
        (st, &e["error"]["fields"]["email"]),
        (422, &json!(["unchanged"]))
    );
    // A reset link mailed to the old address just before the change (security review
    // 3, G10): it must die with the change.
    let mut ob = Outbox::new(&s);
    assert_eq!(
        Client::new(&s)
            .post("/password-resets", json!({"user_id": "erin.enduser"}))
            .0,
        202
    );
    let to_old = ob.next_matching(old, |m| m.contains("/reset-password?token="));
    let old_token = tests::link_token(&to_old, "reset-password").unwrap();
    assert_eq!(
        Client::new(&s)
            .get(&format!("/password-resets/{old_token}"))
            .0,
        200,
        "the link works before the change"
    );
    let (st, _) = erin.post("/me/email", json!({"email": new}));
    assert_eq!(st, 202);
    let code = ob.code_to(new);
    // Nothing changed yet.
    let (_, me) = erin.get("/me");
    assert_eq!(
        (me["email"].as_str(), me["pending_email"].as_str()),
        (Some(old), Some(new))
    );
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (st, e) = erin.post("/me/email/verification", json!({"code": wrong}));
    assert_eq!(
        (st, &e["error"]["fields"]["code"]),
        (422, &json!(["incorrect"]))
    );
    let (_, me) = erin.get("/me");
    assert_eq!(me["email"].as_str(), Some(old));
    let (st, me) = erin.post("/me/email/verification", json!({"code": code}));
    assert_eq!((st, me["email"].as_str()), (200, Some(new)), "{me}");
    assert_eq!(
        Client::new(&s)
            .get(&format!("/password-resets/{old_token}"))
            .0,
        410,
        "the link mailed to the old address died with the change"
    );
    // The old address is told, in Spanish.
    let told = mails(&s, old, "Se cambió su dirección de correo");
    assert_eq!(told.len(), 1, "{:?}", Outbox::new(&s).all());
    // A later email goes to the new address, in Spanish.
    let mut anon = Client::new(&s);
    assert_eq!(
        anon.post("/password-resets", json!({"user_id": "erin.enduser"}))
            .0,
        202
    );
    let reset = ob.next_matching(new, |m| m.contains("/reset-password?token="));
    assert!(reset.contains("Hola, Erin"), "{reset}");
    // Name, address and phone: the registration's rules.
    let (st, e) = erin.put(
        "/me/profile",
        json!({"first_name": "", "last_name": "Enduser", "address": {"line1": "1 Main St",
               "city": "Tampa", "state": "ZZ", "zip": "33602"}, "phone": "12"}),
    );
    assert_eq!(st, 422, "{e}");
    for f in ["first_name", "address.state", "phone"] {
        assert!(e["error"]["fields"][f].is_array(), "{f}: {e}");
    }
    let (st, p) = erin.put(
        "/me/profile",
        json!({"first_name": "Erina", "last_name": "Enduser", "address": {"line1": "1 Main St",
               "city": "Tampa", "state": "FL", "zip": "33602"}, "phone": "(813) 555-0199"}),
    );
    assert_eq!(
        (st, &p["first_name"], &p["phone"]),
        (200, &json!("Erina"), &json!("8135550199")),
        "{p}"
    );
    // The security question needs the current password.
    let (st, e) = erin.put(
        "/me/security-question",
        json!({"current_password": "Wrong-Passw0rd-9", "security_question": "first_car", "security_answer": "beetle"}),
    );
    assert_eq!(
        (st, &e["error"]["fields"]["current_password"]),
        (422, &json!(["incorrect"])),
        "{e}"
    );
}

/// Issue 28, time boundaries, against the release binary on its test clock with the
/// lifecycle job far away (an hour), so only the request's own check can hold the rule:
/// a login begun at 20:59:55 ET on a Thursday does not finish inside the weekly window
/// (the help desk's does), and one begun ten seconds before the inactivity instant does
/// not finish a minute after it.
#[test]
fn a_login_is_held_to_the_time_rules_at_each_of_its_steps() {
    use shared::calendar::{add_days, eastern, instant};
    // The next Thursday (1970-01-01 was one), 20:59:55 Eastern.
    let mut d = add_days(eastern(tests::now()).date, 1);
    while d.days_since_epoch() % 7 != 0 {
        d = add_days(d, 1);
    }
    let t0 = instant(d, 20, 59) + 55;
    let clock = TestClock::at(t0);
    let s = demo_at(
        &clock,
        &[
            ("UMBRAL_MAINTENANCE_WEEKLY", "thu 21:00-23:00"),
            ("UMBRAL_LIFECYCLE_EVERY_SECS", "3600"),
        ],
    );
    let accounts = demo_accounts(&s.data);
    let begin = |c: &mut Client, user: &str| -> Value {
        let (st, ch) = c.post(
            "/sessions",
            json!({"user_id": user, "password": accounts[user].0}),
        );
        assert_eq!((st, &ch["next"]), (200, &json!("passcode")), "{ch}");
        ch
    };
    let finish = |c: &mut Client, user: &str, ch: &Value| -> (u16, Value) {
        c.post(
            &format!("/sessions/{}/passcode", ch["challenge"].as_str().unwrap()),
            json!({"device_id": ch["devices"][0]["id"],
                   "code": tests::totp_at(&accounts[user].1, clock.now())}),
        )
    };
    clock.set(t0);
    let mut erin = Client::new(&s);
    let ch = begin(&mut erin, "erin.enduser");
    let mut hd = Client::new(&s);
    let hd_ch = begin(&mut hd, "helpdesk.demo");
    clock.set(t0 + 5 + 5 * 60);
    let (st, e) = finish(&mut erin, "erin.enduser", &ch);
    assert_eq!(
        (st, &e["error"]["code"]),
        (503, &json!("maintenance")),
        "{e}"
    );
    assert_eq!(erin.get("/me").0, 401, "no session");
    let (st, e) = finish(&mut hd, "helpdesk.demo", &hd_ch);
    assert_eq!(st, 200, "the help desk still logs in: {e}");
    // Thirty days after the demo was made (on Saturday evening): ten seconds before,
    // the password opens a login; a minute after, its passcode is refused.
    clock.set(t0 + 30 * DAY - 10);
    let mut late = Client::new(&s);
    let ch = begin(&mut late, "erin.enduser");
    clock.set(t0 + 30 * DAY + 60);
    let (st, e) = finish(&mut late, "erin.enduser", &ch);
    assert_eq!(
        (st, &e["error"]["code"]),
        (423, &json!("account_inactive")),
        "{e}"
    );
    assert_eq!(late.get("/me").0, 401, "no session");
}
