//! The OpenAPI 3.1 document of the API, generated from the code: every handler carries
//! a `#[utoipa::path]` beside its route and every body is a `shared` type deriving
//! `ToSchema`, so the document cannot drift from what the server does. Served at
//! `GET /api/v1/openapi.json`; Schemathesis runs against it in `scripts/test.sh`.
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Umbral API",
        description = "Registration, login with MFA, recovery, access requests, approvals and the help desk. \
Errors are always `{\"error\": {\"code\", \"message\", \"fields\"?}}` with the message in the language of `Accept-Language`. \
Every state-changing request must send `X-Umbral-Request: 1` and, if it sends `Origin`, the server's own. \
429 and 503 answers carry `Retry-After`.",
        license(name = "Apache-2.0")
    ),
    servers((url = "/", description = "This server")),
    modifiers(&Session),
    components(schemas(shared::api::error::ErrorCode))
)]
struct Base;

/// The session cookie, set by the passcode step.
struct Session;

impl Modify for Session {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                super::extractors::COOKIE,
                "Set by `POST /api/v1/sessions/{c}/passcode` (HttpOnly, Secure, SameSite=Strict).",
            ))),
        );
    }
}

/// The whole document.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut d = Base::openapi();
    d.merge(super::Api::openapi());
    d.merge(super::registration::Api::openapi());
    d.merge(super::auth::Api::openapi());
    d.merge(super::access::Api::openapi());
    d.merge(super::admin::Api::openapi());
    d
}

/// The document as JSON, built once.
pub fn json() -> &'static str {
    static J: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    J.get_or_init(|| document().to_json().expect("the OpenAPI document serialises"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_documented_and_the_document_is_3_1() {
        let d: serde_json::Value = serde_json::from_str(json()).unwrap();
        assert!(d["openapi"].as_str().unwrap().starts_with("3.1"));
        let paths = d["paths"].as_object().unwrap();
        let ops: usize = paths
            .values()
            .map(|p| p.as_object().unwrap().len())
            .sum();
        // Every handler in the routers (55) plus the document itself.
        assert_eq!(ops, 56, "{:?}", paths.keys().collect::<Vec<_>>());
        for (path, item) in paths {
            assert!(path.starts_with("/api/v1/"), "{path}");
            for (method, op) in item.as_object().unwrap() {
                assert!(
                    op["responses"].as_object().unwrap().len() >= 2,
                    "{method} {path} documents its errors"
                );
            }
        }
        assert!(d["components"]["schemas"]["RegistrationRequest"].is_object());
        assert!(d["components"]["securitySchemes"]["session"].is_object());
    }
}
