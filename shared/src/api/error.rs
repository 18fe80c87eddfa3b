//! The one error shape: `{"error": {"code", "message", "fields"?}}`, and the closed list
//! of codes both sides match on (never a string comparison).
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Field name (nested fields joined with dots, as `address.zip`) to the rule codes it violates.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

macro_rules! error_codes {
    ($($variant:ident => $code:literal,)*) => {
        /// Every error code the API answers with. The server's one status table maps each
        /// domain error to one of these; the SPA matches on them. Each has a localized
        /// message `error-<code>` in both catalogs.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $($variant,)*
            /// A code this build does not know (a newer server): shown by its message.
            #[serde(other)]
            Unknown,
        }

        impl ErrorCode {
            /// Every known code, for the catalog test.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The code as it is on the wire and in message keys.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                    ErrorCode::Unknown => "unknown",
                }
            }
        }
    };
}

error_codes! {
    Malformed => "malformed",
    PayloadTooLarge => "payload_too_large",
    UnsupportedMediaType => "unsupported_media_type",
    ValidationFailed => "validation_failed",
    Conflict => "conflict",
    Forbidden => "forbidden",
    NotFound => "not_found",
    Internal => "internal",
    InvalidCredentials => "invalid_credentials",
    AccountLocked => "account_locked",
    AccountInactive => "account_inactive",
    ChallengeExpired => "challenge_expired",
    WrongStep => "wrong_step",
    InvalidPasscode => "invalid_passcode",
    Unauthenticated => "unauthenticated",
    SessionExpired => "session_expired",
    ReauthenticationRequired => "reauthentication_required",
    DeviceInUse => "device_in_use",
    LastDevice => "last_device",
    TooManyDevices => "too_many_devices",
    TooManyRequests => "too_many_requests",
    Busy => "busy",
    Unavailable => "unavailable",
    LinkInvalid => "link_invalid",
    DeliveryFailed => "delivery_failed",
    PasskeysUnavailable => "passkeys_unavailable",
    OrganizationExists => "organization_exists",
    AlreadyGranted => "already_granted",
    AlreadyPending => "already_pending",
    IdentityRequired => "identity_required",
    AlreadyDecided => "already_decided",
    IdentityStep => "identity_step",
    UseHandover => "use_handover",
    Maintenance => "maintenance",
    ApplicationMaintenance => "application_maintenance",
    ChannelUnavailable => "channel_unavailable",
    LicenceRequired => "licence_required",
    LicenceChanged => "licence_changed",
    LoginRequired => "login_required",
    NoRole => "no_role",
    InsufficientStorage => "insufficient_storage",
}

impl ErrorCode {
    /// The key of its localized message.
    pub fn message_key(self) -> String {
        format!("error-{}", self.as_str())
    }

    /// The session is gone (expired, or never was): the SPA goes back to login.
    pub fn is_session_end(self) -> bool {
        matches!(self, ErrorCode::SessionExpired | ErrorCode::Unauthenticated)
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: FieldErrors,
    /// For `maintenance`, `application_maintenance` and `channel_unavailable`: when it
    /// ends (Unix seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub error: ErrorBody,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_as_snake_case_and_unknown_ones_are_kept_apart() {
        for c in ErrorCode::ALL {
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), *c);
        }
        assert_eq!(
            serde_json::from_str::<ErrorCode>("\"from_the_future\"").unwrap(),
            ErrorCode::Unknown
        );
    }
}
