//! The store contract (issue 15): one suite of tests that every [`Store`] must pass,
//! run against sled and against PostgreSQL. Each guarantee the domain leans on is here:
//! a TOTP step accepted once, an exact read-modify-write under contention, a key claimed
//! once, case-free user IDs, prefix scans that take `%` and `_` literally, paging,
//! sweeping only what expired, and the audit trail per account, newest first.
//!
//! PostgreSQL runs on a throwaway cluster: `scripts/test.sh` starts one with
//! `scripts/pg.sh` and passes its URL in `UMBRAL_TEST_DATABASE_URL`; each test gets a
//! database of its own. Without that variable the PostgreSQL half fails and says how to
//! start a cluster, rather than passing without having run.
use super::pg_store::PgStore;
use super::sled_store::SledStore;
use super::{Account, AuditEvent, Change, Durability, Store, StoreError, Table};
use std::sync::Arc;

/// A database of its own on the test cluster.
pub async fn fresh_pg() -> PgStore {
    let admin = std::env::var("UMBRAL_TEST_DATABASE_URL").unwrap_or_else(|_| {
        panic!(
            "UMBRAL_TEST_DATABASE_URL is not set: start a throwaway PostgreSQL with \
             `export UMBRAL_TEST_DATABASE_URL=$(scripts/pg.sh start /tmp/umbral-pg)` \
             (scripts/test.sh does this)"
        )
    });
    let name = format!("umbral_test_{}", rand::random::<u64>());
    let pool = sqlx::PgPool::connect(&admin)
        .await
        .expect("the test cluster answers");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    PgStore::connect(&format!("{base}/{name}"), 16)
        .await
        .unwrap()
}

pub fn account(user_id: &str, email: &str) -> Account {
    serde_json::from_value(serde_json::json!({
        "user_id": user_id,
        "first_name": "Ana",
        "middle_name": null,
        "last_name": "Díaz",
        "date_of_birth": "1980-02-29",
        "email": email,
        "address": {"line1": "1 Calle Sol", "city": "San Juan", "state": "PR", "zip": "00901"},
        "phone": "7875550100",
        "password_hash": "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
        "security_question": "q",
        "security_answer_hash": "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
        "status": "active",
        "locale": "es",
        "created_at": 1_800_000_000u64,
    }))
    .unwrap()
}

pub async fn totp_step_once<S: Store>(s: Arc<S>) {
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let s = s.clone();
            tokio::spawn(async move { s.accept_totp_step("device-1", 56_666_666).await.unwrap() })
        })
        .collect();
    let mut wins = 0;
    for t in tasks {
        wins += usize::from(t.await.unwrap());
    }
    assert_eq!(wins, 1, "of 20 parallel uses of one step, exactly one wins");
    assert!(!s.accept_totp_step("device-1", 56_666_666).await.unwrap());
    assert!(!s.accept_totp_step("device-1", 56_666_665).await.unwrap());
    assert!(s.accept_totp_step("device-1", 56_666_667).await.unwrap());
    assert!(s.accept_totp_step("device-2", 56_666_666).await.unwrap());
}

pub async fn update_is_exact<S: Store>(s: Arc<S>) {
    for (key, durability) in [("a", Durability::Flushed), ("b", Durability::Buffered)] {
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                let s = s.clone();
                tokio::spawn(async move {
                    s.update::<u32, u32, _>(Table::Meta, key, durability, |v| {
                        let n = v.unwrap_or(0) + 1;
                        (Change::Put(n), n)
                    })
                    .await
                    .unwrap()
                })
            })
            .collect();
        let mut seen = vec![];
        for t in tasks {
            seen.push(t.await.unwrap());
        }
        seen.sort_unstable();
        assert_eq!(
            seen,
            (1..=50).collect::<Vec<_>>(),
            "each writer saw its own count"
        );
        assert_eq!(s.get::<u32>(Table::Meta, key).await.unwrap(), Some(50));
    }
    // Keep changes nothing; Delete removes; deleting nothing is nothing.
    let r = s
        .update::<u32, &str, _>(Table::Meta, "a", Durability::Flushed, |_| {
            (Change::Keep, "kept")
        })
        .await
        .unwrap();
    assert_eq!(r, "kept");
    assert_eq!(s.get::<u32>(Table::Meta, "a").await.unwrap(), Some(50));
    s.update::<u32, (), _>(Table::Meta, "a", Durability::Flushed, |_| {
        (Change::Delete, ())
    })
    .await
    .unwrap();
    assert_eq!(s.get::<u32>(Table::Meta, "a").await.unwrap(), None);
    s.update::<u32, (), _>(Table::Meta, "a", Durability::Flushed, |_| {
        (Change::Delete, ())
    })
    .await
    .unwrap();
}

