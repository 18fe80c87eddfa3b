//! The help desk's lifecycle lists a page at a time: each list in its order, pages that
//! join up exactly, nothing outside the list's bounds, and cursors that belong to their list.
use super::console::EXPIRED_SHOWN_DAYS;
use super::DAY;
use crate::domain::access::DomainError;
use crate::domain::auth::Authenticated;
use crate::domain::testing::{self, T0};
use crate::domain::Umbral;
use crate::store::{Account, AccountStatus, ExpiredGrant, Grant, Store};
use shared::api::recert::{LifecycleList, LifecyclePage, LIFECYCLE_PAGE};
use shared::i18n::Locale;

fn account(id: &str, created_at: u64) -> Account {
    Account::new(
        id,
        "Pat",
        id,
        &format!("{id}@x.org"),
        Locale::En,
        AccountStatus::Active,
        created_at,
    )
}

async fn desk(u: &Umbral) -> Authenticated {
    let mut a = account("desk", T0);
    a.roles.push(crate::domain::access::HELP_DESK.into());
    u.store.create_account(&a).await.unwrap();
    signed_in(a)
}

fn signed_in(a: Account) -> Authenticated {
    crate::domain::auth::signed_in(&a, T0)
}

fn expired(at: u64, why: &str) -> ExpiredGrant {
    ExpiredGrant {
        grant: Grant {
            application: "spot".into(),
            role: "end_user".into(),
            organization: "O-1".into(),
            granted_at: at - 365 * DAY,
            source: "R-1".into(),
            certified_at: 0,
            due_at: at,
            reminded: vec![],
        },
        expired_at: at,
        why: why.into(),
        settled: true,
    }
}

/// Every page of `list`, following `next` to the end.
async fn pages(u: &Umbral, me: &Authenticated, list: LifecycleList) -> Vec<LifecyclePage> {
    let mut out: Vec<LifecyclePage> = vec![];
    loop {
        let after = out.last().and_then(|p| p.next.clone());
        if !out.is_empty() && after.is_none() {
            return out;
        }
        let page = u
            .lifecycle_page(me, list, after.as_deref(), Locale::En, T0)
            .await
            .unwrap();
        assert!(page.accounts.len() + page.expired.len() <= LIFECYCLE_PAGE);
        out.push(page);
    }
}

fn ids(pages: &[LifecyclePage]) -> Vec<String> {
    pages
        .iter()
        .flat_map(|p| {
            p.accounts
                .iter()
                .map(|a| a.person.user_id.clone())
                .chain(p.expired.iter().map(|d| d.person.user_id.clone()))
        })
        .collect()
}

