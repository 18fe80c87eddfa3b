//! The second factors beyond a passcode and the new-password check (issue 27): a
//! recovery code, a passkey's WebAuthn options and credentials (JSON passed through
//! unparsed), and `POST /password-checks`. Re-exported by `api::auth`.
use super::error::FieldErrors;
use crate::validate::contact;
use crate::validate::fields::put;
use serde::{Deserialize, Serialize};

/// WebAuthn options for the browser (`navigator.credentials.create` or `.get`), as
/// webauthn-rs makes them: the `publicKey` member, base64url where the browser wants
/// bytes (`PublicKeyCredential.parseCreationOptionsFromJSON` reads it as is). The JSON
/// passes through unparsed.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebAuthnOptions {
    #[serde(rename = "publicKey")]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub public_key: Box<serde_json::value::RawValue>,
}

/// `POST /api/v1/me/passkeys/verification`: the new credential as the browser's
/// `PublicKeyCredential.toJSON()` gives it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPasskey {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub label: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub credential: Box<serde_json::value::RawValue>,
}

/// `POST /api/v1/sessions/{challenge}/passkey`: the assertion, as `toJSON()` gives it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasskeyAssertion {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub credential: Box<serde_json::value::RawValue>,
}

/// `POST /api/v1/password-checks`: is this new password commonly used or easy to guess
/// (for the live checklist; the server checks again when the password is set)? The
/// person's user ID, names and email, when the form has them, count against it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PasswordCheck {
    #[cfg_attr(feature = "openapi", schema(max_length = 60))]
    pub password: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub context: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordCheckResult {
    pub common: bool,
}

/// `POST /api/v1/sessions/{challenge}/recovery-code`: one of the account's recovery
/// codes in place of a passcode (see `validate::recovery_code`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RecoveryCodeInput {
    /// Ten characters of Crockford's base 32, hyphens and spaces allowed (`7KQ2-9XMD-4F`).
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub code: String,
}

impl RecoveryCodeInput {
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        let rule = if self.code.trim().is_empty() {
            Err(contact::FieldRule::Required)
        } else if crate::validate::recovery_code::normalize(&self.code).is_none() {
            Err(contact::FieldRule::Invalid)
        } else {
            Ok(())
        };
        put(&mut e, "code", rule);
        e
    }
}

/// `POST /api/v1/me/recovery-codes`: a new set, shown this once (the server keeps
/// only keyed hashes); the set before it stops working.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    /// Ten codes as printed (`XXXX-XXXX-XX`).
    pub codes: Vec<String>,
    pub created_at: u64,
}
