//! The storage seam. Domain code talks to [`Store`]; only `store::sled_store`
//! names sled, so a PostgreSQL backend can be added beside it (a table per [`Table`],
//! a JSON column, row-level compare-and-swap).
pub mod sled_store;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use shared::api::access::{IdentityStatus, RequestStatus};
use shared::api::auth::{DeviceKind, DeviceStatus};
use shared::api::registration::Address;
use std::future::Future;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("already exists")]
    Conflict,
    #[error("storage failure: {0}")]
    Backend(String),
}

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
    pub locale: shared::i18n::Locale,
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
    /// Roles beyond an ordinary user, as `help_desk`.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Set once the first login's emailed code was typed.
    #[serde(default)]
    pub email_verified: bool,
    /// Raised by a password change or reset: sessions of an older generation end.
    #[serde(default)]
    pub session_generation: u32,
    /// Roles held for organisations, granted by approved role requests.
    #[serde(default)]
    pub grants: Vec<Grant>,
    /// Remote identity proofing.
    #[serde(default)]
    pub identity: IdentityRecord,
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
    pub locale: shared::i18n::Locale,
    pub status: RequestStatus,
    pub submitted_at: u64,
    pub decided_by: Option<String>,
    pub decided_at: Option<u64>,
    pub decision_reason: Option<String>,
    pub submitter_id: Option<String>,
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
    pub fn key(&self) -> String {
        shared::validate::user_id::canonical(&self.user_id)
    }

    pub fn device(&self, id: &str) -> Option<&Device> {
        self.devices.iter().find(|d| d.id == id)
    }

    pub fn device_mut(&mut self, id: &str) -> Option<&mut Device> {
        self.devices.iter_mut().find(|d| d.id == id)
    }

    pub fn active_devices(&self) -> impl Iterator<Item = &Device> {
        self.devices
            .iter()
            .filter(|d| d.status == DeviceStatus::Active)
    }
}

/// The collections. Keys are strings; values are JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    /// Case-folded user ID -> [`Account`].
    Accounts,
    /// Hash of the session token -> session.
    Sessions,
    /// Hash of the login challenge ID -> challenge.
    Challenges,
    /// Hash of an emailed link's token -> link.
    Links,
    /// `phone:<digits>` or `email:<address>` -> the case-folded user ID owning it.
    DeviceOwners,
    /// `<lower-case email>\0<case-folded user ID>` -> nothing: accounts by email.
    EmailIndex,
    /// Organisation ID -> [`Organization`].
    Organizations,
    /// Form ID -> [`OrgForm`].
    OrgForms,
    /// Submitter ID -> [`SubmitterRecord`].
    SubmitterIds,
    /// Request ID -> [`RoleRequest`].
    RoleRequests,
    /// Hand-over ID -> [`Handover`].
    Handovers,
    /// Secondary keys of the access side (see `domain::access::ix`): organisations by
    /// TIN and by state and name, members and requests by organisation and by
    /// account, and the help desk's queues.
    Index,
}

/// What an [`Store::update`] closure decides.
pub enum Change<T> {
    Keep,
    Put(T),
    Delete,
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

pub trait Store: Send + Sync + 'static {
    /// Inserts the account unless its user ID exists without regard to case, and
    /// returns only once the write is durable.
    fn create_account(
        &self,
        account: &Account,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn account(&self, user_id: &str) -> Result<Option<Account>, StoreError>;
    /// Records that `device`'s TOTP code of time `step` was used, atomically: true only
    /// for the first caller with a step newer than any accepted before, so a code works
    /// once and an older one never works after a newer one. Durable before it returns true.
    fn accept_totp_step(
        &self,
        device: &str,
        step: u64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    fn get<T: DeserializeOwned>(&self, table: Table, key: &str) -> Result<Option<T>, StoreError>;
    /// Inserts unless the key exists (then `Conflict`); durable before it returns.
    fn insert_new<T: Serialize + Sync>(
        &self,
        table: Table,
        key: &str,
        value: &T,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Read-modify-write as one atomic step: `f` sees the current value and decides;
    /// if another writer got there first, `f` runs again on the newer value. With
    /// `durable`, a change is flushed before this returns.
    fn update<T, R, F>(
        &self,
        table: Table,
        key: &str,
        durable: bool,
        f: F,
    ) -> impl Future<Output = Result<R, StoreError>> + Send
    where
        T: Serialize + DeserializeOwned + Send,
        R: Send,
        F: FnMut(Option<T>) -> (Change<T>, R) + Send;
    /// Up to `limit` entries whose key starts with `prefix`, in key order.
    fn scan<T: DeserializeOwned>(
        &self,
        table: Table,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<(String, T)>, StoreError>;
    /// Every key starting with `prefix`, in key order.
    fn keys_with_prefix(&self, table: Table, prefix: &str) -> Result<Vec<String>, StoreError>;
    /// Removes entries whose JSON `expires_at` is before `now`; returns how many.
    fn sweep_expired(&self, table: Table, now: u64) -> Result<usize, StoreError>;

    /// Appends to the account's audit trail, durably.
    fn audit(
        &self,
        account_key: &str,
        event: &AuditEvent,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// The account's last `limit` events, newest first.
    fn audit_trail(&self, account_key: &str, limit: usize) -> Result<Vec<AuditEvent>, StoreError>;

    fn is_healthy(&self) -> bool;
    fn flush(&self) -> Result<(), StoreError>;
}
