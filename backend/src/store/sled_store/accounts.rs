//! sled's writes of an account: the record and its derived entries
//! (`store::derived`) in one transaction over the two trees.
use super::{backend, SledStore};
use crate::store::{derived, Change, DecideJson, Durability, StoreError};
use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;

pub(super) fn transaction_failed(e: TransactionError<StoreError>) -> StoreError {
    match e {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => backend(e),
    }
}

impl SledStore {
    /// `update_json` on an account: the record and its derived entries
    /// (`store::derived`) in one transaction over the two trees, so a crash or a
    /// concurrent writer never leaves one without the other.
    pub(super) async fn update_account(
        &self,
        key: &str,
        durability: Durability,
        decide: &mut DecideJson<'_>,
    ) -> Result<(), StoreError> {
        // The transaction's closure is `Fn` and may run again after a conflict, as
        // `decide` may (it is told the newer value each time).
        let decide = std::sync::Mutex::new(decide);
        let written = (&self.accounts, &self.index).transaction(|(accounts, ix)| {
            let raw = accounts.get(key.as_bytes())?;
            let mut decide = decide.lock().expect("not poisoned");
            let new =
                match (*decide)(raw.as_deref()).map_err(ConflictableTransactionError::Abort)? {
                    Change::Keep => return Ok(false),
                    Change::Put(v) => Some(v),
                    Change::Delete => None,
                };
            let (gone, added) = derived::changes(key, raw.as_deref(), new.as_deref())
                .map_err(ConflictableTransactionError::Abort)?;
            for k in gone {
                ix.remove(k.as_bytes())?;
            }
            for (k, v) in added {
                ix.insert(k.as_bytes(), v.as_bytes())?;
            }
            match new {
                Some(v) => accounts.insert(key.as_bytes(), v)?,
                None => accounts.remove(key.as_bytes())?,
            };
            Ok(true)
        });
        match written {
            Ok(true) if durability == Durability::Flushed => self.durable().await,
            Ok(_) => Ok(()),
            Err(e) => Err(transaction_failed(e)),
        }
    }
}
