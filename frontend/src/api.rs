//! The one typed client of the JSON API. Every request carries the caller's
//! language and, when it changes state, the SPA's request header the server requires.
use gloo_net::http::{Request, Response};
use shared::api::error::{ApiError, ErrorBody};
use shared::api::registration::{RegistrationCreated, RegistrationRequest};
use shared::api::security_question::SecurityQuestion;
use shared::i18n::Locale;

/// What a call can end in besides success: an API error body, or no answer at all.
#[derive(Clone, Debug, PartialEq)]
pub enum CallError {
    Api { status: u16, body: ErrorBody },
    Network,
}

async fn decode<T: serde::de::DeserializeOwned>(r: Response) -> Result<T, CallError> {
    if r.ok() {
        r.json::<T>().await.map_err(|_| CallError::Network)
    } else {
        let status = r.status();
        match r.json::<ApiError>().await {
            Ok(e) => Err(CallError::Api {
                status,
                body: e.error,
            }),
            Err(_) => Err(CallError::Network),
        }
    }
}

pub async fn security_questions(l: Locale) -> Result<Vec<SecurityQuestion>, CallError> {
    let r = Request::get("/api/v1/security-questions")
        .header("Accept-Language", l.tag())
        .send()
        .await
        .map_err(|_| CallError::Network)?;
    decode(r).await
}

pub async fn register(
    l: Locale,
    body: &RegistrationRequest,
) -> Result<RegistrationCreated, CallError> {
    let r = Request::post("/api/v1/registrations")
        .header("Accept-Language", l.tag())
        .header("X-Umbral-Request", "1")
        .json(body)
        .map_err(|_| CallError::Network)?
        .send()
        .await
        .map_err(|_| CallError::Network)?;
    decode(r).await
}

/// Any API call: `method` on `/api/v1{path}` with an optional JSON body. The session
/// cookie travels by itself (same origin, HttpOnly); state changes carry the header.
pub async fn call<T: serde::de::DeserializeOwned>(
    l: Locale,
    method: &str,
    path: &str,
    body: Option<&serde_json::Value>,
) -> Result<T, CallError> {
    let url = format!("/api/v1{path}");
    let builder = match method {
        "POST" => Request::post(&url),
        "PATCH" => Request::patch(&url),
        "DELETE" => Request::delete(&url),
        _ => Request::get(&url),
    }
    .header("Accept-Language", l.tag());
    let builder = if method == "GET" {
        builder
    } else {
        builder.header("X-Umbral-Request", "1")
    };
    let r = match body {
        Some(b) => {
            builder
                .json(b)
                .map_err(|_| CallError::Network)?
                .send()
                .await
        }
        None => builder.send().await,
    }
    .map_err(|_| CallError::Network)?;
    if r.ok() && (r.status() == 202 || r.status() == 204) {
        return serde_json::from_value(serde_json::Value::Null).map_err(|_| CallError::Network);
    }
    decode(r).await
}

impl CallError {
    /// The server's localized message, or the network one.
    pub fn message(&self, l: Locale) -> String {
        match self {
            CallError::Api { body, .. } => body.message.clone(),
            CallError::Network => crate::i18n::t(l, "error-network"),
        }
    }

    pub fn code(&self) -> &str {
        match self {
            CallError::Api { body, .. } => &body.code,
            CallError::Network => "network",
        }
    }

    pub fn fields(&self) -> shared::api::error::FieldErrors {
        match self {
            CallError::Api { body, .. } => body.fields.clone(),
            CallError::Network => Default::default(),
        }
    }

    /// Where a form shows this error: under its fields, or else in the alert.
    pub fn for_form(&self, l: Locale) -> (shared::api::error::FieldErrors, Option<String>) {
        let fields = self.fields();
        let alert = fields.is_empty().then(|| self.message(l));
        (fields, alert)
    }

    /// The session is gone: the SPA says so and returns to login.
    pub fn is_session_end(&self) -> bool {
        matches!(self, CallError::Api { status: 401, body } if body.code == "session_expired" || body.code == "unauthenticated")
    }
}
