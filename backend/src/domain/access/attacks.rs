//! Findings of the security review on the access side (F6, F9, F16, F18), tried as
//! attacks on the domain with the real store on a fixed clock. Each fails on c9f26c0.
use super::*;
use crate::domain::auth::{Authenticated, Session};
use crate::domain::identity::{ReferenceFileVerifier, DEMO_IDENTITIES};
use crate::domain::testing::umbral;
use crate::store::{index, Account, AccountStatus, Grant, Organization, Store};
use shared::api::registration::Address;
use shared::i18n::Locale;

fn me(u: &Umbral, a: Account) -> Authenticated {
    let now = u.clock.now();
    Authenticated {
        session_key: "s".into(),
        session: Session {
            account: a.key(),
            created_at: now,
            last_seen: now,
            auth_at: now,
            expires_at: now + 600,
            generation: 0,
            mfa: None,
            recovered: false,
        },
        account: a,
    }
}

async fn person(u: &Umbral, user_id: &str, first: &str, last: &str, dob: &str) -> Account {
    let mut a = Account::new(
        user_id,
        first,
        last,
        &format!("{user_id}@example.org"),
        Locale::En,
        AccountStatus::Active,
        u.clock.now(),
    );
    a.date_of_birth = dob.into();
    u.store.create_account(&a).await.unwrap();
    a
}

fn alan_claim() -> IdentityInput {
    IdentityInput {
        first_name: "Alan".into(),
        middle_name: Some("James".into()),
        last_name: "Approver".into(),
        date_of_birth: "1975-04-12".into(),
        address: Address {
            line1: "100 Riverside Ave".into(),
            line2: None,
            city: "Jacksonville".into(),
            state: "FL".into(),
            zip: "32202".into(),
        },
        terms_accepted: true,
        confirmed_contact: false,
    }
}

/// F6: someone else's identity, however well known, does not verify my account.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn f6_proofing_is_bound_to_the_accounts_own_name_and_birth_date() {
    let dir = tempfile::tempdir().unwrap();
    let mut u = umbral(dir.path());
    u.verifier = Box::new(ReferenceFileVerifier::parse(DEMO_IDENTITIES).unwrap());
    let ivan = person(&u, "ivan.probe", "Ivan", "Probe", "1990-01-01").await;
    let today = u.clock.today();
    let now = u.clock.now();
    match u
        .verify_identity(&me(&u, ivan), alan_claim(), today, now)
        .await
    {
        Err(DomainError::Invalid(f)) => {
            for k in ["first_name", "last_name", "date_of_birth"] {
                assert_eq!(f[k], ["not_registered"], "{k}");
            }
        }
        other => panic!("{:?}", other.map(|v| v.status)),
    }
    let ivan = u.store.account("ivan.probe").await.unwrap().unwrap();
    assert_eq!(
        (ivan.identity.status, ivan.identity.attempts),
        (IdentityStatus::Unverified, 0)
    );
    // The real Alan, spelled his way, is verified.
    let alan = person(&u, "alan.approver", "ALAN", "approver", "1975-04-12").await;
    let v = u
        .verify_identity(&me(&u, alan), alan_claim(), today, now)
        .await
        .unwrap();
    assert_eq!(v.status, IdentityStatus::Verified);
}

/// With no verification service configured, proofing goes to the help desk at once
/// instead of failing twice first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_verifier_proofing_goes_straight_to_the_help_desk() {
    let dir = tempfile::tempdir().unwrap();
    let u = umbral(dir.path());
    let alan = person(&u, "alan.approver", "Alan", "Approver", "1975-04-12").await;
    let v = u
        .verify_identity(&me(&u, alan), alan_claim(), u.clock.today(), u.clock.now())
        .await
        .unwrap();
    assert_eq!(v.status, IdentityStatus::ManualRequested);
    assert!(!u
        .store
        .keys_with_prefix(Table::Index, &index::queue(index::Queue::Identity, ""))
        .await
        .unwrap()
        .is_empty());
}

