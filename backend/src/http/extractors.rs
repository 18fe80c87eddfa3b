//! What a handler needs from a request, said in its signature.
//!
//! - [`Lang`]: the language of the answer (`Accept-Language`, English by default).
//! - [`Authed`]: the logged-in caller; 401 otherwise. Reading the cookie and refreshing
//!   the session happen here, once. Whether the caller may do a thing is still the
//!   domain's question.
//! - [`HelpDesk`]: a logged-in help-desk account; 403 otherwise. The domain checks again.
//! - [`ApiJson`]: a JSON body whose rejections use the one error shape.
//! - [`ClientAddr`]: the client's address, resolved once per request by
//!   the request-context middleware (the peer, or `X-Forwarded-For` when the peer is a
//!   proxy named in `--trusted-proxy`).
use super::error::ApiError;
use super::AppState;
use crate::domain::auth::{AuthError, Authenticated};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use shared::api::error::ErrorCode;
use shared::i18n::Locale;
use std::convert::Infallible;
use std::net::IpAddr;

/// The name of the session cookie.
/// The session cookie. The `__Host-` prefix makes the browser refuse it unless it is
/// `Secure`, for `Path=/` and without `Domain`, so no other host (a sibling subdomain)
/// can set or shadow it (ASVS v5 3.3.3, F17).
pub const COOKIE: &str = "__Host-umbral_session";
/// The session cookie over plain http (`--insecure-http`), where browsers refuse
/// `Secure` and `__Host-` cookies; the server reads only the one its mode names.
pub const PLAIN_COOKIE: &str = "umbral_session";

/// The session cookie's name for a server that is (or is not) on plain http.
pub fn session_cookie(insecure_http: bool) -> &'static str {
    if insecure_http {
        PLAIN_COOKIE
    } else {
        COOKIE
    }
}

/// The attributes every cookie of the server carries: `Secure` unless on plain http.
pub fn cookie_attributes(insecure_http: bool) -> &'static str {
    if insecure_http {
        "Path=/; HttpOnly; SameSite=Strict"
    } else {
        "Path=/; HttpOnly; Secure; SameSite=Strict"
    }
}

/// The request's language: `Accept-Language`, English when absent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lang(pub Locale);

impl Lang {
    pub fn of(headers: &HeaderMap) -> Lang {
        Lang(
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(Locale::negotiate)
                .unwrap_or_default(),
        )
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Lang::of(&parts.headers))
    }
}

/// Every `name=value` pair of the request's `Cookie` headers.
fn cookies(headers: &HeaderMap) -> impl Iterator<Item = (&str, &str)> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
}

/// The session cookie's token, if the request has one.
pub fn session_token(headers: &HeaderMap, insecure_http: bool) -> Option<String> {
    let name = session_cookie(insecure_http);
    cookies(headers)
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The values of the device cookies (`domain::auth::known_device`) a request carries.
pub fn device_tokens(headers: &HeaderMap, insecure_http: bool) -> Vec<String> {
    use crate::domain::auth::known_device::{cookie_prefix, MAX_COOKIES};
    let prefix = cookie_prefix(insecure_http);
    cookies(headers)
        .filter(|(k, _)| k.starts_with(prefix))
        .map(|(_, v)| v.to_string())
        .take(MAX_COOKIES)
        .collect()
}

/// The logged-in caller.
pub struct Authed(pub Authenticated);

impl FromRequestParts<AppState> for Authed {
    type Rejection = ApiError;

    // The cookie is a secret: nothing of the request goes into this span.
    #[tracing::instrument(level = "debug", skip_all)]
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, ApiError> {
        let token = session_token(&parts.headers, st.policy.insecure_http)
            .ok_or(AuthError::Unauthenticated)?;
        Ok(Authed(st.authenticate(&token, st.clock.now()).await?))
    }
}

/// A logged-in help-desk account.
pub struct HelpDesk(pub Authenticated);

impl FromRequestParts<AppState> for HelpDesk {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, ApiError> {
        let Authed(me) = Authed::from_request_parts(parts, st).await?;
        if crate::domain::access::is_help_desk(&me.account) {
            Ok(HelpDesk(me))
        } else {
            Err(ApiError::forbidden())
        }
    }
}

/// JSON body extractor whose rejections use the one error shape.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(rej) => Err(match rej.status() {
                StatusCode::PAYLOAD_TOO_LARGE => {
                    ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge)
                }
                StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    ErrorCode::UnsupportedMediaType,
                ),
                _ => ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::Malformed),
            }),
        }
    }
}

