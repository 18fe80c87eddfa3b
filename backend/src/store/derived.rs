//! The index entries every account carries, derived from its record and written by the
//! store in the same atomic step as the record (a sled transaction over the two trees,
//! one statement on PostgreSQL), so they can never disagree with it (issue 34).
//!
//! They let the work that used to read every account read only what concerns it:
//! - the help desk's search walks the terms starting with the longest word typed
//!   ([`index::account_term`]: the words of the name, the user ID and the email's local
//!   part, folded as every search folds them);
//! - the lifecycle job walks the roles by due date ([`index::role_due`], with the
//!   reminders already sent, so a pass knows from the key alone whether a role needs
//!   anything), the accounts by their last sign of life ([`index::active_since`]), and
//!   the few with an expiry not yet settled; the help desk's approvers due walk the
//!   due dates of the approver roles alone ([`index::role_due_by_role`]);
//! - the help desk's lists walk the inactive accounts and the expired roles newest first,
//!   and the reminders find the help desk by [`index::account_role`].
//!
//! A term entry's value is `[terms, domain]`: the account's terms joined by spaces and
//! the words of its email's domain, so the search filters on the entries it walks and
//! reads only the accounts it shows. Every other entry's value is JSON `null`.
use super::index;
use super::{Store, StoreError, Table};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// The fields of an account the entries depend on (the rest of the record is skipped
/// when reading it).
#[derive(Deserialize)]
struct Facts {
    user_id: String,
    first_name: String,
    last_name: String,
    email: String,
    created_at: u64,
    #[serde(default)]
    last_login_at: Option<u64>,
    #[serde(default)]
    last_app_sign_in_at: Option<u64>,
    #[serde(default)]
    reactivated_at: Option<u64>,
    #[serde(default)]
    inactive_at: Option<u64>,
    #[serde(default)]
    inactivity_warned_for: Option<u64>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    grants: Vec<GrantFacts>,
    #[serde(default)]
    expired_grants: Vec<ExpiredFacts>,
}

#[derive(Deserialize)]
struct GrantFacts {
    #[serde(default)]
    application: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    due_at: u64,
    #[serde(default)]
    reminded: Vec<u32>,
}

#[derive(Deserialize)]
struct ExpiredFacts {
    expired_at: u64,
    why: String,
    #[serde(default)]
    settled: bool,
}

/// No reminder sent yet (above every configured number of days).
pub const NOT_REMINDED: u32 = 9999;

/// The words an account is found by: those of its first and last names, of its user ID
/// and of its email address before the `@`, folded (`shared::fold::name_key`); the user
/// ID and the address also by their parts between dots, dashes, underscores and plus
/// signs ("ana.rivera" is found by "anarivera", "ana" and "rivera").
pub fn terms(user_id: &str, email: &str, first_name: &str, last_name: &str) -> BTreeSet<String> {
    let local = email.split('@').next().unwrap_or("");
    let parts = |s: &str| s.replace(['.', '-', '_', '+'], " ");
    [
        first_name.to_string(),
        last_name.to_string(),
        user_id.to_string(),
        local.to_string(),
        parts(user_id),
        parts(local),
    ]
    .iter()
    .flat_map(|s| {
        shared::fold::name_key(s)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    })
    .collect()
}

/// What a term entry holds: the account's terms (space-separated) and its email's
/// domain words, folded.
pub fn term_value(terms: &BTreeSet<String>, email: &str) -> String {
    let domain = shared::fold::name_key(
        &email
            .split_once('@')
            .map_or("", |(_, d)| d)
            .replace('.', " "),
    );
    let joined = terms
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ");
    serde_json::json!([joined, domain]).to_string()
}