/// F9: whether a TIN belongs to an organisation is told only to the holder of a
/// submitter ID issued for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn f9_the_tin_is_no_oracle_without_a_submitter_id() {
    let dir = tempfile::tempdir().unwrap();
    let u = umbral(dir.path());
    let mac = u.tin_mac("591234567");
    u.store
        .insert_new(Table::Index, &index::tin(&mac), &"O-EXISTING".to_string())
        .await
        .unwrap();
    let mut a = person(&u, "ivan.probe", "Ivan", "Probe", "1990-01-01").await;
    a.identity.status = IdentityStatus::Verified;
    let input = NewOrganization {
        tin: "59-1234567".into(),
        legal_name: "Probe Clinic".into(),
        address: alan_claim().address,
        phone: "9045550100".into(),
        submitter_id: "SUB-GUESSED1".into(),
    };
    match u
        .create_organization(&me(&u, a), input, u.clock.now())
        .await
    {
        Err(DomainError::Invalid(f)) => assert_eq!(f["submitter_id"], ["not_recognised"]),
        other => panic!("{:?}", other.map(|o| o.id)),
    }
}

/// F18: an approver of one application who is an end user of another in the same
/// organisation removes a member from their own application only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn f18_removing_a_member_touches_only_the_approvers_applications() {
    let dir = tempfile::tempdir().unwrap();
    let mut u = umbral(dir.path());
    let two = format!(
        "{}\n{}",
        crate::domain::applications::BUILT_IN,
        crate::domain::applications::BUILT_IN
            .split("[[application]]")
            .nth(1)
            .unwrap()
            .replacen("id = \"spot\"", "[[application]]\nid = \"claims\"", 1)
    );
    u.apps = crate::domain::applications::Applications::parse(&two, |_| {
        Ok(crate::domain::applications::BUILT_IN_LICENCE.into())
    })
    .unwrap();
    let now = u.clock.now();
    let org = Organization {
        id: "O-1".into(),
        legal_name: "Sunshine Clinic".into(),
        tin_sealed: vec![],
        tin_last4: "4567".into(),
        address: alan_claim().address,
        phone: "9045550100".into(),
        active: true,
        created_by: "alan.approver".into(),
        created_at: now,
        submitter_id: None,
    };
    u.store
        .insert_new(Table::Organizations, "O-1", &org)
        .await
        .unwrap();
    let grant = |app: &str, role: &str| Grant {
        application: app.into(),
        role: role.into(),
        organization: "O-1".into(),
        granted_at: now,
        source: "test".into(),
        certified_at: now,
        due_at: 0,
        reminded: vec![],
    };
    let mut alan = person(&u, "alan.approver", "Alan", "Approver", "1975-04-12").await;
    alan.grants = vec![
        grant("spot", "provider_office_approver"),
        grant("claims", "end_user"),
    ];
    let mut erin = person(&u, "erin.enduser", "Erin", "User", "1990-01-01").await;
    erin.grants = vec![grant("spot", "end_user"), grant("claims", "end_user")];
    for a in [&alan, &erin] {
        let a = a.clone();
        u.store
            .update::<Account, (), _>(Table::Accounts, &a.key(), Durability::Flushed, |_| {
                (Change::Put(a.clone()), ())
            })
            .await
            .unwrap();
    }
    u.remove_member(&me(&u, alan), "O-1", "erin.enduser", now)
        .await
        .unwrap();
    let erin = u.store.account("erin.enduser").await.unwrap().unwrap();
    let apps: Vec<&str> = erin.grants.iter().map(|g| g.application.as_str()).collect();
    assert_eq!(apps, ["claims"]);
}

/// F16: `--demo` never adds its accounts to a database with real ones.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn f16_demo_data_refuses_a_database_with_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let u = umbral(dir.path());
    person(&u, "real.user01", "Real", "User", "1990-01-01").await;
    let err = crate::demo::load(&u, dir.path(), u.clock.now())
        .await
        .unwrap_err();
    assert!(err.contains("empty database"), "{err}");
    assert!(u.store.account("helpdesk.demo").await.unwrap().is_none());
}

