//! The fixture of in-process tests: an [`Umbral`] over a temporary sled database, a
//! fixed key, the file outbox, the built-in catalogue and a fixed clock.
use super::Umbral;
use crate::clock::Clock;
use crate::delivery::{Courier, FileOutbox};
use crate::store::any::AnyStore;
use crate::store::sled_store::SledStore;

/// 2027-01-15 08:00 UTC, a Friday.
pub const T0: u64 = 1_800_000_000;

pub fn umbral(dir: &std::path::Path) -> Umbral {
    Umbral {
        store: AnyStore::Sled(SledStore::open(dir).unwrap()),
        hasher: Default::default(),
        keys: crate::crypto::secrets::Keys::from_bytes(&[7u8; 64]),
        courier: Courier::outbox_only(FileOutbox::new(dir, "test").unwrap()),
        policy: Default::default(),
        apps: Default::default(),
        verifier: Box::new(crate::domain::identity::ReferenceFileVerifier::default()),
        clock: Clock::fixed(T0),
        throttle: Default::default(),
        documents: crate::store::vault::Vault::open(dir, shared::api::document::DEFAULT_FILE_LIMIT)
            .unwrap(),
    }
}

/// An active organisation `id` named `name` in Florida, stored at `now`.
pub async fn organization(u: &Umbral, id: &str, name: &str, now: u64) {
    use crate::store::{Organization, Store, Table};
    let org = Organization::example(id, name, "alan", now);
    u.store
        .insert_new(Table::Organizations, id, &org)
        .await
        .unwrap();
}
