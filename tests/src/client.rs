//! An API client with its session cookie, and the requests tests make often.
use crate::*;
use std::time::Duration;

/// A good registration body; `n` makes the user ID, email and phone unique.
pub fn registration(user_id: &str) -> serde_json::Value {
    serde_json::json!({
        "first_name": "Mary",
        "middle_name": "Beth",
        "last_name": "Jones",
        "date_of_birth": "1980-04-02",
        "email": "mary.jones@example.com",
        "terms_accepted": true,
        "address": {"line1": "1 Main St", "city": "Jacksonville", "state": "FL", "zip": "32202-1234"},
        "phone": "(904) 555-0123",
        "user_id": user_id,
        "password": "Correct-Horse-7-Battery",
        "security_question": "first_pet",
        "security_answer": "Rex"
    })
}

/// POSTs JSON as the SPA does; returns status and body (errors included).
pub fn post_json(url: &str, body: &serde_json::Value, lang: &str) -> (u16, serde_json::Value) {
    let r = ureq::post(url)
        .set("X-Umbral-Request", "1")
        .set("Accept-Language", lang)
        .send_json(body.clone());
    read(r)
}

pub fn read(r: Result<ureq::Response, ureq::Error>) -> (u16, serde_json::Value) {
    match r {
        Ok(resp) | Err(ureq::Error::Status(_, resp)) => {
            let status = resp.status();
            let text = resp.into_string().unwrap_or_default();
            (
                status,
                serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
            )
        }
        Err(e) => panic!("transport error: {e}"),
    }
}

/// An API client that keeps the session cookie, as the browser would.
#[derive(Clone)]
pub struct Client {
    pub base: String,
    pub cookie: Option<String>,
    pub lang: &'static str,
    /// The last `Set-Cookie` header seen.
    pub last_set_cookie: Option<String>,
    /// The server's test clock, when it has one (see [`Client::now`]).
    pub clock: Option<std::path::PathBuf>,
}

impl Client {
    pub fn new(s: &Server) -> Client {
        Client {
            base: s.url(""),
            cookie: None,
            lang: "en",
            last_set_cookie: None,
            clock: s.clock.clone(),
        }
    }

    /// The server's time, at which an authenticator's code is computed.
    pub fn now(&self) -> u64 {
        crate::time_of(self.clock.as_deref())
    }

    /// Waits, on the real clock only, until `margin` seconds remain in the TOTP step.
    pub fn step_margin(&self, margin: u64) {
        crate::step_margin(self.clock.as_deref(), margin)
    }

    pub fn call(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        match self.try_call(method, path, body, None) {
            Ok(answer) => answer,
            Err(e) => panic!("transport error: {e}"),
        }
    }

    /// As [`Client::call`], but a transport error (the server was killed mid-request)
    /// is returned rather than a panic, and `timeout` bounds the whole exchange.
    pub fn try_call(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&serde_json::Value>,
        timeout: Option<Duration>,
    ) -> Result<(u16, serde_json::Value), Box<ureq::Error>> {
        let mut req = ureq::request(method, &format!("{}/api/v1{path}", self.base))
            .set("X-Umbral-Request", "1")
            .set("Accept-Language", self.lang);
        if let Some(c) = &self.cookie {
            req = req.set("Cookie", &format!("__Host-umbral_session={c}"));
        }
        if let Some(t) = timeout {
            req = req.timeout(t);
        }
        let r = match body {
            Some(b) => req.send_json(b.clone()),
            None => req.call(),
        };
        let resp = match r {
            Ok(resp) | Err(ureq::Error::Status(_, resp)) => resp,
            Err(e) => return Err(Box::new(e)),
        };
        if let Some(sc) = resp.header("set-cookie") {
            self.last_set_cookie = Some(sc.to_string());
            let value = sc
                .split(';')
                .next()
                .and_then(|kv| kv.split_once('='))
                .map(|(_, v)| v.to_string())
                .unwrap_or_default();
            self.cookie = (!value.is_empty()).then_some(value);
        }
        let status = resp.status();
        let text = resp.into_string().unwrap_or_default();
        Ok((
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
        ))
    }

