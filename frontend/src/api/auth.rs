//! Login, sessions, MFA devices, passwords and recovery.
use super::{
    delete, get, patch, post, post_done, post_nothing, post_nothing_json, put, put_done, seg,
    Answer,
};
use shared::api::auth::*;
use shared::i18n::Locale;

/// The password step: a login challenge.
pub async fn login(l: Locale, body: &LoginRequest) -> Answer<LoginChallenge> {
    post(l, "/sessions", body).await
}

pub async fn logout(l: Locale) -> Answer<()> {
    delete(l, "/sessions/current").await
}

/// "Send me an email": the first login's verification code.
pub async fn send_email_code(l: Locale, challenge: &str) -> Answer<()> {
    post_nothing(l, &format!("/sessions/{}/email-code", seg(challenge))).await
}

pub async fn verify_email(l: Locale, challenge: &str, body: &CodeInput) -> Answer<LoginChallenge> {
    let path = format!("/sessions/{}/email-verification", seg(challenge));
    post(l, &path, body).await
}

/// Sends a code to the chosen device (nothing for an authenticator app).
pub async fn request_passcode(l: Locale, challenge: &str, body: &PasscodeRequest) -> Answer<()> {
    let path = format!("/sessions/{}/passcode-request", seg(challenge));
    post_done(l, &path, body).await
}

/// The passcode step: a session (the cookie) and the profile.
pub async fn passcode(l: Locale, challenge: &str, body: &PasscodeInput) -> Answer<Profile> {
    post(l, &format!("/sessions/{}/passcode", seg(challenge)), body).await
}

/// Is this new password common or easy to guess? (The live checklist's last line.)
pub async fn password_check(l: Locale, body: &PasswordCheck) -> Answer<PasswordCheckResult> {
    post(l, "/password-checks", body).await
}

/// The options for the browser to sign this login's challenge with a passkey.
pub async fn passkey_challenge(l: Locale, challenge: &str) -> Answer<WebAuthnOptions> {
    post_nothing_json(
        l,
        &format!("/sessions/{}/passkey-challenge", seg(challenge)),
    )
    .await
}

/// The signed assertion: the session opens.
pub async fn passkey_login(l: Locale, challenge: &str, body: &PasskeyAssertion) -> Answer<Profile> {
    post(l, &format!("/sessions/{}/passkey", seg(challenge)), body).await
}

/// The options for the browser to make a new passkey (a fresh login needed).
pub async fn start_passkey(l: Locale) -> Answer<WebAuthnOptions> {
    post_nothing_json(l, "/me/passkeys").await
}

pub async fn finish_passkey(l: Locale, body: &NewPasskey) -> Answer<DeviceView> {
    post(l, "/me/passkeys/verification", body).await
}

/// A recovery code in place of the passcode: the session opens.
pub async fn recovery_code(
    l: Locale,
    challenge: &str,
    body: &RecoveryCodeInput,
) -> Answer<Profile> {
    post(
        l,
        &format!("/sessions/{}/recovery-code", seg(challenge)),
        body,
    )
    .await
}

/// A new set of recovery codes (the old set stops working).
pub async fn make_recovery_codes(l: Locale) -> Answer<RecoveryCodes> {
    post_nothing_json(l, "/me/recovery-codes").await
}

/// Where a device is being added: during a first login, or from the profile.
#[derive(Clone, Debug, PartialEq)]
pub enum DeviceScope {
    /// The login challenge of an account with no device yet.
    Login(String),
    Profile,
}

impl DeviceScope {
    fn devices(&self) -> String {
        match self {
            DeviceScope::Login(c) => format!("/sessions/{}/devices", seg(c)),
            DeviceScope::Profile => "/me/devices".into(),
        }
    }
}

/// What verifying a new device ends in: a login, or the device itself.
#[derive(Clone, Debug, PartialEq)]
pub enum DeviceVerified {
    LoggedIn(Box<Profile>),
    Device(DeviceView),
}

pub async fn add_device(l: Locale, scope: &DeviceScope, body: &NewDevice) -> Answer<DeviceCreated> {
    post(l, &scope.devices(), body).await
}

