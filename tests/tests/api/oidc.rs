//! The OpenID Connect provider over HTTP, against the release binary with `--demo`: a
//! relying party's whole round (discovery, authorize, the SPA's API for the logged-in
//! person, code exchange with a client secret, the ID token checked against the JWKS,
//! userinfo, refresh rotation and replay, revocation, introspection, logout), and the
//! attacks the HTTP layer must refuse.
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tests::*;

pub(crate) const CB: &str = "http://127.0.0.1:8090/callback";
pub(crate) const VERIFIER: &str = "an-http-level-pkce-verifier-that-is-long-enough-0123";

pub(crate) fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new().redirects(0).build()
}

pub(crate) fn answer(r: Result<ureq::Response, ureq::Error>) -> ureq::Response {
    match r {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("transport error: {e}"),
    }
}

pub(crate) fn enc(s: &str) -> String {
    serde_urlencoded::to_string([("v", s)]).unwrap()[2..].to_string()
}

pub(crate) fn demo_secret(s: &Server) -> String {
    let text = std::fs::read_to_string(s.data.join("demo-accounts.txt")).unwrap();
    text.lines()
        .find_map(|l| l.split("client secret ").nth(1))
        .expect("the demo's client secret")
        .trim()
        .to_string()
}

pub(crate) fn authorize_url(s: &Server, client: &str, redirect: &str) -> String {
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(VERIFIER.as_bytes()));
    s.url(&format!(
        "/oauth2/authorize?response_type=code&client_id={client}&redirect_uri={}&scope=openid%20profile%20email&state=xyz&nonce=n-42&code_challenge={challenge}&code_challenge_method=S256",
        enc(redirect)
    ))
}

pub(crate) fn token(
    s: &Server,
    basic: Option<(&str, &str)>,
    form: &[(&str, &str)],
) -> (u16, Value, ureq::Response) {
    let mut req = agent().post(&s.url("/oauth2/token"));
    if let Some((id, secret)) = basic {
        req = req.set(
            "Authorization",
            &format!(
                "Basic {}",
                STANDARD.encode(format!("{}:{}", enc(id), enc(secret)))
            ),
        );
    }
    let r = answer(req.send_form(form));
    let st = r.status();
    let text = r.into_string().unwrap();
    let r2 = ureq::Response::new(st, "x", &text).unwrap();
    (st, serde_json::from_str(&text).unwrap_or(Value::Null), r2)
}

