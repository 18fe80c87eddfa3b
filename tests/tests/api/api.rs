//! API tests: the release binary on a real socket, a fresh data directory each.
use serde_json::json;
use tests::{post_json, read, registration, Server};

fn register_url(s: &Server) -> String {
    s.url("/api/v1/registrations")
}

#[test]
fn health_and_security_questions_in_both_languages() {
    let s = Server::start();
    let (st, body) = read(ureq::get(&s.url("/api/v1/health")).call());
    assert_eq!((st, body["status"].as_str()), (200, Some("ok")));

    let (st, en) = read(
        ureq::get(&s.url("/api/v1/security-questions"))
            .set("Accept-Language", "en-US")
            .call(),
    );
    assert_eq!(st, 200);
    let (_, es) = read(
        ureq::get(&s.url("/api/v1/security-questions"))
            .set("Accept-Language", "es-PR,es;q=0.9")
            .call(),
    );
    assert_eq!(en.as_array().unwrap().len(), es.as_array().unwrap().len());
    assert_eq!(en[0]["code"], es[0]["code"]);
    assert_eq!(en[0]["text"], "What was the name of your first pet?");
    assert_eq!(es[0]["text"], "¿Cómo se llamaba su primera mascota?");
}

#[test]
fn registration_succeeds_and_user_id_is_unique_without_regard_to_case() {
    let s = Server::start();
    let (st, body) = post_json(&register_url(&s), &registration("MJones80"), "en");
    assert_eq!(st, 201, "{body}");
    assert_eq!(body, json!({"user_id": "MJones80"}));

    let (st, body) = post_json(&register_url(&s), &registration("mjones80"), "es");
    assert_eq!(st, 409);
    assert_eq!(body["error"]["code"], "conflict");
    assert_eq!(body["error"]["fields"], json!({"user_id": ["taken"]}));
    assert_eq!(body["error"]["message"], "Este ID de usuario ya existe.");
}

#[test]
fn every_violated_rule_of_every_field_is_listed_and_nothing_is_stored() {
    let s = Server::start();
    let mut b = registration("_@x");
    b["password"] = json!("mary jones");
    b["date_of_birth"] = json!("2099-01-01");
    b["email"] = json!("not-an-email");
    b["phone"] = json!("555-0123");
    b["address"]["zip"] = json!("3220");
    b["address"]["state"] = json!("ZZ");
    b["terms_accepted"] = json!(false);
    b["security_question"] = json!("favourite_colour");
    let (st, body) = post_json(&register_url(&s), &b, "en");
    assert_eq!(st, 422, "{body}");
    let f = &body["error"]["fields"];
    assert_eq!(body["error"]["code"], "validation_failed");
    assert_eq!(
        f["user_id"],
        json!([
            "too_short",
            "at_sign_not_email",
            "special_at_edge",
            "consecutive_specials"
        ])
    );
    assert_eq!(
        f["password"],
        json!([
            "too_short",
            "missing_digit",
            "missing_uppercase",
            "invalid_character",
            "contains_name"
        ])
    );
    assert_eq!(f["date_of_birth"], json!(["in_future"]));
    assert_eq!(f["email"], json!(["invalid"]));
    assert_eq!(f["phone"], json!(["invalid"]));
    assert_eq!(f["address.zip"], json!(["invalid"]));
    assert_eq!(f["address.state"], json!(["invalid"]));
    assert_eq!(f["terms_accepted"], json!(["required"]));
    assert_eq!(f["security_question"], json!(["invalid"]));
    assert!(
        !body.to_string().contains("mary jones"),
        "the error must not echo the password"
    );
    // Nothing was stored: the same user ID (made valid) registers fine afterwards.
    let (st, _) = post_json(&register_url(&s), &registration("x_valid1"), "en");
    assert_eq!(st, 201);
}

#[test]
fn missing_fields_are_required_and_ages_are_checked() {
    let s = Server::start();
    let (st, body) = post_json(&register_url(&s), &json!({}), "es");
    assert_eq!(st, 422);
    let f = &body["error"]["fields"];
    for field in [
        "first_name",
        "last_name",
        "date_of_birth",
        "email",
        "address.line1",
        "address.city",
        "phone",
        "security_answer",
    ] {
        assert_eq!(f[field], json!(["required"]), "{field}");
    }
    assert_eq!(
        body["error"]["message"],
        "Algunos campos requieren su atención."
    );

    let mut young = registration("young01");
    young["date_of_birth"] = json!("2015-01-01");
    let (_, body) = post_json(&register_url(&s), &young, "en");
    assert_eq!(
        body["error"]["fields"]["date_of_birth"],
        json!(["too_young"])
    );
    young["date_of_birth"] = json!("1890-01-01");
    let (_, body) = post_json(&register_url(&s), &young, "en");
    assert_eq!(body["error"]["fields"]["date_of_birth"], json!(["too_old"]));
    young["user_id"] = json!("me123-45-6789");
    let (_, body) = post_json(&register_url(&s), &young, "en");
    assert_eq!(body["error"]["fields"]["user_id"], json!(["nine_digits"]));
}

