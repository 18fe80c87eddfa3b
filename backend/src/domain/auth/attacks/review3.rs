//! The findings of the third security review (`security-review-3.md`) that concern the
//! login and its lock, tried as attacks on the domain (G2, G3, G4), and the time rules
//! held at every step of a login. Every test here fails on 3da3105.
use super::*;

/// Security review 3, G4: during maintenance a wrong password is counted like at any
/// other time, the help desk's included, so the window is no uncounted oracle; a right
/// password of an ordinary account is refused without being counted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn g4_maintenance_counts_wrong_passwords_the_help_desk_s_included() {
    let thu = shared::calendar::instant(shared::date::Date::parse("2027-01-14").unwrap(), 21, 30);
    let fx = Fx::with(|u| {
        u.clock = crate::clock::Clock::fixed(thu);
        u.policy.weekly = Some(Default::default());
    });
    assert!(
        fx.u.maintenance_at(thu).await.is_some(),
        "Thursday 21:30 ET"
    );
    let mut hd = fx.account("hd.agent", "hd@example.org").await;
    hd.roles.push("help_desk".into());
    fx.save(&hd).await;
    for i in 0..5 {
        assert!(matches!(
            fx.login(1, "hd.agent", &format!("Wrong-Guess-{i:03}-Abc"))
                .await,
            Err(AuthError::Maintenance { .. })
        ));
    }
    // Counted: the sixth try from that address is the lock's, the right password too.
    assert!(matches!(
        fx.login(1, "hd.agent", PW).await,
        Err(AuthError::Locked)
    ));
    let a = fx.u.store.account("hd.agent").await.unwrap().unwrap();
    assert_eq!(a.failed_attempts, 5);
    // The agent at their own desk still gets in.
    assert!(fx.login(2, "hd.agent", PW).await.is_ok());
    // An ordinary person trying the right password during the window is refused and
    // not counted: ten tries leave them free once the window closes.
    fx.account("mary.jones", "mary@example.org").await;
    for _ in 0..10 {
        assert!(matches!(
            fx.login(3, "mary.jones", PW).await,
            Err(AuthError::Maintenance { .. })
        ));
    }
    fx.u.clock.advance(2 * 3600);
    assert!(fx.login(3, "mary.jones", PW).await.is_ok());
}

/// Time boundaries (issue 28): each step of a login holds the weekly window at its own
/// instant. A login begun five seconds before Thursday 21:00 ET does not finish at
/// 21:05 with a session; the help desk's does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_begun_before_the_weekly_window_does_not_finish_inside_it() {
    let start = shared::calendar::instant(shared::date::Date::parse("2027-01-14").unwrap(), 21, 0);
    let fx = Fx::with(|u| {
        u.clock = crate::clock::Clock::fixed(start - 5);
        u.policy.weekly = Some(Default::default());
    });
    fx.account("mary.jones", "mary@example.org").await;
    let mut hd = fx.account("hd.agent", "hd@example.org").await;
    hd.roles.push("help_desk".into());
    fx.save(&hd).await;
    let c = fx.login(1, "mary.jones", PW).await.unwrap();
    let h = fx.login(1, "hd.agent", PW).await.unwrap();
    fx.u.clock.advance(5 * 60 + 5);
    assert!(matches!(
        fx.passcode(1, &c.challenge, &fx.code()).await,
        Err(AuthError::Maintenance { .. })
    ));
    fx.passcode(1, &h.challenge, &fx.code()).await.unwrap();
    // No session was made for Mary: her account's trail has no login.
    let trail = fx.u.store.audit_trail("mary.jones", 10).await.unwrap();
    assert!(!trail.iter().any(|e| e.event == "login"), "{trail:?}");
}

/// Time boundaries (issue 28): a login begun ten seconds before the inactivity instant
/// and finished a minute after it is refused as inactive, not a way round the reset.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_begun_before_the_inactivity_instant_does_not_finish_after_it() {
    let fx = Fx::new();
    let a = fx.account("mary.jones", "mary@example.org").await;
    let instant = fx.u.policy.inactive_from(&a);
    fx.u.clock.advance(instant - 10 - fx.u.clock.now());
    let c = fx.login(1, "mary.jones", PW).await.unwrap();
    fx.u.clock.advance(70);
    assert!(matches!(
        fx.passcode(1, &c.challenge, &fx.code()).await,
        Err(AuthError::Inactive)
    ));
    let a = fx.u.store.account("mary.jones").await.unwrap().unwrap();
    assert!(a.inactive_at.is_some(), "marked at that step");
    assert_eq!(a.last_login_at, None, "not reactivated");
}

