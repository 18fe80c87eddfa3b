//! The help desk's support of a person who lost their devices (issue 27): the account
//! card's support panel, the caller check, and the three actions it allows. Re-exported
//! by `api::access`, where the account card's other types are.
use super::error::FieldErrors;
use crate::date::Date;
use crate::validate::contact::{self, FieldRule};
use crate::validate::fields::put;
use serde::{Deserialize, Serialize};

/// The account card's support panel (issue 27): the devices (masked), the security
/// question to ask, and whether this agent has verified the caller.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportView {
    /// The security question's code (the answer is never shown).
    pub security_question: String,
    pub devices: Vec<super::auth::DeviceView>,
    pub recovery_codes_left: u8,
    pub email_verified: bool,
    /// Set while this agent's check of the caller holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller: Option<CallerVerified>,
}

/// `POST /api/v1/admin/accounts/{user_id}/caller-codes`: where to send the code the
/// caller reads out.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CallerCodeRequest {
    /// `email` (the verified address) or `phone` (a verified SMS or voice device).
    #[cfg_attr(feature = "openapi", schema(pattern = "^(email|phone)$"))]
    pub channel: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallerCodeSent {
    /// Where it went, masked.
    pub masked: String,
}

/// `POST /api/v1/admin/accounts/{user_id}/caller-verification`: the code the caller
/// read out, or (when the email and phone are lost) their security answer and date of
/// birth, typed by the agent.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CallerProof {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_answer: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
}

impl CallerProof {
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        let code = self.code.as_deref().unwrap_or("").trim();
        if !code.is_empty() {
            put(&mut e, "code", super::auth::code(code));
            return e;
        }
        let answer = self.security_answer.as_deref().unwrap_or("").trim();
        let dob = self.date_of_birth.as_deref().unwrap_or("").trim();
        if answer.is_empty() {
            put(&mut e, "security_answer", Err(FieldRule::Required));
        }
        if dob.is_empty() {
            put(&mut e, "date_of_birth", Err(FieldRule::Required));
        } else if Date::parse(dob).is_none() {
            put(&mut e, "date_of_birth", Err(FieldRule::Invalid));
        }
        e
    }
}

/// The caller is verified: by which method, and until when the agent may act.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallerVerified {
    /// `email_code`, `phone_code` or `security_answer_and_date_of_birth`.
    pub method: String,
    pub until: u64,
}

/// `POST /api/v1/admin/accounts/{user_id}/phone-release`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PhoneRelease {
    /// The full number, as the caller gives it (10 digits).
    pub phone: String,
}

/// `POST /api/v1/admin/accounts/{user_id}/email-correction`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct EmailCorrection {
    pub email: String,
}

impl EmailCorrection {
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        put(&mut e, "email", contact::email(&self.email));
        e
    }
}
