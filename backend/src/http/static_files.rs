//! The built SPA: hashed assets cached for a year, `index.html` never cached and
//! served for every unknown non-API path (client-side routes), gzip when trunk's
//! output was pre-compressed.
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

fn is_hashed_asset(path: &str) -> bool {
    // trunk names assets `name-<16 hex>.ext`.
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, h)| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
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
    res
}

pub fn router(dist: &Path) -> Router {
    let index = dist.join("index.html");
    if !index.exists() {
        tracing::warn!(dist = %dist.display(), "no built SPA here: serving the API only (run `trunk build --release`)");
    }
    let serve = ServeDir::new(dist)
        .precompressed_gzip()
        .fallback(ServeFile::new(index).precompressed_gzip());
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
        assert!(!super::is_hashed_asset("/index.html"));
    }
}
