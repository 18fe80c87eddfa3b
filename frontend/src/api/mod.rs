//! The one typed client of the JSON API: a function per endpoint over the `shared`
//! types, grouped by resource (`auth`, `access`, `admin`, and `registration` here). Pages
//! never build a path, a method or a JSON value themselves.
//!
//! Every request carries the caller's language; a state change also carries the SPA's
//! request header, without which the server refuses it. The session cookie travels by
//! itself (same origin, `HttpOnly`).
pub mod access;
pub mod admin;
pub mod auth;
pub mod documents;
pub mod oidc;
pub mod webauthn;

use gloo_net::http::Request;
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::error::{ApiError, ErrorBody, ErrorCode, FieldErrors};
use shared::api::registration::{RegistrationCreated, RegistrationRequest};
use shared::api::security_question::SecurityQuestion;
use shared::api::SPA_HEADER;
use shared::i18n::Locale;

/// What a call can end in besides success: an API error body, or no answer at all.
#[derive(Clone, Debug, PartialEq)]
pub enum CallError {
    Api { status: u16, body: ErrorBody },
    Network,
}

pub type Answer<T> = Result<T, CallError>;

fn url(path: &str) -> String {
    format!("/api/v1{path}")
}

/// The methods the API uses.
#[derive(Clone, Copy, PartialEq)]
enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

/// What a request sends.
enum Body {
    None,
    /// JSON text.
    Json(String),
    /// A multipart form the browser writes (files).
    Form(web_sys::FormData),
}

/// One request on the wire: the answer's body text when it succeeded, its error otherwise.
/// Every request carries the caller's language; every state change (all but GET) the SPA's
/// header too. Not generic, so the SPA carries one copy of it whatever the types: only
/// encoding the body and decoding the answer are per type (issue 16: the SPA's weight).
async fn exchange(method: Method, l: Locale, path: &str, body: Body) -> Result<String, CallError> {
    let url = url(path);
    let b = match method {
        Method::Get => Request::get(&url),
        Method::Post => Request::post(&url),
        Method::Put => Request::put(&url),
        Method::Patch => Request::patch(&url),
        Method::Delete => Request::delete(&url),
    }
    .header("Accept-Language", l.tag());
    let b = if method == Method::Get {
        b
    } else {
        b.header(SPA_HEADER, "1")
    };
    let sent = match body {
        Body::None => b.send().await,
        Body::Json(text) => {
            b.header("Content-Type", "application/json")
                .body(text)
                .map_err(|_| CallError::Network)?
                .send()
                .await
        }
        Body::Form(form) => b.body(form).map_err(|_| CallError::Network)?.send().await,
    };
    let r = sent.map_err(|_| CallError::Network)?;
    let status = r.status();
    let ok = r.ok();
    let text = r.text().await.map_err(|_| CallError::Network)?;
    if ok {
        Ok(text)
    } else {
        Err(match serde_json::from_str::<ApiError>(&text) {
            Ok(e) => CallError::Api {
                status,
                body: e.error,
            },
            Err(_) => CallError::Network,
        })
    }
}

fn encode<B: Serialize>(body: &B) -> Result<Body, CallError> {
    serde_json::to_string(body)
        .map(Body::Json)
        .map_err(|_| CallError::Network)
}

fn decode<T: DeserializeOwned>(text: &str) -> Answer<T> {
    serde_json::from_str(text).map_err(|_| CallError::Network)
}

async fn get<T: DeserializeOwned>(l: Locale, path: &str) -> Answer<T> {
    decode(&exchange(Method::Get, l, path, Body::None).await?)
}

async fn post<B: Serialize, T: DeserializeOwned>(l: Locale, path: &str, body: &B) -> Answer<T> {
    decode(&exchange(Method::Post, l, path, encode(body)?).await?)
}

async fn put<B: Serialize, T: DeserializeOwned>(l: Locale, path: &str, body: &B) -> Answer<T> {
    decode(&exchange(Method::Put, l, path, encode(body)?).await?)
}

