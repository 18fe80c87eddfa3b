//! Approvers against the release binary with `--demo`: the journey from the new
//! organisation form to the approval, the hand-over, and the first help-desk account.
use super::access::*;
use serde_json::json;
use tests::{now, Client, Outbox, Server};

#[test]
fn the_approver_journey_form_identity_submitter_id_organisation_and_approval() {
    let s = Server::start_demo();
    let mut ob = Outbox::new(&s);
    ob.skip_all();
    let mut anon = Client::new(&s);
    // The public new organisation form checks every field.
    let (st, e) = anon.post("/organization-forms", json!({"tin": "12"}));
    assert_eq!(st, 422);
    assert_eq!(e["error"]["fields"]["tin"], json!(["invalid"]));
    // Today in Eastern time, the calendar of every date rule.
    let today = shared::calendar::today(now()).to_string();
    let form = json!({
        "legal_name": "Harbor Health Partners", "tin": "65-4321987",
        "official_name": "Oscar Official", "official_title": "CEO",
        "official_email": "oscar@harbor.example",
        "approver_name": "Paula Approver", "approver_email": "paula@harbor.example",
        "signature": "Oscar Official", "signed_on": today,
    });
    let (st, r) = anon.post("/organization-forms", form);
    assert_eq!(st, 201, "{r}");
    let form_id = r["reference"].as_str().unwrap().to_string();
    assert!(ob.next_to("oscar@harbor.example").contains(&form_id));

    // The help desk sees it masked in the queue and whole in the detail, and approves.
    let mut hd = demo_login(&s, "helpdesk.demo");
    let (_, q) = hd.get("/admin/organization-forms");
    let queued = q
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == form_id.as_str())
        .unwrap();
    assert_eq!(queued["tin"], "*****1987");
    assert_eq!(
        hd.get(&format!("/admin/organization-forms/{form_id}")).1["tin"],
        "654321987"
    );
    let (st, f) = hd.post(
        &format!("/admin/organization-forms/{form_id}/decision"),
        json!({"decision": "approve"}),
    );
    assert_eq!(st, 200, "{f}");
    let mail = ob.next_to("paula@harbor.example");
    let sid = mail
        .split_whitespace()
        .find(|w| w.starts_with("SUB-"))
        .unwrap()
        .trim_end_matches('.')
        .to_string();

    // Paula registers and logs in; creating the organisation needs identity first.
    let mut paula = new_user(&s, &mut ob, "paula.approver", "paula@harbor.example");
    let org = json!({"tin": "654321987", "legal_name": "Harbor Health Partners",
        "address": {"line1": "9 Dock St", "city": "Tampa", "state": "FL", "zip": "33602"},
        "phone": "813-555-0100", "submitter_id": sid});
    assert_eq!(
        paula.post("/organizations", org.clone()).1["error"]["code"],
        "identity_required"
    );
    // Identity proofing: wrong details twice (the retry needs the confirmation), then
    // manual verification by the help desk.
    // Only the account's own registered name and date of birth can be proofed (F6).
    let other = json!({"first_name": "Paula", "last_name": "Approver",
        "date_of_birth": "1970-01-01", "terms_accepted": true,
        "address": {"line1": "9 Dock St", "city": "Tampa", "state": "FL", "zip": "33602"}});
    let (st, e) = paula.post("/me/identity-verification", other);
    assert_eq!(
        (st, &e["error"]["fields"]["last_name"]),
        (422, &json!(["not_registered"]))
    );
    let mut claim = json!({"first_name": "Mary", "last_name": "Jones",
        "date_of_birth": "1980-04-02", "terms_accepted": true,
        "address": {"line1": "9 Dock St", "city": "Tampa", "state": "FL", "zip": "33602"}});
    let (st, v) = paula.post("/me/identity-verification", claim.clone());
    assert_eq!(
        (st, v["status"].as_str()),
        (200, Some("not_verified")),
        "{v}"
    );
    assert!(v["reference"].as_str().unwrap().starts_with("RRN-"));
    let (st, e) = paula.post("/me/identity-verification", claim.clone());
    assert_eq!(
        (st, &e["error"]["fields"]["confirmed_contact"]),
        (422, &json!(["required"]))
    );
    assert_eq!(
        paula
            .post("/me/identity-verification/manual-request", json!({}))
            .0,
        409
    );
    claim["confirmed_contact"] = json!(true);
    let (_, v) = paula.post("/me/identity-verification", claim.clone());
    assert_eq!(
        (v["status"].as_str(), v["attempts"].as_u64()),
        (Some("not_verified"), Some(2))
    );
    assert_eq!(
        paula.post("/me/identity-verification", claim).1["error"]["code"],
        "identity_step"
    );
    let (_, v) = paula.post("/me/identity-verification/manual-request", json!({}));
    assert_eq!(v["status"], "manual_requested");
    let (_, cases) = hd.get("/admin/identity-cases");
    assert_eq!(cases[0]["person"]["user_id"], "paula.approver");
    let (st, v) = hd.post(
        "/admin/identity-cases/paula.approver/decision",
        json!({"decision": "approve"}),
    );
    assert_eq!((st, v["status"].as_str()), (200, Some("verified")));

    // Submitter IDs: only for the approver and TIN they were issued for, once.
    let mut wrong_tin = org.clone();
    wrong_tin["tin"] = json!("65-4321988");
    assert_eq!(
        paula.post("/organizations", wrong_tin).1["error"]["fields"]["submitter_id"],
        json!(["not_recognised"])
    );
    let mut alan = demo_login(&s, "alan.approver");
    assert_eq!(
        alan.post("/organizations", org.clone()).1["error"]["fields"]["submitter_id"],
        json!(["not_recognised"])
    );
    // Whether a TIN belongs to an organisation is told only to the holder of a
    // submitter ID issued for that TIN (F9): Paula's is for another TIN.
    let mut dup = org.clone();
    dup["tin"] = json!("59-1234567");
    let (st, e) = paula.post("/organizations", dup);
    assert_eq!(
        (st, &e["error"]["fields"]["submitter_id"]),
        (422, &json!(["not_recognised"]))
    );
    let (st, created) = paula.post("/organizations", org.clone());
    assert_eq!(st, 201, "{created}");
    assert_eq!(created["status"], "pending");
    assert_eq!(created["tin_masked"], "*****1987");
    let org_id = created["id"].as_str().unwrap().to_string();
    // Used once: a second organisation with the same submitter ID fails, and says
    // nothing about the TIN.
    let (st, e) = paula.post("/organizations", org);
    assert_eq!(
        (st, &e["error"]["fields"]["submitter_id"]),
        (422, &json!(["not_recognised"]))
    );
    // A pending organisation is not found by end users, and not requestable.
    assert!(ids(&paula.get("/organizations?name=harbor&state=FL").1).is_empty());
    let mut erin = demo_login(&s, "erin.enduser");
    assert_eq!(request(&mut erin, "end_user", &org_id).0, 422);
    assert_eq!(
        request(&mut erin, "provider_office_approver", &org_id).0,
        422
    );

    let (st, req) = request(&mut paula, "provider_office_approver", &org_id);
    assert_eq!(st, 201, "{req}");
    let req_id = req["id"].as_str().unwrap().to_string();
    // Approver roles are the help desk's to decide, not another approver's.
    assert_eq!(
        alan.post(
            &format!("/role-requests/{req_id}/decision"),
            json!({"decision": "approve"})
        )
        .0,
        404
    );
    assert!(ids(&hd.get("/admin/role-requests").1).contains(&req_id));
    let (st, d) = hd.post(
        &format!("/role-requests/{req_id}/decision"),
        json!({"decision": "approve"}),
    );
    assert_eq!(st, 200, "{d}");
    assert!(ob
        .next_matching("paula@harbor.example", |m| m.contains("approved"))
        .contains("Harbor"));
    let (_, mine) = paula.get("/me/roles");
    assert_eq!(mine["grants"][0]["role"], "provider_office_approver");
    assert_eq!(mine["identity"]["status"], "verified");
    // Now active: found, and end users can ask Paula.
    assert_eq!(
        ids(&erin.get("/organizations?name=harbor&state=FL").1),
        [org_id.as_str()]
    );
    let (st, r) = request(&mut erin, "end_user", &org_id);
    assert_eq!(st, 201);
    assert_eq!(ids(&paula.get("/approvals").1), [r["id"].as_str().unwrap()]);
    assert!(ids(&alan.get("/approvals").1)
        .iter()
        .all(|i| i != r["id"].as_str().unwrap()));

    // The TIN is nowhere in the data directory in clear, nor in the server's log.
    let log = std::fs::read_to_string(Server::log_path(&s.data)).unwrap();
    assert!(
        log.contains("organization_created"),
        "the log is at info level"
    );
    for needle in ["654321987", "65-4321987", "591234567"] {
        assert!(!log.contains(needle), "{needle} in the log");
    }
    for f in tests::walk(&s.data) {
        let bytes = std::fs::read(&f).unwrap();
        for needle in ["654321987", "65-4321987", "591234567"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{needle} in {}",
                f.display()
            );
        }
    }
}