pub(crate) fn query_of(url: &str, name: &str) -> Option<String> {
    let q = url.split_once('?')?.1;
    serde_urlencoded::from_str::<Vec<(String, String)>>(q)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

#[test]
fn a_relying_party_signs_a_person_in_and_out_over_http() {
    let s = Server::start_demo();
    let secret = demo_secret(&s);
    let accounts = demo_accounts(&s.data);
    let (pw, totp) = accounts["alan.approver"].clone();
    // Discovery.
    let d: Value = ureq::get(&s.url("/.well-known/openid-configuration"))
        .call()
        .unwrap()
        .into_json()
        .unwrap();
    assert_eq!(d["issuer"], s.url(""));
    assert_eq!(d["code_challenge_methods_supported"], json!(["S256"]));
    assert_eq!(d["id_token_signing_alg_values_supported"], json!(["ES256"]));
    // Authorize: handed to the SPA.
    let r = answer(
        agent()
            .get(&authorize_url(&s, "spot-demo-server", CB))
            .call(),
    );
    assert_eq!(r.status(), 303);
    let to = r.header("location").unwrap().to_string();
    assert!(to.starts_with("/sign-in?request="), "{to}");
    let request = query_of(&to, "request").unwrap();
    // The SPA: logged out, it is told the application; logged in, it gets the code.
    let mut c = Client::new(&s);
    let (st, view) = c.get(&format!("/sign-in/{request}"));
    assert_eq!(st, 200, "{view}");
    assert_eq!(view["application"], "spot");
    let (st, e) = c.post(&format!("/sign-in/{request}"), json!({}));
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (401, Some("unauthenticated"))
    );
    c.login_with_app("alan.approver", &pw, &totp);
    // Signing in is using SPOT: its licence first.
    let (st, e) = c.post(&format!("/sign-in/{request}"), json!({}));
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (403, Some("licence_required"))
    );
    c.accept_licences("spot");
    let (st, done) = c.post(&format!("/sign-in/{request}"), json!({}));
    assert_eq!(st, 200, "{done}");
    let back = done["redirect"].as_str().unwrap();
    assert!(back.starts_with(&format!("{CB}?code=")), "{back}");
    assert_eq!(query_of(back, "state").as_deref(), Some("xyz"));
    assert_eq!(query_of(back, "iss"), Some(s.url("")));
    let code = query_of(back, "code").unwrap();
    // The code for tokens, with client_secret_basic.
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", CB),
        ("code_verifier", VERIFIER),
    ];
    let (st, t, r) = token(&s, Some(("spot-demo-server", &secret)), &form);
    assert_eq!(st, 200, "{t}");
    let _ = r;
    assert_eq!(t["token_type"], "Bearer");
    // The ID token, checked against the JWKS.
    let jwks: Value = ureq::get(&s.url("/oauth2/jwks"))
        .call()
        .unwrap()
        .into_json()
        .unwrap();
    let id_token = t["id_token"].as_str().unwrap();
    let kid = jsonwebtoken::decode_header(id_token).unwrap().kid.unwrap();
    let jwk = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid.as_str())
        .unwrap();
    let key = jsonwebtoken::DecodingKey::from_ec_components(
        jwk["x"].as_str().unwrap(),
        jwk["y"].as_str().unwrap(),
    )
    .unwrap();
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::ES256);
    v.set_audience(&["spot-demo-server"]);
    v.set_issuer(&[s.url("")]);
    let claims = jsonwebtoken::decode::<Value>(id_token, &key, &v)
        .unwrap()
        .claims;
    assert_eq!(claims["nonce"], "n-42");
    assert_eq!(claims["amr"], json!(["pwd", "otp", "mfa"]));
    assert_eq!(claims["email"], "alan@sunshine-demo.example");
    // Alan's one role, with his organisation's legal name, and no TIN.
    assert_eq!(
        claims["umbral_roles"].as_array().unwrap().len(),
        1,
        "{claims}"
    );
    assert_eq!(
        claims["umbral_roles"][0]["role"],
        "provider_office_approver"
    );
    assert_eq!(
        claims["umbral_roles"][0]["organization"]["name"],
        "Sunshine Family Practice, P.A."
    );
    assert!(!claims.to_string().contains("tin"), "{claims}");
    // Userinfo with the access token.
    let access = t["access_token"].as_str().unwrap();
    let info: Value = ureq::get(&s.url("/oauth2/userinfo"))
        .set("Authorization", &format!("Bearer {access}"))
        .call()
        .unwrap()
        .into_json()
        .unwrap();
    assert_eq!(info["sub"], claims["sub"]);
    // The same code again: refused, and the first tokens die with it.
    let (st, e, _) = token(&s, Some(("spot-demo-server", &secret)), &form);
    assert_eq!((st, e["error"].as_str()), (400, Some("invalid_grant")));
    let r = answer(
        ureq::get(&s.url("/oauth2/userinfo"))
            .set("Authorization", &format!("Bearer {access}"))
            .call(),
    );
    assert_eq!(r.status(), 401);
    assert!(r
        .header("www-authenticate")
        .unwrap()
        .contains("invalid_token"));
    // A second sign-in, then refresh with client_secret_post; the old token replayed
    // ends the family.
    let r = answer(
        agent()
            .get(&authorize_url(&s, "spot-demo-server", CB))
            .call(),
    );
    let request = query_of(r.header("location").unwrap(), "request").unwrap();
    let (_, done) = c.post(&format!("/sign-in/{request}"), json!({}));
    let code = query_of(done["redirect"].as_str().unwrap(), "code").unwrap();
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", CB),
        ("code_verifier", VERIFIER),
        ("client_id", "spot-demo-server"),
        ("client_secret", secret.as_str()),
    ];
    let (st, t, _) = token(&s, None, &form);
    assert_eq!(st, 200, "{t}");
    let rt = t["refresh_token"].as_str().unwrap().to_string();
    let refresh = |rt: &str| {
        token(
            &s,
            Some(("spot-demo-server", &secret)),
            &[("grant_type", "refresh_token"), ("refresh_token", rt)],
        )
    };
    let (st, t2, _) = refresh(&rt);
    assert_eq!(st, 200, "{t2}");
    let (st, e, _) = refresh(&rt);
    assert_eq!((st, e["error"].as_str()), (400, Some("invalid_grant")));
    let (st, _, _) = refresh(t2["refresh_token"].as_str().unwrap());
    assert_eq!(st, 400, "the family is revoked");
    // Introspection says so; a wrong secret is 401 with a challenge.
    let intro = |secret: &str, tok: &str| {
        answer(
            agent()
                .post(&s.url("/oauth2/introspect"))
                .set(
                    "Authorization",
                    &format!(
                        "Basic {}",
                        STANDARD.encode(format!("spot-demo-server:{secret}"))
                    ),
                )
                .send_form(&[("token", tok)]),
        )
    };
    let r = intro(&secret, t2["access_token"].as_str().unwrap());
    assert_eq!(r.status(), 200);
    assert_eq!(r.into_json::<Value>().unwrap()["active"], false);
    let r = intro("wrong", t2["access_token"].as_str().unwrap());
    assert_eq!(r.status(), 401);
    assert!(r.header("www-authenticate").is_some());
    // The profile lists no live sign-in now; logout goes through the SPA.
    let (st, apps) = c.get("/me/applications");
    assert_eq!((st, apps), (200, json!([])));
    let r = answer(
        agent()
            .get(&s.url(&format!(
                "/oauth2/logout?id_token_hint={id_token}&post_logout_redirect_uri={}&state=s1",
                enc("http://127.0.0.1:8090/")
            )))
            .call(),
    );
    assert_eq!(r.status(), 303);
    assert!(r
        .header("location")
        .unwrap()
        .starts_with("/sign-out?id_token_hint="));
    // Logout CSRF (security review 3, G8): any site may send the browser to
    // /oauth2/logout; with no ID token of this person nothing ends until they confirm.
    let (st, out) = c.post("/sign-out", json!({"client_id": "spot-demo"}));
    assert_eq!((st, &out["confirm"]), (200, &json!(true)), "{out}");
    assert_eq!(c.get("/me").0, 200, "the session is still there");
    let (st, out) = c.post(
        "/sign-out",
        json!({"id_token_hint": id_token, "post_logout_redirect_uri": "http://127.0.0.1:8090/", "state": "s1"}),
    );
    assert_eq!(st, 200, "{out}");
    assert_eq!(out["redirect"], "http://127.0.0.1:8090/?state=s1");
    let (st, _) = c.get("/me");
    assert_eq!(st, 401, "the Umbral session ended");
}

