//! The request's context: one span per API request, with a request id, the route and
//! the client's address; and the language its error answers are written in.
//!
//! The route is the matched pattern (`/api/v1/password-resets/{t}`), never the path
//! itself, because paths carry link tokens and login challenges; no header, cookie or
//! body goes into a field. The id is answered in `X-Request-Id`, so a user's report and
//! the server's log meet. The client's address is resolved here once
//! ([`ClientAddr::resolve`]), left in the request's extensions for the [`ClientAddr`]
//! extractor, and given to the domain's audit trail for the length of the request.
use super::error::ApiError;
use super::extractors::{ClientAddr, Lang};
use axum::extract::connect_info::MockConnectInfo;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::IntoResponse;
use axum::response::Response;
use axum::Json;
use shared::i18n::Locale;
use std::net::SocketAddr;
use std::sync::Arc;
use tracing::Instrument;

/// Settings of the web layer that the domain has no business knowing.
#[derive(Clone, Debug, Default)]
pub struct HttpOptions {
    /// Reverse proxies whose `X-Forwarded-For` is believed (`--trusted-proxy`).
    pub trusted_proxies: Vec<crate::net::IpRange>,
    /// `--public-url`, if configured: the only origin state-changing requests may come
    /// from, and HSTS when it is HTTPS.
    pub public_url: Option<String>,
    /// `--insecure-http`: the cookies' plain names.
    pub insecure_http: bool,
}

pub const REQUEST_ID: &str = "x-request-id";

fn request_id() -> String {
    format!("{:016x}", rand::random::<u64>())
}

pub async fn request_context(
    State(opts): State<Arc<HttpOptions>>,
    mut req: Request,
    next: Next,
) -> Response {
    let ext = req.extensions();
    let peer = ext
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .or_else(|| ext.get::<MockConnectInfo<SocketAddr>>().map(|c| c.0.ip()));
    let client = ClientAddr::resolve(peer, req.headers(), &opts.trusted_proxies);
    req.extensions_mut().insert(client);
    let id = request_id();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %req.method(),
        route = %route,
        client = %client.0.map(|a| a.to_string()).unwrap_or_default(),
    );
    let started = std::time::Instant::now();
    let devices = super::extractors::device_tokens(req.headers(), opts.insecure_http);
    let mut res = crate::domain::notify::with_client(
        client.0,
        crate::domain::notify::with_devices(devices, next.run(req)),
    )
    .instrument(span.clone())
    .await;
    span.in_scope(|| {
        tracing::debug!(
            status = res.status().as_u16(),
            ms = started.elapsed().as_millis() as u64,
            "answered"
        )
    });
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    res
}

/// Middleware on `/api/v1`: an error answer gets its message in the request's language.
pub async fn localize(Lang(l): Lang, req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if l == Locale::En {
        return res;
    }
    match res.extensions().get::<ApiError>().cloned() {
        None => res,
        Some(e) => {
            let (mut parts, _) = res.into_parts();
            let fresh = Json(e.body(l)).into_response();
            // The JSON body's length and type replace the English one's.
            parts.headers.remove(axum::http::header::CONTENT_LENGTH);
            let (fresh_parts, body) = fresh.into_parts();
            parts.headers.extend(fresh_parts.headers);
            Response::from_parts(parts, body)
        }
    }
}
