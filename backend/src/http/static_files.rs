//! The built SPA: hashed assets cached for a year, pages never cached; every other
//! non-API path (a client-side route) gets the page of the SPA's module that draws it
//! (`shared::bundle`: `index.html` for the public screens and unknown paths,
//! `account.html`, `help-desk.html`); brotli or gzip copies
//! written at build time (`scripts/compress-dist.py`) are sent when the browser accepts
//! them (brotli first), with `Vary: Accept-Encoding`.
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use shared::bundle::Bundle;
use std::path::Path;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

fn is_hashed_asset(path: &str) -> bool {
    // trunk names assets `name-<hash>.ext`, the hash 16 hex digits (15 when it starts
    // with a zero, which trunk drops).
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, h)| {
        (15..=16).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

async fn cache_control(req: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(req.uri().path());
    let mut res = next.run(req).await;
    let v = if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(v));
    // The body depends on Accept-Encoding (brotli, gzip or neither): caches must know.
    res.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    res
}

pub fn router(dist: &Path) -> Router {
    if !dist.join("index.html").exists() {
        tracing::warn!(dist = %dist.display(), "no built SPA here: serving the API only (run `scripts/build.sh`)");
    }
    // A path with no file is a client-side route: the page of the module that draws it.
    let dist_for_pages = dist.to_path_buf();
    let page = tower::service_fn(move |req: Request| {
        let bundle = Bundle::for_path(req.uri().path());
        let file = ServeFile::new(dist_for_pages.join(bundle.page()))
            .precompressed_br()
            .precompressed_gzip();
        file.oneshot(req)
    });
    let serve = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(page);
    Router::new()
        .fallback_service(serve)
        .layer(axum::middleware::from_fn(cache_control))
}

#[cfg(test)]
mod tests {
    #[test]
    fn recognises_trunk_hashes() {
        assert!(super::is_hashed_asset("/frontend-0123456789abcdef_bg.wasm"));
        assert!(super::is_hashed_asset("/main-0123456789abcdef.css"));
        assert!(super::is_hashed_asset("/main-4a00831907b7478.css"));
        assert!(!super::is_hashed_asset("/main-4a0083.css"));
        assert!(!super::is_hashed_asset("/index.html"));
    }
}
