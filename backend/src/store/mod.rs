//! The storage seam. Domain code talks to [`Store`]; only `store::sled_store` names
//! sled and only `store::pg_store` names PostgreSQL (a table per [`Table`], a JSONB
//! column, row locks and conditional statements for every compare-and-swap).
//!
//! `records` is what is kept, `index` how it is found (every secondary key format), and
//! nothing outside this folder spells a key.
pub mod any;
#[cfg(test)]
pub(crate) mod contract;
pub mod derived;
pub mod index;
pub mod key_check;
pub mod pg_store;
pub mod records;
pub mod sled_store;
pub mod transfer;
pub mod vault;

pub use records::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::Future;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("already exists")]
    Conflict,
    #[error("storage failure: {0}")]
    Backend(String),
    /// The database is out of reach (PostgreSQL down, restarting, or no connection
    /// free in time): the request may be tried again shortly.
    #[error("database unavailable: {0}")]
    Unavailable(String),
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
    /// [`index::device_owner`] -> the case-folded user ID owning that number or address.
    DeviceOwners,
    /// [`index::email`] -> nothing: accounts by email.
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
    /// Secondary keys of the access side (see [`index`]): organisations by
    /// TIN and by state and name, members and requests by organisation and by
    /// account, and the help desk's queues.
    Index,
    /// Single values of the server's own: schema and demo markers, counters.
    Meta,
    /// `<created, 20 digits>-<message id>` -> [`Outgoing`]: the outbound queue.
    Outbound,
    /// Message id -> [`Receipt`]: messages queued with a deterministic id
    /// (`Umbral::enqueue_once`) that have left the queue, so they are never queued again.
    Receipts,
    /// Outage ID -> [`Outage`].
    Outages,
    /// Alert ID -> [`Alert`].
    Alerts,
    /// Reference number -> [`Submission`]: documents submitted (their bytes are files).
    Submissions,
    /// [`index::acceptance`] -> [`Acceptance`]: licences accepted.
    Acceptances,
    /// Key ID -> [`SigningKey`]: the OpenID Connect provider's signing keys (sealed).
    OidcKeys,
    /// Hash of a used authorization request's ID -> [`UsedRequest`]: a sealed request works once.
    OidcRequests,
    /// Hash of an authorization code -> [`AuthzCode`].
    OidcCodes,
    /// Grant ID -> [`OidcGrant`]: what one sign-in gave one client (a refresh family).
    OidcGrants,
    /// Hash of a refresh token -> [`RefreshToken`].
    OidcRefresh,
    /// Client ID -> [`ClientSecret`]: a secret set by the help desk (replaces the
    /// catalogue's).
    OidcSecrets,
}

impl Table {
    /// Every table, in the order an export writes them.
    pub const ALL: [Table; 25] = [
        Table::Accounts,
        Table::Sessions,
        Table::Challenges,
        Table::Links,
        Table::DeviceOwners,
        Table::EmailIndex,
        Table::Organizations,
        Table::OrgForms,
        Table::SubmitterIds,
        Table::RoleRequests,
        Table::Handovers,
        Table::Index,
        Table::Meta,
        Table::Outbound,
        Table::Receipts,
        Table::Outages,
        Table::Alerts,
        Table::Submissions,
        Table::Acceptances,
        Table::OidcKeys,
        Table::OidcRequests,
        Table::OidcCodes,
        Table::OidcGrants,
        Table::OidcRefresh,
        Table::OidcSecrets,
    ];