    pub fn get(&mut self, path: &str) -> (u16, serde_json::Value) {
        self.call("GET", path, None)
    }

    pub fn post(&mut self, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        self.call("POST", path, Some(&body))
    }
}

impl Client {
    /// Logs in with user ID, password and the authenticator's current code.
    pub fn login_with_app(&mut self, user_id: &str, password: &str, secret: &str) {
        let (st, ch) = self.post(
            "/sessions",
            serde_json::json!({"user_id": user_id, "password": password}),
        );
        assert_eq!(st, 200, "{user_id}: {ch}");
        assert_eq!(ch["next"], "passcode", "{ch}");
        let id = ch["challenge"].as_str().unwrap().to_string();
        let dev = ch["devices"][0]["id"].as_str().unwrap().to_string();
        self.step_margin(3);
        let (st, p) = self.post(
            &format!("/sessions/{id}/passcode"),
            serde_json::json!({"device_id": dev, "code": totp_at(secret, self.now())}),
        );
        assert_eq!(st, 200, "{user_id}: {p}");
    }

    pub fn delete(&mut self, path: &str) -> (u16, serde_json::Value) {
        self.call("DELETE", path, None)
    }
}

impl Client {
    /// Logs in with the authenticator's code at the test clock's time. The clock moves
    /// 31 seconds first, so two logins never use the same TOTP step.
    pub fn login_at(&mut self, clock: &TestClock, user_id: &str, password: &str, secret: &str) {
        clock.advance(31);
        let (st, ch) = self.post(
            "/sessions",
            serde_json::json!({"user_id": user_id, "password": password}),
        );
        assert_eq!(st, 200, "{user_id}: {ch}");
        assert_eq!(ch["next"], "passcode", "{ch}");
        let id = ch["challenge"].as_str().unwrap().to_string();
        let dev = ch["devices"][0]["id"].as_str().unwrap().to_string();
        let (st, p) = self.post(
            &format!("/sessions/{id}/passcode"),
            serde_json::json!({"device_id": dev, "code": totp_at(secret, clock.now())}),
        );
        assert_eq!(st, 200, "{user_id}: {p}");
    }

    pub fn put(&mut self, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        self.call("PUT", path, Some(&body))
    }
}

impl Client {
    /// Accepts the current licence of `app` for every organisation this person holds a
    /// role of it for (what the licence gate's *Accept* does).
    pub fn accept_licences(&mut self, app: &str) {
        let (st, roles) = self.get("/me/roles");
        assert_eq!(st, 200, "{roles}");
        for g in roles["grants"].as_array().unwrap() {
            if g["application"] != app {
                continue;
            }
            let org = g["organization"]["id"].as_str().unwrap().to_string();
            let (st, lic) = self.get(&format!("/applications/{app}/licence?organization={org}"));
            assert_eq!(st, 200, "{lic}");
            let (st, done) = self.post(
                &format!("/applications/{app}/licence"),
                serde_json::json!({"version": lic["version"], "organization": org}),
            );
            assert_eq!(st, 200, "{done}");
        }
    }
}

/// A login from the client address `from` (forwarded by the trusted local proxy).
pub fn login_from(
    s: &Server,
    from: &str,
    user: &str,
    pw: &str,
) -> (u16, serde_json::Value, Option<String>) {
    let r = ureq::post(&s.url("/api/v1/sessions"))
        .set("X-Umbral-Request", "1")
        .set("X-Forwarded-For", from)
        .send_json(serde_json::json!({"user_id": user, "password": pw}));
    let resp = match r {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("transport error: {e}"),
    };
    let retry = resp.header("retry-after").map(str::to_string);
    let status = resp.status();
    let body = resp.into_json().unwrap_or(serde_json::Value::Null);
    (status, body, retry)
}
