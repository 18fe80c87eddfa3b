//! Everything Umbral keeps, in one file: accounts with their devices and grants,
//! organisations, forms, submitter IDs, role requests, hand-overs, login challenges,
//! sessions, emailed links and audit events. The domain decides what they mean; the
//! store only keeps them (as JSON in sled, and as rows in another backend).
use serde::{Deserialize, Serialize};
use shared::api::access::{IdentityStatus, RequestStatus};
use shared::api::auth::{DeviceKind, DeviceStatus};
use shared::api::registration::Address;
use shared::i18n::Locale;

mod notices;
mod oidc;
pub use notices::*;
pub use oidc::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    PendingEmailVerification,
    Active,
    Locked,
}

/// A passcode the server sent: only its keyed hash is kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SentCode {
    /// The device it was sent to, or `"email"` for the email verification code.
    pub target: String,
    pub hash: String,
    pub expires_at: u64,
    pub tries_left: u32,
}

/// An MFA device as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Device {
    pub id: String,
    pub kind: DeviceKind,
    pub label: String,
    /// Ten phone digits or an email address; None for an authenticator.
    pub contact: Option<String>,
    /// A new number or address waiting for its code.
    #[serde(default)]
    pub pending_contact: Option<String>,
    /// The authenticator's seed, encrypted with the server's key (nonce || ciphertext).
    #[serde(default)]
    pub sealed_secret: Option<Vec<u8>>,
    pub status: DeviceStatus,
    pub created_at: u64,
    /// The code sent to verify this device or its new contact.
    #[serde(default)]
    pub verification: Option<SentCode>,
}

/// An account as stored. Secrets are argon2id PHC strings, never the plain text.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Account {
    pub user_id: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub last_name: String,
    pub date_of_birth: String,
    pub email: String,
    pub address: Address,
    /// Ten digits, normalised.
    pub phone: String,
    pub password_hash: String,
    pub security_question: String,
    pub security_answer_hash: String,
    pub status: AccountStatus,
    pub locale: Locale,
    /// Seconds since the Unix epoch.
    pub created_at: u64,
    #[serde(default)]
    pub devices: Vec<Device>,
    /// The device used at the last login, preselected at the next.
    #[serde(default)]
    pub default_device: Option<String>,
    /// Consecutive failed passwords and passcodes since the last complete login.
    #[serde(default)]
    pub failed_attempts: u32,
    /// The previous six password hashes, newest first.
    #[serde(default)]
    pub password_history: Vec<String>,
    #[serde(default)]
    pub password_changed_at: u64,
    #[serde(default)]
    pub last_login_at: Option<u64>,
    /// The last sign-in to an application through Umbral (OpenID Connect): logging in
    /// to the application counts as activity for the inactivity rule, as logging in to
    /// Umbral does (`idm-user-guide.md`, inactive accounts).
    #[serde(default)]
    pub last_app_sign_in_at: Option<u64>,
    /// Roles beyond an ordinary user, as `help_desk`.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Set once the first login's emailed code was typed.
    #[serde(default)]
    pub email_verified: bool,
    /// Raised by a password change or reset: sessions of an older generation end.
    #[serde(default)]
    pub session_generation: u32,
    /// Raised by every new emailed link, password change, reset and unlock: a link of
    /// an older epoch is dead, so only the newest link works (F11).
    #[serde(default)]
    pub link_epoch: u32,
    /// Wrong security answers since the last right one, across all links. At the
    /// code-tries limit no link works until the help desk unlocks the account (F5).
    #[serde(default)]
    pub answer_failures: u32,
    /// Roles held for organisations, granted by approved role requests.
    #[serde(default)]
    pub grants: Vec<Grant>,
    /// Remote identity proofing.
    #[serde(default)]
    pub identity: IdentityRecord,
    /// Roles no longer held, newest first (at most [`EXPIRED_KEPT`]).
    #[serde(default)]
    pub expired_grants: Vec<ExpiredGrant>,
    /// Set when the account was found inactive (no login for the inactivity period);
    /// a password reset or the help desk clears it.
    #[serde(default)]
    pub inactive_at: Option<u64>,
    /// The last reactivation (a reset or the help desk): counts as activity.
    #[serde(default)]
    pub reactivated_at: Option<u64>,
    /// The activity instant the inactivity warning was sent for (once per period).
    #[serde(default)]
    pub inactivity_warned_for: Option<u64>,
    /// A new email address waiting for its code.
    #[serde(default)]
    pub pending_email: Option<PendingEmail>,
    /// Set by the unsubscribe link of an alert email: no urgent alert emails (security
    /// emails still come).
    #[serde(default)]
    pub alerts_off: bool,
    /// What the person said of themselves (site preferences), for content tagged by
    /// audience and for alert emails.
    #[serde(default)]
    pub site: shared::api::site::SitePrefs,
    /// The current set of recovery codes, if one was made (issue 27).
    #[serde(default)]
    pub recovery_codes: Option<RecoveryCodeSet>,
    /// The help desk's check that a caller is this account's owner (`domain::support`).
    #[serde(default)]
    pub caller_check: Option<CallerCheck>,
    /// When this account was told that a number or address it named is another
    /// account's device, within the last day (at most five are kept).
    #[serde(default)]
    pub taken_answers: Vec<u64>,
    /// The WebAuthn credentials of this account's passkey devices (`domain::auth::passkeys`).
    #[serde(default)]
    pub passkeys: Vec<PasskeyRecord>,
    /// A passkey registration begun from the profile, until the browser answers.
    #[serde(default)]
    pub pending_passkey: Option<PendingPasskey>,
}

