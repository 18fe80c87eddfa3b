//! Urgent alerts against the release binary (issue 12): the help desk posts an alert,
//! it shows on the status page, and it is emailed to every active account once. The
//! server is killed with SIGKILL halfway through the emailing of 2,000 accounts and
//! started again: the emailing resumes, and the outbox holds exactly one email per
//! account. The unsubscribe link stops alert emails but not a password-reset email.
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};
use tests::{demo_accounts, Client, Outbox, Server};

/// Alert emails in the outbox whose body holds `marker`, by recipient.
fn mailed(data: &Path, marker: &str) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for e in std::fs::read_dir(data.join("outbox")).unwrap() {
        let e = e.unwrap();
        // A hidden `.….tmp` file is a message being written, not one in the outbox:
        // a SIGKILL between linking it under its name and removing it leaves one.
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(e.path()) else {
            continue;
        };
        if text.contains(marker) {
            let to = text
                .lines()
                .find_map(|l| l.strip_prefix("To: "))
                .unwrap()
                .trim()
                .to_string();
            *m.entry(to).or_insert(0) += 1;
        }
    }
    m
}

fn alert(title: &str, marker: &str) -> Value {
    json!({
        "title_en": title,
        "title_es": format!("{title} (es)"),
        "body_en": format!("Claim status may be late today. {marker}"),
        "body_es": format!("El estado de las reclamaciones puede llegar tarde hoy. {marker}"),
    })
}

/// The alert `id` as the console shows it.
fn progress(hd: &mut Client, id: &str) -> Value {
    let (st, v) = hd.get("/admin/alerts");
    assert_eq!(st, 200, "{v}");
    v.as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .cloned()
        .unwrap()
}