pub async fn a_key_is_claimed_once<S: Store>(s: Arc<S>) {
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let s = s.clone();
            tokio::spawn(async move { s.insert_new(Table::SubmitterIds, "S-1", &i).await })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(()) => ok += 1,
            Err(StoreError::Conflict) => {}
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(ok, 1);

    // The same with an audit line: one insert, one line, from the winner only.
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let s = s.clone();
            tokio::spawn(async move {
                let e = AuditEvent {
                    at: i,
                    event: format!("claimed-{i}"),
                    detail: None,
                    client: None,
                };
                s.insert_new_audited(Table::Sessions, "S-2", &i, "claimer", &e)
                    .await
                    .map(|()| i)
            })
        })
        .collect();
    let mut winners = vec![];
    for t in tasks {
        match t.await.unwrap() {
            Ok(i) => winners.push(i),
            Err(StoreError::Conflict) => {}
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(winners.len(), 1);
    let trail = s.audit_trail("claimer", 50).await.unwrap();
    assert_eq!(trail.len(), 1, "{trail:?}");
    assert_eq!(trail[0].event, format!("claimed-{}", winners[0]));
    assert_eq!(
        s.get::<u64>(Table::Sessions, "S-2").await.unwrap(),
        Some(winners[0])
    );

    // Removed once: of 20 removers, one finds it.
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let s = s.clone();
            tokio::spawn(async move { s.remove(Table::Sessions, "S-2").await.unwrap() })
        })
        .collect();
    let mut found = 0;
    for t in tasks {
        found += usize::from(t.await.unwrap());
    }
    assert_eq!(found, 1);
    assert_eq!(s.get::<u64>(Table::Sessions, "S-2").await.unwrap(), None);
}

pub async fn accounts_are_case_free<S: Store>(s: Arc<S>) {
    let a = account("Ana.Diaz", "Ana@Example.com");
    s.create_account(&a).await.unwrap();
    assert!(matches!(
        s.create_account(&account("ana.diaz", "other@example.com"))
            .await,
        Err(StoreError::Conflict)
    ));
    let got = s.account("ANA.DIAZ").await.unwrap().unwrap();
    assert_eq!(got.user_id, "Ana.Diaz");
    assert_eq!(got.last_name, "Díaz");
    let by_email = s
        .keys_with_prefix(
            Table::EmailIndex,
            &super::index::email_prefix("ana@example.com"),
        )
        .await
        .unwrap();
    assert_eq!(by_email.len(), 1);
    s.move_email(&a.key(), "ana@example.com", "new@example.com")
        .await
        .unwrap();
    assert!(s
        .keys_with_prefix(
            Table::EmailIndex,
            &super::index::email_prefix("ana@example.com")
        )
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        s.keys_with_prefix(
            Table::EmailIndex,
            &super::index::email_prefix("new@example.com")
        )
        .await
        .unwrap()
        .len(),
        1
    );
}

