//! Organisations, role requests, identity proofing, approvals, hand-over and the help
//! desk, against the release binary started with `--demo`. Each test tries to break
//! one rule of issue 4: tenant isolation, console access, submitter IDs, TIN secrecy,
//! duplicate and repeated requests.
use serde_json::{json, Value};
use tests::{
    away_from_step_edge, demo_accounts, now, post_json, registration, totp_at, Client, Outbox,
    Server,
};

pub(crate) const PW: &str = "Correct-Horse-7-Battery";

/// Logs a demo account in.
pub(crate) fn demo_login(s: &Server, user_id: &str) -> Client {
    let accounts = demo_accounts(&s.data);
    let (pw, secret) = &accounts[user_id];
    let mut c = Client::new(s);
    c.login_with_app(user_id, pw, secret);
    c
}

/// Registers a new account with `email` and takes it through its first login
/// (emailed code, then an authenticator app). Returns the logged-in client.
pub(crate) fn new_user(s: &Server, ob: &mut Outbox, user_id: &str, email: &str) -> Client {
    let mut body = registration(user_id);
    body["email"] = json!(email);
    let (st, b) = post_json(&s.url("/api/v1/registrations"), &body, "en");
    assert_eq!(st, 201, "{b}");
    let mut c = Client::new(s);
    let (st, ch) = c.post("/sessions", json!({"user_id": user_id, "password": PW}));
    assert_eq!(st, 200, "{ch}");
    let id = ch["challenge"].as_str().unwrap().to_string();
    assert_eq!(
        c.post(&format!("/sessions/{id}/email-code"), json!({})).0,
        202
    );
    let code = ob.code_to(email);
    let (st, _) = c.post(
        &format!("/sessions/{id}/email-verification"),
        json!({"code": code}),
    );
    assert_eq!(st, 200);
    let (st, d) = c.post(
        &format!("/sessions/{id}/devices"),
        json!({"kind": "authenticator"}),
    );
    assert_eq!(st, 201, "{d}");
    away_from_step_edge(3);
    let dev = d["id"].as_str().unwrap();
    let (st, p) = c.post(
        &format!("/sessions/{id}/devices/{dev}/verification"),
        json!({"code": totp_at(d["secret"].as_str().unwrap(), now())}),
    );
    assert_eq!(st, 200, "{p}");
    c
}

pub(crate) fn request(c: &mut Client, role: &str, org: &str) -> (u16, Value) {
    c.post(
        "/role-requests",
        json!({"application": "spot", "role": role, "organization_id": org,
               "reason": "I file claims for this office."}),
    )
}

pub(crate) fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

pub(crate) const SUNSHINE: &str = "O-DEMO-SUNSHINE";
pub(crate) const COQUI: &str = "O-DEMO-COQUI";

#[test]
fn the_catalogue_and_role_descriptions_are_public_in_both_languages() {
    let s = Server::start_demo();
    let mut c = Client::new(&s);
    let (st, apps) = c.get("/applications");
    assert_eq!(st, 200);
    let roles: Vec<_> = apps[0]["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        roles,
        [
            "End User",
            "Provider Office Approver",
            "Business Office Approver"
        ]
    );
    c.lang = "es";
    let (_, apps) = c.get("/applications");
    assert_eq!(apps[0]["roles"][0]["name"], "Usuario final");
    assert!(apps[0]["roles"][1]["description"]
        .as_str()
        .unwrap()
        .contains("usuario final"));
    // Organisation search needs a login.
    assert_eq!(c.get("/organizations?name=sun&state=FL").0, 401);
}