/// A passkey device's credential (public key, ID, signature counter): nothing secret,
/// but its integrity is the device's, so it lives in the account record.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PasskeyRecord {
    pub device_id: String,
    pub passkey: webauthn_rs::prelude::Passkey,
}

/// webauthn-rs's registration state (the challenge it expects back), for five minutes.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PendingPasskey {
    pub state: webauthn_rs::prelude::PasskeyRegistration,
    pub expires_at: u64,
}

/// A help-desk agent's check of a caller: a code sent to the owner's verified address
/// or phone (`code`, until typed), then `verified_at` and how.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CallerCheck {
    /// The agent's account key: the check is theirs alone.
    pub agent: String,
    pub method: String,
    #[serde(default)]
    pub code: Option<SentCode>,
    #[serde(default)]
    pub verified_at: Option<u64>,
}

/// A set of recovery codes: only the keyed hashes of the unused ones are kept
/// (`Keys::mac` of the account, the set's instant and the code), so a copy of the
/// database yields no code; a used code's hash is removed in the write that opens the
/// session, so it works once.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RecoveryCodeSet {
    pub created_at: u64,
    pub unused: Vec<String>,
}

/// A role held in an application for an organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Grant {
    pub application: String,
    pub role: String,
    pub organization: String,
    pub granted_at: u64,
    /// The request (or hand-over) that granted it.
    pub source: String,
    /// When it was last recertified (0: never, count from `granted_at`).
    #[serde(default)]
    pub certified_at: u64,
    /// The first instant of the date it expires unless recertified (0: not yet set,
    /// computed from `certified_at` or `granted_at`; see `domain::lifecycle`).
    #[serde(default)]
    pub due_at: u64,
    /// Reminders (days before the due date) already queued for this due date.
    #[serde(default)]
    pub reminded: Vec<u32>,
}

/// A role that is no longer held: expired at its due date or removed at
/// recertification. Kept on the account (the newest [`EXPIRED_KEPT`]) for "My roles".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExpiredGrant {
    pub grant: Grant,
    pub expired_at: u64,
    /// `expired` (not recertified in time) or `removed` (at recertification).
    pub why: String,
    /// Its email, audit events and organisation check are done (the job finishes any
    /// a crash interrupted).
    #[serde(default)]
    pub settled: bool,
}

/// Expired roles kept per account.
pub const EXPIRED_KEPT: usize = 20;

/// An email address change waiting for the code sent to the new address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingEmail {
    pub address: String,
    pub code: SentCode,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IdentityRecord {
    pub status: IdentityStatus,
    pub attempts: u32,
    pub reference: Option<String>,
    pub updated_at: u64,
}

/// An organisation. The TIN is kept sealed (encrypted with the server key), with its
/// last four digits for display and a keyed hash for the uniqueness index.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    pub id: String,
    pub legal_name: String,
    pub tin_sealed: Vec<u8>,
    pub tin_last4: String,
    pub address: Address,
    pub phone: String,
    /// `pending` until its first approver is approved, then `active`.
    pub active: bool,
    pub created_by: String,
    pub created_at: u64,
    pub submitter_id: Option<String>,
}