/// The client's address; `None` when the server was not given the peer (in-process
/// tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub Option<IpAddr>);

impl ClientAddr {
    /// The client behind `peer`: the peer itself, unless it is a trusted proxy; then the
    /// right-most `X-Forwarded-For` address that is not itself a trusted proxy (the
    /// left-most ones are whatever the client chose to write).
    pub fn resolve(
        peer: Option<IpAddr>,
        headers: &HeaderMap,
        trusted: &[crate::net::IpRange],
    ) -> ClientAddr {
        let Some(peer) = peer else {
            return ClientAddr(None);
        };
        let trusted = |a: &IpAddr| crate::net::any_contains(trusted, *a);
        if !trusted(&peer) {
            if headers.contains_key("x-forwarded-for") {
                untrusted_forwarded_for(peer);
            }
            return ClientAddr(Some(peer));
        }
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<IpAddr>().ok())
            .collect::<Vec<_>>();
        let client = forwarded
            .iter()
            .rev()
            .find(|a| !trusted(a))
            .or(forwarded.first())
            .copied()
            .unwrap_or(peer);
        ClientAddr(Some(client))
    }
}

/// A peer that is not a trusted proxy sent `X-Forwarded-For`: most often a proxy the
/// operator forgot to name, which makes every client behind it one address to the rate
/// limits and lockouts. Logged at most once a minute.
fn untrusted_forwarded_for(peer: IpAddr) {
    use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
    static LAST: AtomicU64 = AtomicU64::new(0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let last = LAST.load(Relaxed);
    if now >= last + 60 && LAST.compare_exchange(last, now, Relaxed, Relaxed).is_ok() {
        tracing::warn!(
            %peer,
            "a request carries X-Forwarded-For from a peer that is not a --trusted-proxy; the \
             header is ignored, so if this peer is your reverse proxy every client behind it \
             shares one address's rate limits and lockouts: name it (or its range) with \
             --trusted-proxy"
        );
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(parts
            .extensions
            .get::<ClientAddr>()
            .copied()
            .unwrap_or(ClientAddr(None)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn range(s: &str) -> crate::net::IpRange {
        s.parse().unwrap()
    }

    fn xff(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", v.parse().unwrap());
        h
    }

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_proxy() {
        let proxy = ip("10.0.0.2");
        let h = xff("198.51.100.7, 203.0.113.9");
        // An untrusted peer's header is ignored: it is the client.
        assert_eq!(
            ClientAddr::resolve(Some(ip("192.0.2.1")), &h, &[range("10.0.0.2")]).0,
            Some(ip("192.0.2.1"))
        );
        // Through the proxy: the right-most address the proxy saw, not what the
        // client wrote on the left.
        assert_eq!(
            ClientAddr::resolve(Some(proxy), &h, &[range("10.0.0.2")]).0,
            Some(ip("203.0.113.9"))
        );
        // Two proxies in a row are both skipped.
        let h = xff("198.51.100.7, 10.0.0.3");
        assert_eq!(
            ClientAddr::resolve(Some(proxy), &h, &[range("10.0.0.2"), range("10.0.0.3")]).0,
            Some(ip("198.51.100.7"))
        );
        // Or one range that holds them both (a load balancer's subnet).
        assert_eq!(
            ClientAddr::resolve(Some(proxy), &h, &[range("10.0.0.0/24")]).0,
            Some(ip("198.51.100.7"))
        );
        // A trusted proxy that sent no header is the client.
        assert_eq!(
            ClientAddr::resolve(Some(proxy), &HeaderMap::new(), &[range("10.0.0.2")]).0,
            Some(proxy)
        );
    }

    #[test]
    fn the_cookie_is_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "a=1; __Host-umbral_session=tok; b=2".parse().unwrap(),
        );
        assert_eq!(session_token(&h, false).as_deref(), Some("tok"));
        assert_eq!(session_token(&HeaderMap::new(), false), None);
        // Over plain http only the plain name counts, and the reverse.
        assert_eq!(session_token(&h, true), None);
        let mut plain = HeaderMap::new();
        plain.insert(header::COOKIE, "umbral_session=p".parse().unwrap());
        assert_eq!(session_token(&plain, true).as_deref(), Some("p"));
        assert_eq!(session_token(&plain, false), None);
    }
}