    /// Its name in PostgreSQL and in an export.
    pub fn name(self) -> &'static str {
        match self {
            Table::Accounts => "accounts",
            Table::Sessions => "sessions",
            Table::Challenges => "challenges",
            Table::Links => "links",
            Table::DeviceOwners => "device_owners",
            Table::EmailIndex => "email_index",
            Table::Organizations => "organizations",
            Table::OrgForms => "org_forms",
            Table::SubmitterIds => "submitter_ids",
            Table::RoleRequests => "role_requests",
            Table::Handovers => "handovers",
            Table::Index => "index_keys",
            Table::Meta => "meta",
            Table::Outbound => "outbound",
            Table::Receipts => "receipts",
            Table::Outages => "outages",
            Table::Alerts => "alerts",
            Table::Submissions => "submissions",
            Table::Acceptances => "acceptances",
            Table::OidcKeys => "oidc_keys",
            Table::OidcRequests => "oidc_requests",
            Table::OidcCodes => "oidc_codes",
            Table::OidcGrants => "oidc_grants",
            Table::OidcRefresh => "oidc_refresh",
            Table::OidcSecrets => "oidc_secrets",
        }
    }

    pub fn from_name(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// What an [`Store::update`] closure decides.
pub enum Change<T> {
    Keep,
    Put(T),
    Delete,
}

/// What [`Store::update_json`] asks: given the stored JSON, what to write.
pub type DecideJson<'a> =
    dyn FnMut(Option<&[u8]>) -> Result<Change<Vec<u8>>, StoreError> + Send + 'a;

/// A value as stored: JSON, or nothing at all for the index entries whose key is the
/// whole record (the email index on sled), read as JSON `null`.
pub(crate) fn decode_json<T: DeserializeOwned>(v: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(if v.is_empty() { b"null" } else { v })
        .map_err(|e| StoreError::Backend(e.to_string()))
}

/// How far a write must have gone before [`Store::update`] returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// On disk: for anything that is acknowledged to a user or must survive a crash.
    Flushed,
    /// In the database, on disk at the next flush: for bookkeeping whose loss is
    /// harmless, such as a session's last-seen time.
    Buffered,
}