impl Organization {
    /// An active organisation at one Jacksonville, Florida address, with no TIN sealed:
    /// for made-up data (`admin synthesize`) and tests.
    pub fn example(id: &str, legal_name: &str, created_by: &str, created_at: u64) -> Organization {
        Organization {
            id: id.into(),
            legal_name: legal_name.into(),
            tin_sealed: vec![],
            tin_last4: "4567".into(),
            address: shared::api::registration::Address {
                line1: "100 Riverside Ave".into(),
                line2: None,
                city: "Jacksonville".into(),
                state: "FL".into(),
                zip: "32202".into(),
            },
            phone: "9045550100".into(),
            active: true,
            created_by: created_by.into(),
            created_at,
            submitter_id: None,
        }
    }
}

/// A new organisation form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgForm {
    pub id: String,
    pub legal_name: String,
    pub tin_sealed: Vec<u8>,
    pub tin_last4: String,
    /// Keyed hash of the TIN, to match the organisation the approver creates.
    pub tin_mac: String,
    pub official_name: String,
    pub official_title: String,
    pub official_email: String,
    pub approver_name: String,
    pub approver_email: String,
    pub signature: String,
    pub signed_on: String,
    pub locale: Locale,
    pub status: RequestStatus,
    pub submitted_at: u64,
    pub decided_by: Option<String>,
    pub decided_at: Option<u64>,
    pub decision_reason: Option<String>,
    pub submitter_id: Option<String>,
    /// The keyed hash of the sending client's address (its throttle key), so the forms
    /// one sender may keep waiting for a TIN are counted without keeping the address.
    #[serde(default)]
    pub sender: String,
}

/// A submitter ID issued on an approved form: works once, for its approver.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmitterRecord {
    pub form: String,
    pub approver_email: String,
    pub tin_mac: String,
    pub used_by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleRequest {
    pub id: String,
    pub requester: String,
    pub application: String,
    pub role: String,
    pub organization: String,
    pub reason: String,
    pub status: RequestStatus,
    pub created_at: u64,
    pub decided_by: Option<String>,
    pub decided_at: Option<u64>,
    pub decision_reason: Option<String>,
    /// The decision's consequences (grant, activation, index clean-up) are all written.
    /// A decision is taken by one compare-and-swap and applied after; if the process
    /// dies in between, `Umbral::repair` applies it at the next start.
    #[serde(default)]
    pub applied: bool,
}

/// An approver hand-over form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Handover {
    pub id: String,
    pub organization: String,
    pub from: String,
    pub to: String,
    pub reason: String,
    pub status: RequestStatus,
    pub created_at: u64,
    pub decided_by: Option<String>,
    pub decided_at: Option<u64>,
    /// As [`RoleRequest::applied`].
    #[serde(default)]
    pub applied: bool,
}

impl Account {
    /// A new account in `status`: no devices, roles, grants or password history yet.
    /// The caller fills what its path knows (date of birth, address, phone, hashes).
    pub fn new(
        user_id: &str,
        first_name: &str,
        last_name: &str,
        email: &str,
        locale: Locale,
        status: AccountStatus,
        created_at: u64,
    ) -> Account {
        Account {
            user_id: user_id.trim().to_string(),
            first_name: first_name.trim().to_string(),
            middle_name: None,
            last_name: last_name.trim().to_string(),
            date_of_birth: String::new(),
            email: email.trim().to_string(),
            address: Address::default(),
            phone: String::new(),
            password_hash: String::new(),
            security_question: String::new(),
            security_answer_hash: String::new(),
            status,
            locale,
            created_at,
            devices: vec![],
            default_device: None,
            failed_attempts: 0,
            password_history: vec![],
            password_changed_at: 0,
            last_login_at: None,
            last_app_sign_in_at: None,
            roles: vec![],
            email_verified: false,
            session_generation: 0,
            link_epoch: 0,
            answer_failures: 0,
            grants: vec![],
            identity: IdentityRecord::default(),
            expired_grants: vec![],
            inactive_at: None,
            reactivated_at: None,
            inactivity_warned_for: None,
            pending_email: None,
            alerts_off: false,
            site: Default::default(),
            recovery_codes: None,
            caller_check: None,
            taken_answers: vec![],
            passkeys: vec![],
            pending_passkey: None,
        }
    }

    pub fn key(&self) -> String {
        shared::validate::user_id::canonical(&self.user_id)
    }

    pub fn device(&self, id: &str) -> Option<&Device> {
        self.devices.iter().find(|d| d.id == id)
    }

    pub fn device_mut(&mut self, id: &str) -> Option<&mut Device> {
        self.devices.iter_mut().find(|d| d.id == id)
    }

