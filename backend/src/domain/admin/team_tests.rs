//! The help desk's own team: an invitation makes the account and emails its setup link,
//! held to the registration's rules and to a recent login; a removal ends the role, never
//! your own, and two members removing each other at once never leave the team empty.
use crate::domain::access::{DomainError, HELP_DESK};
use crate::domain::auth::{AuthError, Authenticated};
use crate::domain::testing::{self, T0};
use crate::domain::Umbral;
use crate::store::{Account, AccountStatus, Store};
use shared::api::team::TeamInvite;
use shared::i18n::Locale;
use std::sync::Arc;

async fn desk(u: &Umbral, id: &str) -> Account {
    let mut a = Account::new(
        id,
        "Dee",
        id,
        &format!("{id}@x.org"),
        Locale::En,
        AccountStatus::Active,
        T0,
    );
    a.roles.push(HELP_DESK.into());
    a.last_login_at = Some(T0);
    u.store.create_account(&a).await.unwrap();
    a
}

/// Signed in `ago` seconds before `T0`.
fn signed_in(a: &Account, ago: u64) -> Authenticated {
    crate::domain::auth::signed_in(a, T0 - ago)
}

fn invite(user_id: &str) -> TeamInvite {
    TeamInvite {
        user_id: user_id.into(),
        first_name: "Ray".into(),
        last_name: "Mond".into(),
        email: format!("{user_id}@example.org"),
    }
}

/// The bodies of the emails to `to`.
fn mails(u: &Umbral, to: &str) -> Vec<String> {
    std::fs::read_dir(u.courier.outbox.dir())
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .filter(|t| t.contains(&format!("To: {to}")))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_emails_a_one_time_setup_link_and_is_held_to_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let u = testing::umbral(dir.path());
    let ann = desk(&u, "ann.desk").await;
    let me = signed_in(&ann, 60);
    let m = u
        .invite_help_desk(&me, invite("ray.mond"), Locale::Es, T0)
        .await
        .unwrap();
    assert!(m.invited && !m.you);
    // The link goes to the colleague, in the inviter's language, and opens the setup.
    let mail = mails(&u, "ray.mond@example.org").concat();
    assert!(mail.contains("mesa de ayuda"), "{mail}");
    let token: String = mail
        .split("setup-account?token=")
        .nth(1)
        .expect("the setup link")
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    assert_eq!(u.setup_info(&token, T0).await.unwrap().user_id, "ray.mond");
    let team = u.team(&me).await.unwrap();
    let ids: Vec<(&str, bool)> = team.iter().map(|m| (m.user_id.as_str(), m.you)).collect();
    assert_eq!(ids, [("ann.desk", true), ("ray.mond", false)]);
    // The same user ID again, a broken form, an old login, someone not on the help desk.
    let again = u
        .invite_help_desk(&me, invite("RAY.MOND"), Locale::En, T0)
        .await;
    assert!(matches!(again, Err(DomainError::Invalid(e)) if e["user_id"] == ["taken"]));
    let bad = TeamInvite {
        email: "nope".into(),
        ..invite("x")
    };
    assert!(matches!(
        u.invite_help_desk(&me, bad, Locale::En, T0).await,
        Err(DomainError::Invalid(_))
    ));
    let stale = u
        .invite_help_desk(&signed_in(&ann, 601), invite("sam.ple"), Locale::En, T0)
        .await;
    assert!(matches!(
        stale,
        Err(DomainError::Auth(AuthError::ReauthRequired))
    ));
    let mut plain = Account::new(
        "pat.user",
        "Pat",
        "User",
        "p@x.org",
        Locale::En,
        AccountStatus::Active,
        T0,
    );
    plain.last_login_at = Some(T0);
    u.store.create_account(&plain).await.unwrap();
    let r = u
        .invite_help_desk(&signed_in(&plain, 60), invite("sam.ple"), Locale::En, T0)
        .await;
    assert!(matches!(r, Err(DomainError::Forbidden)));
    assert!(u.store.account("sam.ple").await.unwrap().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removal_ends_the_role_but_never_your_own() {
    let dir = tempfile::tempdir().unwrap();
    let u = testing::umbral(dir.path());
    let ann = desk(&u, "ann.desk").await;
    let bob = desk(&u, "bob.desk").await;
    let me = signed_in(&ann, 60);
    let own = u.remove_help_desk(&me, "ann.desk", T0).await;
    assert!(matches!(own, Err(DomainError::Invalid(e)) if e["user_id"] == ["own"]));
    let stale = u
        .remove_help_desk(&signed_in(&ann, 601), "bob.desk", T0)
        .await;
    assert!(matches!(
        stale,
        Err(DomainError::Auth(AuthError::ReauthRequired))
    ));
    u.remove_help_desk(&me, "bob.desk", T0).await.unwrap();
    let bob_now = u.store.account("bob.desk").await.unwrap().unwrap();
    assert!(!bob_now.roles.iter().any(|r| r == HELP_DESK));
    assert_eq!(mails(&u, &bob.email).len(), 1);
    assert_eq!(u.team(&me).await.unwrap().len(), 1);
    // No longer on the help desk: nothing to remove, and no console.
    assert!(matches!(
        u.remove_help_desk(&me, "bob.desk", T0).await,
        Err(DomainError::NotFound)
    ));
    assert!(matches!(
        u.team(&signed_in(&bob_now, 60)).await,
        Err(DomainError::Forbidden)
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_members_removing_each_other_at_once_leave_someone() {
    for _ in 0..10 {
        let dir = tempfile::tempdir().unwrap();
        let u = Arc::new(testing::umbral(dir.path()));
        let ann = desk(&u, "ann.desk").await;
        let bob = desk(&u, "bob.desk").await;
        let tasks: Vec<_> = [(ann, "bob.desk"), (bob, "ann.desk")]
            .into_iter()
            .map(|(who, target)| {
                let u = u.clone();
                tokio::spawn(
                    async move { u.remove_help_desk(&signed_in(&who, 60), target, T0).await },
                )
            })
            .collect();
        let mut ok = 0;
        for t in tasks {
            ok += usize::from(t.await.unwrap().is_ok());
        }
        let left = u.help_desk_keys().await.unwrap().len();
        assert!(left >= 1, "the team is never empty");
        assert!(ok <= 1, "at most one removal of the two stands");
        assert_eq!(left, 2 - ok);
    }
}