/// F7: one TIN cannot fill the help desk's queue; a decided form frees its place.
/// Security review 3, G11: forms a stranger sent for a TIN (from their address, with
/// any officials' emails) do not block the real official's form from another address.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn g11_strangers_forms_do_not_block_the_real_officials_form() {
    use crate::domain::notify::with_client;
    let dir = tempfile::tempdir().unwrap();
    let u = umbral(dir.path());
    let today = u.clock.today();
    let now = u.clock.now();
    let form = |email: &str| OrganizationFormInput {
        legal_name: "Harbor Health".into(),
        tin: "59-4443332".into(),
        official_name: "Oscar Official".into(),
        official_title: "CEO".into(),
        official_email: email.into(),
        approver_name: "Paula Approver".into(),
        approver_email: "paula@harbor.example".into(),
        signature: "Oscar Official".into(),
        signed_on: today.to_string(),
    };
    let evil = Some(std::net::IpAddr::from([203, 0, 113, 20]));
    let real = Some(std::net::IpAddr::from([198, 51, 100, 21]));
    for n in 0..3 {
        with_client(
            evil,
            u.submit_form(form(&format!("m{n}@evil.example")), Locale::En, today, now),
        )
        .await
        .unwrap();
    }
    // The stranger is capped ...
    match with_client(
        evil,
        u.submit_form(form("m9@evil.example"), Locale::En, today, now),
    )
    .await
    {
        Err(DomainError::Invalid(f)) => assert_eq!(f["tin"], ["forms_pending"]),
        other => panic!("{:?}", other.map(|r| r.reference)),
    }
    // ... and so is one official's email from any address ...
    for n in 0..3 {
        let from = Some(std::net::IpAddr::from([192, 0, 2, n]));
        with_client(
            from,
            u.submit_form(form("dup@evil.example"), Locale::En, today, now),
        )
        .await
        .unwrap();
    }
    match with_client(
        Some(std::net::IpAddr::from([192, 0, 2, 9])),
        u.submit_form(form("DUP@evil.example"), Locale::En, today, now),
    )
    .await
    {
        Err(DomainError::Invalid(f)) => assert_eq!(f["tin"], ["forms_pending"]),
        other => panic!("{:?}", other.map(|r| r.reference)),
    }
    // ... but the real official's form goes in.
    with_client(
        real,
        u.submit_form(form("oscar@harbor.example"), Locale::En, today, now),
    )
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn f7_forms_waiting_for_one_tin_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    let u = umbral(dir.path());
    let today = u.clock.today();
    let form = |n: usize| OrganizationFormInput {
        legal_name: format!("Harbor Health {n}"),
        tin: "65-4321987".into(),
        official_name: "Oscar Official".into(),
        official_title: "CEO".into(),
        official_email: format!("oscar{n}@harbor.example"),
        approver_name: "Paula Approver".into(),
        approver_email: "paula@harbor.example".into(),
        signature: "Oscar Official".into(),
        signed_on: today.to_string(),
    };
    let now = u.clock.now();
    let mut ids = vec![];
    for n in 0..organizations::PENDING_FORMS_PER_TIN {
        ids.push(
            u.submit_form(form(n), Locale::En, today, now)
                .await
                .unwrap()
                .reference,
        );
    }
    match u.submit_form(form(9), Locale::En, today, now).await {
        Err(DomainError::Invalid(f)) => assert_eq!(f["tin"], ["forms_pending"]),
        other => panic!("{:?}", other.map(|r| r.reference)),
    }
    // Another TIN is not affected.
    let mut other = form(10);
    other.tin = "65-4321988".into();
    u.submit_form(other, Locale::En, today, now).await.unwrap();
    // The help desk decides one: a place is free again.
    let mut hd = person(&u, "hd.jane", "Jane", "Doe", "1970-01-01").await;
    hd.roles = vec![HELP_DESK.into()];
    u.decide_form(
        &me(&u, hd),
        &ids[0],
        DecisionInput::new(false, "Duplicate".into()),
        now,
    )
    .await
    .unwrap();
    u.submit_form(form(11), Locale::En, today, now)
        .await
        .unwrap();
}