/// A PUT whose answer has no body.
async fn put_done<B: Serialize>(l: Locale, path: &str, body: &B) -> Answer<()> {
    exchange(Method::Put, l, path, encode(body)?)
        .await
        .map(drop)
}

/// A POST whose answer has no body.
async fn post_done<B: Serialize>(l: Locale, path: &str, body: &B) -> Answer<()> {
    exchange(Method::Post, l, path, encode(body)?)
        .await
        .map(drop)
}

/// A POST with no body and none in the answer (send again, ask for a code).
async fn post_nothing(l: Locale, path: &str) -> Answer<()> {
    exchange(Method::Post, l, path, Body::None).await.map(drop)
}

/// A POST with no body whose answer has one.
async fn post_nothing_json<T: DeserializeOwned>(l: Locale, path: &str) -> Answer<T> {
    decode(&exchange(Method::Post, l, path, Body::None).await?)
}

/// A POST of a multipart form (the browser writes the body and its boundary).
async fn post_form<T: DeserializeOwned>(
    l: Locale,
    path: &str,
    form: web_sys::FormData,
) -> Answer<T> {
    decode(&exchange(Method::Post, l, path, Body::Form(form)).await?)
}

async fn patch<B: Serialize, T: DeserializeOwned>(l: Locale, path: &str, body: &B) -> Answer<T> {
    decode(&exchange(Method::Patch, l, path, encode(body)?).await?)
}

/// A DELETE whose answer has a body.
async fn delete_json<T: DeserializeOwned>(l: Locale, path: &str) -> Answer<T> {
    decode(&exchange(Method::Delete, l, path, Body::None).await?)
}

async fn delete(l: Locale, path: &str) -> Answer<()> {
    exchange(Method::Delete, l, path, Body::None)
        .await
        .map(drop)
}

/// A path segment from user data (IDs in paths), escaped.
fn seg(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

pub async fn security_questions(l: Locale) -> Answer<Vec<SecurityQuestion>> {
    get(l, "/security-questions").await
}

/// The public system status.
pub async fn status(l: Locale) -> Answer<shared::api::status::StatusView> {
    get(l, "/status").await
}

/// "Send a link to this page".
pub async fn page_link(l: Locale, body: &shared::api::share::PageLinkInput) -> Answer<()> {
    post_done(l, "/page-links", body).await
}

/// The unsubscribe link of an alert email: alert emails off (or on again).
pub async fn alert_subscription(
    l: Locale,
    body: &shared::api::alert::SubscriptionInput,
) -> Answer<shared::api::alert::SubscriptionResult> {
    post(l, "/alerts/subscription", body).await
}

pub async fn register(l: Locale, body: &RegistrationRequest) -> Answer<RegistrationCreated> {
    post(l, "/registrations", body).await
}

impl CallError {
    /// The server's localized message, or the network one.
    pub fn message(&self, l: Locale) -> String {
        match self {
            CallError::Api { body, .. } => body.message.clone(),
            CallError::Network => crate::i18n::t(l, "error-network"),
        }
    }

    /// The error's code; `None` when the server was not reached.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            CallError::Api { body, .. } => Some(body.code),
            CallError::Network => None,
        }
    }

    /// For a maintenance: when it ends.
    pub fn until(&self) -> Option<u64> {
        match self {
            CallError::Api { body, .. } => body.until,
            CallError::Network => None,
        }
    }

    /// Whether this is the error `code`.
    pub fn is(&self, code: ErrorCode) -> bool {
        self.code() == Some(code)
    }

    pub fn fields(&self) -> FieldErrors {
        match self {
            CallError::Api { body, .. } => body.fields.clone(),
            CallError::Network => Default::default(),
        }
    }

    /// Where a form shows this error: under its fields, or else in the alert.
    pub fn for_form(&self, l: Locale) -> (FieldErrors, Option<String>) {
        let fields = self.fields();
        let alert = fields.is_empty().then(|| self.message(l));
        (fields, alert)
    }

    /// The session is gone: the SPA says so and returns to login.
    pub fn is_session_end(&self) -> bool {
        matches!(self, CallError::Api { status: 401, body } if body.code.is_session_end())
    }
}