    /// The last sign of life: the last complete login, the last sign-in to an
    /// application, the last reactivation, or the account's creation if none happened.
    pub fn last_active(&self) -> u64 {
        self.created_at
            .max(self.last_login_at.unwrap_or(0))
            .max(self.last_app_sign_in_at.unwrap_or(0))
            .max(self.reactivated_at.unwrap_or(0))
    }

    pub fn active_devices(&self) -> impl Iterator<Item = &Device> {
        self.devices
            .iter()
            .filter(|d| d.status == DeviceStatus::Active)
    }
}

/// A login between the password and the passcode.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Challenge {
    pub account: String,
    pub created_at: u64,
    pub expires_at: u64,
    /// The one live delivered code of this login.
    pub code: Option<SentCode>,
    pub sends: u32,
    /// The account's `session_generation` at the password step: a reset or a password
    /// change since then ends the login.
    #[serde(default)]
    pub generation: u32,
    /// This login typed a code emailed to the account's address (needed to enrol a
    /// first device).
    #[serde(default)]
    pub email_proven: bool,
    /// The passkey assertion this login asked the browser for (webauthn-rs's state):
    /// used once, with the challenge.
    #[serde(default)]
    pub passkey: Option<webauthn_rs::prelude::PasskeyAuthentication>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Session {
    pub account: String,
    pub created_at: u64,
    pub last_seen: u64,
    /// When the passcode was typed: the reference for "logged in within 10 minutes".
    pub auth_at: u64,
    pub expires_at: u64,
    pub generation: u32,
    /// The kind of device whose passcode completed the login (an ID token's `amr`).
    #[serde(default)]
    pub mfa: Option<DeviceKind>,
    /// Opened with a recovery code instead of a device's passcode.
    #[serde(default)]
    pub recovered: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    PasswordReset,
    Unlock,
    /// The first password of an account made on the command line (help desk).
    AccountSetup,
}

/// An emailed link (its token is stored only as an HMAC).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Link {
    pub kind: LinkKind,
    pub account: String,
    pub expires_at: u64,
    pub used: bool,
    /// Unused: answers are counted per account (`Account::answer_failures`).
    #[serde(default)]
    pub tries_left: u32,
    /// The account's `link_epoch` when the link was made.
    #[serde(default)]
    pub epoch: u32,
}

/// A message waiting in the outbound queue (see `domain::outbound`). Its content holds
/// codes and links, so it is kept sealed with the server key, bound to its id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outgoing {
    pub id: String,
    pub channel: crate::delivery::Channel,
    /// The [`crate::delivery::Message`] as JSON, sealed (`Keys::seal`, associated data
    /// `outbound:<id>`).
    pub sealed: Vec<u8>,
    pub created_at: u64,
    /// Not worth sending after this (its code or link has expired).
    pub expires_at: u64,
    pub attempts: u32,
    /// Not tried again before this.
    pub next_at: u64,
    /// The boot of the process trying it now, if any.
    pub lease: Option<String>,
    /// When that lease was taken.
    #[serde(default)]
    pub leased_at: u64,
    pub last_error: Option<String>,
    /// Queued by `enqueue_once`: leaving the queue writes a [`Receipt`].
    #[serde(default)]
    pub once: bool,
}

/// A document submission (see `domain::documents`): what was sent, by whom, for which
/// organisation, and its receipt. Written once, after its files are on disk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    /// The receipt's reference number, the key.
    pub reference: String,
    /// The directory of its files under `<data dir>/documents/`.
    pub dir: String,
    pub application: String,
    pub organization: String,
    pub doc_type: String,
    pub subject: String,
    #[serde(default)]
    pub claim_reference: String,
    pub files: Vec<StoredFile>,
    /// The submitter's account key.
    pub submitted_by: String,
    pub received_at: u64,
    /// `YYYY-MM-DD`, by `shared::receipt::receipt_date(received_at)`.
    pub receipt_date: String,
}

/// One file of a [`Submission`], encrypted on disk with its own key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredFile {
    pub name: String,
    pub kind: shared::api::document::FileKind,
    pub size: u64,
    pub sha256: String,
    /// The file's ChaCha20-Poly1305 key, sealed with the server key (base64).
    pub key: String,
}

/// A licence accepted: who, which version of which application's licence, when, and
/// for which organisation (empty when not acting for one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Acceptance {
    pub account: String,
    pub application: String,
    pub version: String,
    pub organization: String,
    pub at: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
}

/// A message with a deterministic id that has left the outbound queue (sent, refused or
/// given up): queueing it again does nothing until the receipt expires.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    pub at: u64,
    pub sent: bool,
    pub expires_at: u64,
}

/// A security event, kept per account, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub at: u64,
    pub event: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
}
