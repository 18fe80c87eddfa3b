//! sled implementation of [`Store`]. Accounts are keyed by the case-folded user ID,
//! so "exists without regard to case" is one atomic compare-and-swap, and a write is
//! acknowledged only after `flush_async` has made it durable.
use super::{Account, Store, StoreError};
use std::path::Path;

const SCHEMA_VERSION: u32 = 1;

pub struct SledStore {
    db: sled::Db,
    accounts: sled::Tree,
    totp_steps: sled::Tree,
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
        let totp_steps = db.open_tree("totp_steps").map_err(backend)?;
        db.flush().map_err(backend)?;
        Ok(SledStore {
            db,
            accounts,
            totp_steps,
        })
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
                    self.db.flush_async().await.map_err(backend)?;
                    return Ok(true);
                }
                Err(_) => continue,
            }
        }
    }

    fn is_healthy(&self) -> bool {
        self.db.get("schema_version").is_ok()
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.db.flush().map(|_| ()).map_err(backend)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn of_twenty_parallel_uses_of_one_totp_step_exactly_one_wins() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(SledStore::open(dir.path()).unwrap());
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let s = store.clone();
                tokio::spawn(
                    async move { s.accept_totp_step("device-1", 56_666_666).await.unwrap() },
                )
            })
            .collect();
        let mut wins = 0;
        for t in tasks {
            wins += usize::from(t.await.unwrap());
        }
        assert_eq!(wins, 1);
        // Replay of the same step and of an older step fail; the next step works once.
        assert!(!store
            .accept_totp_step("device-1", 56_666_666)
            .await
            .unwrap());
        assert!(!store
            .accept_totp_step("device-1", 56_666_665)
            .await
            .unwrap());
        assert!(store
            .accept_totp_step("device-1", 56_666_667)
            .await
            .unwrap());
        // Devices are independent.
        assert!(store
            .accept_totp_step("device-2", 56_666_666)
            .await
            .unwrap());
    }

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
