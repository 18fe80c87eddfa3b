//! Login, MFA devices, sessions and account recovery: the bodies of `/api/v1/sessions`,
//! `/api/v1/me/...`, `/api/v1/password-resets`, `/api/v1/user-id-reminders` and
//! `/api/v1/unlocks`, with the checks the SPA and the server share.
//!
//! The rules the sources fix, in our words:
//! - every login asks for a passcode from one of the person's MFA devices (`000_…`, the
//!   MFA FAQ);
//! - a passcode goes to one device at a time (`000_…`);
//! - the kinds of device are a text message, an authenticator app (Google
//!   Authenticator, Okta Verify), and an automated voice call (`001_…`, the MFA
//!   registration guide); Umbral adds email and passkeys;
//! - a device belongs to one account only (`000_…`).
use super::error::FieldErrors;
use crate::validate::fields::{put, put_all};
use crate::validate::{contact, password, user_id};
use serde::{Deserialize, Serialize};

// Recovery codes, passkeys and the new-password check (issue 27).
pub use super::second_factor::*;

/// Passcodes, delivered or from an authenticator app, are six digits.
pub const CODE_LEN: usize = 6;
/// Longest device label.
pub const LABEL_MAX: usize = 40;

/// `POST /api/v1/sessions`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct LoginRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub user_id: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub password: String,
}

impl LoginRequest {
    /// Only presence is checked: telling a caller that a user ID breaks the ID rules
    /// would say nothing useful and the rules may have changed since it was made.
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        put(&mut e, "user_id", contact::text(&self.user_id, 200));
        if self.password.is_empty() {
            put(&mut e, "password", Err(contact::FieldRule::Required));
        }
        e
    }
}

/// What the login must do after the password.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Next {
    /// First login: "Send me an email", then type the code.
    VerifyEmail,
    /// No MFA device yet: enrol one.
    EnrollDevice,
    /// Pick a device, get or read its passcode, type it.
    Passcode,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    /// Google Authenticator, Okta Verify, Symantec VIP or any RFC 6238 app.
    Authenticator,
    /// Text message.
    Sms,
    /// Interactive voice response: a call reads the code out.
    Voice,
    Email,
    /// A passkey or security key (WebAuthn, user verification required): the
    /// phishing-resistant second factor NIST SP 800-63B-4 asks AAL2 to offer (issue 27).
    Passkey,
}

impl DeviceKind {
    pub const ALL: [DeviceKind; 5] = [
        DeviceKind::Authenticator,
        DeviceKind::Sms,
        DeviceKind::Voice,
        DeviceKind::Email,
        DeviceKind::Passkey,
    ];

    /// The kinds added with a code (the device form): all but the passkey, which the
    /// browser makes.
    pub const WITH_CODES: [DeviceKind; 4] = [
        DeviceKind::Authenticator,
        DeviceKind::Sms,
        DeviceKind::Voice,
        DeviceKind::Email,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DeviceKind::Authenticator => "authenticator",
            DeviceKind::Sms => "sms",
            DeviceKind::Voice => "voice",
            DeviceKind::Email => "email",
            DeviceKind::Passkey => "passkey",
        }
    }

    pub fn from_code(s: &str) -> Option<DeviceKind> {
        DeviceKind::ALL.into_iter().find(|k| k.code() == s)
    }

    /// Whether the server sends the passcode (text, call, email).
    pub fn is_delivered(self) -> bool {
        matches!(
            self,
            DeviceKind::Sms | DeviceKind::Voice | DeviceKind::Email
        )
    }

    pub fn uses_phone(self) -> bool {
        matches!(self, DeviceKind::Sms | DeviceKind::Voice)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeviceStatus {
    /// Added, waiting for its first code.
    Pending,
    Active,
}

/// A device as the API shows it: never the number or address in full.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceView {
    pub id: String,
    pub kind: DeviceKind,
    pub label: String,
    /// `(***) ***-0100` or `m***@example.com`; empty for an authenticator.
    pub masked: String,
    pub status: DeviceStatus,
    /// A new number or address waiting for its code, masked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_masked: Option<String>,
    /// Its channel is out of service (a scheduled outage) until then: it cannot be
    /// chosen at login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable_until: Option<u64>,
}

/// The answer to a correct password.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginChallenge {
    pub challenge: String,
    pub next: Next,
    /// Active devices only.
    pub devices: Vec<DeviceView>,
    pub default_device: Option<String>,
    /// The registered email, masked, for the "Send me an email" step.
    pub email_masked: String,
}

/// `{"code"}`: an email verification or device verification code.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CodeInput {
    /// Six digits (spaces allowed, as people copy "123 456").
    #[cfg_attr(feature = "openapi", schema(pattern = r"^\s*[0-9]{3}\s*[0-9]{3}\s*$"))]
    pub code: String,
}

