//! The store the server was started with: sled (the default, embedded) or PostgreSQL
//! (`--database-url`). One type, so the domain and the HTTP layer are compiled once
//! rather than once per store; each call is one `match` away from the real store.
use super::pg_store::PgStore;
use super::sled_store::SledStore;
use super::{Account, AuditEvent, DecideJson, Durability, Store, StoreError, Table};
use serde::de::DeserializeOwned;
use serde::Serialize;

// One per process: the size of the variants costs nothing, and boxing sled's would add
// an indirection to every call of the default store.
#[allow(clippy::large_enum_variant)]
pub enum AnyStore {
    Sled(SledStore),
    /// Shared with what counts across instances on the same database (the throttle).
    Postgres(std::sync::Arc<PgStore>),
}

impl AnyStore {
    /// PostgreSQL when `database_url` is given, else sled in `data_dir` with a page
    /// cache of `cache_mib`. On PostgreSQL a statement waits at most `acquire_timeout`
    /// for a connection.
    pub async fn open(
        database_url: Option<&str>,
        data_dir: &std::path::Path,
        cache_mib: u64,
        max_connections: u32,
        acquire_timeout: std::time::Duration,
    ) -> Result<AnyStore, StoreError> {
        match database_url {
            Some(url) => Ok(AnyStore::Postgres(std::sync::Arc::new(
                PgStore::connect_with(url, max_connections, acquire_timeout).await?,
            ))),
            None => Ok(AnyStore::Sled(SledStore::open_with_cache(
                data_dir,
                cache_mib.max(8) * 1024 * 1024,
            )?)),
        }
    }

    /// "sled" or "postgres", for logs and `/health`.
    pub fn kind(&self) -> &'static str {
        match self {
            AnyStore::Sled(_) => "sled",
            AnyStore::Postgres(_) => "postgres",
        }
    }
}

/// A statement on whichever store; on PostgreSQL through its breaker (refused at once
/// while the database is out of reach, see `pg_store::breaker`).
macro_rules! each {
    ($self:ident, $s:ident => $e:expr) => {
        match $self {
            AnyStore::Sled($s) => $e,
            AnyStore::Postgres($s) => {
                $s.breaker.admit()?;
                let r = $e;
                $s.breaker.saw(&r, $s.saturated());
                r
            }
        }
    };
}

/// As [`each!`], for what is not a statement that can fail (health, leadership, flush).
macro_rules! either {
    ($self:ident, $s:ident => $e:expr) => {
        match $self {
            AnyStore::Sled($s) => $e,
            AnyStore::Postgres($s) => $e,
        }
    };
}

impl Store for AnyStore {
    async fn create_account(&self, account: &Account) -> Result<(), StoreError> {
        each!(self, s => s.create_account(account).await)
    }
    async fn account(&self, user_id: &str) -> Result<Option<Account>, StoreError> {
        each!(self, s => s.account(user_id).await)
    }
    async fn move_email(&self, account_key: &str, old: &str, new: &str) -> Result<(), StoreError> {
        each!(self, s => s.move_email(account_key, old, new).await)
    }
    async fn accept_totp_step(&self, device: &str, step: u64) -> Result<bool, StoreError> {
        each!(self, s => s.accept_totp_step(device, step).await)
    }
    async fn get<T: DeserializeOwned + Send>(
        &self,
        table: Table,
        key: &str,
    ) -> Result<Option<T>, StoreError> {
        each!(self, s => s.get(table, key).await)
    }
    async fn get_many<T: DeserializeOwned + Send>(
        &self,
        table: Table,
        keys: &[&str],
    ) -> Result<Vec<T>, StoreError> {
        each!(self, s => s.get_many(table, keys).await)
    }
    async fn insert_new<T: Serialize + Sync>(
        &self,
        table: Table,
        key: &str,
        value: &T,
    ) -> Result<(), StoreError> {
        each!(self, s => s.insert_new(table, key, value).await)
    }
    async fn insert_new_audited<T: Serialize + Sync>(
        &self,
        table: Table,
        key: &str,
        value: &T,
        account_key: &str,
        event: &AuditEvent,
    ) -> Result<(), StoreError> {
        each!(self, s => s.insert_new_audited(table, key, value, account_key, event).await)
    }
    async fn remove(&self, table: Table, key: &str) -> Result<bool, StoreError> {
        each!(self, s => s.remove(table, key).await)
    }
    async fn update_json(
        &self,
        table: Table,
        key: &str,
        durability: Durability,
        decide: &mut DecideJson<'_>,
    ) -> Result<(), StoreError> {
        each!(self, s => s.update_json(table, key, durability, decide).await)
    }
    async fn scan<T: DeserializeOwned + Send>(
        &self,
        table: Table,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<(String, T)>, StoreError> {
        each!(self, s => s.scan(table, prefix, limit).await)
    }
    async fn scan_after<T: DeserializeOwned + Send>(
        &self,
        table: Table,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(String, T)>, StoreError> {
        each!(self, s => s.scan_after(table, after, limit).await)
    }
    async fn keys_page(
        &self,
        table: Table,
        prefix: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<String>, StoreError> {
        each!(self, s => s.keys_page(table, prefix, after, limit).await)
    }
    async fn scan_from<T: DeserializeOwned + Send>(
        &self,
        table: Table,
        prefix: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(String, T)>, StoreError> {
        each!(self, s => s.scan_from(table, prefix, after, limit).await)
    }
    async fn put_rows(&self, table: Table, rows: &[(String, String)]) -> Result<(), StoreError> {
        each!(self, s => s.put_rows(table, rows).await)
    }
    async fn put_audit(&self, events: &[(String, AuditEvent)]) -> Result<(), StoreError> {
        each!(self, s => s.put_audit(events).await)
    }
    async fn count(&self, table: Table) -> Result<u64, StoreError> {
        each!(self, s => s.count(table).await)
    }
    async fn keys_with_prefix(
        &self,
        table: Table,
        prefix: &str,
    ) -> Result<Vec<String>, StoreError> {
        each!(self, s => s.keys_with_prefix(table, prefix).await)
    }
    async fn sweep_expired(&self, table: Table, now: u64) -> Result<usize, StoreError> {
        each!(self, s => s.sweep_expired(table, now).await)
    }
    async fn audit(&self, account_key: &str, event: &AuditEvent) -> Result<(), StoreError> {
        each!(self, s => s.audit(account_key, event).await)
    }
    async fn audit_trail(
        &self,
        account_key: &str,
        limit: usize,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        each!(self, s => s.audit_trail(account_key, limit).await)
    }
    async fn totp_steps(&self) -> Result<Vec<(String, u64)>, StoreError> {
        each!(self, s => s.totp_steps().await)
    }
    async fn audit_all(&self) -> Result<Vec<(String, AuditEvent)>, StoreError> {
        each!(self, s => s.audit_all().await)
    }
    async fn is_healthy(&self) -> bool {
        either!(self, s => s.is_healthy().await)
    }
    async fn is_leader(&self) -> bool {
        either!(self, s => s.is_leader().await)
    }
    fn is_shared(&self) -> bool {
        either!(self, s => s.is_shared())
    }
    fn flush(&self) -> Result<(), StoreError> {
        either!(self, s => s.flush())
    }
}
