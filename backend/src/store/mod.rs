//! The storage seam. Domain code talks to [`Store`]; only `store::sled_store`
//! names sled, so a PostgreSQL backend can be added beside it.
pub mod sled_store;

use serde::{Deserialize, Serialize};
use shared::api::registration::Address;

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
}

pub trait Store: Send + Sync + 'static {
    /// Inserts the account unless its user ID exists without regard to case, and
    /// returns only once the write is durable.
    fn create_account(
        &self,
        account: &Account,
    ) -> impl std::future::Future<Output = Result<(), StoreError>> + Send;
    fn account(&self, user_id: &str) -> Result<Option<Account>, StoreError>;
    /// Records that `device`'s TOTP code of time `step` was used, atomically: true only
    /// for the first caller with a step newer than any accepted before, so a code works
    /// once and an older one never works after a newer one. Durable before it returns true.
    fn accept_totp_step(
        &self,
        device: &str,
        step: u64,
    ) -> impl std::future::Future<Output = Result<bool, StoreError>> + Send;
    fn is_healthy(&self) -> bool;
    fn flush(&self) -> Result<(), StoreError>;
}