/// A six-digit code: `required`, or `invalid` unless exactly six digits (spaces allowed,
/// as people copy "123 456").
pub fn code(s: &str) -> Result<(), contact::FieldRule> {
    let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() {
        Err(contact::FieldRule::Required)
    } else if digits.len() == CODE_LEN && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(contact::FieldRule::Invalid)
    }
}

/// The code without the spaces people type or paste.
pub fn normalize_code(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

impl CodeInput {
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        put(&mut e, "code", code(&self.code));
        e
    }
}

/// `POST /api/v1/sessions/{challenge}/passcode-request`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PasscodeRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub device_id: String,
}

/// `POST /api/v1/sessions/{challenge}/passcode`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PasscodeInput {
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub device_id: String,
    /// Six digits (spaces allowed).
    #[cfg_attr(feature = "openapi", schema(pattern = r"^\s*[0-9]{3}\s*[0-9]{3}\s*$"))]
    pub code: String,
}

impl PasscodeInput {
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        if self.device_id.is_empty() {
            put(&mut e, "device_id", Err(contact::FieldRule::Required));
        }
        put(&mut e, "code", code(&self.code));
        e
    }
}

/// `POST /api/v1/me/devices` (and during a first login's enrolment).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewDevice {
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

fn label(e: &mut FieldErrors, l: &Option<String>) {
    put(
        e,
        "label",
        contact::optional_text(l.as_deref().unwrap_or(""), LABEL_MAX),
    );
}

impl NewDevice {
    /// The kind must be known; SMS and voice need a 10-digit US phone number, email an
    /// address; the label is optional and at most 40 characters.
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        label(&mut e, &self.label);
        match DeviceKind::from_code(&self.kind) {
            None if self.kind.is_empty() => put(&mut e, "kind", Err(contact::FieldRule::Required)),
            None => put(&mut e, "kind", Err(contact::FieldRule::Invalid)),
            Some(k) if k.uses_phone() => put(
                &mut e,
                "phone",
                contact::phone(self.phone.as_deref().unwrap_or("")),
            ),
            Some(DeviceKind::Email) => put(
                &mut e,
                "email",
                contact::email(self.email.as_deref().unwrap_or("")),
            ),
            Some(_) => {}
        }
        e
    }
}

/// `201` to a new device. For an authenticator: the `otpauth://` URI, the secret as
/// base32 text for typing in by hand, and the URI as a QR code (an SVG data URI).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceCreated {
    pub id: String,
    pub status: DeviceStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otpauth_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr_svg: Option<String>,
}

/// `PATCH /api/v1/me/devices/{id}`: a new label, or a new number or address (which
/// is verified again before it replaces the old one).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DeviceEdit {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl DeviceEdit {
    pub fn validate(&self, kind: DeviceKind) -> FieldErrors {
        let mut e = FieldErrors::new();
        label(&mut e, &self.label);
        if let Some(p) = &self.phone {
            if kind.uses_phone() {
                put(&mut e, "phone", contact::phone(p));
            } else {
                put(&mut e, "phone", Err(contact::FieldRule::Invalid));
            }
        }
        if let Some(m) = &self.email {
            if kind == DeviceKind::Email {
                put(&mut e, "email", contact::email(m));
            } else {
                put(&mut e, "email", Err(contact::FieldRule::Invalid));
            }
        }
        e
    }
}

/// `GET /api/v1/me`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Profile {
    pub user_id: String,
    pub first_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    pub last_name: String,
    pub email: String,
    /// A new address waiting for the code sent to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_email: Option<String>,
    #[serde(default)]
    pub address: super::address::Address,
    #[serde(default)]
    pub phone: String,
    /// The account's language (`en`, `es`): every email follows it.
    #[serde(default)]
    pub locale: String,
    /// The security question's code.
    #[serde(default)]
    pub security_question: String,
    pub devices: Vec<DeviceView>,
    pub default_device: Option<String>,
    /// Seconds since the epoch at which the session ends if nothing happens.
    pub session_expires_at: u64,
    /// Account-wide roles (`api::account_role::AccountRole` codes), for the SPA's
    /// navigation only: the server checks them on every request.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Site preferences kept on the account.
    #[serde(default)]
    pub site: super::site::SitePrefs,
    /// Unused recovery codes of the current set (0 when none were made).
    #[serde(default)]
    pub recovery_codes_left: u8,
    /// This session was opened with a recovery code: the SPA asks the person to add or
    /// replace a device.
    #[serde(default)]
    pub recovered: bool,
}

impl Profile {
    /// Whether the person holds the account-wide role `r`.
    pub fn is(&self, r: super::account_role::AccountRole) -> bool {
        r.held_in(&self.roles)
    }
}

/// One line of the account's activity (the audit log, without secrets).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Activity {
    pub at: u64,
    pub event: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// `POST /api/v1/me/password`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// Who the password may not contain, for the live rule list.
