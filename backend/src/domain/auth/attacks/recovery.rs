//! Issue 27, the way back in: recovery codes tried against the real store, hasher,
//! keys and outbox. Every test here fails on 3da3105 (which had no recovery codes).
use super::*;
use crate::domain::access::DomainError;
use shared::api::access::{CallerCodeRequest, EmailCorrection, PhoneRelease};

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

/// The six digits of the newest message to `to`.
fn six_digits(fx: &Fx, to: &str) -> String {
    let mails = fx.mail_to(to);
    let m = mails.last().expect("a message");
    let body = m.split("\r\n\r\n").skip(1).collect::<String>();
    body.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("a six-digit code")
        .to_string()
}

async fn help_desk(fx: &Fx, user: &str, client: u32) -> Authenticated {
    let mut hd = fx.account(user, &format!("{user}@example.org")).await;
    hd.roles.push("help_desk".into());
    fx.save(&hd).await;
    fx.session(client, user).await
}

/// Issue 27's first "done when": a person who lost her only phone calls; the agent
/// cannot act before verifying her; a wrong date of birth is refused and counted like a
/// wrong answer; the answer and date of birth verify her; the reset removes her device,
/// releases nothing it should keep, ends her sessions, and her next login is a first
/// login: the emailed code, then a new device, then she is in. Both accounts' trails
/// name the agent and the method; she is emailed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_phone_the_help_desk_verifies_and_resets_then_a_new_device_gets_her_in() {
    let fx = Fx::new();
    fx.account("lost.phone", "lost@example.org").await;
    let her = fx.session(1, "lost.phone").await;
    let hd = help_desk(&fx, "hd.agent", 9).await;
    let now = fx.u.clock.now();
    assert!(matches!(
        fx.u.reset_mfa(&hd, "lost.phone", now).await,
        Err(DomainError::Invalid(e)) if e.contains_key("caller")
    ));
    // An ordinary account cannot use the support operations at all.
    assert!(matches!(
        fx.u.reset_mfa(&her, "hd.agent", now).await,
        Err(DomainError::Forbidden)
    ));
    let wrong_dob = CallerProofs::knowledge("rex", "1980-03-01");
    assert!(matches!(
        fx.u.verify_caller(&hd, "lost.phone", wrong_dob, now).await,
        Err(DomainError::Invalid(e)) if e.contains_key("proof")
    ));
    let a = fx.u.store.account("lost.phone").await.unwrap().unwrap();
    assert_eq!(a.answer_failures, 1, "a wrong date of birth spends a try");
    let ok = CallerProofs::knowledge(" Rex ", "1980-02-29");
    let v =
        fx.u.verify_caller(&hd, "lost.phone", ok, now)
            .await
            .unwrap();
    assert_eq!(v.method, "security_answer_and_date_of_birth");
    // Another agent cannot ride on this agent's check.
    let other = help_desk(&fx, "hd.other", 8).await;
    assert!(fx.u.reset_mfa(&other, "lost.phone", now).await.is_err());
    fx.u.reset_mfa(&hd, "lost.phone", now).await.unwrap();

    let a = fx.u.store.account("lost.phone").await.unwrap().unwrap();
    assert!(a.devices.is_empty() && a.recovery_codes.is_none() && a.caller_check.is_none());
    // Her sessions ended: a session of an older generation is refused (F12).
    assert_ne!(a.session_generation, her.session.generation);
    let trail = fx.trail("lost.phone").await;
    assert!(trail.contains(&"caller_verified".to_string()), "{trail:?}");
    assert!(
        trail.contains(&"mfa_reset_by_help_desk".to_string()),
        "{trail:?}"
    );
    let agent = fx.u.store.audit_trail("hd.agent", 100).await.unwrap();
    assert!(agent.iter().any(|e| e.event == "mfa_reset"
        && e.detail.as_deref() == Some("lost.phone (security_answer_and_date_of_birth)")));
    assert!(fx
        .mail_to("lost@example.org")
        .last()
        .unwrap()
        .contains("help desk"));

    // Her next login: the emailed code, then a new device, then in.
    let c = fx.login(1, "lost.phone", PW).await.unwrap();
    assert_eq!(c.next, Next::VerifyEmail);
    fx.u.send_email_code(&c.challenge, fx.u.clock.now())
        .await
        .unwrap();
    let code = six_digits(&fx, "lost@example.org");
    let c =
        fx.u.verify_email(&c.challenge, CodeInput { code }, fx.u.clock.now())
            .await
            .unwrap();
    assert_eq!(c.next, Next::EnrollDevice);
    let (_, acct) =
        fx.u.challenge_enrolment(&c.challenge, fx.u.clock.now())
            .await
            .unwrap();
    let new = NewDevice {
        kind: "email".into(),
        label: None,
        phone: None,
        email: Some("lost.new@example.org".into()),
    };
    let d = fx.u.add_device(&acct, new, fx.u.clock.now()).await.unwrap();
    let code = six_digits(&fx, "lost.new@example.org");
    let (_, profile) =
        fx.u.verify_first_device(&c.challenge, &d.id, CodeInput { code }, fx.u.clock.now())
            .await
            .unwrap();
    assert_eq!(profile.devices.len(), 1, "in, with her new device");
}

