//! Login with MFA at every login, MFA devices, sessions and account recovery.
//!
//! The rules, from the sources:
//! - "Each time you log in to SPOT you will be asked to enter the passcode from your MFA
//!   device ... you will enter the unique passcode for each instance that you reenter
//!   the system." (MFA FAQ) Every login ends with a passcode; each code works once.
//! - "The EIDM authentication system will only send one passcode to one device at a
//!   time." A login holds at most one live delivered code, for one device.
//! - "Each MFA device must be used for the SPOT account for which it's registered."
//!   A phone number or email address is the device of one account only.
//! - "First Coast recommends that you register more than one multifactor
//!   authentication (MFA) device." The last device cannot be removed.
//! - IDM registration step 6, "Verify with your email": the first login sends a code
//!   to the registered email; typing it verifies the address.
//!
//! A login is a *challenge*: a random ID handed out after the right password that
//! grants nothing but the next step. Only the passcode (or, for an account with no
//! device, verifying its first device) turns it into a session.
use super::hashing::decoy_hash;
use super::mfa::totp::Totp;
use super::secrets;
use super::{catalog, Umbral};
use crate::delivery::{Channel, Delivery, Message};
use crate::store::{
    Account, AccountStatus, AuditEvent, Change, Device, SentCode, Store, StoreError, Table,
};
use serde::{Deserialize, Serialize};
use shared::api::auth::*;
use shared::api::error::FieldErrors;
use shared::api::registration::normalize_answer;
use shared::i18n::Locale;
use shared::validate::password;

/// Most devices an account may hold, pending ones included.
pub const MAX_DEVICES: usize = 10;
/// "one of the last six" passwords: the current one and five before it.
pub const PASSWORD_HISTORY: usize = 5;
/// "changed within 24 hours": the minimum age of a password changed from the profile.
pub const MIN_PASSWORD_AGE_SECS: u64 = 24 * 3600;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("validation failed")]
    Invalid(FieldErrors),
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("account locked")]
    Locked,
    #[error("login expired")]
    ChallengeExpired,
    #[error("not the step this login is at")]
    WrongStep,
    #[error("invalid passcode")]
    InvalidPasscode,
    #[error("not logged in")]
    Unauthenticated,
    #[error("session expired")]
    SessionExpired,
    #[error("a recent login is needed")]
    ReauthRequired,
    #[error("no such device")]
    NotFound,
    #[error("device registered to another account")]
    DeviceInUse,
    #[error("the last device cannot be removed")]
    LastDevice,
    #[error("too many devices")]
    TooManyDevices,
    #[error("too many codes sent")]
    TooManySends,
    #[error("link used or expired")]
    LinkInvalid,
    #[error("delivery failed")]
    Delivery,
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn field(name: &str, code: &str) -> AuthError {
    AuthError::Invalid([(name.to_string(), vec![code.to_string()])].into())
}

fn invalid(e: FieldErrors) -> Result<(), AuthError> {
    if e.is_empty() {
        Ok(())
    } else {
        Err(AuthError::Invalid(e))
    }
}

/// A login between the password and the passcode.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Challenge {
    pub account: String,
    pub created_at: u64,
    pub expires_at: u64,
    /// The one live delivered code of this login.
    pub code: Option<SentCode>,
    pub sends: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Session {
    pub account: String,
    pub created_at: u64,
    pub last_seen: u64,
    /// When the passcode was typed: the reference for "logged in within 10 minutes".
    pub auth_at: u64,
    pub expires_at: u64,
    pub generation: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    PasswordReset,
    Unlock,
    /// The first password of an account made on the command line (help desk).
    AccountSetup,
}

/// An emailed link (its token is stored only as an HMAC).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Link {
    pub kind: LinkKind,
    pub account: String,
    pub expires_at: u64,
    pub used: bool,
    pub tries_left: u32,
}

/// A logged-in request: which session and whose account.
pub struct Authenticated {
    pub session_key: String,
    pub session: Session,
    pub account: Account,
}

enum CodeCheck {
    Ok,
    Wrong,
    Dead,
}

impl CodeCheck {
    fn field_error(self) -> AuthError {
        match self {
            CodeCheck::Dead => field("code", "expired"),
            _ => field("code", "incorrect"),
        }
    }
}

fn check_sent(
    keys: &secrets::Keys,
    sent: &mut Option<SentCode>,
    target: &str,
    code: &str,
    now: u64,
) -> CodeCheck {
    let Some(s) = sent else {
        return CodeCheck::Dead;
    };
    if s.target != target {
        // A code sent to device A does not work for device B.
        return CodeCheck::Wrong;
    }
    if s.expires_at < now || s.tries_left == 0 {
        *sent = None;
        return CodeCheck::Dead;
    }
    if keys.verify_mac(&format!("{target}:{code}"), &s.hash) {
        *sent = None;
        CodeCheck::Ok
    } else {
        s.tries_left -= 1;
        if s.tries_left == 0 {
            *sent = None;
        }
        CodeCheck::Wrong
    }
}

fn owner_key(kind: DeviceKind, contact: &str) -> String {
    if kind.uses_phone() {
        format!("phone:{contact}")
    } else {
        format!("email:{contact}")
    }
}

fn normalize_contact(kind: DeviceKind, phone: Option<&str>, email: Option<&str>) -> Option<String> {
    match kind {
        DeviceKind::Authenticator => None,
        DeviceKind::Email => email.map(|e| e.trim().to_lowercase()),
        _ => phone.and_then(|p| shared::validate::contact::phone_digits(p.trim())),
    }
}

fn mask(kind: DeviceKind, contact: &str) -> String {
    if kind.uses_phone() {
        mask_phone(contact)
    } else {
        mask_email(contact)
    }
}

pub fn device_view(d: &Device) -> DeviceView {
    DeviceView {
        id: d.id.clone(),
        kind: d.kind,
        label: d.label.clone(),
        masked: d
            .contact
            .as_deref()
            .map(|c| mask(d.kind, c))
            .unwrap_or_default(),
        status: d.status,
        pending_masked: d.pending_contact.as_deref().map(|c| mask(d.kind, c)),
    }
}

