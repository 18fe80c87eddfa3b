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

use gloo_net::http::{Request, RequestBuilder, Response};
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

fn reading(b: RequestBuilder, l: Locale) -> RequestBuilder {
    b.header("Accept-Language", l.tag())
}

fn changing(b: RequestBuilder, l: Locale) -> RequestBuilder {
    reading(b, l).header(SPA_HEADER, "1")
}

async fn error_of(r: Response) -> CallError {
    let status = r.status();
    match r.json::<ApiError>().await {
        Ok(e) => CallError::Api {
            status,
            body: e.error,
        },
        Err(_) => CallError::Network,
    }
}

/// The answer's JSON body.
async fn json<T: DeserializeOwned>(r: Result<Response, gloo_net::Error>) -> Answer<T> {
    let r = r.map_err(|_| CallError::Network)?;
    if r.ok() {
        r.json::<T>().await.map_err(|_| CallError::Network)
    } else {
        Err(error_of(r).await)
    }
}

/// An answer with no body (202, 204).
async fn empty(r: Result<Response, gloo_net::Error>) -> Answer<()> {
    let r = r.map_err(|_| CallError::Network)?;
    if r.ok() {
        Ok(())
    } else {
        Err(error_of(r).await)
    }
}

async fn get<T: DeserializeOwned>(l: Locale, path: &str) -> Answer<T> {
    json(reading(Request::get(&url(path)), l).send().await).await
}

fn with_body<B: Serialize>(b: RequestBuilder, l: Locale, body: &B) -> Result<Request, CallError> {
    changing(b, l).json(body).map_err(|_| CallError::Network)
}

async fn post<B: Serialize, T: DeserializeOwned>(l: Locale, path: &str, body: &B) -> Answer<T> {
    json(with_body(Request::post(&url(path)), l, body)?.send().await).await
}

async fn put<B: Serialize, T: DeserializeOwned>(l: Locale, path: &str, body: &B) -> Answer<T> {
    json(with_body(Request::put(&url(path)), l, body)?.send().await).await
}

/// A PUT whose answer has no body.
async fn put_done<B: Serialize>(l: Locale, path: &str, body: &B) -> Answer<()> {
    empty(with_body(Request::put(&url(path)), l, body)?.send().await).await
}

/// A POST whose answer has no body.
async fn post_done<B: Serialize>(l: Locale, path: &str, body: &B) -> Answer<()> {
    empty(with_body(Request::post(&url(path)), l, body)?.send().await).await
}

/// A POST with no body and none in the answer (send again, ask for a code).
async fn post_nothing(l: Locale, path: &str) -> Answer<()> {
    empty(changing(Request::post(&url(path)), l).send().await).await
}

/// A POST with no body whose answer has one.
async fn post_nothing_json<T: DeserializeOwned>(l: Locale, path: &str) -> Answer<T> {
    json(changing(Request::post(&url(path)), l).send().await).await
}

async fn patch<B: Serialize, T: DeserializeOwned>(l: Locale, path: &str, body: &B) -> Answer<T> {
    json(with_body(Request::patch(&url(path)), l, body)?.send().await).await
}

/// A DELETE whose answer has a body.
async fn delete_json<T: DeserializeOwned>(l: Locale, path: &str) -> Answer<T> {
    json(changing(Request::delete(&url(path)), l).send().await).await
}

async fn delete(l: Locale, path: &str) -> Answer<()> {
    empty(changing(Request::delete(&url(path)), l).send().await).await
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
