//! Security headers and the cross-site request guard.
//!
//! State-changing API requests must carry the SPA's `X-Umbral-Request: 1` header
//! (which a cross-site form cannot set without a CORS preflight we never grant),
//! and when the browser sends `Origin` it must be this server's own.
use super::error::ApiError;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;

pub use shared::api::SPA_HEADER;

pub async fn require_spa_request(req: Request, next: Next) -> Result<Response, ApiError> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(next.run(req).await);
    }
    let h = req.headers();
    let has_header = h.get(SPA_HEADER).is_some_and(|v| v == "1");
    let same_origin = match (h.get(header::ORIGIN), h.get(header::HOST)) {
        (None, _) => true,
        (Some(o), Some(host)) => o
            .to_str()
            .ok()
            .and_then(|o| o.split_once("://").map(|(_, rest)| rest.to_string()))
            .is_some_and(|o| host.to_str().is_ok_and(|h| h == o)),
        (Some(_), None) => false,
    };
    if has_header && same_origin {
        Ok(next.run(req).await)
    } else {
        Err(ApiError::forbidden())
    }
}

/// The Content-Security-Policy, with the hashes of trunk's inline loader script.
pub struct Headers {
    csp: HeaderValue,
}

/// SHA-256 hashes (CSP source form) of every inline `<script>` in `html`.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = vec![];
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_start = tag_end + 1;
        let Some(close) = after[body_start..].find("</script>") else {
            break;
        };
        let body = &after[body_start..body_start + close];
        if !tag.contains("src=") && !body.trim().is_empty() {
            let digest = Sha256::digest(body.as_bytes());
            out.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &after[body_start + close..];
    }
    out
}

impl Headers {
    pub fn for_dist(dist: &Path) -> Headers {
        let html = std::fs::read_to_string(dist.join("index.html")).unwrap_or_default();
        let hashes = inline_script_hashes(&html).join(" ");
        let csp = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
        );
        Headers {
            csp: HeaderValue::from_str(&csp).expect("ASCII policy"),
        }
    }
}

pub async fn headers(State(h): State<Arc<Headers>>, req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await;
    let m = res.headers_mut();
    if api {
        // Profiles, codes and links must not be kept by any cache.
        m.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    m.insert(header::CONTENT_SECURITY_POLICY, h.csp.clone());
    m.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    m.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    m.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_only_inline_scripts() {
        let html = r#"<script src="/a.js"></script><script type="module">import x;</script>"#;
        let h = inline_script_hashes(html);
        assert_eq!(h.len(), 1);
        let expect = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"import x;"));
        assert_eq!(h[0], format!("'sha256-{expect}'"));
    }
}
