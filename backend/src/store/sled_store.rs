//! sled implementation of [`Store`]. Accounts are keyed by the case-folded user ID,
//! so "exists without regard to case" is one atomic compare-and-swap, and a write is
//! acknowledged only after `flush_async` has made it durable.
use super::{Account, Store, StoreError};
use std::path::Path;

const SCHEMA_VERSION: u32 = 1;

pub struct SledStore {
    db: sled::Db,
    accounts: sled::Tree,
}

fn backend(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

impl SledStore {
    pub fn open(dir: &Path) -> Result<SledStore, StoreError> {
        let db = sled::open(dir.join("db")).map_err(backend)?;
        let meta = db.open_tree("meta").map_err(backend)?;
        match meta.get("schema_version").map_err(backend)? {
            None => {
                meta.insert("schema_version", &SCHEMA_VERSION.to_be_bytes()).map_err(backend)?;
            }
            Some(v) if v.as_ref() == SCHEMA_VERSION.to_be_bytes() => {}
            Some(v) => {
                return Err(StoreError::Backend(format!(
                    "database schema {v:?} is newer than this server understands ({SCHEMA_VERSION}); upgrade umbral"
                )))
            }
        }
        let accounts = db.open_tree("accounts").map_err(backend)?;
        db.flush().map_err(backend)?;
        Ok(SledStore { db, accounts })
    }
}

impl Store for SledStore {
    async fn create_account(&self, account: &Account) -> Result<(), StoreError> {
        let key = shared::validate::user_id::canonical(&account.user_id);
        let value = serde_json::to_vec(account).map_err(backend)?;
        match self
            .accounts
            .compare_and_swap(key.as_bytes(), None as Option<&[u8]>, Some(value))
        {
            Ok(Ok(())) => {}
            Ok(Err(_)) => return Err(StoreError::Conflict),
            Err(e) => return Err(backend(e)),
        }
        self.db.flush_async().await.map_err(backend)?;
        Ok(())
    }

    fn account(&self, user_id: &str) -> Result<Option<Account>, StoreError> {
        let key = shared::validate::user_id::canonical(user_id);
        match self.accounts.get(key.as_bytes()).map_err(backend)? {
            Some(v) => serde_json::from_slice(&v).map(Some).map_err(backend),
            None => Ok(None),
        }
    }

    fn is_healthy(&self) -> bool {
        self.db.get("schema_version").is_ok()
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.db.flush().map(|_| ()).map_err(backend)
    }
}
