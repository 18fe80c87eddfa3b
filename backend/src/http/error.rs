//! One error type that renders as `{"error": {"code", "message", "fields"?}}`, with
//! the message in the request's language.
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::api::error::{ApiError, ErrorBody, FieldErrors};
use shared::i18n::Locale;

#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub body: ErrorBody,
}

pub use crate::domain::catalog;

impl AppError {
    pub fn new(l: Locale, status: StatusCode, code: &str) -> AppError {
        AppError::fields(l, status, code, FieldErrors::new())
    }

    pub fn fields(l: Locale, status: StatusCode, code: &str, fields: FieldErrors) -> AppError {
        AppError {
            status,
            body: ErrorBody {
                code: code.to_string(),
                message: catalog().text(l, &format!("error-{code}")),
                fields,
            },
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        (self.status, Json(ApiError { error: self.body })).into_response()
    }
}
