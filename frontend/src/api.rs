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