#[tokio::test]
async fn each_lifecycle_list_comes_in_pages_that_join_up_in_its_order() {
    let dir = tempfile::tempdir().unwrap();
    let u = testing::umbral(dir.path());
    testing::organization(&u, "O-1", "Clinic", T0 - 400 * DAY).await;
    let me = desk(&u).await;
    // 60 accounts marked inactive a minute apart: newest first.
    for i in 0..60u64 {
        let mut a = account(&format!("in{i:02}"), T0 - 100 * DAY);
        a.inactive_at = Some(T0 - 60 * DAY + i * 60);
        u.store.create_account(&a).await.unwrap();
    }
    // 30 inactive within the warning period (a minute apart), 10 of them warned; 5
    // more that are not near it.
    for i in 0..35u64 {
        let since = if i < 30 {
            T0 - 25 * DAY + i * 60
        } else {
            T0 - 10 * DAY
        };
        let mut a = account(&format!("near{i:02}"), since);
        if i % 3 == 0 {
            a.inactivity_warned_for = Some(since);
        }
        u.store.create_account(&a).await.unwrap();
    }
    // 30 roles expired an hour apart; one older than the list shows, one removed
    // rather than expired.
    for i in 0..32u64 {
        let mut a = account(&format!("ex{i:02}"), T0 - DAY);
        let e = match i {
            30 => expired(T0 - (EXPIRED_SHOWN_DAYS + 1) * DAY, "expired"),
            31 => expired(T0 - 3600, "removed"),
            _ => expired(T0 - (i + 1) * 3600, "expired"),
        };
        a.expired_grants.push(e);
        u.store.create_account(&a).await.unwrap();
    }

    let inactive = pages(&u, &me, LifecycleList::Inactive).await;
    assert_eq!(inactive.len(), 3);
    let want: Vec<String> = (0..60).rev().map(|i| format!("in{i:02}")).collect();
    assert_eq!(ids(&inactive), want);

    let near = pages(&u, &me, LifecycleList::BecomingInactive).await;
    assert_eq!(near.len(), 2);
    let warned = (0..30u64).filter(|i| i % 3 == 0);
    let unwarned = (0..30u64).filter(|i| i % 3 != 0);
    let want: Vec<String> = warned
        .chain(unwarned)
        .map(|i| format!("near{i:02}"))
        .collect();
    assert_eq!(ids(&near), want);

    let ex = pages(&u, &me, LifecycleList::Expired).await;
    assert_eq!(ex.len(), 2);
    let want: Vec<String> = (0..30).map(|i| format!("ex{i:02}")).collect();
    assert_eq!(ids(&ex), want);
    assert_eq!(ex[0].expired[0].grant.organization.legal_name, "Clinic");

    // The console's view carries the first page of each and where the next starts.
    let v = u.lifecycle(&me, Locale::En, T0).await.unwrap();
    assert_eq!(v.inactive, inactive[0].accounts);
    assert_eq!(v.inactive_next, inactive[0].next);
    assert_eq!(v.becoming_inactive, near[0].accounts);
    assert_eq!(v.becoming_inactive_next, near[0].next);
    assert_eq!(v.expired, ex[0].expired);
    assert_eq!(v.expired_next, ex[0].next);

    // A cursor belongs to its list; anything else is refused, as is a person who is
    // not on the help desk.
    let theirs = inactive[0].next.as_deref();
    for (list, after) in [
        (LifecycleList::Expired, theirs),
        (LifecycleList::BecomingInactive, theirs),
        (LifecycleList::Inactive, Some("zz")),
        (LifecycleList::Inactive, Some("6c6966652d")),
    ] {
        let r = u.lifecycle_page(&me, list, after, Locale::En, T0).await;
        assert!(
            matches!(r, Err(DomainError::Invalid(_))),
            "{list:?} {after:?}"
        );
    }
    let someone = signed_in(u.store.account("in00").await.unwrap().unwrap());
    let r = u
        .lifecycle_page(&someone, LifecycleList::Inactive, None, Locale::En, T0)
        .await;
    assert!(matches!(r, Err(DomainError::Forbidden)));
}

/// The help desk's approvers due: the approver roles due within the list's 60 days, read
/// from their own due dates (`index::role_due_by_role`), not end users' roles due.
#[tokio::test]
async fn the_approvers_due_are_the_approver_roles_due_within_sixty_days() {
    let dir = tempfile::tempdir().unwrap();
    let u = testing::umbral(dir.path());
    testing::organization(&u, "O-1", "Clinic", T0 - 400 * DAY).await;
    let me = desk(&u).await;
    let grant = |role: &str, due: u64| Grant {
        application: "spot".into(),
        role: role.into(),
        organization: "O-1".into(),
        granted_at: due - 365 * DAY,
        source: "R-1".into(),
        certified_at: due - 365 * DAY,
        due_at: due,
        reminded: vec![],
    };
    for (id, role, days) in [
        ("appr.soon", "provider_office_approver", 10),
        ("appr.other", "business_office_approver", 59),
        ("appr.later", "provider_office_approver", 90),
        ("user.soon", "end_user", 5),
    ] {
        let mut a = account(id, T0 - DAY);
        a.grants.push(grant(role, T0 + days * DAY));
        u.store.create_account(&a).await.unwrap();
    }
    let v = u.lifecycle(&me, Locale::En, T0).await.unwrap();
    let due: Vec<(&str, &str)> = v
        .approvers_due
        .iter()
        .map(|d| (d.person.user_id.as_str(), d.grant.role.as_str()))
        .collect();
    assert_eq!(
        due,
        [
            ("appr.soon", "provider_office_approver"),
            ("appr.other", "business_office_approver")
        ]
    );
}