pub fn new_password(e: &mut FieldErrors, field: &str, pw: &str, ctx: password::Context<'_>) {
    put_all(e, field, password::validate(pw, ctx));
}

impl PasswordChange {
    pub fn validate(&self, ctx: password::Context<'_>) -> FieldErrors {
        let mut e = FieldErrors::new();
        if self.current_password.is_empty() {
            put(
                &mut e,
                "current_password",
                Err(contact::FieldRule::Required),
            );
        }
        new_password(&mut e, "new_password", &self.new_password, ctx);
        e
    }
}

/// `POST /api/v1/password-resets` and `POST /api/v1/unlocks`: the user ID.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RecoveryRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 74))]
    pub user_id: String,
}

impl RecoveryRequest {
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        let t = self.user_id.trim();
        if t.is_empty() {
            put(&mut e, "user_id", Err(contact::FieldRule::Required));
        } else if t.chars().count() > user_id::MAX_LEN {
            put(&mut e, "user_id", Err(contact::FieldRule::Invalid));
        }
        e
    }
}

/// `POST /api/v1/user-id-reminders`: the email address given at registration.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct UserIdReminderRequest {
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254))]
    pub email: String,
}

impl UserIdReminderRequest {
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        put(&mut e, "email", contact::email(&self.email));
        e
    }
}

/// `GET /api/v1/password-resets/{token}` and `GET /api/v1/unlocks/{token}`: the
/// security question to answer, in the caller's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkInfo {
    pub security_question: String,
}

/// `POST /api/v1/password-resets/{token}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PasswordResetCompletion {
    pub security_answer: String,
    pub new_password: String,
}

impl PasswordResetCompletion {
    pub fn validate(&self, ctx: password::Context<'_>) -> FieldErrors {
        let mut e = FieldErrors::new();
        put(
            &mut e,
            "security_answer",
            contact::text(&self.security_answer, super::registration::ANSWER_MAX),
        );
        new_password(&mut e, "new_password", &self.new_password, ctx);
        e
    }
}

/// `POST /api/v1/unlocks/{token}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct UnlockCompletion {
    pub security_answer: String,
}

impl UnlockCompletion {
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        put(
            &mut e,
            "security_answer",
            contact::text(&self.security_answer, super::registration::ANSWER_MAX),
        );
        e
    }
}

/// `(***) ***-0100`.
pub fn mask_phone(digits: &str) -> String {
    let last: String = digits
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("(***) ***-{last}")
}

/// `m***@example.com`.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_string(),
    }
}

#[cfg(test)]
mod tests;

/// `PUT /api/v1/me/profile`: name, address and phone, with the registration's rules.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ProfileUpdate {
    pub first_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    pub last_name: String,
    pub address: super::address::Address,
    pub phone: String,
}

impl ProfileUpdate {
    pub fn validate(&self) -> FieldErrors {
        use crate::validate::person;
        let mut e = FieldErrors::new();
        put(&mut e, "first_name", person::name(&self.first_name));
        put(
            &mut e,
            "middle_name",
            person::optional_name(self.middle_name.as_deref().unwrap_or("")),
        );
        put(&mut e, "last_name", person::name(&self.last_name));
        super::address::validate_address(&mut e, "address.", &self.address);
        put(&mut e, "phone", contact::phone(&self.phone));
        e
    }
}

/// `PUT /api/v1/me/language`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct LanguageInput {
    /// `en` or `es`.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^\s*(en|es|EN|ES)\s*$"))]
    pub locale: String,
}

impl LanguageInput {
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        if crate::i18n::Locale::from_tag(self.locale.trim()).is_none() {
            let rule = if self.locale.trim().is_empty() {
                contact::FieldRule::Required
            } else {
                contact::FieldRule::Invalid
            };
            put(&mut e, "locale", Err(rule));
        }
        e
    }
}

/// `PUT /api/v1/me/security-question`: needs the current password.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SecurityQuestionChange {
    pub current_password: String,
    pub security_question: String,
    pub security_answer: String,
}

impl SecurityQuestionChange {
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        if self.current_password.is_empty() {
            put(
                &mut e,
                "current_password",
                Err(contact::FieldRule::Required),
            );
        }
        super::security_question::validate(&mut e, &self.security_question, &self.security_answer);
        e
    }
}

/// `POST /api/v1/me/email`: a new address, which gets a code; the change applies only
/// once the code is typed (`POST /api/v1/me/email/verification`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct EmailChange {
    pub email: String,
}

impl EmailChange {
    pub fn validate(&self, current: &str) -> FieldErrors {
        let mut e = FieldErrors::new();
        put(&mut e, "email", contact::email(&self.email));
        if e.is_empty() && self.email.trim().eq_ignore_ascii_case(current.trim()) {
            e.insert("email".into(), vec!["unchanged".into()]);
        }
        e
    }
}