/// Security review 3, G2: twenty addresses with five wrong passwords each lock the
/// account for every stranger, never for the owner's own browser (its device cookie);
/// the lock notices leave the owner's unlock mail alone; a known browser has its own
/// small budget; a cookie of another account is worth nothing here.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn g2_a_distributed_lockout_does_not_keep_the_owner_out_of_her_browser() {
    use crate::domain::notify::with_devices;
    let fx = Fx::new();
    fx.account("vera.victim", "vera@example.org").await;
    fx.account("mal.lory", "mal@example.org").await;
    let hers = fx.u.device_token("vera.victim");
    let theirs = fx.u.device_token("mal.lory");
    for i in 0..20 {
        for j in 0..5 {
            let _ = fx
                .login(
                    100 + i,
                    "vera.victim",
                    &format!("Wrong-Guess-{i:02}{j}-Abc"),
                )
                .await;
        }
    }
    let a = fx.u.store.account("vera.victim").await.unwrap().unwrap();
    assert_eq!(a.status, AccountStatus::Locked, "locked for strangers");
    assert!(matches!(
        fx.login(200, "vera.victim", PW).await,
        Err(AuthError::Locked)
    ));
    // Another account's device cookie opens nothing.
    assert!(matches!(
        with_devices(vec![theirs], fx.login(200, "vera.victim", PW)).await,
        Err(AuthError::Locked)
    ));
    // From a new browser the owner asks for an unlock link: it is sent (the notices
    // took their own budget, not hers).
    fx.u.send_link(LinkKind::Unlock, "vera.victim", fx.u.clock.now())
        .await
        .unwrap();
    let unlock = fx
        .mail_to("vera@example.org")
        .iter()
        .filter(|m| m.contains("/unlock?token="))
        .count();
    assert_eq!(unlock, 1, "the owner's unlock link");
    // Her own browser, even from one of the attacker's addresses, logs in.
    let c = with_devices(vec![hers.clone()], fx.login(101, "vera.victim", PW))
        .await
        .unwrap();
    with_devices(
        vec![hers.clone()],
        fx.passcode(101, &c.challenge, &fx.code()),
    )
    .await
    .unwrap();
    let a = fx.u.store.account("vera.victim").await.unwrap().unwrap();
    assert_eq!(
        a.status,
        AccountStatus::Active,
        "a complete login ends the lock"
    );
    // Her browser's own budget: five wrong tries, then its own lock.
    for j in 0..5 {
        let r = with_devices(
            vec![hers.clone()],
            fx.login(102, "vera.victim", &format!("Wrong-Mine-{j}-Abcdefg")),
        )
        .await;
        assert!(
            matches!(r, Err(AuthError::InvalidCredentials)),
            "{j}: {r:?}"
        );
    }
    assert!(matches!(
        with_devices(vec![hers], fx.login(102, "vera.victim", PW)).await,
        Err(AuthError::Locked)
    ));
}

/// Security review 3, G3: what others ask to be sent to a person's address or number
/// (page links, another account naming the number) never spends what her own logins
/// need: her email code and her texted passcode still go.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn g3_others_cannot_drain_the_owners_destination_quota() {
    let fx = Fx::new();
    let emil = fx.account("emil.mail", "emil@example.org").await;
    for _ in 0..5 {
        fx.u.send_page_link(
            shared::api::share::PageLinkInput {
                page: "home".into(),
                addresses: "emil@example.org".into(),
            },
            Locale::En,
            None,
        )
        .await
        .unwrap();
    }
    fx.u.send_code(
        &emil.key(),
        Locale::En,
        DeviceKind::Email,
        "emil@example.org",
        "123456",
    )
    .await
    .expect("her own email code is not throttled by the page links");
    // Another account names her number five times (codes withheld or sent to the
    // others' budget); her own passcode by text still goes.
    let mal = fx.account("mal.lory", "mal@example.org").await;
    let now = fx.u.clock.now();
    for _ in 0..5 {
        let _ =
            fx.u.add_device(
                &mal,
                NewDevice {
                    kind: "sms".into(),
                    label: None,
                    phone: Some("813-555-0199".into()),
                    email: None,
                },
                now,
            )
            .await;
    }
    fx.u.send_code(
        &emil.key(),
        Locale::En,
        DeviceKind::Sms,
        "8135550199",
        "654321",
    )
    .await
    .expect("her own passcode is not throttled by another account's requests");
}