pub trait Store: Send + Sync + 'static {
    /// Inserts the account unless its user ID exists without regard to case, and
    /// returns only once the write is durable.
    fn create_account(
        &self,
        account: &Account,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn account(
        &self,
        user_id: &str,
    ) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;
    /// Moves the account's entry in the email index from `old` to `new` in one atomic
    /// step, durably.
    fn move_email(
        &self,
        account_key: &str,
        old: &str,
        new: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Records that `device`'s TOTP code of time `step` was used, atomically: true only
    /// for the first caller with a step newer than any accepted before, so a code works
    /// once and an older one never works after a newer one. Durable before it returns true.
    fn accept_totp_step(
        &self,
        device: &str,
        step: u64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    fn get<T: DeserializeOwned + Send>(
        &self,
        table: Table,
        key: &str,
    ) -> impl Future<Output = Result<Option<T>, StoreError>> + Send;
    /// Inserts unless the key exists (then `Conflict`); durable before it returns.
    fn insert_new<T: Serialize + Sync>(
        &self,
        table: Table,
        key: &str,
        value: &T,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// As [`Store::insert_new`], and when the key was free, `event` is appended to the
    /// account's audit trail in the same step: one statement on PostgreSQL, one flush on
    /// sled. For the hot paths (a login's challenge and its session), where a separate
    /// audit write was a round trip and a commit of its own.
    fn insert_new_audited<T: Serialize + Sync>(
        &self,
        table: Table,
        key: &str,
        value: &T,
        account_key: &str,
        event: &AuditEvent,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Removes `key`, durably; true if it was there (so of two removers, one sees it).
    fn remove(
        &self,
        table: Table,
        key: &str,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Read-modify-write as one atomic step: `f` sees the current value and decides;
    /// if another writer got there first, `f` runs again on the newer value. With
    /// [`Durability::Flushed`], a change is on disk before this returns.
    ///
    /// Only the JSON is typed here; the atomic step is [`Store::update_json`], one
    /// function per store whatever the record, so the stores' code is not compiled
    /// again for each of the ninety callers (it was a twentieth of the crate's code).
    fn update<T, R, F>(
        &self,
        table: Table,
        key: &str,
        durability: Durability,
        mut f: F,
    ) -> impl Future<Output = Result<R, StoreError>> + Send
    where
        T: Serialize + DeserializeOwned + Send,
        R: Send,
        F: FnMut(Option<T>) -> (Change<T>, R) + Send,
    {
        async move {
            let mut decided = None;
            self.update_json(table, key, durability, &mut |stored| {
                let current = stored.map(decode_json::<T>).transpose()?;
                let (change, result) = f(current);
                decided = Some(result);
                Ok(match change {
                    Change::Keep => Change::Keep,
                    Change::Put(v) => Change::Put(
                        serde_json::to_vec(&v).map_err(|e| StoreError::Backend(e.to_string()))?,
                    ),
                    Change::Delete => Change::Delete,
                })
            })
            .await?;
            // `update_json` returns only after a call of the closure whose decision held.
            decided.ok_or_else(|| StoreError::Backend("update decided nothing".into()))
        }
    }
    /// The atomic step under [`Store::update`], on the stored JSON: `decide` sees the
    /// stored bytes (`None` when the key is absent) and says what to write; if another
    /// writer changed the value meanwhile, `decide` runs again on the newer bytes.
    fn update_json(
        &self,
        table: Table,
        key: &str,
        durability: Durability,
        decide: &mut DecideJson<'_>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// The values of those of `keys` that exist, in the order of `keys`.
    fn get_many<T: DeserializeOwned + Send>(
        &self,
        table: Table,
        keys: &[&str],
    ) -> impl Future<Output = Result<Vec<T>, StoreError>> + Send;
    /// Up to `limit` entries whose key starts with `prefix`, in key order.
    fn scan<T: DeserializeOwned + Send>(
        &self,
        table: Table,
        prefix: &str,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<(String, T)>, StoreError>> + Send;
    /// Up to `limit` entries with keys after `after` (all when `None`), in key order.
    fn scan_after<T: DeserializeOwned + Send>(
        &self,
        table: Table,
        after: Option<&str>,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<(String, T)>, StoreError>> + Send;
    /// Up to `limit` keys starting with `prefix` and after `after` (from the first when
    /// `None`), in key order: a page of an index, whatever its size.
    fn keys_page(
        &self,
        table: Table,
        prefix: &str,
        after: Option<&str>,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<String>, StoreError>> + Send;
    /// Up to `limit` entries whose key starts with `prefix` and comes after `after`
    /// (from the first when `None`), in key order: a page of an index with its values.
    fn scan_from<T: DeserializeOwned + Send>(
        &self,
        table: Table,
        prefix: &str,
        after: Option<&str>,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<(String, T)>, StoreError>> + Send;
    /// Writes `rows` (key, JSON text) into `table` as one batch for `admin import`:
    /// a key present already is left as it is (sled's own markers in `Meta`). Durable
    /// when it returns on PostgreSQL (one commit); on sled at the next flush, which
    /// the import makes at its end.
    fn put_rows(
        &self,
        table: Table,
        rows: &[(String, String)],
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Appends audit events, in order, as one batch (for `admin import`), durable as
    /// [`Store::put_rows`].
    fn put_audit(
        &self,
        events: &[(String, AuditEvent)],
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// How many entries the table holds.
    fn count(&self, table: Table) -> impl Future<Output = Result<u64, StoreError>> + Send;
    /// Every key starting with `prefix`, in key order.
    fn keys_with_prefix(
        &self,
        table: Table,
        prefix: &str,
    ) -> impl Future<Output = Result<Vec<String>, StoreError>> + Send;
    /// Removes entries whose JSON `expires_at` is before `now`; returns how many.
    fn sweep_expired(
        &self,
        table: Table,
        now: u64,
    ) -> impl Future<Output = Result<usize, StoreError>> + Send;

    /// Appends to the account's audit trail, durably.
    fn audit(
        &self,
        account_key: &str,
        event: &AuditEvent,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// The account's last `limit` events, newest first.
    fn audit_trail(
        &self,
        account_key: &str,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<AuditEvent>, StoreError>> + Send;

    /// Every authenticator's last accepted TOTP step, by device (for an export).
    fn totp_steps(&self) -> impl Future<Output = Result<Vec<(String, u64)>, StoreError>> + Send;
    /// Every audit event, account by account, oldest first (for an export).
    fn audit_all(
        &self,
    ) -> impl Future<Output = Result<Vec<(String, AuditEvent)>, StoreError>> + Send;

    fn is_healthy(&self) -> impl Future<Output = bool> + Send;
    /// Whether other processes may use this store at the same time (PostgreSQL), so
    /// that a claim left by another process may belong to a live one.
    fn is_shared(&self) -> bool {
        false
    }
    /// Whether this process runs the background jobs now. One process per store does:
    /// with sled, the only one; with PostgreSQL, the holder of an advisory lock.
    fn is_leader(&self) -> impl Future<Output = bool> + Send {
        async { true }
    }
    fn flush(&self) -> Result<(), StoreError>;
}