/// The entries of the account stored at `key` as `json`: key -> JSON value text.
pub fn entries(key: &str, json: &[u8]) -> Result<BTreeMap<String, String>, StoreError> {
    let a: Facts = serde_json::from_slice(json).map_err(|e| StoreError::Backend(e.to_string()))?;
    let mut out = BTreeMap::new();
    let mut put = |k: String| {
        out.insert(k, "null".to_string());
    };
    let terms = terms(&a.user_id, &a.email, &a.first_name, &a.last_name);
    for r in &a.roles {
        put(index::account_role(r, key));
    }
    for g in &a.grants {
        let least = g.reminded.iter().copied().min().unwrap_or(NOT_REMINDED);
        put(index::role_due(g.due_at, least.min(NOT_REMINDED), key));
        put(index::role_due_by_role(
            &g.application,
            &g.role,
            g.due_at,
            key,
        ));
    }
    for e in &a.expired_grants {
        if !e.settled {
            put(index::unsettled(key));
        }
        if e.why == "expired" {
            put(index::expired_role(e.expired_at, key));
        }
    }
    match a.inactive_at {
        Some(at) => put(index::inactive_since(at, key)),
        None => {
            // As `Account::last_active`.
            let since = a
                .created_at
                .max(a.last_login_at.unwrap_or(0))
                .max(a.last_app_sign_in_at.unwrap_or(0))
                .max(a.reactivated_at.unwrap_or(0));
            let warned = a.inactivity_warned_for == Some(since);
            put(index::active_since(warned, since, key));
        }
    }
    let value = term_value(&terms, &a.email);
    for t in &terms {
        out.insert(index::account_term(t, key), value.clone());
    }
    Ok(out)
}

/// What changes when the account at `key` goes from `old` to `new` (either absent):
/// the entries to remove, and those to write (new, or with a new value).
#[allow(clippy::type_complexity)]
pub fn changes(
    key: &str,
    old: Option<&[u8]>,
    new: Option<&[u8]>,
) -> Result<(Vec<String>, Vec<(String, String)>), StoreError> {
    let before = old
        .map(|j| entries(key, j))
        .transpose()?
        .unwrap_or_default();
    let after = new
        .map(|j| entries(key, j))
        .transpose()?
        .unwrap_or_default();
    Ok((
        before
            .keys()
            .filter(|k| !after.contains_key(*k))
            .cloned()
            .collect(),
        after
            .into_iter()
            .filter(|(k, v)| before.get(k) != Some(v))
            .collect(),
    ))
}

/// The `Meta` key whose presence says every account's entries were written (a
/// database from before them gets them at its first start, [`build`]). Version 2 added
/// the due dates by role ([`index::role_due_by_role`]).
pub const BUILT: &str = "account_index_v2";

/// Accounts read per step of [`build`].
const PAGE: usize = 500;

