//! sled implementation of [`Store`]. Accounts are keyed by the case-folded user ID,
//! so "exists without regard to case" is one atomic compare-and-swap, and a write is
//! acknowledged only after a flush has made it durable.
use super::{
    decode_json, derived, Account, AuditEvent, Change, DecideJson, Durability, Store, StoreError,
    Table,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sled::Transactional;
use std::path::Path;

/// 1: accounts and TOTP steps. 2: sessions, challenges, links, device owners, the
/// email index (built from the accounts by the migration) and the audit trail.
/// 3: organisations, forms, submitter IDs, role requests, hand-overs and their index
/// (new trees; accounts gain grants and identity with serde defaults).
const SCHEMA_VERSION: u32 = 3;

mod accounts;
use accounts::transaction_failed;

pub struct SledStore {
    db: sled::Db,
    accounts: sled::Tree,
    totp_steps: sled::Tree,
    sessions: sled::Tree,
    challenges: sled::Tree,
    links: sled::Tree,
    device_owners: sled::Tree,
    email_index: sled::Tree,
    audit: sled::Tree,
    organizations: sled::Tree,
    org_forms: sled::Tree,
    submitter_ids: sled::Tree,
    role_requests: sled::Tree,
    handovers: sled::Tree,
    index: sled::Tree,
    meta: sled::Tree,
    outbound: sled::Tree,
    receipts: sled::Tree,
    outages: sled::Tree,
    alerts: sled::Tree,
    submissions: sled::Tree,
    acceptances: sled::Tree,
    oidc_keys: sled::Tree,
    oidc_requests: sled::Tree,
    oidc_codes: sled::Tree,
    oidc_grants: sled::Tree,
    oidc_refresh: sled::Tree,
    oidc_secrets: sled::Tree,
}

fn backend(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

impl SledStore {
    /// Opens (or creates) the database in `dir` with sled's default cache (tests).
    pub fn open(dir: &Path) -> Result<SledStore, StoreError> {
        SledStore::open_with_cache(dir, 1024 * 1024 * 1024)
    }

    /// Opens the database in `dir` once more and closes it, with nothing else holding it:
    /// sled (0.34) writes the snapshot of its page table only when it opens, after
    /// replaying whatever its log holds past the last snapshot, so a process that wrote a
    /// lot (an import of a million accounts writes gigabytes) leaves that replay to the
    /// server's next start (2.7 to 4.7 s at a million accounts, against about 0.5 s once
    /// the snapshot is current). Checkpointing at the end of such a command moves the
    /// replay into it.
    pub fn checkpoint(dir: &Path) -> Result<(), StoreError> {
        sled::Config::new()
            .path(dir.join("db"))
            .cache_capacity(16 * 1024 * 1024)
            .open()
            .map_err(backend)?;
        Ok(())
    }

    /// Opens (or creates) the database in `dir`, its page cache at most `cache_bytes`.
    pub fn open_with_cache(dir: &Path, cache_bytes: u64) -> Result<SledStore, StoreError> {
        let db = sled::Config::new()
            .path(dir.join("db"))
            .cache_capacity(cache_bytes)
            .open()
            .map_err(backend)?;
        let meta = db.open_tree("meta").map_err(backend)?;
        let found = match meta.get("schema_version").map_err(backend)? {
            None => None,
            Some(v) => Some(u32::from_be_bytes(
                <[u8; 4]>::try_from(v.as_ref()).map_err(backend)?,
            )),
        };
        if found.is_some_and(|v| v > SCHEMA_VERSION) {
            return Err(StoreError::Backend(format!(
                "database schema {found:?} is newer than this server understands ({SCHEMA_VERSION}); upgrade umbral"
            )));
        }
        let tree = |name: &str| db.open_tree(name).map_err(backend);
        let store = SledStore {
            accounts: tree("accounts")?,
            totp_steps: tree("totp_steps")?,
            sessions: tree("sessions")?,
            challenges: tree("challenges")?,
            links: tree("links")?,
            device_owners: tree("device_owners")?,
            email_index: tree("email_index")?,
            audit: tree("audit")?,
            organizations: tree("organizations")?,
            org_forms: tree("org_forms")?,
            submitter_ids: tree("submitter_ids")?,
            role_requests: tree("role_requests")?,
            handovers: tree("handovers")?,
            index: tree("index")?,
            meta: tree("meta")?,
            outbound: tree("outbound")?,
            receipts: tree("receipts")?,
            outages: tree("outages")?,
            alerts: tree("alerts")?,
            submissions: tree("submissions")?,
            acceptances: tree("acceptances")?,
            oidc_keys: tree("oidc_keys")?,
            oidc_requests: tree("oidc_requests")?,
            oidc_codes: tree("oidc_codes")?,
            oidc_grants: tree("oidc_grants")?,
            oidc_refresh: tree("oidc_refresh")?,
            oidc_secrets: tree("oidc_secrets")?,
            db,
        };
        if found == Some(1) {
            // Forward migration 1 -> 2: index the existing accounts by email.
            for kv in store.accounts.iter() {
                let (k, v) = kv.map_err(backend)?;
                let a: Account = serde_json::from_slice(&v).map_err(backend)?;
                let key = String::from_utf8_lossy(&k).into_owned();
                store
                    .email_index
                    .insert(super::index::email(&a.email, &key), &[])
                    .map_err(backend)?;
            }
            tracing::info!("migrated the database from schema 1 to 2");
        }
        meta.insert("schema_version", &SCHEMA_VERSION.to_be_bytes())
            .map_err(backend)?;
        store.db.flush().map_err(backend)?;
        Ok(store)
    }

    /// Makes every write so far durable. sled 0.34's `flush_async` can hang when
    /// several futures await it at once (spacejam/sled#1308, seen here under 50
    /// parallel logins), so the blocking `flush` runs on the blocking pool instead.
    async fn durable(&self) -> Result<(), StoreError> {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || db.flush())
            .await
            .map_err(backend)?
            .map_err(backend)?;
        Ok(())
    }

    /// Writes `value` at `key` unless the key exists (one compare-and-swap), not yet
    /// flushed: true if this caller claimed it.
    fn claim<T: Serialize>(&self, table: Table, key: &str, value: &T) -> Result<bool, StoreError> {
        let bytes = serde_json::to_vec(value).map_err(backend)?;
        Ok(self
            .tree(table)
            .compare_and_swap(key.as_bytes(), None as Option<&[u8]>, Some(bytes))
            .map_err(backend)?
            .is_ok())
    }

    /// Appends to an account's audit trail, not yet flushed.
    fn append_audit(&self, account_key: &str, event: &AuditEvent) -> Result<(), StoreError> {
        let seq = self.db.generate_id().map_err(backend)?;
        let mut key = account_key.as_bytes().to_vec();
        key.push(0);
        key.extend_from_slice(&seq.to_be_bytes());
        let value = serde_json::to_vec(event).map_err(backend)?;
        self.audit.insert(key, value).map_err(backend)?;
        Ok(())
    }

    fn tree(&self, t: Table) -> &sled::Tree {
        match t {
            Table::Accounts => &self.accounts,
            Table::Sessions => &self.sessions,
            Table::Challenges => &self.challenges,
            Table::Links => &self.links,
            Table::DeviceOwners => &self.device_owners,
            Table::EmailIndex => &self.email_index,
            Table::Organizations => &self.organizations,
            Table::OrgForms => &self.org_forms,
            Table::SubmitterIds => &self.submitter_ids,
            Table::RoleRequests => &self.role_requests,
            Table::Handovers => &self.handovers,
            Table::Index => &self.index,
            Table::Meta => &self.meta,
            Table::Outbound => &self.outbound,
            Table::Receipts => &self.receipts,
            Table::Outages => &self.outages,
            Table::Alerts => &self.alerts,
            Table::Submissions => &self.submissions,
            Table::Acceptances => &self.acceptances,
            Table::OidcKeys => &self.oidc_keys,
            Table::OidcRequests => &self.oidc_requests,
            Table::OidcCodes => &self.oidc_codes,
            Table::OidcGrants => &self.oidc_grants,
            Table::OidcRefresh => &self.oidc_refresh,
            Table::OidcSecrets => &self.oidc_secrets,
        }
    }
}

impl Store for SledStore {
    async fn create_account(&self, account: &Account) -> Result<(), StoreError> {
        let key = account.key();
        let value = serde_json::to_vec(account).map_err(backend)?;
        let (_, added) = derived::changes(&key, None, Some(&value))?;
        let email = super::index::email(&account.email, &key);
        // The record, its email entry and its derived entries, all or none.
        let created = (&self.accounts, &self.email_index, &self.index).transaction(
            |(accounts, emails, ix)| {
                if accounts.get(key.as_bytes())?.is_some() {
                    return Ok(false);
                }
                accounts.insert(key.as_bytes(), value.as_slice())?;
                emails.insert(email.as_bytes(), &[] as &[u8])?;
                for (k, v) in &added {
                    ix.insert(k.as_bytes(), v.as_bytes())?;
                }
                Ok(true)
            },
        );
        match created {
            Ok(true) => self.durable().await,
            Ok(false) => Err(StoreError::Conflict),
            Err(e) => Err(transaction_failed(e)),
        }
    }

    async fn account(&self, user_id: &str) -> Result<Option<Account>, StoreError> {
        let key = shared::validate::user_id::canonical(user_id);
        self.get(Table::Accounts, &key).await
    }

    async fn move_email(&self, account_key: &str, old: &str, new: &str) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        batch.remove(super::index::email(old, account_key).as_bytes());
        batch.insert(super::index::email(new, account_key).as_bytes(), &[]);
        self.email_index.apply_batch(batch).map_err(backend)?;
        self.durable().await
    }

    async fn accept_totp_step(&self, device: &str, step: u64) -> Result<bool, StoreError> {
        loop {
            let current = self.totp_steps.get(device).map_err(backend)?;
            let last = current
                .as_ref()
                .and_then(|v| <[u8; 8]>::try_from(v.as_ref()).ok())
                .map(u64::from_be_bytes);
            if last.is_some_and(|l| l >= step) {
                return Ok(false);
            }
            // Compare-and-swap against what we read: of racing callers exactly one wins.
            match self
                .totp_steps
                .compare_and_swap(device, current, Some(&step.to_be_bytes()))
                .map_err(backend)?
            {
                Ok(()) => {
                    self.durable().await?;
                    return Ok(true);
                }
                Err(_) => continue,
            }
        }
    }

    async fn get<T: DeserializeOwned + Send>(
        &self,
        table: Table,
        key: &str,
    ) -> Result<Option<T>, StoreError> {
        match self.tree(table).get(key.as_bytes()).map_err(backend)? {
            Some(v) => decode_json(&v).map(Some).map_err(backend),
            None => Ok(None),
        }
    }

    async fn get_many<T: DeserializeOwned + Send>(
        &self,
        table: Table,
        keys: &[&str],
    ) -> Result<Vec<T>, StoreError> {
        let mut out = Vec::with_capacity(keys.len());
        for k in keys {
            if let Some(v) = self.tree(table).get(k.as_bytes()).map_err(backend)? {
                out.push(decode_json(&v).map_err(backend)?);
            }
        }
        Ok(out)
    }

    async fn insert_new<T: Serialize + Sync>(
        &self,
        table: Table,
        key: &str,
        value: &T,
    ) -> Result<(), StoreError> {
        if !self.claim(table, key, value)? {
            return Err(StoreError::Conflict);
        }
        self.durable().await
    }

    async fn insert_new_audited<T: Serialize + Sync>(
        &self,
        table: Table,
        key: &str,
        value: &T,
        account_key: &str,
        event: &AuditEvent,
    ) -> Result<(), StoreError> {
        if !self.claim(table, key, value)? {
            return Err(StoreError::Conflict);
        }
        self.append_audit(account_key, event)?;
        self.durable().await
    }

    async fn remove(&self, table: Table, key: &str) -> Result<bool, StoreError> {
        if table == Table::Accounts {
            let mut was = false;
            self.update_account(key, Durability::Flushed, &mut |v| {
                was = v.is_some();
                Ok(if was { Change::Delete } else { Change::Keep })
            })
            .await?;
            return Ok(was);
        }
        let was = self
            .tree(table)
            .remove(key.as_bytes())
            .map_err(backend)?
            .is_some();
        if was {
            self.durable().await?;
        }
        Ok(was)
    }

    async fn update_json(
        &self,
        table: Table,
        key: &str,
        durability: Durability,
        decide: &mut DecideJson<'_>,
    ) -> Result<(), StoreError> {
        if table == Table::Accounts {
            return self.update_account(key, durability, decide).await;
        }
        let tree = self.tree(table);
        loop {
            let raw = tree.get(key.as_bytes()).map_err(backend)?;
            let new = match decide(raw.as_deref())? {
                Change::Keep => return Ok(()),
                Change::Put(v) => Some(v),
                Change::Delete => None,
            };
            match tree
                .compare_and_swap(key.as_bytes(), raw, new)
                .map_err(backend)?
            {
                Ok(()) => {
                    if durability == Durability::Flushed {
                        self.durable().await?;
                    }
                    return Ok(());
                }
                Err(_) => continue,
            }
        }
    }

    async fn scan<T: DeserializeOwned + Send>(
        &self,
        table: Table,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<(String, T)>, StoreError> {
        self.tree(table)
            .scan_prefix(prefix.as_bytes())
            .take(limit)
            .map(|kv| {
                let (k, v) = kv.map_err(backend)?;
                Ok((
                    String::from_utf8_lossy(&k).into_owned(),
                    decode_json(&v).map_err(backend)?,
                ))
            })
            .collect()
    }

    async fn scan_after<T: DeserializeOwned + Send>(
        &self,
        table: Table,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(String, T)>, StoreError> {
        use std::ops::Bound;
        let start = match after {
            Some(k) => Bound::Excluded(k.as_bytes().to_vec()),
            None => Bound::Unbounded,
        };
        self.tree(table)
            .range::<Vec<u8>, _>((start, Bound::Unbounded))
            // The schema marker is sled's own bookkeeping, not a record.
            .filter(|kv| {
                !(table == Table::Meta
                    && kv
                        .as_ref()
                        .is_ok_and(|(k, _)| k.as_ref() == b"schema_version"))
            })
            .take(limit)
            .map(|kv| {
                let (k, v) = kv.map_err(backend)?;
                Ok((
                    String::from_utf8_lossy(&k).into_owned(),
                    decode_json(&v).map_err(backend)?,
                ))
            })
            .collect()
    }

    async fn keys_page(
        &self,
        table: Table,
        prefix: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<String>, StoreError> {
        use std::ops::Bound;
        let start = match after {
            Some(a) if a >= prefix => Bound::Excluded(a.as_bytes().to_vec()),
            _ => Bound::Included(prefix.as_bytes().to_vec()),
        };
        self.tree(table)
            .range::<Vec<u8>, _>((start, Bound::Unbounded))
            .keys()
            .take_while(|k| {
                k.as_ref()
                    .map_or(true, |k| k.starts_with(prefix.as_bytes()))
            })
            .take(limit)
            .map(|k| {
                k.map(|k| String::from_utf8_lossy(&k).into_owned())
                    .map_err(backend)
            })
            .collect()
    }

    async fn scan_from<T: DeserializeOwned + Send>(
        &self,
        table: Table,
        prefix: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(String, T)>, StoreError> {
        use std::ops::Bound;
        let start = match after {
            Some(a) if a >= prefix => Bound::Excluded(a.as_bytes().to_vec()),
            _ => Bound::Included(prefix.as_bytes().to_vec()),
        };
        self.tree(table)
            .range::<Vec<u8>, _>((start, Bound::Unbounded))
            .take_while(|kv| {
                kv.as_ref()
                    .map_or(true, |(k, _)| k.starts_with(prefix.as_bytes()))
            })
            .take(limit)
            .map(|kv| {
                let (k, v) = kv.map_err(backend)?;
                Ok((
                    String::from_utf8_lossy(&k).into_owned(),
                    decode_json(&v).map_err(backend)?,
                ))
            })
            .collect()
    }

    async fn put_rows(&self, table: Table, rows: &[(String, String)]) -> Result<(), StoreError> {
        let tree = self.tree(table);
        for (k, v) in rows {
            // Only where absent, as an import into a new store never replaces.
            tree.compare_and_swap(k.as_bytes(), None as Option<&[u8]>, Some(v.as_bytes()))
                .map_err(backend)?
                .ok();
        }
        Ok(())
    }

    async fn put_audit(&self, events: &[(String, AuditEvent)]) -> Result<(), StoreError> {
        for (account, e) in events {
            self.append_audit(account, e)?;
        }
        Ok(())
    }

    async fn count(&self, table: Table) -> Result<u64, StoreError> {
        Ok(self.tree(table).len() as u64)
    }

    async fn keys_with_prefix(
        &self,
        table: Table,
        prefix: &str,
    ) -> Result<Vec<String>, StoreError> {
        self.tree(table)
            .scan_prefix(prefix.as_bytes())
            .keys()
            .map(|k| {
                k.map(|k| String::from_utf8_lossy(&k).into_owned())
                    .map_err(backend)
            })
            .collect()
    }

    async fn sweep_expired(&self, table: Table, now: u64) -> Result<usize, StoreError> {
        #[derive(serde::Deserialize)]
        struct Expiring {
            expires_at: u64,
        }
        let tree = self.tree(table);
        let mut n = 0;
        for kv in tree.iter() {
            let (k, v) = kv.map_err(backend)?;
            if serde_json::from_slice::<Expiring>(&v).is_ok_and(|e| e.expires_at < now) {
                // Only if unchanged since read, so a concurrent refresh wins.
                if tree
                    .compare_and_swap(&k, Some(v), None as Option<&[u8]>)
                    .map_err(backend)?
                    .is_ok()
                {
                    n += 1;
                }
            }
        }
        Ok(n)
    }

    async fn audit(&self, account_key: &str, event: &AuditEvent) -> Result<(), StoreError> {
        self.append_audit(account_key, event)?;
        self.durable().await
    }

    async fn audit_trail(
        &self,
        account_key: &str,
        limit: usize,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        let mut prefix = account_key.as_bytes().to_vec();
        prefix.push(0);
        self.audit
            .scan_prefix(prefix)
            .values()
            .rev()
            .take(limit)
            .map(|v| {
                v.map_err(backend)
                    .and_then(|v| serde_json::from_slice(&v).map_err(backend))
            })
            .collect()
    }

    async fn totp_steps(&self) -> Result<Vec<(String, u64)>, StoreError> {
        self.totp_steps
            .iter()
            .map(|kv| {
                let (k, v) = kv.map_err(backend)?;
                let step = <[u8; 8]>::try_from(v.as_ref()).map_err(backend)?;
                Ok((
                    String::from_utf8_lossy(&k).into_owned(),
                    u64::from_be_bytes(step),
                ))
            })
            .collect()
    }

    async fn audit_all(&self) -> Result<Vec<(String, AuditEvent)>, StoreError> {
        // Keys are `<account> 0 <sequence, big-endian>`: account by account, in order.
        self.audit
            .iter()
            .map(|kv| {
                let (k, v) = kv.map_err(backend)?;
                let end = k.len().saturating_sub(9);
                Ok((
                    String::from_utf8_lossy(&k[..end]).into_owned(),
                    serde_json::from_slice(&v).map_err(backend)?,
                ))
            })
            .collect()
    }

    async fn is_healthy(&self) -> bool {
        self.db.get("schema_version").is_ok()
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.db.flush().map(|_| ()).map_err(backend)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn accepted_steps_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = SledStore::open(dir.path()).unwrap();
            assert!(store.accept_totp_step("d", 10).await.unwrap());
        }
        let store = SledStore::open(dir.path()).unwrap();
        assert!(!store.accept_totp_step("d", 10).await.unwrap());
    }
}