#[test]
fn end_users_request_approvers_decide_and_tenants_stay_apart() {
    let s = Server::start_demo();
    let mut ob = Outbox::new(&s);
    ob.skip_all();
    let mut erin = demo_login(&s, "erin.enduser");
    // The profile says who approves: an end user's menu offers no approver's page.
    let (_, me) = erin.get("/me");
    assert!(
        !me["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "approver"),
        "{me}"
    );
    // Search: results only for active organisations of the state, by name words.
    let (st, found) = erin.get("/organizations?name=sunshine%20family&state=FL");
    assert_eq!(st, 200, "{found}");
    assert_eq!(ids(&found), [SUNSHINE]);
    assert_eq!(found[0]["tin_masked"], "*****4567");
    assert!(ids(&erin.get("/organizations?name=sunshine&state=PR").1).is_empty());
    // Accents, case, word order and punctuation do not matter (how phone keyboards type).
    for q in [
        "coqui",
        "COQUI%20BILLING",
        "billing%20coqui",
        "coqu%C3%AD",
        "l.l.c.%20coqui",
    ] {
        let (st, found) = erin.get(&format!("/organizations?name={q}&state=PR"));
        assert_eq!((st, ids(&found)), (200, vec![COQUI.to_string()]), "{q}");
    }
    assert!(ids(&erin.get("/organizations?name=coquis&state=PR").1).is_empty());
    let (st, e) = erin.get("/organizations?name=s&state=ZZ");
    assert_eq!(st, 422);
    assert_eq!(e["error"]["fields"]["name"], json!(["too_short"]));
    assert_eq!(e["error"]["fields"]["state"], json!(["invalid"]));

    // Bad requests change nothing.
    let (st, e) = erin.post("/role-requests", json!({"application": "spot"}));
    assert_eq!(st, 422);
    assert_eq!(e["error"]["fields"]["reason"], json!(["required"]));
    let (st, e) = request(&mut erin, "chief", SUNSHINE);
    assert_eq!(
        (st, &e["error"]["fields"]["role"]),
        (422, &json!(["invalid"]))
    );
    // An approver role needs identity proofing first.
    assert_eq!(
        request(&mut erin, "provider_office_approver", SUNSHINE).1["error"]["code"],
        "identity_required"
    );

    let (st, req) = request(&mut erin, "end_user", SUNSHINE);
    assert_eq!(st, 201, "{req}");
    assert_eq!(req["status"], "pending");
    let erin_req = req["id"].as_str().unwrap().to_string();
    assert!(ob.next_to("erin@sunshine-demo.example").contains(&erin_req));
    assert!(ob
        .next_to("alan@sunshine-demo.example")
        .contains("Erin Enduser"));
    let (st, e) = request(&mut erin, "end_user", SUNSHINE);
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (409, Some("already_pending"))
    );

    // Another organisation's approver sees nothing of Sunshine and can do nothing.
    let mut beatriz = demo_login(&s, "beatriz.biller");
    assert!(ids(&beatriz.get("/approvals").1).is_empty());
    assert!(beatriz
        .get("/approvals/members")
        .1
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["grants"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["organization"]["id"] == COQUI)));
    let (st, _) = beatriz.post(
        &format!("/role-requests/{erin_req}/decision"),
        json!({"decision": "approve"}),
    );
    assert_eq!(st, 404);
    assert_eq!(
        beatriz
            .delete(&format!("/approvals/members/{SUNSHINE}/alan.approver"))
            .0,
        404
    );
    // The requester cannot decide their own request, nor see others' approvals.
    assert_eq!(
        erin.post(
            &format!("/role-requests/{erin_req}/decision"),
            json!({"decision": "approve"})
        )
        .0,
        404
    );
    assert!(ids(&erin.get("/approvals").1).is_empty());

    // Sunshine's approver sees Carlos's (demo) and Erin's requests.
    let mut alan = demo_login(&s, "alan.approver");
    let (_, me) = alan.get("/me");
    assert!(
        me["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "approver"),
        "{me}"
    );
    let (_, pending) = alan.get("/approvals");
    assert_eq!(pending.as_array().unwrap().len(), 2, "{pending}");
    assert!(ids(&pending).contains(&erin_req));
    let carlos_req = ids(&pending).into_iter().find(|i| *i != erin_req).unwrap();
    // An approver already holds end-user access.
    assert_eq!(
        request(&mut alan, "end_user", SUNSHINE).1["error"]["code"],
        "already_granted"
    );
    // A denial needs a reason.
    let (st, e) = alan.post(
        &format!("/role-requests/{carlos_req}/decision"),
        json!({"decision": "deny", "reason": ""}),
    );
    assert_eq!(
        (st, &e["error"]["fields"]["reason"]),
        (422, &json!(["required"]))
    );
    let (st, d) = alan.post(
        &format!("/role-requests/{carlos_req}/decision"),
        json!({"decision": "deny", "reason": "Not on our staff list."}),
    );
    assert_eq!((st, d["status"].as_str()), (200, Some("denied")), "{d}");
    // Carlos's account is in Spanish: so is his email.
    assert!(ob
        .next_to("carlos@sunshine-demo.example")
        .contains("Not on our staff list."));
    let (st, d) = alan.post(
        &format!("/role-requests/{erin_req}/decision"),
        json!({"decision": "approve", "reason": ""}),
    );
    assert_eq!((st, d["status"].as_str()), (200, Some("approved")), "{d}");
    assert!(ob
        .next_to("erin@sunshine-demo.example")
        .contains("was approved"));
    // Deciding twice fails.
    assert_eq!(
        alan.post(
            &format!("/role-requests/{erin_req}/decision"),
            json!({"decision": "deny", "reason": "changed my mind"})
        )
        .1["error"]["code"],
        "already_decided"
    );

    let (_, mine) = erin.get("/me/roles");
    assert_eq!(mine["grants"][0]["role"], "end_user");
    assert_eq!(mine["grants"][0]["organization"]["id"], SUNSHINE);
    assert_eq!(mine["requests"][0]["status"], "approved");
    assert_eq!(
        request(&mut erin, "end_user", SUNSHINE).1["error"]["code"],
        "already_granted"
    );

    // A denied request can be made again.
    let carlos = demo_accounts(&s.data)["carlos.clerk"].clone();
    let mut carlos_c = Client::new(&s);
    carlos_c.login_with_app("carlos.clerk", &carlos.0, &carlos.1);
    assert_eq!(request(&mut carlos_c, "end_user", SUNSHINE).0, 201);

    // The approver's end users, and removing one.
    let (_, members) = alan.get("/approvals/members");
    assert!(members
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["person"]["user_id"] == "erin.enduser"));
    assert_eq!(
        alan.delete(&format!("/approvals/members/{SUNSHINE}/erin.enduser"))
            .0,
        204
    );
    assert!(erin.get("/me/roles").1["grants"]
        .as_array()
        .unwrap()
        .is_empty());
    // Approvers leave by hand-over, not by removal.
    let mut hd = demo_login(&s, "helpdesk.demo");
    // The help desk's account search folds alike: "lopez lucia" finds Lucía López.
    let (st, found) = hd.get("/admin/accounts?q=lopez%20LUCIA");
    assert_eq!(st, 200, "{found}");
    assert!(
        found["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["person"]["user_id"] == "lucia.lopez"),
        "{found}"
    );
    let (_, acct) = hd.get("/admin/accounts/erin.enduser");
    let events: Vec<&str> = acct["activity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    for e in ["role_requested", "role_approved", "access_removed"] {
        assert!(events.contains(&e), "{e} missing from {events:?}");
    }
}

