//! Security headers and the cross-site request guard.
//!
//! State-changing API requests must carry the SPA's `X-Umbral-Request: 1` header
//! (which a cross-site form cannot set without a CORS preflight we never grant),
//! and when the browser sends `Origin` it must be this server's own: the origin of
//! `--public-url`, scheme and port included, when one is configured (F17); without
//! one, the `Host` the request was sent to over plain HTTP (a development setup).
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

/// Where the SPA is served from, as far as the cross-site guard and HSTS care.
#[derive(Clone, Debug, Default)]
pub struct Site {
    /// `scheme://host[:port]` of `--public-url`, if one was given.
    pub origin: Option<String>,
}

impl Site {
    /// From a configured public URL (`None`: not configured).
    pub fn new(public_url: Option<&str>) -> Site {
        Site {
            origin: public_url.map(origin_of),
        }
    }

    /// Served over HTTPS: browsers are told to keep to it (HSTS).
    pub fn https(&self) -> bool {
        self.origin
            .as_deref()
            .is_some_and(|o| o.starts_with("https://"))
    }
}

/// The origin (`scheme://host[:port]`, lower case, default port dropped) of a URL.
pub fn origin_of(url: &str) -> String {
    let url = url.trim().to_ascii_lowercase();
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", &url));
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = match (scheme, host.rsplit_once(':')) {
        ("http", Some((h, "80"))) | ("https", Some((h, "443"))) => h,
        _ => host,
    };
    format!("{scheme}://{host}")
}

pub async fn require_spa_request(
    State(site): State<Arc<Site>>,
    req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(next.run(req).await);
    }
    let h = req.headers();
    let has_header = h.get(SPA_HEADER).is_some_and(|v| v == "1");
    let origin = h.get(header::ORIGIN).map(|o| o.to_str().unwrap_or(""));
    let same_origin = match (origin, &site.origin) {
        (None, _) => true,
        (Some(o), Some(mine)) => origin_of(o) == *mine && o.contains("://"),
        (Some(o), None) => h
            .get(header::HOST)
            .and_then(|host| host.to_str().ok())
            .is_some_and(|host| o.eq_ignore_ascii_case(&format!("http://{host}"))),
    };
    if has_header && same_origin {
        Ok(next.run(req).await)
    } else {
        Err(ApiError::forbidden())
    }
}

/// The Content-Security-Policy, with the hashes of trunk's inline loader script, and
/// HSTS when the public URL is HTTPS (ASVS v5 3.4.1).
pub struct Headers {
    csp: HeaderValue,
    hsts: bool,
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
    pub fn for_dist(dist: &Path, site: &Site) -> Headers {
        // Each module's page has its own inline loader script: the policy allows them all.
        let mut hashes: Vec<String> = shared::bundle::Bundle::ALL
            .iter()
            .flat_map(|b| {
                let html = std::fs::read_to_string(dist.join(b.page())).unwrap_or_default();
                inline_script_hashes(&html)
            })
            .collect();
        hashes.sort();
        hashes.dedup();
        let hashes = hashes.join(" ");
        let csp = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
        );
        Headers {
            csp: HeaderValue::from_str(&csp).expect("ASCII policy"),
            hsts: site.https(),
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
    if h.hsts {
        // Two years, the preload lists' minimum.
        m.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_compare_scheme_host_and_port() {
        assert_eq!(
            origin_of("https://Umbral.Example/"),
            "https://umbral.example"
        );
        assert_eq!(
            origin_of("https://umbral.example:443"),
            "https://umbral.example"
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8080/x?y"),
            "http://127.0.0.1:8080"
        );
        assert_ne!(
            origin_of("http://umbral.example"),
            origin_of("https://umbral.example")
        );
        assert!(Site::new(Some("https://umbral.example")).https());
        assert!(!Site::new(Some("http://127.0.0.1:8080")).https());
        assert!(!Site::new(None).https());
    }

    #[test]
    fn hashes_only_inline_scripts() {
        let html = r#"<script src="/a.js"></script><script type="module">import x;</script>"#;
        let h = inline_script_hashes(html);
        assert_eq!(h.len(), 1);
        let expect = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"import x;"));
        assert_eq!(h[0], format!("'sha256-{expect}'"));
    }
}