/// The code method: Umbral emails a code the caller reads out; a wrong one is refused;
/// the right one verifies; then the agent corrects the address (both addresses are
/// told, the new one must be proven at the next login) and releases a phone number,
/// which another account may then claim.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_out_code_verifies_the_caller_then_email_and_phone_are_corrected() {
    let fx = Fx::new();
    let mut a = fx.account("moved.house", "old@example.org").await;
    a.devices.push(crate::store::Device {
        id: "sms".into(),
        kind: DeviceKind::Sms,
        label: String::new(),
        contact: Some("8135550142".into()),
        pending_contact: None,
        sealed_secret: None,
        status: DeviceStatus::Active,
        created_at: 0,
        verification: None,
    });
    fx.save(&a).await;
    let owner = crate::store::index::device_owner(true, "8135550142");
    fx.u.store
        .insert_new(Table::DeviceOwners, &owner, &"moved.house".to_string())
        .await
        .unwrap();
    let hd = help_desk(&fx, "hd.agent", 9).await;
    let now = fx.u.clock.now();
    let sent =
        fx.u.send_caller_code(
            &hd,
            "moved.house",
            CallerCodeRequest {
                channel: "email".into(),
            },
            now,
        )
        .await
        .unwrap();
    assert!(sent.masked.contains('@') && !sent.masked.contains("old@"));
    let code = six_digits(&fx, "old@example.org");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert!(fx
        .u
        .verify_caller(&hd, "moved.house", CallerProofs::code(wrong), now)
        .await
        .is_err());
    let v =
        fx.u.verify_caller(&hd, "moved.house", CallerProofs::code(&code), now)
            .await
            .unwrap();
    assert_eq!(v.method, "email_code");

    let fix = EmailCorrection {
        email: "new@example.org".into(),
    };
    fx.u.correct_email(&hd, "moved.house", fix, now)
        .await
        .unwrap();
    let a = fx.u.store.account("moved.house").await.unwrap().unwrap();
    assert_eq!(
        (a.email.as_str(), a.email_verified),
        ("new@example.org", false)
    );
    assert!(fx
        .mail_to("old@example.org")
        .last()
        .unwrap()
        .contains("help desk"));
    assert_eq!(fx.mail_to("new@example.org").len(), 1);

    let release = PhoneRelease {
        phone: "(813) 555-0142".into(),
    };
    fx.u.release_phone(&hd, "moved.house", release, now)
        .await
        .unwrap();
    let a = fx.u.store.account("moved.house").await.unwrap().unwrap();
    assert!(a.devices.iter().all(|d| d.id != "sms"));
    assert!(
        fx.u.store
            .get::<String>(Table::DeviceOwners, &owner)
            .await
            .unwrap()
            .is_none(),
        "the number is free"
    );
    // A number this account does not hold: refused.
    let other = PhoneRelease {
        phone: "8135550199".into(),
    };
    assert!(fx
        .u
        .release_phone(&hd, "moved.house", other, now)
        .await
        .is_err());
    // After 15 minutes the check has lapsed.
    let later = now + crate::domain::support::CALLER_CHECK_SECS;
    assert!(fx.u.reset_mfa(&hd, "moved.house", later).await.is_err());
}

struct CallerProofs;

impl CallerProofs {
    fn knowledge(answer: &str, dob: &str) -> shared::api::access::CallerProof {
        shared::api::access::CallerProof {
            code: None,
            security_answer: Some(answer.into()),
            date_of_birth: Some(dob.into()),
        }
    }

    fn code(code: &str) -> shared::api::access::CallerProof {
        shared::api::access::CallerProof {
            code: Some(code.into()),
            ..Default::default()
        }
    }
}