#[test]
fn malformed_wrong_type_oversized_and_cross_site_requests_are_refused() {
    let s = Server::start();
    let url = register_url(&s);
    let send = |ct: &str, body: &str, spa: bool| {
        let mut r = ureq::post(&url).set("Content-Type", ct);
        if spa {
            r = r.set("X-Umbral-Request", "1");
        }
        read(r.send_string(body))
    };
    let (st, body) = send("application/json", "{\"first_name\": ", true);
    assert_eq!(
        (st, body["error"]["code"].as_str()),
        (400, Some("malformed"))
    );
    let (st, _) = send("application/json", "{\"terms_accepted\": \"yes\"}", true);
    assert_eq!(st, 400);
    let (st, body) = send("text/plain", "{}", true);
    assert_eq!(
        (st, body["error"]["code"].as_str()),
        (415, Some("unsupported_media_type"))
    );
    // Just over the 64 KiB limit. The server may answer 413 before reading the whole body
    // and close, which the client can see as a broken pipe: then it asks again.
    let big = format!("{{\"first_name\": \"{}\"}}", "a".repeat(65_600));
    let (st, body) = (0..5)
        .find_map(|_| {
            let r = ureq::post(&url)
                .set("X-Umbral-Request", "1")
                .set("Content-Type", "application/json")
                .send_string(&big);
            match r {
                Err(ureq::Error::Transport(_)) => None,
                other => Some(read(other)),
            }
        })
        .expect("an answer to the oversized body");
    assert_eq!(
        (st, body["error"]["code"].as_str()),
        (413, Some("payload_too_large"))
    );
    // Without the SPA's header, or from another origin: forbidden, nothing stored.
    let good = registration("crosssite1").to_string();
    let (st, _) = send("application/json", &good, false);
    assert_eq!(st, 403);
    let (st, _) = read(
        ureq::post(&url)
            .set("X-Umbral-Request", "1")
            .set("Origin", "http://evil.example")
            .set("Content-Type", "application/json")
            .send_string(&good),
    );
    assert_eq!(st, 403);
    let (st, _) = post_json(&url, &registration("crosssite1"), "en");
    assert_eq!(st, 201, "the refused attempts stored nothing");
}

#[test]
fn unknown_api_paths_are_json_404_and_pages_fall_back_to_the_spa() {
    let s = Server::start();
    let (st, body) = read(ureq::get(&s.url("/api/v1/nope")).call());
    assert_eq!(
        (st, body["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
    let r = ureq::get(&s.url("/register")).call().expect("SPA route");
    let csp = r
        .header("content-security-policy")
        .unwrap_or_default()
        .to_string();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("'sha256-"),
        "{csp}"
    );
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert!(r.into_string().unwrap().contains("<html"));
}

#[test]
fn an_acknowledged_registration_survives_sigkill() {
    let s = Server::start();
    let (st, _) = post_json(&register_url(&s), &registration("durable01"), "en");
    assert_eq!(st, 201);
    let (data, _tmp) = s.kill_hard();
    let s = Server::builder().data(&data).start();
    let (st, body) = post_json(&register_url(&s), &registration("DURABLE01"), "en");
    assert_eq!(
        st, 409,
        "the account acknowledged before SIGKILL is still there: {body}"
    );
}

#[test]
fn sigterm_shuts_down_cleanly() {
    let s = Server::start();
    let (st, _) = post_json(&register_url(&s), &registration("graceful1"), "en");
    assert_eq!(st, 201);
    let status = s.terminate();
    assert!(status.success(), "{status:?}");
}

#[test]
fn the_api_is_served_without_a_built_spa() {
    let tmp = tempfile::tempdir().unwrap();
    let s = Server::builder()
        .data(&tmp.path().join("data"))
        .dist(&tmp.path().join("no-dist"))
        .start();
    let (st, _) = read(ureq::get(&s.url("/api/v1/health")).call());
    assert_eq!(st, 200);
    let (st, _) = post_json(
        &s.url("/api/v1/registrations"),
        &registration("nodist01"),
        "en",
    );
    assert_eq!(st, 201);
}

/// `--log-format json` (`UMBRAL_LOG_FORMAT`): every line of the server's log is one JSON
/// object, and a line written while serving a request carries that request's span: the
/// id answered in `X-Request-Id`, the route pattern and the client.
#[test]
fn json_logs_are_one_object_a_line_with_the_request_they_belong_to() {
    let s = Server::builder()
        .demo()
        .env(&[("UMBRAL_LOG_FORMAT", "json"), ("UMBRAL_LOG", "info")])
        .start();
    let r = ureq::post(&s.url("/api/v1/sessions"))
        .set("X-Umbral-Request", "1")
        .send_json(json!({"user_id": "erin.enduser", "password": "Wrong-Guess-0001-Abc"}));
    let Err(ureq::Error::Status(401, r)) = r else {
        panic!("a wrong password: {r:?}")
    };
    let id = r.header("x-request-id").unwrap().to_string();
    std::thread::sleep(std::time::Duration::from_millis(200));
    let log = std::fs::read_to_string(Server::log_path(&s.data)).unwrap();
    let lines: Vec<serde_json::Value> = log
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(lines.len() >= 2, "{log}");
    assert!(lines
        .iter()
        .all(|l| l["timestamp"].is_string() && l["level"].is_string()));
    let failed = lines
        .iter()
        .find(|l| l["event"] == "login_failed")
        .unwrap_or_else(|| panic!("the failed login's audit line: {log}"));
    assert_eq!(failed["span"]["id"], id.as_str(), "{failed}");
    assert_eq!(failed["span"]["route"], "/api/v1/sessions");
    assert_eq!(failed["span"]["client"], "127.0.0.1");
}
