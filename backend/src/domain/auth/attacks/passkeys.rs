//! Issue 27, passkeys: registration and login with webauthn-authenticator-rs's software
//! authenticator against the real store and keys; a cloned key (its signature counter
//! behind the one on record) and an assertion made for another site are refused and
//! counted. Every test here fails on 3da3105, which had no passkeys.
use super::*;
use webauthn_authenticator_rs::softpasskey::SoftPasskey;
use webauthn_authenticator_rs::WebauthnAuthenticator;
use webauthn_rs::prelude::{CreationChallengeResponse, RequestChallengeResponse, Url};

const SITE: &str = "https://umbral.example";

fn fx() -> Fx {
    Fx::with(|u| u.policy.public_url = SITE.into())
}

fn creation(o: WebAuthnOptions) -> CreationChallengeResponse {
    serde_json::from_value(serde_json::json!({ "publicKey": o.public_key })).unwrap()
}

fn request(o: WebAuthnOptions) -> RequestChallengeResponse {
    serde_json::from_value(serde_json::json!({ "publicKey": o.public_key })).unwrap()
}

/// Mary adds a passkey from her profile (a fresh login), as her browser would.
async fn enrol(fx: &Fx, key: &mut SoftPasskey) -> DeviceView {
    let c = fx.login(1, "mary.jones", PW).await.unwrap();
    let input = PasscodeInput {
        device_id: "app".into(),
        code: fx.code(),
    };
    let now = fx.u.clock.now();
    let (token, _) = with_client(ip(1), fx.u.passcode(&c.challenge, input, now))
        .await
        .unwrap();
    let auth = fx.u.authenticate(&token, now).await.unwrap();
    let options = fx.u.start_passkey(&auth, now).await.unwrap();
    let reg = key
        .do_registration(Url::parse(SITE).unwrap(), creation(options))
        .unwrap();
    let new = NewPasskey {
        label: Some("Phone".into()),
        credential: serde_json::value::to_raw_value(&reg).unwrap(),
    };
    fx.u.finish_passkey(&auth, new, now).await.unwrap()
}

/// The passkey step of a login from `client`, signed by `key` for `origin`.
async fn with_passkey(
    fx: &Fx,
    client: u32,
    key: &mut SoftPasskey,
    origin: &str,
) -> Result<(String, Profile), AuthError> {
    let c = fx.login(client, "mary.jones", PW).await.unwrap();
    let now = fx.u.clock.now();
    let options = fx.u.passkey_challenge(&c.challenge, now).await.unwrap();
    let cred = key
        .do_authentication(Url::parse(origin).unwrap(), request(options))
        .unwrap();
    let input = PasskeyAssertion {
        credential: serde_json::value::to_raw_value(&cred).unwrap(),
    };
    with_client(ip(client), fx.u.passkey_login(&c.challenge, input, now)).await
}

/// Registration, then a login whose second factor is the passkey: the session says so
/// (an ID token's `amr` is `pop`), the device is preselected next time, the password is
/// still asked first. The same key cannot be registered twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_passkey_is_added_from_the_profile_and_logs_in_after_the_password() {
    let fx = fx();
    fx.account("mary.jones", "mary@example.org").await;
    let mut key = SoftPasskey::new(true);
    let d = enrol(&fx, &mut key).await;
    assert_eq!(
        (d.kind, d.status),
        (DeviceKind::Passkey, DeviceStatus::Active)
    );
    let a = fx.u.store.account("mary.jones").await.unwrap().unwrap();
    assert_eq!(a.passkeys.len(), 1);
    assert!(
        a.pending_passkey.is_none(),
        "the registration state is used once"
    );
    assert!(fx
        .trail("mary.jones")
        .await
        .contains(&"device_added".to_string()));

    let (token, profile) = with_passkey(&fx, 2, &mut key, SITE).await.unwrap();
    assert_eq!(profile.default_device.as_deref(), Some(d.id.as_str()));
    let s = fx.u.authenticate(&token, fx.u.clock.now()).await.unwrap();
    assert_eq!(s.session.mfa, Some(DeviceKind::Passkey));
    assert_eq!(
        crate::domain::oidc::amr(s.session.mfa),
        ["pwd", "pop", "mfa"]
    );
    // The wrong password never reaches the passkey.
    assert!(fx
        .login(2, "mary.jones", "Wrong-Guess-0001-Abc")
        .await
        .is_err());
}

