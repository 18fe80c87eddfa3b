//! `umbral admin export` and `import` (issue 15): a whole store as JSON lines, to move
//! an installation from sled to PostgreSQL and back.
//!
//! One line per record, `{"table": "accounts", "key": "...", "value": {...}}`; the
//! TOTP steps as table `totp_steps` (value: the step) and the audit trail as table
//! `audit` (key: the account; in order, oldest first). Records are written as stored:
//! secrets stay sealed with the server key (`secret.key` in the data directory, which
//! the export does not contain: copy it beside the new installation), passwords stay
//! argon2id hashes. Import refuses a store that already holds an account, so it never
//! mixes two installations.
use super::{AuditEvent, Store, StoreError, Table};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};

#[derive(Serialize, Deserialize)]
struct Line {
    table: String,
    key: String,
    value: serde_json::Value,
}

/// Lines written or read.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub records: usize,
    pub totp_steps: usize,
    pub audit_events: usize,
}

const PAGE: usize = 500;

fn io(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

/// Writes every record of `store` to `out`, table by table in key order.
pub async fn export<S: Store>(store: &S, out: &mut impl Write) -> Result<Counts, StoreError> {
    let mut n = Counts::default();
    let put = |out: &mut dyn Write, table: &str, key: String, value: serde_json::Value| {
        let line = serde_json::to_string(&Line {
            table: table.to_string(),
            key,
            value,
        })
        .map_err(io)?;
        writeln!(out, "{line}").map_err(io)
    };
    for t in Table::ALL {
        let mut after: Option<String> = None;
        loop {
            let page = store
                .scan_after::<serde_json::Value>(t, after.as_deref(), PAGE)
                .await?;
            let Some((last, _)) = page.last() else {
                break;
            };
            after = Some(last.clone());
            for (k, v) in page {
                put(out, t.name(), k, v)?;
                n.records += 1;
            }
        }
    }
    for (device, step) in store.totp_steps().await? {
        put(out, "totp_steps", device, step.into())?;
        n.totp_steps += 1;
    }
    for (account, event) in store.audit_all().await? {
        put(
            out,
            "audit",
            account,
            serde_json::to_value(event).map_err(io)?,
        )?;
        n.audit_events += 1;
    }
    out.flush().map_err(io)?;
    Ok(n)
}

/// Lines written per batch of an import.
const BATCH: usize = 1_000;

/// What an import holds before it writes: consecutive lines of one table.
#[derive(Default)]
struct Pending {
    table: Option<Table>,
    rows: Vec<(String, String)>,
    audit: Vec<(String, AuditEvent)>,
}

impl Pending {
    async fn write<S: Store>(&mut self, store: &S) -> Result<(), StoreError> {
        if let Some(t) = self.table.take() {
            store.put_rows(t, &self.rows).await?;
        }
        if !self.audit.is_empty() {
            store.put_audit(&self.audit).await?;
        }
        self.rows.clear();
        self.audit.clear();
        Ok(())
    }
}

/// Reads an export into `store`, which must hold no account yet, a thousand lines per
/// write (one commit on PostgreSQL; sled is flushed at the end): an import that fails
/// half-way leaves a store holding accounts, which a second import refuses, so the way
/// back is a new, empty store, as before.
pub async fn import<S: Store>(store: &S, input: impl BufRead) -> Result<Counts, StoreError> {
    if store.count(Table::Accounts).await? > 0 {
        return Err(StoreError::Backend(
            "the target already holds accounts: import only into a new, empty store".into(),
        ));
    }
    let mut n = Counts::default();
    let mut pending = Pending::default();
    for (i, line) in input.lines().enumerate() {
        let line = line.map_err(io)?;
        if line.trim().is_empty() {
            continue;
        }
        let l: Line = serde_json::from_str(&line)
            .map_err(|e| StoreError::Backend(format!("line {}: {e}", i + 1)))?;
        let bad = |e: serde_json::Error| StoreError::Backend(format!("line {}: {e}", i + 1));
        match l.table.as_str() {
            "totp_steps" => {
                let step = l.value.as_u64().ok_or_else(|| {
                    StoreError::Backend(format!("line {}: a step is a number", i + 1))
                })?;
                store.accept_totp_step(&l.key, step).await?;
                n.totp_steps += 1;
            }
            "audit" => {
                if pending.table.is_some() {
                    pending.write(store).await?;
                }
                let e: AuditEvent = serde_json::from_value(l.value).map_err(bad)?;
                pending.audit.push((l.key, e));
                n.audit_events += 1;
            }
            name => {
                let t = Table::from_name(name).ok_or_else(|| {
                    StoreError::Backend(format!("line {}: no table {name}", i + 1))
                })?;
                if pending.table != Some(t) || !pending.audit.is_empty() {
                    pending.write(store).await?;
                    pending.table = Some(t);
                }
                pending
                    .rows
                    .push((l.key, serde_json::to_string(&l.value).map_err(bad)?));
                n.records += 1;
            }
        }
        if pending.rows.len() + pending.audit.len() >= BATCH {
            let t = pending.table;
            pending.write(store).await?;
            pending.table = t;
        }
    }
    pending.write(store).await?;
    store.flush()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::contract::fresh_pg;
    use crate::store::sled_store::SledStore;

    fn lines(bytes: &[u8]) -> Vec<String> {
        // Both stores write in the same order: tables in `Table::ALL` order, keys in
        // byte order, audit events account by account, oldest first.
        String::from_utf8(bytes.to_vec())
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_demo_moves_from_sled_to_postgres_and_back_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let u = crate::domain::testing::umbral(dir.path());
        crate::demo::load(&u, dir.path(), crate::domain::testing::T0)
            .await
            .unwrap();
        assert!(u.store.accept_totp_step("some-device", 42).await.unwrap());
        let mut from_sled = vec![];
        let n = export(&u.store, &mut from_sled).await.unwrap();
        assert!(n.records > 30 && n.audit_events > 0, "{n:?}");

        let pg = fresh_pg().await;
        assert_eq!(import(&pg, from_sled.as_slice()).await.unwrap(), n);
        let mut from_pg = vec![];
        assert_eq!(export(&pg, &mut from_pg).await.unwrap(), n);
        assert_eq!(lines(&from_pg), lines(&from_sled));
        // Importing twice would mix installations: refused, nothing written.
        assert!(import(&pg, from_sled.as_slice()).await.is_err());

        let back = tempfile::tempdir().unwrap();
        let sled = SledStore::open(back.path()).unwrap();
        assert_eq!(import(&sled, from_pg.as_slice()).await.unwrap(), n);
        let mut again = vec![];
        export(&sled, &mut again).await.unwrap();
        assert_eq!(lines(&again), lines(&from_sled));
        // What the domain reads is there: a demo account and its used TOTP step.
        let alan = sled.account("ALAN.APPROVER").await.unwrap().unwrap();
        assert_eq!(alan.user_id, "alan.approver");
        assert!(!sled.accept_totp_step("some-device", 42).await.unwrap());
    }

    #[tokio::test]
    async fn a_bad_line_is_refused_with_its_number() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        let input = "{\"table\":\"meta\",\"key\":\"x\",\"value\":1}\n{\"table\":\"nope\",\"key\":\"k\",\"value\":1}\n";
        let e = import(&s, input.as_bytes()).await.unwrap_err();
        assert!(e.to_string().contains("line 2: no table nope"), "{e}");
    }
}
