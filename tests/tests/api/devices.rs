//! MFA devices against the release binary: changes need a recent login, and a device
//! (a phone number, an email address) belongs to one account.
use super::auth::{first_login_with_app, login, register, EMAIL, PW};
use serde_json::json;
use std::time::Duration;
use tests::{now, Client, Outbox, Server, TestClock};

#[test]
fn device_changes_need_a_recent_login_and_devices_belong_to_one_account() {
    let clock = TestClock::at(now());
    let s = Server::builder()
        .clock(&clock)
        .env(&[
            ("UMBRAL_REAUTH_SECS", "4"),
            ("UMBRAL_LOCKOUT_THRESHOLD", "1000"),
        ])
        .start();
    let mut ob = Outbox::new(&s);
    let mut a = Client::new(&s);
    register(&s, "MJones80");
    let (app, _) = first_login_with_app(&mut a, &mut ob, "MJones80");
    let (_, d) = a.post("/me/devices", json!({"kind": "sms", "phone": "8135550100"}));
    let sms = d["id"].as_str().unwrap().to_string();
    let code = ob.code_to("8135550100");
    assert_eq!(
        a.post(
            &format!("/me/devices/{sms}/verification"),
            json!({"code": code})
        )
        .0,
        200
    );

    // Another account cannot register the same number.
    let mut b = Client::new(&s);
    register(&s, "BSmith77");
    first_login_with_app(&mut b, &mut ob, "BSmith77");
    // B is told plainly that the number is another account's device (issue 27: a
    // silent "code sent" whose codes all failed was a support trap); nothing is added
    // and the number's owner gets nothing.
    let before = ob.all().len();
    let (st, e) = b.post(
        "/me/devices",
        json!({"kind": "voice", "phone": "813-555-0100"}),
    );
    assert_eq!(
        (st, &e["error"]["fields"]["phone"]),
        (422, &json!(["taken_device"])),
        "{e}"
    );
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        ob.all().len(),
        before,
        "a code was sent to another account's number"
    );
    assert_eq!(b.get("/me/devices").1.as_array().unwrap().len(), 1);
    // So that it is no scanner of whose number is whose: five such answers a day, then
    // every number B names is answered 429, a free one too.
    for _ in 0..4 {
        let (st, _) = b.post("/me/devices", json!({"kind": "sms", "phone": "8135550100"}));
        assert_eq!(st, 422);
    }
    let (st, _) = b.post("/me/devices", json!({"kind": "sms", "phone": "8135550100"}));
    assert_eq!(st, 429);
    let (st, _) = b.post("/me/devices", json!({"kind": "sms", "phone": "8135550177"}));
    assert_eq!(st, 429, "a free number is answered alike past the limit");
    // Bad input changes nothing.
    let (st, e) = b.post("/me/devices", json!({"kind": "sms", "phone": "12"}));
    assert_eq!(
        (st, &e["error"]["fields"]["phone"]),
        (422, &json!(["invalid"]))
    );
    assert_eq!(b.get("/me/devices").1.as_array().unwrap().len(), 1);

    // After the window: no adding, removing or changing the number; renaming is fine.
    clock.advance(5);
    let (st, e) = a.post(
        "/me/devices",
        json!({"kind": "email", "email": "m@example.org"}),
    );
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (403, Some("reauthentication_required"))
    );
    assert_eq!(a.call("DELETE", &format!("/me/devices/{sms}"), None).0, 403);
    assert_eq!(
        a.call(
            "PATCH",
            &format!("/me/devices/{sms}"),
            Some(&json!({"phone": "8135550199"}))
        )
        .0,
        403
    );
    let (st, v) = a.call(
        "PATCH",
        &format!("/me/devices/{sms}"),
        Some(&json!({"label": "Desk"})),
    );
    assert_eq!((st, v["label"].as_str()), (200, Some("Desk")));

    // Fresh login: A removes the phone; never the last device; B may now use the number.
    let (_, ch) = login(&mut a, "MJones80", PW);
    let id = ch["challenge"].as_str().unwrap().to_string();
    a.post(
        &format!("/sessions/{id}/passcode-request"),
        json!({"device_id": sms}),
    );
    let code = ob.code_to("8135550100");
    assert_eq!(
        a.post(
            &format!("/sessions/{id}/passcode"),
            json!({"device_id": sms, "code": code})
        )
        .0,
        200
    );
    assert_eq!(a.call("DELETE", &format!("/me/devices/{sms}"), None).0, 204);
    let (st, e) = a.call("DELETE", &format!("/me/devices/{app}"), None);
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (409, Some("last_device"))
    );
    ob.next_matching(EMAIL, |m| m.contains("was removed"));
    let (_, ch) = login(&mut b, "BSmith77", PW);
    let bid = ch["challenge"].as_str().unwrap().to_string();
    // During a login with a device already set up, no device can be added.
    let (st, _) = b.post(
        &format!("/sessions/{bid}/devices"),
        json!({"kind": "sms", "phone": "8135550100"}),
    );
    assert_eq!(st, 409);
    b.cookie = None;
    std::thread::sleep(Duration::from_millis(10));
    let mut b2 = Client::new(&s);
    register(&s, "CLee1990");
    first_login_with_app(&mut b2, &mut ob, "CLee1990");
    assert_eq!(
        b2.post("/me/devices", json!({"kind": "sms", "phone": "8135550100"}))
            .0,
        201
    );
}
