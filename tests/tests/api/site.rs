//! Site preferences against the release binary (issue 13): the choices in both
//! languages, answers kept on the account and refused when they are not choices, and
//! role descriptions and alerts carrying their audience.
use serde_json::json;
use tests::{demo_accounts, Client, Server};

#[test]
fn preferences_are_choices_kept_on_the_account_and_content_carries_its_audience() {
    let s = Server::start_demo();
    let mut anon = Client::new(&s);
    anon.lang = "es";
    let (st, o) = anon.get("/site-options");
    assert_eq!(st, 200);
    assert_eq!(
        o["who"][1],
        json!({"id": "billing_service", "name": "Servicio de facturación"})
    );
    assert_eq!(o["lines"][0]["name"], json!("Parte A"));
    let locs: Vec<&str> = o["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect();
    assert_eq!(locs, ["FL", "PR", "USVI"]);
    // Role descriptions say whom each role is for.
    let (_, apps) = anon.get("/applications");
    let roles = apps[0]["roles"].as_array().unwrap();
    let boa = roles
        .iter()
        .find(|r| r["id"] == "business_office_approver")
        .unwrap();
    assert_eq!(boa["audience"]["who"], json!(["billing_service"]));

    let accounts = demo_accounts(&s.data);
    let (pw, secret) = &accounts["beatriz.biller"];
    let mut b = Client::new(&s);
    b.login_with_app("beatriz.biller", pw, secret);
    // Not a choice: refused, nothing kept.
    let (st, e) = b.put(
        "/me/site-preferences",
        json!({"who": "doctor", "location": "TX", "line": ""}),
    );
    assert_eq!(st, 422, "{e}");
    assert_eq!(e["error"]["fields"]["who"][0], json!("invalid"));
    assert_eq!(e["error"]["fields"]["location"][0], json!("invalid"));
    assert_eq!(
        b.get("/me").1["site"],
        json!({"who": "", "location": "", "line": ""})
    );
    let (st, p) = b.put(
        "/me/site-preferences",
        json!({"who": "billing_service", "location": "PR", "line": "part_b"}),
    );
    assert_eq!(st, 200, "{p}");
    assert_eq!(p["site"]["location"], json!("PR"));
    assert_eq!(b.get("/me").1["site"]["who"], json!("billing_service"));
    // Anonymous: refused.
    assert_eq!(anon.put("/me/site-preferences", json!({})).0, 401);

    // An alert for billing services in Puerto Rico carries its audience on /status.
    let (pw, secret) = &accounts["helpdesk.demo"];
    let mut hd = Client::new(&s);
    hd.login_with_app("helpdesk.demo", pw, secret);
    let (st, e) = hd.post(
        "/admin/alerts",
        json!({
            "title_en": "Billing delays", "title_es": "Demoras de facturación",
            "body_en": "Remittances are late.", "body_es": "Las remesas llegan tarde.",
            "audience": {"who": ["billing_service"], "locations": ["TX"]}
        }),
    );
    assert_eq!(
        (st, &e["error"]["fields"]["audience"][0]),
        (422, &json!("invalid")),
        "{e}"
    );
    let (st, a) = hd.post(
        "/admin/alerts",
        json!({
            "title_en": "Billing delays", "title_es": "Demoras de facturación",
            "body_en": "Remittances are late.", "body_es": "Las remesas llegan tarde.",
            "audience": {"who": ["billing_service"], "locations": ["PR"]}
        }),
    );
    assert_eq!(st, 201, "{a}");
    let (_, status) = anon.get("/status");
    assert_eq!(status["alerts"][0]["audience"]["locations"], json!(["PR"]));
}
