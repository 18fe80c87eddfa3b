//! Issue 27, the way back in: recovery codes tried against the real store, hasher,
//! keys and outbox. Every test here fails on 3da3105 (which had no recovery codes).
use super::*;

impl Fx {
    /// A logged-in session of `user` (password and authenticator) from `client`.
    async fn session(&self, client: u32, user: &str) -> Authenticated {
        let c = self.login(client, user, PW).await.unwrap();
        let input = PasscodeInput {
            device_id: "app".into(),
            code: self.code(),
        };
        let now = self.u.clock.now();
        let (token, _) = with_client(ip(client), self.u.passcode(&c.challenge, input, now))
            .await
            .unwrap();
        self.u.authenticate(&token, now).await.unwrap()
    }

    async fn with_code(
        &self,
        client: u32,
        challenge: &str,
        code: &str,
    ) -> Result<(String, Profile), AuthError> {
        let input = RecoveryCodeInput { code: code.into() };
        with_client(
            ip(client),
            self.u
                .recovery_code_login(challenge, input, self.u.clock.now()),
        )
        .await
    }
}

/// A set is made, kept as keyed hashes only; a wrong code counts toward the lock; a
/// right one (typed any way Crockford forgives) opens one session once, is audited and
/// mailed with the count left; a new set voids the old one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recovery_code_works_once_is_audited_and_mailed() {
    let fx = Fx::new();
    fx.account("rc.owner", "owner@example.org").await;
    let auth = fx.session(1, "rc.owner").await;
    let set =
        fx.u.make_recovery_codes(&auth, fx.u.clock.now())
            .await
            .unwrap();
    assert_eq!(set.codes.len(), 10);
    assert!(set
        .codes
        .iter()
        .all(|c| c.len() == 12 && c.matches('-').count() == 2));
    let a = fx.u.store.account("rc.owner").await.unwrap().unwrap();
    assert_eq!(a.recovery_codes.as_ref().unwrap().unused.len(), 10);
    let record = serde_json::to_string(&a).unwrap();
    for c in &set.codes {
        assert!(
            !record.contains(&c.replace('-', "")),
            "a code in the record"
        );
    }
    assert!(fx
        .trail("rc.owner")
        .await
        .contains(&"recovery_codes_created".to_string()));
    assert_eq!(fx.mail_to("owner@example.org").len(), 1);

    // TOTP codes work once per step: the next logins are a step later.
    fx.u.clock.advance(30);
    let c = fx.login(2, "rc.owner", PW).await.unwrap();
    assert!(matches!(
        fx.with_code(2, &c.challenge, "0000-0000-00").await,
        Err(AuthError::InvalidPasscode)
    ));
    let a = fx.u.store.account("rc.owner").await.unwrap().unwrap();
    assert_eq!(
        a.failed_attempts, 1,
        "a wrong code is counted like a wrong passcode"
    );
    assert!(fx
        .trail("rc.owner")
        .await
        .contains(&"recovery_code_failed".to_string()));

    let typed = set.codes[3].replace('-', " ").to_lowercase();
    let (_, profile) = fx.with_code(2, &c.challenge, &typed).await.unwrap();
    assert!(profile.recovered);
    assert_eq!(profile.recovery_codes_left, 9);
    let a = fx.u.store.account("rc.owner").await.unwrap().unwrap();
    assert_eq!(a.failed_attempts, 0);
    assert_eq!(a.recovery_codes.as_ref().unwrap().unused.len(), 9);
    assert_eq!(
        a.default_device.as_deref(),
        Some("app"),
        "a code is no device"
    );
    assert!(fx
        .trail("rc.owner")
        .await
        .contains(&"recovery_code_used".to_string()));
    let mails = fx.mail_to("owner@example.org");
    assert_eq!(mails.len(), 2);
    assert!(mails[1].contains("9"), "{}", mails[1]);

    // The spent code at a new login: refused.
    let c = fx.login(2, "rc.owner", PW).await.unwrap();
    assert!(matches!(
        fx.with_code(2, &c.challenge, &set.codes[3]).await,
        Err(AuthError::InvalidPasscode)
    ));

    // A new set voids the old one.
    fx.u.clock.advance(30);
    let auth = fx.session(1, "rc.owner").await;
    let fresh =
        fx.u.make_recovery_codes(&auth, fx.u.clock.now())
            .await
            .unwrap();
    assert!(fresh.codes.iter().all(|c| !set.codes.contains(c)));
    let c = fx.login(2, "rc.owner", PW).await.unwrap();
    assert!(fx.with_code(2, &c.challenge, &set.codes[5]).await.is_err());
    let c = fx.login(2, "rc.owner", PW).await.unwrap();
    let (_, p) = fx
        .with_code(2, &c.challenge, &fresh.codes[0])
        .await
        .unwrap();
    assert_eq!(p.recovery_codes_left, 9);
}

/// Two logins racing with one code: one session, and the other is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_code_opens_one_session_when_two_logins_race() {
    let fx = Fx::new();
    fx.account("rc.race", "race@example.org").await;
    let auth = fx.session(1, "rc.race").await;
    let set =
        fx.u.make_recovery_codes(&auth, fx.u.clock.now())
            .await
            .unwrap();
    let a = fx.login(2, "rc.race", PW).await.unwrap();
    let b = fx.login(3, "rc.race", PW).await.unwrap();
    let (ra, rb) = tokio::join!(
        fx.with_code(2, &a.challenge, &set.codes[0]),
        fx.with_code(3, &b.challenge, &set.codes[0])
    );
    // Both reached the code check (the challenges were live and the code unused when
    // read); exactly one opened a session.
    assert_eq!(ra.is_ok() as u8 + rb.is_ok() as u8, 1, "{ra:?} {rb:?}");
    let a = fx.u.store.account("rc.race").await.unwrap().unwrap();
    assert_eq!(a.recovery_codes.unwrap().unused.len(), 9);
}

/// Making a set needs a recent login, as adding a device does; a code is no way past
/// the password, nor into an account that has no set.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_need_a_recent_login_and_never_replace_the_password() {
    let fx = Fx::new();
    fx.account("rc.stale", "stale@example.org").await;
    let auth = fx.session(1, "rc.stale").await;
    fx.u.clock.advance(fx.u.policy.reauth_secs + 1);
    assert!(matches!(
        fx.u.make_recovery_codes(&auth, fx.u.clock.now()).await,
        Err(AuthError::ReauthRequired)
    ));
    let a = fx.u.store.account("rc.stale").await.unwrap().unwrap();
    assert!(a.recovery_codes.is_none());
    let c = fx.login(2, "rc.stale", PW).await.unwrap();
    assert!(matches!(
        fx.with_code(2, &c.challenge, "7KQ2-9XMD-4F").await,
        Err(AuthError::InvalidPasscode)
    ));
    assert!(matches!(
        fx.with_code(2, "not-a-challenge", "7KQ2-9XMD-4F").await,
        Err(AuthError::ChallengeExpired)
    ));
}
