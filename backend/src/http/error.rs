//! The one error table of the API.
//!
//! Every handler returns `Result<_, ApiError>` and uses `?`: the `From` impls below turn
//! each domain error into a status and an [`ErrorCode`], and they are the only place
//! where that happens. An `ApiError` carries no sentence; the message is written at the
//! edge by `trace::localize`, in the language of the request, so a conversion never needs to
//! know who asked. (Kanidm's `https/errors.rs` and axum's `examples/error-handling` have
//! the same split.)
use crate::domain::access::DomainError;
use crate::domain::auth::AuthError;
use crate::domain::catalog;
use crate::domain::registration::RegisterError;
use crate::store::StoreError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::api::error::{ErrorBody, ErrorCode, FieldErrors};
use shared::i18n::Locale;

/// `Retry-After` of a 503 `unavailable`: PostgreSQL restarting takes seconds.
pub const UNAVAILABLE_RETRY_SECS: u64 = 5;

/// What every handler returns.
pub type ApiResult<T> = Result<T, ApiError>;

/// An API error: a status, a code, and for rule violations the rules each field broke.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub fields: FieldErrors,
    /// Seconds, for `Retry-After` on 429, 423 and 503.
    pub retry_after: Option<u64>,
    /// For `maintenance`: when it ends.
    pub until: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode) -> ApiError {
        ApiError {
            status,
            code,
            fields: FieldErrors::new(),
            retry_after: None,
            until: None,
        }
    }

    /// 503 `maintenance` until `until` (seconds since the epoch), `now` being now.
    pub fn maintenance(until: u64, now: u64) -> ApiError {
        let mut e = ApiError::new(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Maintenance)
            .retry(until.saturating_sub(now));
        e.until = Some(until);
        e
    }

    /// 429 `too_many_requests`, to come back after `secs`.
    pub fn too_many(secs: u64) -> ApiError {
        ApiError::new(StatusCode::TOO_MANY_REQUESTS, ErrorCode::TooManyRequests).retry(secs)
    }

    /// 503 `busy`: the hashing queue is full.
    pub fn busy() -> ApiError {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Busy).retry(1)
    }

    fn retry(mut self, secs: u64) -> ApiError {
        self.retry_after = Some(secs.max(1));
        self
    }

    /// 422 with every violated rule of every field.
    pub fn invalid(fields: FieldErrors) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: ErrorCode::ValidationFailed,
            fields,
            retry_after: None,
            until: None,
        }
    }

    /// A conflict that belongs to one field (`user_id: taken`, `tin: organization_exists`).
    fn conflict_on(code: ErrorCode, field: &str, rule: &str) -> ApiError {
        ApiError {
            status: StatusCode::CONFLICT,
            code,
            fields: [(field.to_string(), vec![rule.to_string()])].into(),
            retry_after: None,
            until: None,
        }
    }

    pub fn not_found() -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound)
    }

    pub fn forbidden() -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden)
    }

    /// The wire body, with the message in `l`.
    pub fn body(&self, l: Locale) -> shared::api::error::ApiError {
        shared::api::error::ApiError {
            error: ErrorBody {
                code: self.code,
                message: catalog().text(l, &self.code.message_key()),
                fields: self.fields.clone(),
                until: self.until,
            },
        }
    }

    /// A store failure: 503 `unavailable` (come back in a few seconds) when the
    /// database is out of reach, else 500 `internal`.
    fn store(e: StoreError) -> ApiError {
        if let StoreError::Unavailable(why) = &e {
            tracing::warn!(error = %why, "the database is unavailable");
            return ApiError::unavailable();
        }
        tracing::error!(error = %e, "store failure");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal)
    }

    /// 503 `unavailable`: the database is out of reach; try again in a few seconds.
    pub fn unavailable() -> ApiError {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Unavailable)
            .retry(UNAVAILABLE_RETRY_SECS)
    }
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> ApiError {
        use AuthError::*;
        use ErrorCode as C;
        let (status, code) = match e {
            Invalid(fields) => return ApiError::invalid(fields),
            Store(e) => return ApiError::store(e),
            InvalidCredentials => (StatusCode::UNAUTHORIZED, C::InvalidCredentials),
            Locked => (StatusCode::LOCKED, C::AccountLocked),
            Inactive => (StatusCode::LOCKED, C::AccountInactive),
            Maintenance { until, now } => return ApiError::maintenance(until, now),
            ApplicationMaintenance { until, now } => {
                let mut e = ApiError::maintenance(until, now);
                e.code = C::ApplicationMaintenance;
                return e;
            }
            ChannelUnavailable { until, now } => {
                let mut e = ApiError::maintenance(until, now);
                e.code = C::ChannelUnavailable;
                return e;
            }
            ChallengeExpired => (StatusCode::UNAUTHORIZED, C::ChallengeExpired),
            WrongStep => (StatusCode::CONFLICT, C::WrongStep),
            InvalidPasscode => (StatusCode::UNAUTHORIZED, C::InvalidPasscode),
            Unauthenticated => (StatusCode::UNAUTHORIZED, C::Unauthenticated),
            SessionExpired => (StatusCode::UNAUTHORIZED, C::SessionExpired),
            ReauthRequired => (StatusCode::FORBIDDEN, C::ReauthenticationRequired),
            NotFound => (StatusCode::NOT_FOUND, C::NotFound),
            LastDevice => (StatusCode::CONFLICT, C::LastDevice),
            TooManyDevices => (StatusCode::CONFLICT, C::TooManyDevices),
            TooMany(secs) => return ApiError::too_many(secs),
            Busy => return ApiError::busy(),
            LinkInvalid => (StatusCode::GONE, C::LinkInvalid),
            Delivery => (StatusCode::BAD_GATEWAY, C::DeliveryFailed),
            PasskeysOff => (StatusCode::CONFLICT, C::PasskeysUnavailable),
        };
        ApiError::new(status, code)
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> ApiError {
        use DomainError::*;
        use ErrorCode as C;
        let (status, code) = match e {
            Invalid(fields) => return ApiError::invalid(fields),
            Auth(e) => return e.into(),
            Store(e) => return ApiError::store(e),
            OrganizationExists => {
                return ApiError::conflict_on(C::OrganizationExists, "tin", "organization_exists")
            }
            Forbidden => (StatusCode::FORBIDDEN, C::Forbidden),
            NotFound => (StatusCode::NOT_FOUND, C::NotFound),
            AlreadyGranted => (StatusCode::CONFLICT, C::AlreadyGranted),
            AlreadyPending => (StatusCode::CONFLICT, C::AlreadyPending),
            IdentityRequired => (StatusCode::CONFLICT, C::IdentityRequired),
            AlreadyDecided => (StatusCode::CONFLICT, C::AlreadyDecided),
            IdentityStep => (StatusCode::CONFLICT, C::IdentityStep),
            UseHandover => (StatusCode::CONFLICT, C::UseHandover),
            LicenceRequired => (StatusCode::FORBIDDEN, C::LicenceRequired),
            LicenceChanged => (StatusCode::CONFLICT, C::LicenceChanged),
            TooLarge => {
                let mut e = ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, C::PayloadTooLarge);
                e.fields.insert("files".into(), vec!["too_large".into()]);
                return e;
            }
            Quota => {
                let mut e = ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, C::PayloadTooLarge);
                e.fields.insert("files".into(), vec!["quota".into()]);
                return e;
            }
            DiskFull => (StatusCode::INSUFFICIENT_STORAGE, C::InsufficientStorage),
            Io(e) => {
                tracing::error!(error = %e, "document storage failed");
                (StatusCode::INTERNAL_SERVER_ERROR, C::Internal)
            }
        };
        ApiError::new(status, code)
    }
}