/// Writes every account's entries unless the database says it has them: once, at the
/// first start after an upgrade (or an import of an older export), a page at a time.
/// Returns how many accounts it indexed (`None`: nothing to do). Every instance of a
/// PostgreSQL installation must run a version that keeps the entries before this runs
/// (docs/operations.md, "Upgrades").
pub async fn build<S: Store>(store: &S) -> Result<Option<u64>, StoreError> {
    if store
        .get::<serde_json::Value>(Table::Meta, BUILT)
        .await?
        .is_some()
    {
        return Ok(None);
    }
    let mut after: Option<String> = None;
    let mut n = 0u64;
    loop {
        let page = store
            .scan_after::<serde_json::Value>(Table::Accounts, after.as_deref(), PAGE)
            .await?;
        let Some((last, _)) = page.last() else {
            break;
        };
        after = Some(last.clone());
        let mut rows = vec![];
        for (k, v) in &page {
            let json = serde_json::to_vec(v).map_err(|e| StoreError::Backend(e.to_string()))?;
            rows.extend(entries(k, &json)?);
            n += 1;
        }
        store.put_rows(Table::Index, &rows).await?;
    }
    store.flush()?;
    match store.insert_new(Table::Meta, BUILT, &n).await {
        Ok(()) | Err(StoreError::Conflict) => Ok(Some(n)),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Account, AccountStatus, ExpiredGrant, Grant};

    fn ana() -> Account {
        Account::new(
            "Ana.Rivera",
            "Ana María",
            "Muñoz",
            "ana.rivera@clinic.example",
            Default::default(),
            AccountStatus::Active,
            1_000,
        )
    }

    fn of(a: &Account) -> BTreeSet<String> {
        entries(&a.key(), &serde_json::to_vec(a).unwrap())
            .unwrap()
            .into_keys()
            .collect()
    }

    #[test]
    fn an_account_is_found_by_its_folded_words_but_not_its_email_domain() {
        let a = ana();
        let t = terms(&a.user_id, &a.email, &a.first_name, &a.last_name);
        assert_eq!(
            t.into_iter().collect::<Vec<_>>(),
            ["ana", "anarivera", "maria", "munoz", "rivera"]
        );
        let e = of(&a);
        assert!(e.contains(&index::account_term("munoz", "ana.rivera")));
        let all = entries("ana.rivera", &serde_json::to_vec(&a).unwrap()).unwrap();
        assert_eq!(
            all[&index::account_term("munoz", "ana.rivera")],
            r#"["ana anarivera maria munoz rivera","clinic example"]"#
        );
        // A new domain changes the terms' values, not their keys.
        let mut b = a.clone();
        b.email = "ana.rivera@hospital.example".into();
        let (gone, put) = changes(
            "ana.rivera",
            Some(&serde_json::to_vec(&a).unwrap()),
            Some(&serde_json::to_vec(&b).unwrap()),
        )
        .unwrap();
        assert!(gone.is_empty());
        assert_eq!(put.len(), 5);
        assert!(!e.iter().any(|k| k.contains("clinic")));
        // Active, never warned, since its creation.
        assert!(e.contains(&index::active_since(false, 1_000, "ana.rivera")));
    }

    #[test]
    fn a_change_moves_only_the_entries_it_touches() {
        let a = ana();
        let mut b = a.clone();
        b.last_login_at = Some(5_000);
        b.roles.push("help_desk".into());
        b.grants.push(Grant {
            application: "spot".into(),
            role: "end_user".into(),
            organization: "O-1".into(),
            granted_at: 5_000,
            source: "R-1".into(),
            certified_at: 5_000,
            due_at: 9_000,
            reminded: vec![30, 14],
        });
        let (gone, added) = changes(
            "ana.rivera",
            Some(&serde_json::to_vec(&a).unwrap()),
            Some(&serde_json::to_vec(&b).unwrap()),
        )
        .unwrap();
        assert_eq!(gone, [index::active_since(false, 1_000, "ana.rivera")]);
        assert_eq!(
            added.into_iter().map(|(k, _)| k).collect::<BTreeSet<_>>(),
            BTreeSet::from([
                index::account_role("help_desk", "ana.rivera"),
                index::active_since(false, 5_000, "ana.rivera"),
                index::role_due(9_000, 14, "ana.rivera"),
                index::role_due_by_role("spot", "end_user", 9_000, "ana.rivera"),
            ])
        );
        assert_eq!(
            index::role_due_by_role_parts(&index::role_due_by_role(
                "spot",
                "end_user",
                9_000,
                "ana.rivera"
            )),
            Some((9_000, "ana.rivera"))
        );
        assert_eq!(
            index::role_due_parts(&index::role_due(9_000, 14, "ana.rivera")),
            Some((9_000, 14, "ana.rivera"))
        );
    }

    #[test]
    fn inactive_and_expired_accounts_are_listed_newest_first() {
        let mut a = ana();
        a.inactive_at = Some(7_000);
        a.expired_grants.push(ExpiredGrant {
            grant: Grant {
                application: "spot".into(),
                role: "end_user".into(),
                organization: "O-1".into(),
                granted_at: 1,
                source: "R".into(),
                certified_at: 1,
                due_at: 6_000,
                reminded: vec![],
            },
            expired_at: 6_000,
            why: "expired".into(),
            settled: false,
        });
        let e = of(&a);
        assert!(e.contains(&index::inactive_since(7_000, "ana.rivera")));
        assert!(e.contains(&index::unsettled("ana.rivera")));
        assert!(!e.iter().any(|k| k.starts_with("life-active")));
        assert!(index::inactive_since(8_000, "z") < index::inactive_since(7_000, "a"));
        assert_eq!(
            index::instant_parts(&index::expired_role(6_000, "ana.rivera")),
            Some((6_000, "ana.rivera"))
        );
    }
}