#[test]
fn a_hand_over_never_leaves_the_organisation_without_an_approver() {
    let s = Server::start_demo();
    let mut alan = demo_login(&s, "alan.approver");
    let (st, e) = alan.post(
        "/handovers",
        json!({"organization_id": COQUI, "new_approver_user_id": "beatriz.biller", "reason": "x"}),
    );
    assert_eq!(
        (st, &e["error"]["fields"]["organization_id"]),
        (422, &json!(["not_found"]))
    );
    let handover = |alan: &mut tests::Client, to: &str| {
        let (st, h) = alan.post(
            "/handovers",
            json!({"organization_id": SUNSHINE, "new_approver_user_id": to,
                   "reason": "I am retiring."}),
        );
        assert_eq!(st, 201, "{h}");
        h["id"].as_str().unwrap().to_string()
    };
    let mut hd = demo_login(&s, "helpdesk.demo");
    // The new approver must have passed identity proofing: Erin has not.
    let to_erin = handover(&mut alan, "erin.enduser");
    let (st, e) = hd.post(
        &format!("/admin/handovers/{to_erin}/decision"),
        json!({"decision": "approve"}),
    );
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (409, Some("identity_required"))
    );
    let (st, _) = hd.post(
        &format!("/admin/handovers/{to_erin}/decision"),
        json!({"decision": "deny", "reason": "Erin has not proven her identity."}),
    );
    assert_eq!(st, 200);
    let hid = handover(&mut alan, "beatriz.biller");
    // Until it is processed Alan is still the approver.
    assert_eq!(alan.get("/approvals").1.as_array().unwrap().len(), 1);
    assert!(ids(&hd.get("/admin/handovers").1).contains(&hid));
    let (st, d) = hd.post(
        &format!("/admin/handovers/{hid}/decision"),
        json!({"decision": "approve"}),
    );
    assert_eq!((st, d["status"].as_str()), (200, Some("approved")), "{d}");
    assert!(alan.get("/me/roles").1["grants"]
        .as_array()
        .unwrap()
        .is_empty());
    assert!(alan.get("/approvals").1.as_array().unwrap().is_empty());
    let mut beatriz = demo_login(&s, "beatriz.biller");
    let (_, mine) = beatriz.get("/me/roles");
    let orgs: Vec<&str> = mine["grants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["organization"]["id"].as_str().unwrap())
        .collect();
    assert!(orgs.contains(&SUNSHINE) && orgs.contains(&COQUI), "{mine}");
    assert_eq!(beatriz.get("/approvals").1.as_array().unwrap().len(), 1);
    assert_eq!(
        hd.post(
            &format!("/admin/handovers/{hid}/decision"),
            json!({"decision": "approve"})
        )
        .1["error"]["code"],
        "already_decided"
    );
}

