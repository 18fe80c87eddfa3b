//! Property tests of the request decoders and the rules behind them: any body, any
//! path segment, any query, to every route of the router: never a panic, never a 5xx,
//! always the one error shape.
use super::*;
use proptest::prelude::*;

/// Every route that takes a body, with a valid-looking body to mutate.
const WRITES: &[(&str, &str)] = &[
    ("POST", "/api/v1/registrations"),
    ("POST", "/api/v1/sessions"),
    ("POST", "/api/v1/sessions/x/email-verification"),
    ("POST", "/api/v1/sessions/x/passcode"),
    ("POST", "/api/v1/sessions/x/devices"),
    ("POST", "/api/v1/password-resets"),
    ("POST", "/api/v1/password-resets/x"),
    ("POST", "/api/v1/unlocks/x"),
    ("POST", "/api/v1/user-id-reminders"),
    ("POST", "/api/v1/organization-forms"),
    ("POST", "/api/v1/account-setups/x"),
];

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        ".{0,80}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    Just("user_id".to_string()),
                    Just("password".to_string()),
                    Just("code".to_string()),
                    Just("email".to_string()),
                    Just("tin".to_string()),
                    Just("address".to_string()),
                    "[a-z_]{1,12}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        json_value().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        prop::collection::vec(any::<u8>(), 0..200),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn no_body_makes_a_server_error(route in 0..WRITES.len(), bytes in body()) {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async {
            let app = app();
            let (method, uri) = WRITES[route];
            let req = Request::builder()
                .method(method)
                .uri(uri)
                .header("x-umbral-request", "1")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(bytes))
                .unwrap();
            let (status, _, json) = send(&app, req).await;
            prop_assert!(status.as_u16() < 500, "{method} {uri}: {status} {json}");
            if !status.is_success() {
                prop_assert!(json["error"]["code"].is_string(), "{json}");
            }
            Ok(())
        })?;
    }

    #[test]
    fn no_path_or_query_makes_a_server_error(seg in "[^/?#]{0,60}", q in ".{0,60}") {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let app = app();
            let seg = urlencode(&seg);
            for uri in [
                format!("/api/v1/password-resets/{seg}"),
                format!("/api/v1/unlocks/{seg}"),
                format!("/api/v1/account-setups/{seg}"),
                format!("/api/v1/organizations?name={}&state={}", urlencode(&q), seg),
                format!("/api/v1/{seg}"),
            ] {
                let Ok(req) = Request::builder().uri(&uri).body(Body::empty()) else { continue };
                let (status, _, json) = send(&app, req).await;
                prop_assert!(status.as_u16() < 500, "{uri}: {status} {json}");
                prop_assert!(status == StatusCode::OK || json["error"]["code"].is_string(), "{uri}: {json}");
            }
            Ok(())
        })?;
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