/// A cloned key: the record's signature counter is ahead of what the key signs with
/// (the other copy signed since). Refused, counted toward the lock, audited, and the
/// owner is told; an assertion made at another origin is refused too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cloned_passkey_and_one_signed_for_another_site_are_refused() {
    let fx = fx();
    fx.account("mary.jones", "mary@example.org").await;
    let mut key = SoftPasskey::new(true);
    enrol(&fx, &mut key).await;
    with_passkey(&fx, 2, &mut key, SITE).await.unwrap();

    // The copy elsewhere signed nine more times: the record is at 10, this key at 2.
    let mut a = fx.u.store.account("mary.jones").await.unwrap().unwrap();
    let mut pk = serde_json::to_value(&a.passkeys[0].passkey).unwrap();
    let counter = pk["cred"]["counter"].as_u64().unwrap();
    assert!(counter >= 1, "the key counts its signatures: {pk}");
    pk["cred"]["counter"] = serde_json::json!(counter + 9);
    a.passkeys[0].passkey = serde_json::from_value(pk).unwrap();
    fx.save(&a).await;
    let before = a.failed_attempts;
    let mails = fx.mail_to("mary@example.org").len();
    assert!(matches!(
        with_passkey(&fx, 2, &mut key, SITE).await,
        Err(AuthError::InvalidPasscode)
    ));
    let a = fx.u.store.account("mary.jones").await.unwrap().unwrap();
    assert_eq!(a.failed_attempts, before + 1);
    assert!(fx
        .trail("mary.jones")
        .await
        .contains(&"passkey_clone_suspected".to_string()));
    assert_eq!(fx.mail_to("mary@example.org").len(), mails + 1);

    // Signed at another origin of the same site (a taken-over subdomain: the key signs,
    // since the RP ID is a suffix of its host): the server accepts only --public-url.
    let mut other = SoftPasskey::new(true);
    let fx2 = self::fx();
    fx2.account("mary.jones", "mary@example.org").await;
    enrol(&fx2, &mut other).await;
    assert!(matches!(
        with_passkey(&fx2, 3, &mut other, "https://evil.umbral.example").await,
        Err(AuthError::InvalidPasscode)
    ));
    assert!(fx2
        .trail("mary.jones")
        .await
        .contains(&"passkey_failed".to_string()));
}

/// A deployment at an address a browser does not accept as a relying party answers
/// plainly; the passkey step needs a passkey; removing the device removes the key.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passkeys_need_a_named_site_and_go_with_their_device() {
    let fx = self::fx();
    fx.account("mary.jones", "mary@example.org").await;
    let c = fx.login(1, "mary.jones", PW).await.unwrap();
    assert!(matches!(
        fx.u.passkey_challenge(&c.challenge, fx.u.clock.now()).await,
        Err(AuthError::Invalid(_))
    ));
    let mut key = SoftPasskey::new(true);
    let d = enrol(&fx, &mut key).await;
    fx.u.clock.advance(30);
    let c = fx.login(1, "mary.jones", PW).await.unwrap();
    let input = PasscodeInput {
        device_id: "app".into(),
        code: fx.code(),
    };
    let now = fx.u.clock.now();
    let (token, _) = with_client(ip(1), fx.u.passcode(&c.challenge, input, now))
        .await
        .unwrap();
    let auth = fx.u.authenticate(&token, now).await.unwrap();
    fx.u.remove_device(&auth, &d.id, now).await.unwrap();
    let a = fx.u.store.account("mary.jones").await.unwrap().unwrap();
    assert!(a.passkeys.is_empty());
}
