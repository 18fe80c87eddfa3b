//! Texts and calls through a real webhook receiver on loopback: signed requests, retries
//! after 500s with one idempotency key, a refusal the user is told about, and a SIGKILL
//! between the gateway's acceptance and the queue's mark (sent again with the same key,
//! never lost).
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use tests::*;

const SECRET: &str = "a-webhook-secret-for-tests";

/// How long an attempt holds a queued message (the server's `outbound::LEASE_SECS`).
const LEASE_SECS: u64 = 120;

fn env(r: &Receiver) -> Vec<(String, String)> {
    vec![
        ("UMBRAL_SMS_WEBHOOK".into(), r.url("/sms")),
        ("UMBRAL_VOICE_WEBHOOK".into(), r.url("/voice")),
        ("UMBRAL_WEBHOOK_SECRET".into(), SECRET.into()),
    ]
}

fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

/// The receiver's side of the contract in the README: the signature is HMAC-SHA256
/// over "<timestamp>.<body>" and the timestamp is recent.
fn check_signature(req: &Received, clock: &TestClock) {
    let ts: u64 = req.headers["x-umbral-timestamp"].parse().unwrap();
    assert!(clock.now().abs_diff(ts) < 300, "stale timestamp {ts}");
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(SECRET.as_bytes()).unwrap();
    m.update(format!("{ts}.").as_bytes());
    m.update(&req.body);
    let hex: String = m
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(req.headers["x-umbral-signature"], format!("v1={hex}"));
}

fn body(req: &Received) -> Value {
    serde_json::from_slice(&req.body).unwrap()
}

fn erin(s: &Server) -> Client {
    let accounts = demo_accounts(&s.data);
    let (pw, secret) = &accounts["erin.enduser"];
    let mut c = Client::new(s);
    c.login_with_app("erin.enduser", pw, secret);
    c
}

#[test]
fn texts_are_signed_retried_with_one_key_and_refusals_reach_the_user() {
    let r = Receiver::start();
    let e = env(&r);
    let clock = TestClock::at(now());
    let s = Server::builder()
        .demo()
        .clock(&clock)
        .env(&pairs(&e))
        .start();
    let mut c = erin(&s);
    // Two failures for now, then accepted: three requests, one message, each retry
    // when its wait (5 s, then 10 s) is over on the server's clock.
    r.then(&[Reply::Status(500), Reply::Status(503)]);
    let (st, d) = c.post(
        "/me/devices",
        json!({"kind": "sms", "phone": "787-555-0142"}),
    );
    assert_eq!(st, 201, "{d}");
    let id = d["id"].as_str().unwrap().to_string();
    r.wait_for(1, 10);
    clock.advance(4);
    clock.delivered();
    assert_eq!(r.requests().len(), 1, "retried before its wait was over");
    clock.advance(1);
    r.wait_for(2, 10);
    clock.advance(10);
    let seen = r.wait_for(3, 10);
    let keys: Vec<&str> = seen
        .iter()
        .map(|q| q.headers["idempotency-key"].as_str())
        .collect();
    assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
    for q in &seen {
        assert_eq!(q.path, "/sms");
        check_signature(q, &clock);
        let b = body(q);
        assert_eq!(b["id"], keys[0]);
        assert_eq!(
            (
                b["channel"].as_str(),
                b["to"].as_str(),
                b["language"].as_str()
            ),
            (Some("sms"), Some("+17875550142"), Some("en-US"))
        );
    }
    // The code that went through the gateway verifies the device.
    let code = code_in(body(&seen[2])["body"].as_str().unwrap()).unwrap();
    let (st, v) = c.post(
        &format!("/me/devices/{id}/verification"),
        json!({"code": code}),
    );
    assert_eq!((st, v["status"].as_str()), (200, Some("active")), "{v}");
    // Nothing was written to the outbox for it.
    assert!(Outbox::new(&s)
        .all()
        .iter()
        .all(|m| !m.contains("7875550142")));

    // A voice call, refused for good by the gateway: the user is told at once.
    r.then(&[Reply::Status(400)]);
    let (st, e) = c.post(
        "/me/devices",
        json!({"kind": "voice", "phone": "787-555-0199"}),
    );
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (502, Some("delivery_failed")),
        "{e}"
    );
    let last = r.wait_for(4, 5).pop().unwrap();
    assert_eq!(last.path, "/voice");
    assert_eq!(body(&last)["channel"], "voice");
    // Not retried: a pass of the queue after the first retry would have been due.
    clock.advance(6);
    clock.delivered();
    assert_eq!(r.requests().len(), 4);
}

#[test]
fn a_crash_between_send_and_mark_sends_again_with_the_same_key() {
    let r = Receiver::start();
    let e = env(&r);
    let clock = TestClock::at(now());
    let s = Server::builder()
        .demo()
        .clock(&clock)
        .env(&pairs(&e))
        .start();
    let c = erin(&s);
    // The gateway takes the request and the server dies before hearing back.
    r.then(&[Reply::Hang]);
    let mut c2 = c.clone();
    let t = std::thread::spawn(move || {
        c2.post(
            "/me/devices",
            json!({"kind": "sms", "phone": "787-555-0142"}),
        )
    });
    let first = r.wait_for(1, 10).remove(0);
    let (data, tmp) = s.kill_hard();
    let _ = t.join();
    // At the next start the queue sends it again: same id, same key, same code.
    let s = Server::builder()
        .demo()
        .clock(&clock)
        .data(&data)
        .keep(tmp)
        .env(&pairs(&e))
        .start();
    let seen = r.wait_for(2, 20);
    assert_eq!(
        seen[1].headers["idempotency-key"],
        first.headers["idempotency-key"]
    );
    assert_eq!(body(&seen[1])["body"], body(&first)["body"]);
    check_signature(&seen[1], &clock);
    // And only once more: it is marked sent now. (Were it not, it would go again once
    // the attempt's lease and the first wait are over.)
    clock.advance(LEASE_SECS + 6);
    clock.delivered();
    assert_eq!(r.requests().len(), 2);
    drop(s);
}
