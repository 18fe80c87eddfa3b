//! The password step, the first login's email verification, the passcode step and the
//! lockout that counts failures of both. A login is a challenge until its passcode.
use super::*;
use crate::domain::hashing::decoy_hash;
use crate::domain::mfa::totp::Totp;
use crate::domain::{secrets, Umbral};
use crate::store::{
    Account, AccountStatus, Challenge, Change, Device, Durability, SentCode, Session, Store, Table,
};
use shared::api::auth::*;

impl<S: Store> Umbral<S> {
    pub(crate) fn sent_code(&self, target: &str, code: &str, now: u64) -> SentCode {
        SentCode {
            target: target.to_string(),
            hash: self.keys.mac(&format!("{target}:{code}")),
            expires_at: now + self.policy.code_ttl_secs,
            tries_left: self.policy.code_tries,
        }
    }

    /// Counts one failed password or passcode; locks the account at the threshold.
    pub(crate) async fn fail(&self, key: &str, event: &str, now: u64) -> Result<bool, AuthError> {
        let threshold = self.policy.lockout_threshold.max(1);
        let locked = self
            .store
            .update::<Account, Option<Account>, _>(Table::Accounts, key, Durability::Flushed, |a| {
                match a {
                    None => (Change::Keep, None),
                    Some(mut a) => {
                        a.failed_attempts = a.failed_attempts.saturating_add(1);
                        let lock =
                            a.failed_attempts >= threshold && a.status != AccountStatus::Locked;
                        if lock {
                            a.status = AccountStatus::Locked;
                        }
                        let newly = lock.then(|| a.clone());
                        (Change::Put(a), newly)
                    }
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

    pub(crate) fn next_step(a: &Account) -> Next {
        if !a.email_verified {
            Next::VerifyEmail
        } else if a.active_devices().next().is_none() {
            Next::EnrollDevice
        } else {
            Next::Passcode
        }
    }

    pub(crate) fn challenge_view(a: &Account, token: String) -> LoginChallenge {
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

    pub(crate) fn challenge(
        &self,
        token: &str,
        now: u64,
    ) -> Result<(String, Challenge, Account), AuthError> {
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
    pub(crate) async fn put_challenge_code(
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
            .update::<Challenge, Result<(), AuthError>, _>(
                Table::Challenges,
                ck,
                Durability::Flushed,
                |c| match c {
                    None => (Change::Keep, Err(AuthError::ChallengeExpired)),
                    Some(c) if c.sends >= max => (Change::Keep, Err(AuthError::TooManySends)),
                    Some(mut c) => {
                        c.sends += 1;
                        c.code = Some(sent.clone());
                        (Change::Put(c), Ok(()))
                    }
                },
            )
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
        Ok(self
            .send_code(a.locale, DeviceKind::Email, &a.email, &code)
            .await?)
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
            .update::<Account, Option<Account>, _>(
                Table::Accounts,
                &a.key(),
                Durability::Flushed,
                |a| match a {
                    None => (Change::Keep, None),
                    Some(mut a) => {
                        a.email_verified = true;
                        if a.status == AccountStatus::PendingEmailVerification {
                            a.status = AccountStatus::Active;
                        }
                        (Change::Put(a.clone()), Some(a))
                    }
                },
            )
            .await?
            .ok_or(AuthError::ChallengeExpired)?;
        self.audit(&a.key(), "email_verified", None, now).await?;
        Ok(Self::challenge_view(&a, token.to_string()))
    }

    pub(crate) async fn check_challenge_code(
        &self,
        ck: &str,
        target: &str,
        code: &str,
        now: u64,
    ) -> Result<CodeCheck, AuthError> {
        Ok(self
            .store
            .update::<Challenge, CodeCheck, _>(Table::Challenges, ck, Durability::Flushed, |c| {
                match c {
                    None => (Change::Keep, CodeCheck::Dead),
                    Some(mut c) => {
                        let r = check_sent(&self.keys, &mut c.code, target, code, now);
                        (Change::Put(c), r)
                    }
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
        Ok(self.send_code(a.locale, d.kind, &to, &code).await?)
    }

    /// Checks a TOTP code and records its step, so it works once.
    pub(crate) async fn totp_ok(
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
    pub(crate) async fn finish_login(
        &self,
        ck: &str,
        key: &str,
        device_id: &str,
        now: u64,
    ) -> Result<(String, Profile), AuthError> {
        let existed = self
            .store
            .update::<Challenge, bool, _>(Table::Challenges, ck, Durability::Flushed, |c| {
                (Change::Delete, c.is_some())
            })
            .await?;
        if !existed {
            return Err(AuthError::ChallengeExpired);
        }
        let device = device_id.to_string();
        let a = self
            .store
            .update::<Account, Option<Account>, _>(Table::Accounts, key, Durability::Flushed, |a| {
                match a {
                    None => (Change::Keep, None),
                    Some(mut a) => {
                        a.failed_attempts = 0;
                        a.default_device = Some(device.clone());
                        a.last_login_at = Some(now);
                        (Change::Put(a.clone()), Some(a))
                    }
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
}
