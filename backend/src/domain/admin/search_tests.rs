//! The help desk's account search as an index walk: what it finds, each account once,
//! pages that join up, and a bounded walk that says where to go on.
use super::{ACCOUNT_SEARCH_LIMIT, ACCOUNT_SEARCH_WALK};
use crate::domain::access::DomainError;
use crate::domain::auth::Authenticated;
use crate::domain::testing::{self, T0};
use crate::domain::Umbral;
use crate::store::{Account, AccountStatus, Store};
use shared::api::access::AccountPage;
use shared::i18n::Locale;

async fn add(u: &Umbral, id: &str, first: &str, last: &str, email: &str) {
    let mut a = Account::new(
        id,
        first,
        last,
        email,
        Locale::En,
        AccountStatus::Active,
        T0,
    );
    if id == "desk" {
        a.roles.push(crate::domain::access::HELP_DESK.into());
    }
    u.store.create_account(&a).await.unwrap();
}

async fn desk(u: &Umbral) -> Authenticated {
    add(u, "desk", "Dee", "Esk", "desk@x.org").await;
    crate::domain::auth::signed_in(&u.store.account("desk").await.unwrap().unwrap(), T0)
}

async fn search(u: &Umbral, me: &Authenticated, q: &str, after: Option<&str>) -> AccountPage {
    u.search_accounts(me, q, after, Locale::En, T0)
        .await
        .unwrap()
}

fn ids(p: &AccountPage) -> Vec<String> {
    p.accounts
        .iter()
        .map(|a| a.person.user_id.clone())
        .collect()
}

#[tokio::test]
async fn words_in_any_order_folded_and_by_user_id_parts() {
    let dir = tempfile::tempdir().unwrap();
    let u = testing::umbral(dir.path());
    let me = desk(&u).await;
    add(&u, "Ana.Rivera", "Ana", "Muñoz", "ana@clinic.example").await;
    add(&u, "bob.ng", "Bob", "Ng", "bob@munoz-billing.example").await;
    assert_eq!(
        ids(&search(&u, &me, "munoz ana", None).await),
        ["Ana.Rivera"]
    );
    assert_eq!(
        ids(&search(&u, &me, "ana.rivera", None).await),
        ["Ana.Rivera"]
    );
    assert_eq!(ids(&search(&u, &me, "RIVERA", None).await), ["Ana.Rivera"]);
    // An account matching by several of its words comes once.
    assert_eq!(ids(&search(&u, &me, "an", None).await), ["Ana.Rivera"]);
    // The email's domain is not a word to start from.
    assert!(search(&u, &me, "clinic", None).await.accounts.is_empty());
    let short = u.search_accounts(&me, " a ", None, Locale::En, T0).await;
    assert!(matches!(short, Err(DomainError::Invalid(_))));
    let forged = u
        .search_accounts(&me, "ana", Some("6e6f"), Locale::En, T0)
        .await;
    assert!(matches!(forged, Err(DomainError::Invalid(_))));
}

#[tokio::test]
async fn pages_join_up_and_a_long_walk_stops_with_a_cursor() {
    let dir = tempfile::tempdir().unwrap();
    let u = testing::umbral(dir.path());
    let me = desk(&u).await;
    for i in 0..60 {
        add(
            &u,
            &format!("g{i:03}"),
            "Gina",
            "Garcia",
            &format!("g{i}@x.org"),
        )
        .await;
    }
    let first = search(&u, &me, "garcia", None).await;
    assert_eq!(first.accounts.len(), ACCOUNT_SEARCH_LIMIT);
    let mut all = ids(&first);
    let mut next = first.next.clone();
    while let Some(after) = next {
        let p = search(&u, &me, "garcia", Some(&after)).await;
        all.extend(ids(&p));
        next = p.next;
    }
    let want: Vec<String> = (0..60).map(|i| format!("g{i:03}")).collect();
    assert_eq!(all, want);

    // "ga zz" walks the "garcia" terms without finding a "zz": after the bound it
    // answers with nothing found yet and where to go on.
    for i in 60..(ACCOUNT_SEARCH_WALK + 40) {
        add(&u, &format!("g{i:05}"), "Gina", "Garcia", "g@x.org").await;
    }
    add(&u, "zz.garcia", "Zed", "Garcia", "zz@x.org").await;
    let p = search(&u, &me, "garcia zz", None).await;
    assert!(p.accounts.is_empty());
    let p = search(&u, &me, "garcia zz", p.next.as_deref()).await;
    assert_eq!(ids(&p), ["zz.garcia"]);
    assert_eq!(p.next, None);
}