#[test]
fn the_http_layer_refuses_what_it_must() {
    let s = Server::start_demo();
    // A redirect URI that is not registered is never redirected to.
    for bad in [
        "http://127.0.0.1:8090/callback.evil",
        "https://evil.example/callback",
    ] {
        let r = answer(agent().get(&authorize_url(&s, "spot-demo", bad)).call());
        assert_eq!(r.status(), 303);
        assert_eq!(
            r.header("location"),
            Some("/sign-in?error=redirect_uri"),
            "{bad}"
        );
    }
    // A repeated parameter, a JSON body, no grant type.
    let (st, e, r) = token(
        &s,
        None,
        &[
            ("grant_type", "authorization_code"),
            ("grant_type", "refresh_token"),
            ("client_id", "spot-demo"),
        ],
    );
    assert_eq!((st, e["error"].as_str()), (400, Some("invalid_request")));
    let _ = r;
    let r = answer(
        agent()
            .post(&s.url("/oauth2/token"))
            .send_json(json!({"grant_type": "authorization_code"})),
    );
    assert_eq!(r.status(), 400);
    let (st, e, _) = token(&s, None, &[("client_id", "spot-demo")]);
    assert_eq!((st, e["error"].as_str()), (400, Some("invalid_request")));
    let (st, e, _) = token(
        &s,
        None,
        &[("grant_type", "password"), ("client_id", "spot-demo")],
    );
    assert_eq!(
        (st, e["error"].as_str()),
        (400, Some("unsupported_grant_type"))
    );
    // An unknown client; a public client sending a secret.
    let (st, e, _) = token(
        &s,
        Some(("nobody", "x")),
        &[("grant_type", "authorization_code")],
    );
    assert_eq!((st, e["error"].as_str()), (401, Some("invalid_client")));
    let (st, _, _) = token(
        &s,
        Some(("spot-demo", "x")),
        &[("grant_type", "authorization_code")],
    );
    assert_eq!(st, 401);
    // Token answers are never cached.
    let r = answer(
        agent()
            .post(&s.url("/oauth2/token"))
            .send_form(&[("grant_type", "x"), ("client_id", "spot-demo")]),
    );
    assert_eq!(r.header("cache-control"), Some("no-store"));
    // RP-initiated logout to an address that is not registered.
    let mut c = Client::new(&s);
    let (st, e) = c.post(
        "/sign-out",
        json!({"client_id": "spot-demo", "post_logout_redirect_uri": "https://evil.example/"}),
    );
    assert_eq!((st, e["error"]["code"].as_str()), (400, Some("malformed")));
}