pub async fn reads_scans_and_paging<S: Store>(s: Arc<S>) {
    for k in [
        "org/FL/a", "org/FL/b", "org/F_/x", "org/F%/y", "org/GA/c", "orh",
    ] {
        s.insert_new(Table::Index, k, &k.to_string()).await.unwrap();
    }
    let fl: Vec<String> = s
        .scan::<String>(Table::Index, "org/FL/", 10)
        .await
        .unwrap()
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(fl, ["org/FL/a", "org/FL/b"]);
    // `_` and `%` in a prefix are themselves, not wildcards.
    assert_eq!(
        s.keys_with_prefix(Table::Index, "org/F_").await.unwrap(),
        ["org/F_/x"]
    );
    assert_eq!(
        s.keys_with_prefix(Table::Index, "org/F%").await.unwrap(),
        ["org/F%/y"]
    );
    assert_eq!(
        s.scan::<String>(Table::Index, "org/", 2)
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(s.count(Table::Index).await.unwrap(), 6);
    // Byte order, paged.
    let mut all = vec![];
    let mut after: Option<String> = None;
    loop {
        let page = s
            .scan_after::<String>(Table::Index, after.as_deref(), 4)
            .await
            .unwrap();
        if page.is_empty() {
            break;
        }
        after = page.last().map(|(k, _)| k.clone());
        all.extend(page.into_iter().map(|(k, _)| k));
    }
    let mut sorted = all.clone();
    sorted.sort();
    assert_eq!(all, sorted);
    assert_eq!(all.len(), 6);
    // get_many keeps the asked order and skips what is missing.
    let got: Vec<String> = s
        .get_many(Table::Index, &["orh", "nope", "org/FL/a"])
        .await
        .unwrap();
    assert_eq!(got, ["orh", "org/FL/a"]);
    assert_eq!(
        s.get::<String>(Table::Index, "org/GA/c")
            .await
            .unwrap()
            .as_deref(),
        Some("org/GA/c")
    );
    assert_eq!(s.get::<String>(Table::Index, "org/GA").await.unwrap(), None);
}

pub async fn sweep_and_audit<S: Store>(s: Arc<S>) {
    let old = serde_json::json!({"expires_at": 10});
    let live = serde_json::json!({"expires_at": 1000});
    s.insert_new(Table::Links, "a", &old).await.unwrap();
    s.insert_new(Table::Links, "b", &live).await.unwrap();
    assert!(matches!(
        s.insert_new(Table::Links, "b", &live).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(s.sweep_expired(Table::Links, 500).await.unwrap(), 1);
    assert!(s
        .get::<serde_json::Value>(Table::Links, "a")
        .await
        .unwrap()
        .is_none());
    assert!(s
        .get::<serde_json::Value>(Table::Links, "b")
        .await
        .unwrap()
        .is_some());
    for (who, what) in [
        ("ann", "login"),
        ("bob", "login"),
        ("ann", "lock"),
        ("ann", "unlock"),
    ] {
        let e = AuditEvent {
            at: 1,
            event: what.into(),
            detail: None,
            client: None,
        };
        s.audit(who, &e).await.unwrap();
    }
    let trail: Vec<_> = s
        .audit_trail("ann", 2)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert_eq!(trail, ["unlock", "lock"]);
    assert!(s.is_healthy().await);
    assert!(s.is_leader().await);
}

/// An account's derived entries (`store::derived`) follow every write of it, also when
/// twenty writers race, and pages of an index come in order from any cursor.
pub async fn derived_entries_follow_the_account<S: Store>(s: Arc<S>) {
    use super::{derived, index};
    let entries = |s: Arc<S>, prefix: String| async move {
        s.keys_page(Table::Index, &prefix, None, 100).await.unwrap()
    };
    s.create_account(&account("Ana.Lopez", "ana.l@x.org"))
        .await
        .unwrap();
    let found = entries(s.clone(), index::account_terms_from("ana")).await;
    assert_eq!(
        found,
        [
            index::account_term("ana", "ana.lopez"),
            index::account_term("anal", "ana.lopez"),
            index::account_term("analopez", "ana.lopez"),
        ]
    );
    // Twenty logins at once: one sign-of-life entry, the last one written.
    let tasks: Vec<_> = (1..=20u64)
        .map(|i| {
            let s = s.clone();
            tokio::spawn(async move {
                s.update::<Account, (), _>(Table::Accounts, "ana.lopez", Durability::Flushed, |a| {
                    let mut a = a.unwrap();
                    a.last_login_at = Some(a.last_login_at.unwrap_or(1_800_000_000) + i);
                    (Change::Put(a), ())
                })
                .await
                .unwrap()
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let a = s.account("ana.lopez").await.unwrap().unwrap();
    assert_eq!(a.last_login_at, Some(1_800_000_000 + 210));
    assert_eq!(
        entries(s.clone(), index::active_prefix(false)).await,
        [index::active_since(false, 1_800_000_210, "ana.lopez")]
    );
    // A new name: the old words go, the new come, in the same step.
    s.update::<Account, (), _>(Table::Accounts, "ana.lopez", Durability::Flushed, |a| {
        let mut a = a.unwrap();
        a.last_name = "Muñoz".into();
        (Change::Put(a), ())
    })
    .await
    .unwrap();
    assert!(entries(s.clone(), index::account_terms_from("diaz"))
        .await
        .is_empty());
    assert_eq!(
        entries(s.clone(), index::account_terms_from("mu")).await,
        [index::account_term("munoz", "ana.lopez")]
    );
    // Paging from a cursor.
    for id in ["ana.b", "ana.c", "ana.d"] {
        s.create_account(&account(id, &format!("{id}@x.org")))
            .await
            .unwrap();
    }
    let first = s
        .keys_page(Table::Index, &index::account_terms_from("ana"), None, 2)
        .await
        .unwrap();
    let rest = s
        .keys_page(
            Table::Index,
            &index::account_terms_from("ana"),
            first.last().map(String::as_str),
            100,
        )
        .await
        .unwrap();
    let all = entries(s.clone(), index::account_terms_from("ana")).await;
    assert_eq!([first.clone(), rest].concat(), all);
    // "ana" and "anab" (user ID and email alike) for each of three, three for Ana López.
    assert_eq!(all.len(), 3 * 2 + 3);
    // A removed account leaves nothing behind.
    assert!(s.remove(Table::Accounts, "ana.lopez").await.unwrap());
    let left = entries(s.clone(), String::new()).await;
    assert!(!left.iter().any(|k| k.ends_with("\0ana.lopez")), "{left:?}");
    // Built once for a database from before the entries; then known to be built.
    assert_eq!(derived::build(&*s).await.unwrap(), Some(3));
    assert_eq!(derived::build(&*s).await.unwrap(), None);
}

/// The suite, for one store.
macro_rules! contract {
    ($module:ident, $make:expr) => {
        mod $module {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn a_totp_step_is_accepted_once() {
                totp_step_once(Arc::new($make)).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn read_modify_write_is_exact_under_contention() {
                update_is_exact(Arc::new($make)).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn a_key_is_claimed_and_removed_by_one_of_twenty() {
                a_key_is_claimed_once(Arc::new($make)).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn user_ids_are_case_free_and_emails_indexed() {
                accounts_are_case_free(Arc::new($make)).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn prefix_scans_paging_and_many_gets() {
                reads_scans_and_paging(Arc::new($make)).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn an_accounts_derived_entries_follow_every_write() {
                derived_entries_follow_the_account(Arc::new($make)).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn expired_rows_are_swept_and_audit_is_per_account() {
                sweep_and_audit(Arc::new($make)).await;
            }
        }
    };
}

contract!(sled, {
    let dir = Box::leak(Box::new(tempfile::tempdir().unwrap()));
    SledStore::open(dir.path()).unwrap()
});
contract!(postgres, fresh_pg().await);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_keeps_acknowledged_writes_applies_migrations_once_and_elects_one_leader() {
    let a = fresh_pg().await;
    assert!(a.accept_totp_step("d", 7).await.unwrap());
    // A second instance on the same database: nothing to migrate, the step is seen.
    let url = a
        .pool()
        .connect_options()
        .get_database()
        .unwrap()
        .to_string();
    let admin = std::env::var("UMBRAL_TEST_DATABASE_URL").unwrap();
    let base = admin.rsplit_once('/').unwrap().0;
    let b = PgStore::connect(&format!("{base}/{url}"), 4).await.unwrap();
    assert_eq!(b.migrate().await.unwrap(), Vec::<i32>::new());
    assert!(!b.accept_totp_step("d", 7).await.unwrap());
    // One leader at a time; when it goes, the other takes over.
    let (la, lb) = (a.is_leader().await, b.is_leader().await);
    assert!(la ^ lb, "exactly one instance leads: {la} {lb}");
    assert!(a.is_leader().await == la && b.is_leader().await == lb);
    let (leader, other) = if la { (a, b) } else { (b, a) };
    drop(leader);
    let mut took_over = false;
    for _ in 0..50 {
        if other.is_leader().await {
            took_over = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(took_over, "the other instance leads once the first is gone");
}

/// The throttle's shared counts (schema 2): two instances on one database draw on one
/// bucket and count one client's tries together, with the in-memory rules' answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_throttle_counts_are_one_for_every_instance() {
    let a = std::sync::Arc::new(fresh_pg().await);
    let db = a
        .pool()
        .connect_options()
        .get_database()
        .unwrap()
        .to_string();
    let admin = std::env::var("UMBRAL_TEST_DATABASE_URL").unwrap();
    let b = PgStore::connect(&format!("{}/{db}", admin.rsplit_once('/').unwrap().0), 4)
        .await
        .unwrap();
    // A bucket of 3, one more a minute: three tokens between the two, then a wait.
    let t0 = 1_000_000;
    for (i, s) in [&*a, &b, &*a].iter().enumerate() {
        assert_eq!(
            s.take_token("login\u{1f}c", 3, 60_000, t0 + i as u64)
                .await
                .unwrap(),
            None
        );
    }
    let wait = b
        .take_token("login\u{1f}c", 3, 60_000, t0 + 10)
        .await
        .unwrap();
    assert_eq!(
        wait,
        Some(60),
        "a minute after the first, less 10 ms, rounded up"
    );
    assert_eq!(
        a.take_token("login\u{1f}c", 3, 60_000, t0 + 60_000)
            .await
            .unwrap(),
        None
    );
    // Five tries of one client, alternating instances: the fifth is the last, the sixth
    // is refused for the lock's length; a refund gives one back; another client is free.
    for i in 1..=5u64 {
        let s = if i % 2 == 0 { &b } else { &*a };
        assert_eq!(
            s.reserve_try("erin", "x", 5, 1800, 100).await.unwrap(),
            Ok(i == 5)
        );
    }
    assert_eq!(
        b.reserve_try("erin", "x", 5, 1800, 101).await.unwrap(),
        Err(1799)
    );
    assert!(a.locked_somewhere("erin", 5, 1800, 101).await.unwrap());
    let page = ["ann".to_string(), "erin".to_string()];
    assert_eq!(b.locked_among(&page, 5, 1800, 101).await.unwrap(), ["erin"]);
    assert_eq!(
        a.reserve_try("erin", "home", 5, 1800, 101).await.unwrap(),
        Ok(false)
    );
    a.refund_try("erin", "home").await.unwrap();
    // After the lock: a fresh set of tries; an unlock forgets every client's count.
    assert_eq!(
        b.reserve_try("erin", "x", 5, 1800, 1900).await.unwrap(),
        Ok(false)
    );
    a.forgive_tries("erin", None).await.unwrap();
    assert!(!b.locked_somewhere("erin", 5, 1800, 1901).await.unwrap());
    b.prune_counts(1800, 10_000).await.unwrap();
}