pub async fn resend_device_code(l: Locale, scope: &DeviceScope, id: &str) -> Answer<()> {
    post_nothing(l, &format!("{}/{}/code", scope.devices(), seg(id))).await
}

pub async fn verify_new_device(
    l: Locale,
    scope: &DeviceScope,
    id: &str,
    body: &CodeInput,
) -> Answer<DeviceVerified> {
    let path = format!("{}/{}/verification", scope.devices(), seg(id));
    Ok(match scope {
        DeviceScope::Login(_) => DeviceVerified::LoggedIn(Box::new(post(l, &path, body).await?)),
        DeviceScope::Profile => DeviceVerified::Device(post(l, &path, body).await?),
    })
}

/// Verifies a device's new number or address.
pub async fn verify_device(l: Locale, id: &str, body: &CodeInput) -> Answer<DeviceView> {
    post(l, &format!("/me/devices/{}/verification", seg(id)), body).await
}

pub async fn edit_device(l: Locale, id: &str, body: &DeviceEdit) -> Answer<DeviceView> {
    patch(l, &format!("/me/devices/{}", seg(id)), body).await
}

pub async fn remove_device(l: Locale, id: &str) -> Answer<()> {
    delete(l, &format!("/me/devices/{}", seg(id))).await
}

/// The logged-in account, or `unauthenticated`.
pub async fn me(l: Locale) -> Answer<Profile> {
    get(l, "/me").await
}

pub async fn activity(l: Locale) -> Answer<Vec<Activity>> {
    get(l, "/me/activity").await
}

pub async fn change_password(l: Locale, body: &PasswordChange) -> Answer<()> {
    post_done(l, "/me/password", body).await
}

/// Which emailed link a recovery page is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    PasswordReset,
    Unlock,
}

impl LinkKind {
    fn base(self) -> &'static str {
        match self {
            LinkKind::PasswordReset => "/password-resets",
            LinkKind::Unlock => "/unlocks",
        }
    }
}

/// Forgot password or unlock: always 202, whether the user ID exists or not.
pub async fn request_link(l: Locale, kind: LinkKind, body: &RecoveryRequest) -> Answer<()> {
    post_done(l, kind.base(), body).await
}

pub async fn remind_user_id(l: Locale, body: &UserIdReminderRequest) -> Answer<()> {
    post_done(l, "/user-id-reminders", body).await
}

pub async fn link_info(l: Locale, kind: LinkKind, token: &str) -> Answer<LinkInfo> {
    get(l, &format!("{}/{}", kind.base(), seg(token))).await
}

pub async fn complete_reset(l: Locale, token: &str, body: &PasswordResetCompletion) -> Answer<()> {
    let path = format!("{}/{}", LinkKind::PasswordReset.base(), seg(token));
    post_done(l, &path, body).await
}

pub async fn complete_unlock(l: Locale, token: &str, body: &UnlockCompletion) -> Answer<()> {
    let path = format!("{}/{}", LinkKind::Unlock.base(), seg(token));
    post_done(l, &path, body).await
}

pub async fn update_profile(l: Locale, body: &ProfileUpdate) -> Answer<Profile> {
    put(l, "/me/profile", body).await
}

pub async fn set_language(l: Locale, body: &LanguageInput) -> Answer<Profile> {
    put(l, "/me/language", body).await
}

/// Site preferences, kept on the account.
pub async fn set_site_prefs(l: Locale, body: &shared::api::site::SitePrefs) -> Answer<Profile> {
    put(l, "/me/site-preferences", body).await
}

/// The choices of the site preferences.
pub async fn site_options(l: Locale) -> Answer<shared::api::site::SiteOptions> {
    get(l, "/site-options").await
}

pub async fn change_security_question(l: Locale, body: &SecurityQuestionChange) -> Answer<()> {
    put_done(l, "/me/security-question", body).await
}

pub async fn start_email_change(l: Locale, body: &EmailChange) -> Answer<()> {
    post_done(l, "/me/email", body).await
}

pub async fn confirm_email_change(l: Locale, body: &CodeInput) -> Answer<Profile> {
    post(l, "/me/email/verification", body).await
}
