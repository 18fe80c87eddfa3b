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
    components(schemas(
        shared::api::error::ErrorCode,
        shared::api::error::ApiError,
        shared::api::error::ErrorBody,
        shared::api::recert::LifecycleList
    ))
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
    d.merge(super::recovery::Api::openapi());
    d.merge(super::access::Api::openapi());
    d.merge(super::admin::Api::openapi());
    d.merge(super::alerts::Api::openapi());
    d.merge(super::share::Api::openapi());
    d.merge(super::second_factors::Api::openapi());
    d.merge(super::support::Api::openapi());
    d.merge(super::team::Api::openapi());
    d.merge(super::documents::Api::openapi());
    d.merge(super::oidc::Api::openapi());
    d
}

/// The document as JSON, built once.
pub fn json() -> &'static str {
    static J: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    J.get_or_init(|| {
        document()
            .to_json()
            .expect("the OpenAPI document serialises")
    })
}

fn schema_name(v: &serde_json::Value) -> String {
    if let Some(r) = v["$ref"].as_str() {
        return format!("`{}`", r.rsplit('/').next().unwrap_or(r));
    }
    match v["type"].as_str() {
        Some("array") => format!("array of {}", schema_name(&v["items"])),
        Some(t) => format!("`{t}`"),
        None => match v["type"].as_array() {
            Some(ts) => ts
                .iter()
                .filter_map(|t| t.as_str())
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(" or "),
            None if v["oneOf"].is_array() => v["oneOf"]
                .as_array()
                .into_iter()
                .flatten()
                .map(schema_name)
                .collect::<Vec<_>>()
                .join(" or "),
            None => "any".into(),
        },
    }
}

/// The API reference (`docs/api.md`), rendered from the same document.
pub fn markdown() -> String {
    let d: serde_json::Value = serde_json::from_str(json()).expect("valid JSON");
    let mut out = String::from(
        "# Umbral API reference\n\n\
         Generated from the code by `backend/src/http/openapi.rs` (the same document the \
         server answers at `GET /api/v1/openapi.json`); do not edit by hand: run \
         `UMBRAL_BLESS=1 cargo test -p backend openapi` after changing a handler or a type.\n\n",
    );
    if let Some(desc) = d["info"]["description"].as_str() {
        out.push_str(desc);
        out.push_str("\n\n## Operations\n\n| operation | tag | body | success | session |\n|---|---|---|---|---|\n");
    }
    let paths = d["paths"].as_object().cloned().unwrap_or_default();
    for (path, item) in &paths {
        for (method, op) in item.as_object().into_iter().flatten() {
            let body = op["requestBody"]["content"]["application/json"]["schema"].clone();
            let body = if body.is_null() {
                "".into()
            } else {
                schema_name(&body)
            };
            let (status, ok) = op["responses"]
                .as_object()
                .and_then(|r| r.iter().find(|(k, _)| k.starts_with('2')))
                .map(|(k, v)| (k.clone(), v.clone()))
                .unwrap_or_default();
            let ok_schema = ok["content"]["application/json"]["schema"].clone();
            let success = if ok_schema.is_null() {
                status
            } else {
                format!("{status} {}", schema_name(&ok_schema))
            };
            let session = if op["security"].is_array() { "yes" } else { "" };
            out.push_str(&format!(
                "| `{} {path}` | {} | {body} | {success} | {session} |\n",
                method.to_uppercase(),
                op["tags"][0].as_str().unwrap_or("")
            ));
        }
    }
    out.push_str("\nEvery operation may also answer 4XX or 5XX with the error body `ApiError`.\n\n## Types\n");
    let schemas = d["components"]["schemas"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    for (name, s) in &schemas {
        out.push_str(&format!("\n### `{name}`\n\n"));
        if let Some(desc) = s["description"].as_str() {
            out.push_str(&format!("{}\n\n", desc.replace('\n', " ")));
        }
        if let Some(values) = s["enum"].as_array() {
            let v: Vec<String> = values
                .iter()
                .map(|v| format!("`{}`", v.as_str().unwrap_or("?")))
                .collect();
            out.push_str(&format!("One of {}.\n", v.join(", ")));
            continue;
        }
        let required: Vec<&str> = s["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r.as_str())
            .collect();
        if let Some(props) = s["properties"].as_object() {
            out.push_str("| field | type | required |\n|---|---|---|\n");
            for (field, t) in props {
                let req = if required.contains(&field.as_str()) {
                    "yes"
                } else {
                    ""
                };
                out.push_str(&format!("| `{field}` | {} | {req} |\n", schema_name(t)));
            }
        } else {
            out.push_str(&format!("{}\n", schema_name(s)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_page_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/api.md");
        let fresh = markdown();
        if std::env::var_os("UMBRAL_BLESS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "docs/api.md is out of date: run `UMBRAL_BLESS=1 cargo test -p backend openapi`"
        );
    }

    #[test]
    fn every_route_is_documented_and_the_document_is_3_1() {
        let d: serde_json::Value = serde_json::from_str(json()).unwrap();
        assert!(d["openapi"].as_str().unwrap().starts_with("3.1"));
        let paths = d["paths"].as_object().unwrap();
        let ops: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
        // Every handler in the routers plus the document itself.
        assert_eq!(ops, 113, "{:?}", paths.keys().collect::<Vec<_>>());
        for (path, item) in paths {
            assert!(path.starts_with("/api/v1/"), "{path}");
            if path == "/api/v1/openapi.json" {
                continue;
            }
            for (method, op) in item.as_object().unwrap() {
                assert!(
                    op["responses"].as_object().unwrap().len() >= 2,
                    "{method} {path} documents its errors"
                );
            }
        }
        assert!(d["components"]["schemas"]["RegistrationRequest"].is_object());
        // Every reference resolves.
        fn refs(v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(m) => {
                    if let Some(r) = m.get("$ref").and_then(|r| r.as_str()) {
                        out.push(r.to_string());
                    }
                    m.values().for_each(|x| refs(x, out));
                }
                serde_json::Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
                _ => {}
            }
        }
        let mut all = vec![];
        refs(&d, &mut all);
        for r in all {
            let name = r.trim_start_matches("#/components/schemas/");
            assert!(d["components"]["schemas"][name].is_object(), "{r} dangles");
        }
        assert!(d["components"]["securitySchemes"]["session"].is_object());
    }
}