/// A maintained relying-party library (Authlib, see `tests/rp/oidc_rp.py`) signs Alan in
/// to the demo's confidential and public clients: discovery, PKCE, the code exchange,
/// the ID token checked against the JWKS, userinfo, refresh and replay, revocation,
/// introspection and RP-initiated logout. `scripts/test.sh` installs it and sets
/// `UMBRAL_TEST_RP_PYTHON`.
#[test]
fn authlib_signs_a_person_in_to_the_confidential_and_the_public_client() {
    let python = std::env::var("UMBRAL_TEST_RP_PYTHON").unwrap_or_else(|_| "python3".into());
    let s = Server::start_demo();
    let secret = demo_secret(&s);
    let (pw, totp) = demo_accounts(&s.data)["alan.approver"].clone();
    // The person logs in (password + TOTP) in "the browser"; the library does the rest.
    let mut c = Client::new(&s);
    c.login_with_app("alan.approver", &pw, &totp);
    c.accept_licences("spot");
    for (client, secret) in [
        ("spot-demo-server", Some(secret.as_str())),
        ("spot-demo", None),
    ] {
        let mut cmd = std::process::Command::new(&python);
        cmd.arg(workspace_root().join("tests/rp/oidc_rp.py"))
            .args(["--issuer", &s.url(""), "--client-id", client])
            .args([
                "--redirect",
                CB,
                "--logout-redirect",
                "http://127.0.0.1:8090/",
            ])
            .env("UMBRAL_COOKIE", c.cookie.clone().unwrap());
        match secret {
            // `=`: a random secret may start with `-`, which argparse would take for a flag.
            Some(secret) => cmd.arg(format!("--secret={secret}")),
            None => cmd.arg("--logout"),
        };
        let out = cmd.output().unwrap_or_else(|e| {
            panic!("{python}: {e} (run scripts/test.sh, which installs Authlib)")
        });
        assert!(
            out.status.success(),
            "{client}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let seen: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(seen["amr"], json!(["pwd", "otp", "mfa"]), "{seen}");
        assert_eq!(seen["email"], "alan@sunshine-demo.example");
        assert_eq!(seen["roles"][0]["role"], "provider_office_approver");
        if client == "spot-demo-server" {
            assert_eq!(seen["introspected"], json!({"active": false}));
        }
    }
    // The public client's logout ended Alan's Umbral session.
    assert_eq!(c.get("/me").0, 401);
}

pub(crate) fn dir_bytes(p: &std::path::Path) -> u64 {
    tests::walk(p)
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum()
}

/// Security review 3, G1: `/oauth2/authorize` is anonymous, so it stores nothing and
/// draws on a bucket per client address. On 3da3105 one address wrote 1,000 stored
/// requests (3.7 MB) in 0.3 s and was never refused.
#[test]
fn anonymous_authorize_requests_are_throttled_and_store_nothing() {
    let s = Server::builder()
        .demo()
        .env(&[
            ("UMBRAL_RATE_LIMIT_SCALE", "1"),
            ("UMBRAL_TRUSTED_PROXIES", "127.0.0.1"),
        ])
        .start();
    let url = format!(
        "{}&state={}&nonce={}",
        authorize_url(&s, "spot-demo", CB).replace("&state=xyz&nonce=n-42", ""),
        "s".repeat(1024),
        "n".repeat(512)
    );
    let ask = |from: &str| {
        let r = answer(agent().get(&url).set("X-Forwarded-For", from).call());
        (r.status(), r.header("location").unwrap_or("").to_string())
    };
    // One address: thirty at once, then 429.
    let mut statuses = vec![];
    for _ in 0..100 {
        statuses.push(ask("10.1.0.1").0);
    }
    let passed = statuses.iter().filter(|s| **s == 303).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert!((30..=33).contains(&passed), "{passed} passed");
    assert_eq!(passed + refused, 100);
    // Another address is not affected, and its handle is a working sign-in.
    let (st, loc) = ask("10.1.0.2");
    assert_eq!(st, 303);
    let handle = loc.strip_prefix("/sign-in?request=").unwrap();
    let (st, v) = Client::new(&s).get(&format!("/sign-in/{handle}"));
    assert_eq!((st, &v["client_id"]), (200, &json!("spot-demo")), "{v}");
    // Two thousand requests from two thousand addresses: the store does not grow.
    let db = s.data.join("db");
    let before = dir_bytes(&db);
    for i in 0..2000u32 {
        let (st, _) = ask(&format!("10.2.{}.{}", i / 250, i % 250));
        assert_eq!(st, 303);
    }
    let grown = dir_bytes(&db).saturating_sub(before);
    assert!(grown < 512 * 1024, "the store grew by {grown} bytes");
}

/// The `Set-Cookie` pairs of an answer, as `name=value`.
pub(crate) fn set_cookies(r: &ureq::Response) -> Vec<String> {
    r.all("set-cookie")
        .iter()
        .filter_map(|c| c.split(';').next())
        .map(|c| c.trim().to_string())
        .filter(|c| !c.ends_with('='))
        .collect()
}