impl From<crate::domain::oidc::OidcError> for ApiError {
    fn from(e: crate::domain::oidc::OidcError) -> ApiError {
        use crate::domain::oidc::OidcError::*;
        use ErrorCode as C;
        let (status, code) = match e {
            Store(e) => return ApiError::store(e),
            NotFound | InvalidClient => (StatusCode::NOT_FOUND, C::NotFound),
            LoginRequired => (StatusCode::UNAUTHORIZED, C::LoginRequired),
            NoRole => (StatusCode::FORBIDDEN, C::NoRole),
            LicenceRequired => (StatusCode::FORBIDDEN, C::LicenceRequired),
            Closed(e) => return e.into(),
            _ => (StatusCode::BAD_REQUEST, C::Malformed),
        };
        ApiError::new(status, code)
    }
}

impl From<RegisterError> for ApiError {
    fn from(e: RegisterError) -> ApiError {
        match e {
            RegisterError::Invalid(fields) => ApiError::invalid(fields),
            RegisterError::Taken => ApiError::conflict_on(ErrorCode::Conflict, "user_id", "taken"),
            RegisterError::Busy => ApiError::busy(),
            RegisterError::Store(e) => ApiError::store(e),
        }
    }
}

/// The error answers any operation may give, in the OpenAPI document: the body's code says
/// which (`ErrorCode`); 423, 429 and 503 carry `Retry-After`.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum Errors {
    /// Refused: `validation_failed` with every rule each field broke, `malformed`,
    /// `unauthenticated`, `forbidden`, `not_found`, `conflict`, `account_locked`,
    /// `too_many_requests` and the other codes of `ErrorCode`.
    #[response(status = "4XX")]
    Refused(shared::api::error::ApiError),
    /// `busy` (with `Retry-After`), `delivery_failed` or `internal`.
    #[response(status = "5XX")]
    Failed(shared::api::error::ApiError),
}

impl IntoResponse for ApiError {
    /// Renders in English and leaves the error in the response's extensions, where
    /// `trace::localize` finds it and writes the message in the request's language.
    fn into_response(self) -> Response {
        let mut r = (self.status, Json(self.body(Locale::En))).into_response();
        if let Some(secs) = self.retry_after {
            r.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        r.extensions_mut().insert(self);
        r
    }
}