#[test]
fn the_first_help_desk_account_is_made_on_the_command_line_with_a_one_time_link() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let token = tests::create_help_desk(&data, "hd.first", "hd@example.org");
    // A bad user ID is refused with the rule.
    let bad = std::process::Command::new(tests::umbral_bin())
        .args([
            "admin",
            "create-help-desk",
            "--user-id",
            "x",
            "--email",
            "hd@example.org",
        ])
        .arg("--data-dir")
        .arg(&data)
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--user-id"));

    let s = Server::builder().data(&data).start();
    let mut c = Client::new(&s);
    // No password works before the link is used.
    assert_eq!(
        c.post(
            "/sessions",
            json!({"user_id": "hd.first", "password": "Anything-at-all-123"})
        )
        .0,
        401
    );
    let (st, info) = c.get(&format!("/account-setups/{token}"));
    assert_eq!((st, info["user_id"].as_str()), (200, Some("hd.first")));
    let (st, e) = c.post(
        &format!("/account-setups/{token}"),
        json!({"new_password": "short", "security_question": "first_pet", "security_answer": "Rex"}),
    );
    assert_eq!(st, 422);
    assert!(e["error"]["fields"]["new_password"]
        .as_array()
        .unwrap()
        .contains(&json!("too_short")));
    let body = json!({"new_password": "Strong-Passw0rd-Console-9", "security_question": "first_pet",
                      "security_answer": "Rex"});
    assert_eq!(
        c.post(&format!("/account-setups/{token}"), body.clone()).0,
        204
    );
    assert_eq!(c.post(&format!("/account-setups/{token}"), body).0, 410);
    let (st, ch) = c.post(
        "/sessions",
        json!({"user_id": "hd.first", "password": "Strong-Passw0rd-Console-9"}),
    );
    assert_eq!(
        (st, ch["next"].as_str()),
        (200, Some("verify_email")),
        "{ch}"
    );
}