/// RFC 4648 base32 without padding, as authenticator apps expect.
pub fn base32(bytes: &[u8]) -> String {
    const A: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let (mut buf, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buf = (buf << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            out.push(A[((buf >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(A[((buf << (5 - bits)) & 31) as usize] as char);
    }
    out
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `otpauth://totp/Umbral:<user ID>?secret=...&issuer=Umbral` (Key URI Format).
pub fn otpauth_uri(user_id: &str, secret_b32: &str) -> String {
    format!(
        "otpauth://totp/Umbral:{}?secret={secret_b32}&issuer=Umbral&algorithm=SHA1&digits=6&period=30",
        percent_encode(user_id)
    )
}

fn qr_data_uri(text: &str) -> Option<String> {
    use base64::Engine;
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(220, 220)
        .quiet_zone(true)
        .build();
    Some(format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    ))
}

fn kind_name(l: Locale, k: DeviceKind) -> String {
    catalog().text(l, &format!("device-kind-{}", k.code()))
}

impl<S: Store> Umbral<S> {
    pub async fn audit(
        &self,
        account_key: &str,
        event: &str,
        detail: Option<String>,
        now: u64,
    ) -> Result<(), StoreError> {
        tracing::info!(
            account = account_key,
            event,
            detail = detail.as_deref().unwrap_or(""),
            "audit"
        );
        self.store
            .audit(
                account_key,
                &AuditEvent {
                    at: now,
                    event: event.to_string(),
                    detail,
                    client: None,
                },
            )
            .await
    }

    pub(crate) async fn send(
        &self,
        channel: Channel,
        to: &str,
        subject: String,
        body: String,
    ) -> Result<(), AuthError> {
        self.courier
            .send(&Message {
                channel,
                to: to.to_string(),
                subject,
                body,
            })
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "delivery failed");
                AuthError::Delivery
            })
    }

    /// An email to the account's address: `<key>-subject` and `<key>-body`.
    pub(crate) async fn notify(
        &self,
        a: &Account,
        key: &str,
        args: &[(&str, String)],
    ) -> Result<(), AuthError> {
        let l = a.locale;
        let mut args = args.to_vec();
        args.push(("name", a.first_name.clone()));
        self.send(
            Channel::Email,
            &a.email,
            catalog().with(l, &format!("{key}-subject"), &args),
            catalog().with(l, &format!("{key}-body"), &args),
        )
        .await
    }

    /// Sends `code` the way `kind` receives it, in language `l`. A voice call reads the
    /// code digit by digit, in words.
    async fn send_code(
        &self,
        l: Locale,
        kind: DeviceKind,
        to: &str,
        code: &str,
    ) -> Result<(), AuthError> {
        let minutes = (self.policy.code_ttl_secs / 60).max(1).to_string();
        let c = catalog();
        let code_arg = ("code", code.to_string());
        let (channel, subject, body) = match kind {
            DeviceKind::Authenticator => return Ok(()),
            DeviceKind::Email => {
                let args = [code_arg, ("minutes", minutes)];
                (
                    Channel::Email,
                    c.with(l, "msg-code-subject", &args),
                    c.with(l, "msg-code-email", &args),
                )
            }
            DeviceKind::Sms => (
                Channel::Sms,
                String::new(),
                c.with(l, "msg-code-sms", &[code_arg, ("minutes", minutes)]),
            ),
            DeviceKind::Voice => {
                let digits = code
                    .chars()
                    .map(|d| c.text(l, &format!("digit-{d}")))
                    .collect::<Vec<_>>()
                    .join(", ");
                (
                    Channel::Voice,
                    String::new(),
                    c.with(
                        l,
                        "msg-code-voice",
                        &[("digits", digits), ("minutes", minutes)],
                    ),
                )
            }
        };
        self.send(channel, to, subject, body).await
    }

    fn sent_code(&self, target: &str, code: &str, now: u64) -> SentCode {
        SentCode {
            target: target.to_string(),
            hash: self.keys.mac(&format!("{target}:{code}")),
            expires_at: now + self.policy.code_ttl_secs,
            tries_left: self.policy.code_tries,
        }
    }

    /// Counts one failed password or passcode; locks the account at the threshold.
    async fn fail(&self, key: &str, event: &str, now: u64) -> Result<bool, AuthError> {
        let threshold = self.policy.lockout_threshold.max(1);
        let locked = self
            .store
            .update::<Account, Option<Account>, _>(Table::Accounts, key, true, |a| match a {
                None => (Change::Keep, None),
                Some(mut a) => {
                    a.failed_attempts = a.failed_attempts.saturating_add(1);
                    let lock = a.failed_attempts >= threshold && a.status != AccountStatus::Locked;
                    if lock {
                        a.status = AccountStatus::Locked;
                    }
                    let newly = lock.then(|| a.clone());
                    (Change::Put(a), newly)
                }
            })
            .await?;
        self.audit(key, event, None, now).await?;
        if let Some(a) = &locked {
            self.audit(key, "account_locked", None, now).await?;
            let link = format!("{}/account-help", self.policy.public_url);
            self.notify(a, "msg-locked", &[("link", link)]).await?;
        }
        Ok(locked.is_some())
    }

    fn next_step(a: &Account) -> Next {
        if !a.email_verified {
            Next::VerifyEmail
        } else if a.active_devices().next().is_none() {
            Next::EnrollDevice
        } else {
            Next::Passcode
        }
    }

    fn challenge_view(a: &Account, token: String) -> LoginChallenge {
        LoginChallenge {
            challenge: token,
            next: Self::next_step(a),
            devices: a.active_devices().map(device_view).collect(),
            default_device: a
                .default_device
                .clone()
                .filter(|d| a.active_devices().any(|x| &x.id == d)),
            email_masked: mask_email(&a.email),
        }
    }

    /// `POST /sessions`: the password step. Unknown user IDs and wrong passwords get
    /// the same answer after the same argon2id work.
    pub async fn login(&self, req: LoginRequest, now: u64) -> Result<LoginChallenge, AuthError> {
        invalid(req.validate())?;
        let Some(account) = self.store.account(req.user_id.trim())? else {
            self.hasher
                .verify(req.password, decoy_hash().to_string())
                .await;
            tracing::info!("login failed: unknown user ID");
            return Err(AuthError::InvalidCredentials);
        };
        let key = account.key();
        if !self
            .hasher
            .verify(req.password, account.password_hash.clone())
            .await
        {
            self.fail(&key, "login_failed", now).await?;
            return Err(AuthError::InvalidCredentials);
        }
        if account.status == AccountStatus::Locked {
            self.audit(&key, "login_refused_locked", None, now).await?;
            return Err(AuthError::Locked);
        }
        let token = secrets::token();
        let c = Challenge {
            account: key.clone(),
            created_at: now,
            expires_at: now + self.policy.challenge_ttl_secs,
            code: None,
            sends: 0,
        };
        self.store
            .insert_new(Table::Challenges, &self.keys.mac(&format!("c:{token}")), &c)
            .await?;
        self.audit(&key, "password_accepted", None, now).await?;
        Ok(Self::challenge_view(&account, token))
    }

    fn challenge(&self, token: &str, now: u64) -> Result<(String, Challenge, Account), AuthError> {
        let ck = self.keys.mac(&format!("c:{token}"));
        let c: Challenge = self
            .store
            .get(Table::Challenges, &ck)?
            .filter(|c: &Challenge| c.expires_at >= now)
            .ok_or(AuthError::ChallengeExpired)?;
        let a = self
            .store
            .get::<Account>(Table::Accounts, &c.account)?
            .ok_or(AuthError::ChallengeExpired)?;
        if a.status == AccountStatus::Locked {
            return Err(AuthError::Locked);
        }
        Ok((ck, c, a))
    }

    /// Stores a fresh code as the login's one live code, within the send limit.
    async fn put_challenge_code(
        &self,
        ck: &str,
        target: &str,
        code: &str,
        now: u64,
    ) -> Result<(), AuthError> {
        let sent = self.sent_code(target, code, now);
        let max = self.policy.max_sends;
        let ok = self
            .store
            .update::<Challenge, Result<(), AuthError>, _>(Table::Challenges, ck, true, |c| match c
            {
                None => (Change::Keep, Err(AuthError::ChallengeExpired)),
                Some(c) if c.sends >= max => (Change::Keep, Err(AuthError::TooManySends)),
                Some(mut c) => {
                    c.sends += 1;
                    c.code = Some(sent.clone());
                    (Change::Put(c), Ok(()))
                }
            })
            .await?;
        ok
    }

    /// "Send me an email": the first login's verification code.
    pub async fn send_email_code(&self, token: &str, now: u64) -> Result<(), AuthError> {
        let (ck, _, a) = self.challenge(token, now)?;
        if a.email_verified {
            return Err(AuthError::WrongStep);
        }
        let code = secrets::code();
        self.put_challenge_code(&ck, "email", &code, now).await?;
        self.send_code(a.locale, DeviceKind::Email, &a.email, &code)
            .await
    }

    pub async fn verify_email(
        &self,
        token: &str,
        input: CodeInput,
        now: u64,
    ) -> Result<LoginChallenge, AuthError> {
        invalid(input.validate())?;
        let (ck, _, a) = self.challenge(token, now)?;
        if a.email_verified {
            return Err(AuthError::WrongStep);
        }
        let code = normalize_code(&input.code);
        let check = self.check_challenge_code(&ck, "email", &code, now).await?;
        if !matches!(check, CodeCheck::Ok) {
            return Err(check.field_error());
        }
        let a = self
            .store
            .update::<Account, Option<Account>, _>(Table::Accounts, &a.key(), true, |a| match a {
                None => (Change::Keep, None),
                Some(mut a) => {
                    a.email_verified = true;
                    if a.status == AccountStatus::PendingEmailVerification {
                        a.status = AccountStatus::Active;
                    }
                    (Change::Put(a.clone()), Some(a))
                }
            })
            .await?
            .ok_or(AuthError::ChallengeExpired)?;
        self.audit(&a.key(), "email_verified", None, now).await?;
        Ok(Self::challenge_view(&a, token.to_string()))
    }

    async fn check_challenge_code(
        &self,
        ck: &str,
        target: &str,
        code: &str,
        now: u64,
    ) -> Result<CodeCheck, AuthError> {
        Ok(self
            .store
            .update::<Challenge, CodeCheck, _>(Table::Challenges, ck, true, |c| match c {
                None => (Change::Keep, CodeCheck::Dead),
                Some(mut c) => {
                    let r = check_sent(&self.keys, &mut c.code, target, code, now);
                    (Change::Put(c), r)
                }
            })
            .await?)
    }

    /// `passcode-request`: sends a code to the one chosen device (none for an app).
    pub async fn request_passcode(
        &self,
        token: &str,
        req: PasscodeRequest,
        now: u64,
    ) -> Result<(), AuthError> {
        let (ck, _, a) = self.challenge(token, now)?;
        if Self::next_step(&a) != Next::Passcode {
            return Err(AuthError::WrongStep);
        }
        let d = a
            .active_devices()
            .find(|d| d.id == req.device_id)
            .ok_or_else(|| field("device_id", "invalid"))?;
        if !d.kind.is_delivered() {
            return Ok(());
        }
        let code = secrets::code();
        self.put_challenge_code(&ck, &d.id, &code, now).await?;
        let to = d.contact.clone().unwrap_or_default();
        self.send_code(a.locale, d.kind, &to, &code).await
    }

    /// Checks a TOTP code and records its step, so it works once.
    async fn totp_ok(
        &self,
        a: &Account,
        d: &Device,
        code: &str,
        now: u64,
    ) -> Result<bool, AuthError> {
        let Some(secret) = d.sealed_secret.as_deref().and_then(|s| self.keys.open(s)) else {
            tracing::error!(device = %d.id, "authenticator seed cannot be decrypted with this key");
            return Ok(false);
        };
        let Ok(totp) = Totp::new(secret) else {
            return Ok(false);
        };
        match totp.matching_step(code, now) {
            Some(step) => Ok(self
                .store
                .accept_totp_step(&format!("{}/{}", a.key(), d.id), step)
                .await?),
            None => Ok(false),
        }
    }

    /// The passcode step: a code from the chosen device ends the login with a session.
    pub async fn passcode(
        &self,
        token: &str,
        input: PasscodeInput,
        now: u64,
    ) -> Result<(String, Profile), AuthError> {
        invalid(input.validate())?;
        let (ck, _, a) = self.challenge(token, now)?;
        if Self::next_step(&a) != Next::Passcode {
            return Err(AuthError::WrongStep);
        }
        let code = normalize_code(&input.code);
        let ok = match a.active_devices().find(|d| d.id == input.device_id) {
            None => false,
            Some(d) if d.kind == DeviceKind::Authenticator => {
                self.totp_ok(&a, d, &code, now).await?
            }
            Some(d) => matches!(
                self.check_challenge_code(&ck, &d.id, &code, now).await?,
                CodeCheck::Ok
            ),
        };
        if !ok {
            self.fail(&a.key(), "passcode_failed", now).await?;
            return Err(AuthError::InvalidPasscode);
        }
        self.finish_login(&ck, &a.key(), &input.device_id, now)
            .await
    }

    /// Consumes the challenge (once) and opens a session.
    async fn finish_login(
        &self,
        ck: &str,
        key: &str,
        device_id: &str,
        now: u64,
    ) -> Result<(String, Profile), AuthError> {
        let existed = self
            .store
            .update::<Challenge, bool, _>(Table::Challenges, ck, true, |c| {
                (Change::Delete, c.is_some())
            })
            .await?;
        if !existed {
            return Err(AuthError::ChallengeExpired);
        }
        let device = device_id.to_string();
        let a = self
            .store
            .update::<Account, Option<Account>, _>(Table::Accounts, key, true, |a| match a {
                None => (Change::Keep, None),
                Some(mut a) => {
                    a.failed_attempts = 0;
                    a.default_device = Some(device.clone());
                    a.last_login_at = Some(now);
                    (Change::Put(a.clone()), Some(a))
                }
            })
            .await?
            .ok_or(AuthError::ChallengeExpired)?;
        let kind = a.device(device_id).map(|d| d.kind.code().to_string());
        let token = secrets::token();
        let s = Session {
            account: key.to_string(),
            created_at: now,
            last_seen: now,
            auth_at: now,
            expires_at: now
                + self
                    .policy
                    .session_idle_secs
                    .min(self.policy.session_max_secs),
            generation: a.session_generation,
        };
        self.store
            .insert_new(Table::Sessions, &self.keys.mac(&format!("s:{token}")), &s)
            .await?;
        self.audit(key, "login", kind, now).await?;
        Ok((token, Self::profile(&a, &s)))
    }

    pub fn profile(a: &Account, s: &Session) -> Profile {
        Profile {
            user_id: a.user_id.clone(),
            first_name: a.first_name.clone(),
            last_name: a.last_name.clone(),
            email: a.email.clone(),
            devices: a.devices.iter().map(device_view).collect(),
            default_device: a.default_device.clone(),
            session_expires_at: s.expires_at,
            roles: a.roles.clone(),
        }
    }

    /// The session behind a cookie's token, refreshed; expired sessions are removed.
    pub async fn authenticate(&self, token: &str, now: u64) -> Result<Authenticated, AuthError> {
        let key = self.keys.mac(&format!("s:{token}"));
        let s: Session = self
            .store
            .get(Table::Sessions, &key)?
            .ok_or(AuthError::Unauthenticated)?;
        if now >= s.expires_at {
            self.end_session(&key).await?;
            return Err(AuthError::SessionExpired);
        }
        let a = self.store.get::<Account>(Table::Accounts, &s.account)?;
        let Some(a) =
            a.filter(|a| a.session_generation == s.generation && a.status != AccountStatus::Locked)
        else {
            self.end_session(&key).await?;
            return Err(AuthError::SessionExpired);
        };
        let (idle, max) = (self.policy.session_idle_secs, self.policy.session_max_secs);
        let s = self
            .store
            .update::<Session, Option<Session>, _>(Table::Sessions, &key, false, |s| match s {
                None => (Change::Keep, None),
                Some(mut s) => {
                    s.last_seen = now;
                    s.expires_at = (now + idle).min(s.created_at + max);
                    (Change::Put(s.clone()), Some(s))
                }
            })
            .await?
            .ok_or(AuthError::Unauthenticated)?;
        Ok(Authenticated {
            session_key: key,
            session: s,
            account: a,
        })
    }

    /// Adding or removing a device, or changing a number or address, needs a login
    /// within the reauthentication window.
    pub fn require_recent_login(&self, auth: &Authenticated, now: u64) -> Result<(), AuthError> {
        if now.saturating_sub(auth.session.auth_at) >= self.policy.reauth_secs {
            Err(AuthError::ReauthRequired)
        } else {
            Ok(())
        }
    }

    async fn end_session(&self, key: &str) -> Result<(), StoreError> {
        self.store
            .update::<Session, (), _>(Table::Sessions, key, true, |_| (Change::Delete, ()))
            .await
    }

    pub async fn logout(&self, auth: &Authenticated, now: u64) -> Result<(), AuthError> {
        self.end_session(&auth.session_key).await?;
        self.audit(&auth.account.key(), "logout", None, now).await?;
        Ok(())
    }

    pub fn activity(&self, a: &Account) -> Result<Vec<Activity>, AuthError> {
        Ok(self
            .store
            .audit_trail(&a.key(), 50)?
            .into_iter()
            .map(|e| Activity {
                at: e.at,
                event: e.event,
                detail: e.detail,
            })
            .collect())
    }

    /// During a login: enrolment is open only to an account with no active device,
    /// after its email is verified, so a stolen password cannot add a device.
    pub fn challenge_enrolment(
        &self,
        token: &str,
        now: u64,
    ) -> Result<(String, Account), AuthError> {
        let (ck, _, a) = self.challenge(token, now)?;
        if Self::next_step(&a) != Next::EnrollDevice {
            return Err(AuthError::WrongStep);
        }
        Ok((ck, a))
    }

    fn owned_by_other(
        &self,
        kind: DeviceKind,
        contact: &str,
        key: &str,
    ) -> Result<bool, AuthError> {
        Ok(self
            .store
            .get::<String>(Table::DeviceOwners, &owner_key(kind, contact))?
            .is_some_and(|owner| owner != key))
    }

    /// Adds a pending device; a delivered kind gets a code at its number or address.
    pub async fn add_device(
        &self,
        a: &Account,
        req: NewDevice,
        now: u64,
    ) -> Result<DeviceCreated, AuthError> {
        invalid(req.validate())?;
        let kind = DeviceKind::from_code(&req.kind).ok_or_else(|| field("kind", "invalid"))?;
        let key = a.key();
        let contact = normalize_contact(kind, req.phone.as_deref(), req.email.as_deref());
        if let Some(c) = &contact {
            if self.owned_by_other(kind, c, &key)? {
                return Err(AuthError::DeviceInUse);
            }
        }
        let id = secrets::id();
        let mut created = DeviceCreated {
            id: id.clone(),
            status: DeviceStatus::Pending,
            otpauth_uri: None,
            secret: None,
            qr_svg: None,
        };
        let mut code = None;
        let (sealed_secret, verification) = if kind == DeviceKind::Authenticator {
            let mut seed = [0u8; 20];
            rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut seed);
            let b32 = base32(&seed);
            let uri = otpauth_uri(&a.user_id, &b32);
            created.qr_svg = qr_data_uri(&uri);
            created.otpauth_uri = Some(uri);
            created.secret = Some(b32);
            (Some(self.keys.seal(&seed)), None)
        } else {
            let c = secrets::code();
            let sent = self.sent_code(&id, &c, now);
            code = Some(c);
            (None, Some(sent))
        };
        let device = Device {
            id: id.clone(),
            kind,
            label: req
                .label
                .as_deref()
                .map(str::trim)
                .unwrap_or("")
                .to_string(),
            contact: contact.clone(),
            pending_contact: None,
            sealed_secret,
            status: DeviceStatus::Pending,
            created_at: now,
            verification,
        };
        self.store
            .update::<Account, Result<(), AuthError>, _>(Table::Accounts, &key, true, |acc| {
                match acc {
                    None => (Change::Keep, Err(AuthError::Unauthenticated)),
                    Some(acc) if acc.devices.len() >= MAX_DEVICES => {
                        (Change::Keep, Err(AuthError::TooManyDevices))
                    }
                    Some(mut acc) => {
                        acc.devices.push(device.clone());
                        (Change::Put(acc), Ok(()))
                    }
                }
            })
            .await??;
        if let (Some(c), Some(to)) = (code, contact) {
            self.send_code(a.locale, kind, &to, &c).await?;
        }
        Ok(created)
    }

    /// Sends a new verification code to a pending device or pending number.
    pub async fn resend_device_code(
        &self,
        a: &Account,
        id: &str,
        now: u64,
    ) -> Result<(), AuthError> {
        let d = a.device(id).ok_or(AuthError::NotFound)?;
        let to = match (&d.pending_contact, d.status) {
            (Some(p), _) => p.clone(),
            (None, DeviceStatus::Pending) if d.kind.is_delivered() => {
                d.contact.clone().unwrap_or_default()
            }
            _ => return Err(AuthError::WrongStep),
        };
        let c = secrets::code();
        let sent = self.sent_code(id, &c, now);
        self.store
            .update::<Account, (), _>(Table::Accounts, &a.key(), true, |acc| match acc {
                None => (Change::Keep, ()),
                Some(mut acc) => {
                    if let Some(d) = acc.device_mut(id) {
                        d.verification = Some(sent.clone());
                    }
                    (Change::Put(acc), ())
                }
            })
            .await?;
        self.send_code(a.locale, d.kind, &to, &c).await
    }

    /// Verifies a pending device (or a device's new number) with a code from it. The
    /// number or address is claimed for this account at this moment, atomically.
    pub async fn verify_device(
        &self,
        a: &Account,
        id: &str,
        input: CodeInput,
        now: u64,
    ) -> Result<DeviceView, AuthError> {
        invalid(input.validate())?;
        let key = a.key();
        let d = a.device(id).ok_or(AuthError::NotFound)?.clone();
        if d.status == DeviceStatus::Active && d.pending_contact.is_none() {
            return Err(AuthError::WrongStep);
        }
        let code = normalize_code(&input.code);
        let check = if d.kind == DeviceKind::Authenticator {
            if self.totp_ok(a, &d, &code, now).await? {
                CodeCheck::Ok
            } else {
                CodeCheck::Wrong
            }
        } else {
            let keys = &self.keys;
            self.store
                .update::<Account, CodeCheck, _>(Table::Accounts, &key, true, |acc| match acc {
                    None => (Change::Keep, CodeCheck::Dead),
                    Some(mut acc) => match acc.device_mut(id) {
                        None => (Change::Keep, CodeCheck::Dead),
                        Some(dev) => {
                            let r = check_sent(keys, &mut dev.verification, id, &code, now);
                            (Change::Put(acc), r)
                        }
                    },
                })
                .await?
        };
        if !matches!(check, CodeCheck::Ok) {
            self.audit(
                &key,
                "device_verification_failed",
                Some(d.kind.code().into()),
                now,
            )
            .await?;
            return Err(check.field_error());
        }
        let new_contact = d.pending_contact.clone().or(d.contact.clone());
        if let Some(c) = &new_contact {
            let ok = match self
                .store
                .insert_new(Table::DeviceOwners, &owner_key(d.kind, c), &key)
                .await
            {
                Ok(()) => true,
                Err(StoreError::Conflict) => !self.owned_by_other(d.kind, c, &key)?,
                Err(e) => return Err(e.into()),
            };
            if !ok {
                return Err(AuthError::DeviceInUse);
            }
        }
        let old_contact = d.contact.clone();
        let changed_contact = d.pending_contact.is_some();
        let updated = self
            .store
            .update::<Account, Option<Account>, _>(Table::Accounts, &key, true, |acc| match acc {
                None => (Change::Keep, None),
                Some(mut acc) => {
                    if let Some(dev) = acc.device_mut(id) {
                        dev.status = DeviceStatus::Active;
                        dev.contact = new_contact.clone();
                        dev.pending_contact = None;
                        dev.verification = None;
                    }
                    (Change::Put(acc.clone()), Some(acc))
                }
            })
            .await?
            .ok_or(AuthError::NotFound)?;
        if changed_contact {
            if let Some(old) = old_contact.filter(|o| Some(o) != new_contact.as_ref()) {
                self.release_contact(&updated, d.kind, &old).await?;
            }
        }
        let event = if changed_contact {
            "device_changed"
        } else {
            "device_added"
        };
        self.audit(&key, event, Some(d.kind.code().into()), now)
            .await?;
        let label = if d.label.is_empty() {
            kind_name(a.locale, d.kind)
        } else {
            d.label.clone()
        };
        let msg = if changed_contact {
            "msg-device-changed"
        } else {
            "msg-device-added"
        };
        self.notify(&updated, msg, &[("device", label)]).await?;
        let dev = updated.device(id).ok_or(AuthError::NotFound)?;
        Ok(device_view(dev))
    }

    /// Frees a number or address once no device of the account uses it.
    async fn release_contact(
        &self,
        a: &Account,
        kind: DeviceKind,
        contact: &str,
    ) -> Result<(), AuthError> {
        let ok = owner_key(kind, contact);
        let still_used = a.devices.iter().any(|d| {
            [&d.contact, &d.pending_contact]
                .iter()
                .any(|c| c.as_deref().is_some_and(|c| owner_key(d.kind, c) == ok))
        });
        if !still_used {
            let key = a.key();
            self.store
                .update::<String, (), _>(Table::DeviceOwners, &ok, true, |owner| match owner {
                    Some(o) if o == key => (Change::Delete, ()),
                    _ => (Change::Keep, ()),
                })
                .await?;
        }
        Ok(())
    }

    /// Verifying the first device during a login proves the device and ends the login.
    pub async fn verify_first_device(
        &self,
        token: &str,
        id: &str,
        input: CodeInput,
        now: u64,
    ) -> Result<(String, Profile), AuthError> {
        let (ck, a) = self.challenge_enrolment(token, now)?;
        self.verify_device(&a, id, input, now).await?;
        self.finish_login(&ck, &a.key(), id, now).await
    }

    pub async fn edit_device(
        &self,
        auth: &Authenticated,
        id: &str,
        edit: DeviceEdit,
        now: u64,
    ) -> Result<DeviceView, AuthError> {
        let a = &auth.account;
        let d = a.device(id).ok_or(AuthError::NotFound)?.clone();
        invalid(edit.validate(d.kind))?;
        let key = a.key();
        let new_contact = normalize_contact(d.kind, edit.phone.as_deref(), edit.email.as_deref())
            .filter(|c| Some(c) != d.contact.as_ref());
        if let Some(c) = &new_contact {
            self.require_recent_login(auth, now)?;
            if self.owned_by_other(d.kind, c, &key)? {
                return Err(AuthError::DeviceInUse);
            }
        }
        let code = new_contact.as_ref().map(|_| secrets::code());
        let sent = code.as_ref().map(|c| self.sent_code(id, c, now));
        let label = edit.label.as_deref().map(|l| l.trim().to_string());
        let updated = self
            .store
            .update::<Account, Option<Account>, _>(Table::Accounts, &key, true, |acc| match acc {
                None => (Change::Keep, None),
                Some(mut acc) => {
                    if let Some(dev) = acc.device_mut(id) {
                        if let Some(l) = &label {
                            dev.label = l.clone();
                        }
                        if new_contact.is_some() {
                            dev.pending_contact = new_contact.clone();
                            dev.verification = sent.clone();
                        }
                    }
                    (Change::Put(acc.clone()), Some(acc))
                }
            })
            .await?
            .ok_or(AuthError::NotFound)?;
        if label.is_some() {
            self.audit(&key, "device_renamed", Some(d.kind.code().into()), now)
                .await?;
        }
        if let (Some(c), Some(to)) = (code, &new_contact) {
            self.send_code(a.locale, d.kind, to, &c).await?;
        }
        Ok(device_view(updated.device(id).ok_or(AuthError::NotFound)?))
    }

    pub async fn remove_device(
        &self,
        auth: &Authenticated,
        id: &str,
        now: u64,
    ) -> Result<(), AuthError> {
        self.require_recent_login(auth, now)?;
        let key = auth.account.key();
        let target = id.to_string();
        let (removed, updated) = self
            .store
            .update::<Account, Result<(Device, Account), AuthError>, _>(
                Table::Accounts,
                &key,
                true,
                |acc| {
                    let Some(mut acc) = acc else {
                        return (Change::Keep, Err(AuthError::NotFound));
                    };
                    let Some(pos) = acc.devices.iter().position(|d| d.id == target) else {
                        return (Change::Keep, Err(AuthError::NotFound));
                    };
                    let d = acc.devices[pos].clone();
                    if d.status == DeviceStatus::Active && acc.active_devices().count() == 1 {
                        return (Change::Keep, Err(AuthError::LastDevice));
                    }
                    acc.devices.remove(pos);
                    if acc.default_device.as_deref() == Some(target.as_str()) {
                        acc.default_device = None;
                    }
                    (Change::Put(acc.clone()), Ok((d, acc)))
                },
            )
            .await??;
        for c in [&removed.contact, &removed.pending_contact]
            .into_iter()
            .flatten()
        {
            self.release_contact(&updated, removed.kind, c).await?;
        }
        self.audit(
            &key,
            "device_removed",
            Some(removed.kind.code().into()),
            now,
        )
        .await?;
        if removed.status == DeviceStatus::Active {
            let l = updated.locale;
            let label = if removed.label.is_empty() {
                kind_name(l, removed.kind)
            } else {
                removed.label.clone()
            };
            self.notify(&updated, "msg-device-removed", &[("device", label)])
                .await?;
        }
        Ok(())
    }

    /// The current and previous five passwords may not be used again.
    async fn reused(&self, a: &Account, new_password: &str) -> bool {
        for phc in std::iter::once(&a.password_hash)
            .chain(a.password_history.iter().take(PASSWORD_HISTORY))
        {
            if self
                .hasher
                .verify(new_password.to_string(), phc.clone())
                .await
            {
                return true;
            }
        }
        false
    }

    pub(crate) fn password_ctx(a: &Account) -> password::Context<'_> {
        password::Context {
            user_id: &a.user_id,
            first_name: &a.first_name,
            last_name: &a.last_name,
        }
    }

    /// Stores a new password hash, keeping the history, and ends older sessions.
    pub(crate) async fn set_password(
        &self,
        key: &str,
        new_password: String,
        from_profile: bool,
        unlock: bool,
        now: u64,
    ) -> Result<Account, AuthError> {
        let hash = self.hasher.hash(new_password).await;
        self.store
            .update::<Account, Option<Account>, _>(Table::Accounts, key, true, |acc| match acc {
                None => (Change::Keep, None),
                Some(mut acc) => {
                    let old = std::mem::replace(&mut acc.password_hash, hash.clone());
                    acc.password_history.insert(0, old);
                    acc.password_history.truncate(PASSWORD_HISTORY);
                    if from_profile {
                        acc.password_changed_at = now;
                    }
                    acc.session_generation = acc.session_generation.wrapping_add(1);
                    if unlock {
                        Self::unlock_in_place(&mut acc);
                    }
                    (Change::Put(acc.clone()), Some(acc))
                }
            })
            .await?
            .ok_or(AuthError::NotFound)
    }

    pub(crate) fn unlock_in_place(acc: &mut Account) {
        acc.failed_attempts = 0;
        if acc.status == AccountStatus::Locked {
            acc.status = if acc.email_verified {
                AccountStatus::Active
            } else {
                AccountStatus::PendingEmailVerification
            };
        }
    }

    /// Profile > change password. The server adds `reused` and `changed_too_recently`.
    pub async fn change_password(
        &self,
        auth: &Authenticated,
        req: PasswordChange,
        now: u64,
    ) -> Result<(), AuthError> {
        let a = &auth.account;
        invalid(req.validate(Self::password_ctx(a)))?;
        let key = a.key();
        if !self
            .hasher
            .verify(req.current_password.clone(), a.password_hash.clone())
            .await
        {
            self.fail(&key, "password_change_failed", now).await?;
            return Err(field("current_password", "incorrect"));
        }
        if a.password_changed_at + MIN_PASSWORD_AGE_SECS > now && a.password_changed_at > 0 {
            return Err(field("new_password", "changed_too_recently"));
        }
        if self.reused(a, &req.new_password).await {
            return Err(field("new_password", "reused"));
        }
        let updated = self
            .set_password(&key, req.new_password, true, false, now)
            .await?;
        // This session stays; every other one ends.
        let generation = updated.session_generation;
        self.store
            .update::<Session, (), _>(Table::Sessions, &auth.session_key, true, |s| match s {
                None => (Change::Keep, ()),
                Some(mut s) => {
                    s.generation = generation;
                    (Change::Put(s), ())
                }
            })
            .await?;
        self.audit(&key, "password_changed", None, now).await?;
        self.notify(&updated, "msg-password-changed", &[]).await
    }

    /// Forgot password or unlock: emails a link if the user ID exists. Called off the
    /// request path, so the answer and its timing say nothing about the account.
    pub async fn send_link(
        &self,
        kind: LinkKind,
        user_id: &str,
        now: u64,
    ) -> Result<(), AuthError> {
        let Some(a) = self.store.account(user_id.trim())? else {
            return Ok(());
        };
        let token = secrets::token();
        let link = Link {
            kind,
            account: a.key(),
            expires_at: now + self.policy.link_ttl_secs,
            used: false,
            tries_left: self.policy.code_tries,
        };
        self.store
            .insert_new(Table::Links, &self.keys.mac(&format!("l:{token}")), &link)
            .await?;
        let (path, msg, event) = match kind {
            LinkKind::PasswordReset => ("reset-password", "msg-reset", "password_reset_requested"),
            LinkKind::Unlock => ("unlock", "msg-unlock", "unlock_requested"),
            // Setup links are made by `umbral admin`, never sent on request.
            LinkKind::AccountSetup => return Err(AuthError::LinkInvalid),
        };
        self.audit(&a.key(), event, None, now).await?;
        let url = format!("{}/{path}?token={token}", self.policy.public_url);
        let minutes = (self.policy.link_ttl_secs / 60).max(1).to_string();
        self.notify(&a, msg, &[("link", url), ("minutes", minutes)])
            .await
    }

    /// Forgot user ID: emails every user ID registered with the address.
    pub async fn remind_user_id(&self, email: &str, now: u64) -> Result<(), AuthError> {
        let prefix = format!("{}\0", email.trim().to_lowercase());
        let keys = self.store.keys_with_prefix(Table::EmailIndex, &prefix)?;
        let accounts: Vec<Account> = keys
            .iter()
            .filter_map(|k| k.split_once('\0'))
            .filter_map(|(_, key)| {
                self.store
                    .get::<Account>(Table::Accounts, key)
                    .ok()
                    .flatten()
            })
            .collect();
        let Some(first) = accounts.first() else {
            return Ok(());
        };
        let ids = accounts
            .iter()
            .map(|a| a.user_id.clone())
            .collect::<Vec<_>>()
            .join(", ");
        for a in &accounts {
            self.audit(&a.key(), "user_id_reminder_sent", None, now)
                .await?;
        }
        let url = format!("{}/login", self.policy.public_url);
        self.notify(first, "msg-user-id", &[("ids", ids), ("link", url)])
            .await
    }

    pub(crate) fn link(
        &self,
        kind: LinkKind,
        token: &str,
        now: u64,
    ) -> Result<(String, Link, Account), AuthError> {
        let lk = self.keys.mac(&format!("l:{token}"));
        let link: Link = self
            .store
            .get(Table::Links, &lk)?
            .filter(|l: &Link| l.kind == kind && !l.used && l.expires_at >= now && l.tries_left > 0)
            .ok_or(AuthError::LinkInvalid)?;
        let a = self
            .store
            .get::<Account>(Table::Accounts, &link.account)?
            .ok_or(AuthError::LinkInvalid)?;
        Ok((lk, link, a))
    }

    /// The security question behind a live link, in `l`.
    pub fn link_info(
        &self,
        kind: LinkKind,
        token: &str,
        l: Locale,
        now: u64,
    ) -> Result<LinkInfo, AuthError> {
        let (_, _, a) = self.link(kind, token, now)?;
        Ok(LinkInfo {
            security_question: catalog().text(l, &format!("sq-{}", a.security_question)),
        })
    }

    /// Checks the security answer; a wrong one uses up one of the link's tries.
    async fn check_answer(&self, lk: &str, a: &Account, answer: &str) -> Result<(), AuthError> {
        if self
            .hasher
            .verify(normalize_answer(answer), a.security_answer_hash.clone())
            .await
        {
            return Ok(());
        }
        self.store
            .update::<Link, (), _>(Table::Links, lk, true, |l| match l {
                None => (Change::Keep, ()),
                Some(mut l) => {
                    l.tries_left = l.tries_left.saturating_sub(1);
                    (Change::Put(l), ())
                }
            })
            .await?;
        Err(field("security_answer", "incorrect"))
    }

    /// Marks a link used; only the first caller succeeds.
    pub(crate) async fn use_link(&self, lk: &str) -> Result<(), AuthError> {
        self.store
            .update::<Link, Result<(), AuthError>, _>(Table::Links, lk, true, |l| match l {
                Some(mut l) if !l.used => {
                    l.used = true;
                    (Change::Put(l), Ok(()))
                }
                _ => (Change::Keep, Err(AuthError::LinkInvalid)),
            })
            .await?
    }

    /// The reset: security answer, a new password under the full rules; unlocks the
    /// account and ends its sessions. The next login still asks for a passcode.
    pub async fn complete_reset(
        &self,
        token: &str,
        req: PasswordResetCompletion,
        now: u64,
    ) -> Result<(), AuthError> {
        let (lk, _, a) = self.link(LinkKind::PasswordReset, token, now)?;
        invalid(req.validate(Self::password_ctx(&a)))?;
        self.check_answer(&lk, &a, &req.security_answer).await?;
        if self.reused(&a, &req.new_password).await {
            return Err(field("new_password", "reused"));
        }
        self.use_link(&lk).await?;
        let updated = self
            .set_password(&a.key(), req.new_password, false, true, now)
            .await?;
        self.audit(&a.key(), "password_reset", None, now).await?;
        self.notify(&updated, "msg-password-changed", &[]).await
    }

    pub async fn complete_unlock(
        &self,
        token: &str,
        req: UnlockCompletion,
        now: u64,
    ) -> Result<(), AuthError> {
        let (lk, _, a) = self.link(LinkKind::Unlock, token, now)?;
        invalid(req.validate())?;
        self.check_answer(&lk, &a, &req.security_answer).await?;
        self.use_link(&lk).await?;
        self.store
            .update::<Account, (), _>(Table::Accounts, &a.key(), true, |acc| match acc {
                None => (Change::Keep, ()),
                Some(mut acc) => {
                    Self::unlock_in_place(&mut acc);
                    (Change::Put(acc), ())
                }
            })
            .await?;
        self.audit(&a.key(), "account_unlocked", None, now).await?;
        Ok(())
    }

    /// Removes expired challenges, sessions and links.
    pub fn sweep(&self, now: u64) -> Result<usize, StoreError> {
        let mut n = 0;
        for t in [Table::Challenges, Table::Sessions, Table::Links] {
            n += self.store.sweep_expired(t, now)?;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32_matches_rfc4648() {
        assert_eq!(base32(b""), "");
        assert_eq!(base32(b"f"), "MY");
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(
            base32(b"12345678901234567890"),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
    }

    #[test]
    fn otpauth_uris_escape_the_user_id() {
        let u = otpauth_uri("mary.o'neil@x", "ABC");
        assert!(u.starts_with("otpauth://totp/Umbral:mary.o%27neil%40x?secret=ABC&issuer=Umbral"));
    }

    #[test]
    fn codes_work_once_for_their_target_only() {
        let keys = secrets::Keys::from_bytes(&[1u8; 64]);
        let mk = || {
            Some(SentCode {
                target: "dev-a".into(),
                hash: keys.mac("dev-a:123456"),
                expires_at: 100,
                tries_left: 5,
            })
        };
        let mut s = mk();
        assert!(matches!(
            check_sent(&keys, &mut s, "dev-b", "123456", 50),
            CodeCheck::Wrong
        ));
        assert!(matches!(
            check_sent(&keys, &mut s, "dev-a", "123456", 50),
            CodeCheck::Ok
        ));
        assert!(matches!(
            check_sent(&keys, &mut s, "dev-a", "123456", 50),
            CodeCheck::Dead
        ));
        let mut s = mk();
        assert!(matches!(
            check_sent(&keys, &mut s, "dev-a", "123456", 101),
            CodeCheck::Dead
        ));
        let mut s = mk();
        for _ in 0..5 {
            assert!(matches!(
                check_sent(&keys, &mut s, "dev-a", "000000", 50),
                CodeCheck::Wrong
            ));
        }
        assert!(matches!(
            check_sent(&keys, &mut s, "dev-a", "123456", 50),
            CodeCheck::Dead
        ));
    }
}