fn wait_finished(hd: &mut Client, id: &str, secs: u64) -> Value {
    let start = Instant::now();
    loop {
        let a = progress(hd, id);
        if a["fan_out"]["finished"] == true {
            return a;
        }
        assert!(
            start.elapsed() < Duration::from_secs(secs),
            "emailing not finished: {a}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn an_alert_to_2000_accounts_survives_a_sigkill_halfway_and_mails_each_account_once() {
    let env = [
        ("UMBRAL_DEMO_BULK_ORGS", "1000"),
        // Slow enough to be killed halfway, fast enough for the suite.
        ("UMBRAL_ALERT_RATE", "150"),
    ];
    let s = Server::builder().demo().env(&env).start();
    let accounts = demo_accounts(&s.data);
    let (hd_pw, hd_secret) = &accounts["helpdesk.demo"];
    let mut hd = Client::new(&s);
    hd.login_with_app("helpdesk.demo", hd_pw, hd_secret);
    let marker = "[alert-sigkill-1]";
    let (st, a) = hd.post("/admin/alerts", alert("Claims portal delays", marker));
    assert_eq!(st, 201, "{a}");
    let id = a["id"].as_str().unwrap().to_string();
    let total = a["fan_out"]["accounts"].as_u64().unwrap();
    assert!(total > 2000, "{a}");
    // On the status page at once, in the reader's language.
    hd.lang = "es";
    let (_, status) = hd.get("/status");
    hd.lang = "en";
    assert_eq!(status["alerts"][0]["title"], "Claims portal delays (es)");

    // Halfway: kill.
    let start = Instant::now();
    let done_at_kill = loop {
        let p = progress(&mut hd, &id);
        let done = p["fan_out"]["done"].as_u64().unwrap();
        assert_ne!(p["fan_out"]["finished"], true, "finished before the kill");
        if done >= total / 2 {
            break done;
        }
        assert!(start.elapsed() < Duration::from_secs(120), "{p}");
        std::thread::sleep(Duration::from_millis(100));
    };
    let (data, tmp) = s.kill_hard();
    let before = mailed(&data, marker);
    assert!(
        (before.len() as u64) < total,
        "{} mailed before the kill",
        before.len()
    );
    assert!(before.values().all(|&n| n == 1));

    // Started again: the emailing resumes by itself.
    let s = Server::builder()
        .demo()
        .data(&data)
        .keep(tmp)
        .env(&env)
        .start();
    hd.base = s.url("");
    let a = wait_finished(&mut hd, &id, 180);
    let f = &a["fan_out"];
    let emailed = f["emailed"].as_u64().unwrap();
    assert_eq!(f["done"], json!(total), "{a}");
    assert_eq!(emailed + f["skipped"].as_u64().unwrap(), total, "{a}");
    assert!(emailed >= 2000, "{a}");
    // Every queued email reaches the outbox.
    let start = Instant::now();
    let after = loop {
        let m = mailed(&data, marker);
        if m.len() as u64 >= emailed || start.elapsed() > Duration::from_secs(60) {
            break m;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(after.len() as u64, emailed, "every account mailed");
    let twice: Vec<_> = after.iter().filter(|(_, &n)| n != 1).collect();
    assert!(twice.is_empty(), "mailed more than once: {twice:?}");
    assert!(after.contains_key("user0@bulk-demo.example"));
    assert!(after.contains_key("approver999@bulk-demo.example"));
    eprintln!(
        "alert fan-out: {total} accounts, {done_at_kill} walked before SIGKILL, {} mailed before, {emailed} mailed in all, each once",
        before.len()
    );
}

#[test]
fn the_unsubscribe_link_stops_alert_emails_but_not_a_password_reset_email() {
    let s = Server::builder()
        .demo()
        .env(&[("UMBRAL_ALERT_RATE", "0")])
        .start();
    let accounts = demo_accounts(&s.data);
    let (hd_pw, hd_secret) = &accounts["helpdesk.demo"];
    let mut hd = Client::new(&s);
    hd.login_with_app("helpdesk.demo", hd_pw, hd_secret);
    let mut ob = Outbox::new(&s);
    let erin = "erin@sunshine-demo.example";
    let mary = "mary@gulfcoast-demo.example";

    let (st, a) = hd.post("/admin/alerts", alert("First alert", "[first]"));
    assert_eq!(st, 201, "{a}");
    wait_finished(&mut hd, a["id"].as_str().unwrap(), 60);
    let body = ob.next_matching(erin, |b| b.contains("[first]"));
    let link = body
        .split_whitespace()
        .find(|w| w.contains("/alerts/unsubscribe?token="))
        .unwrap();
    let token = link.split_once("token=").unwrap().1;

    // A changed token is refused and changes nothing.
    let mut anon = Client::new(&s);
    let bad = format!("{}0", &token[..token.len() - 1]);
    let bad = if bad == token {
        format!("{}1", &token[..token.len() - 1])
    } else {
        bad
    };
    let (st, e) = anon.post(
        "/alerts/subscription",
        json!({"token": bad, "subscribed": false}),
    );
    assert_eq!((st, &e["error"]["code"]), (404, &json!("not_found")), "{e}");
    // One click: off.
    let (st, r) = anon.post(
        "/alerts/subscription",
        json!({"token": token, "subscribed": false}),
    );
    assert_eq!((st, &r["subscribed"]), (200, &json!(false)), "{r}");

    let (_, a2) = hd.post("/admin/alerts", alert("Second alert", "[second]"));
    let a2 = wait_finished(&mut hd, a2["id"].as_str().unwrap(), 60);
    assert!(a2["fan_out"]["skipped"].as_u64().unwrap() >= 1, "{a2}");
    ob.next_matching(mary, |b| b.contains("[second]"));
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        !mailed(&s.data, "[second]").contains_key(erin),
        "unsubscribed, still mailed"
    );
    // A security email still comes.
    let (st, _) = anon.post("/password-resets", json!({"user_id": "erin.enduser"}));
    assert_eq!(st, 202);
    let reset = ob.next_matching(erin, |b| b.contains("/reset-password?token="));
    assert!(!reset.contains("[second]"));
    // And the help desk sees it in her trail.
    let (_, detail) = hd.get("/admin/accounts/erin.enduser");
    assert!(
        detail.to_string().contains("alerts_unsubscribed"),
        "{detail}"
    );
}