#[test]
fn only_the_help_desk_reaches_the_console() {
    let s = Server::start_demo();
    let mut anon = Client::new(&s);
    let mut alan = demo_login(&s, "alan.approver");
    let mut hd = demo_login(&s, "helpdesk.demo");
    let gets = [
        "/admin/organization-forms",
        "/admin/role-requests",
        "/admin/identity-cases",
        "/admin/handovers",
        "/admin/accounts?q=erin",
        "/admin/accounts/erin.enduser",
    ];
    for p in gets {
        assert_eq!(anon.get(p).0, 401, "{p}");
        assert_eq!(alan.get(p).0, 403, "{p}");
        assert_eq!(hd.get(p).0, 200, "{p}");
    }
    let (_, forms) = hd.get("/admin/organization-forms");
    let form = forms[0]["id"].as_str().unwrap().to_string();
    for p in [
        format!("/admin/organization-forms/{form}/decision"),
        "/admin/identity-cases/erin.enduser/decision".to_string(),
        "/admin/handovers/H-X/decision".to_string(),
    ] {
        assert_eq!(alan.post(&p, json!({"decision": "approve"})).0, 403, "{p}");
    }
    assert_eq!(
        alan.get(&format!("/admin/organization-forms/{form}")).0,
        403
    );
    assert_eq!(
        alan.post("/admin/accounts/erin.enduser/unlock", json!({}))
            .0,
        403
    );
    // The form was not decided by any of that.
    assert_eq!(
        hd.get("/admin/organization-forms").1[0]["status"],
        "pending"
    );

    // Account search and unlock.
    let (_, found) = hd.get("/admin/accounts?q=ENDUSER");
    assert_eq!(found["accounts"][0]["person"]["user_id"], "erin.enduser");
    let mut erin = Client::new(&s);
    for _ in 0..5 {
        erin.post(
            "/sessions",
            json!({"user_id": "erin.enduser", "password": "Wrong-password-123"}),
        );
    }
    assert_eq!(
        hd.get("/admin/accounts/erin.enduser").1["account"]["status"],
        "locked"
    );
    let (st, a) = hd.post("/admin/accounts/erin.enduser/unlock", json!({}));
    assert_eq!((st, a["status"].as_str()), (200, Some("active")));
}
