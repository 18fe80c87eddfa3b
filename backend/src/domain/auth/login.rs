//! The password step, the first login's email verification and the passcode step (the
//! lock that counts their failures is `lockout`). A login is a challenge until its passcode.
use super::*;
use crate::crypto::hashing::decoy_hash;
use crate::crypto::mfa::totp::Totp;
use crate::crypto::secrets;
use crate::domain::{notify, Umbral};
use crate::store::{
    Account, AccountStatus, Challenge, Change, Device, Durability, SentCode, Session, Store, Table,
};
use shared::api::account_role::AccountRole;
use shared::api::auth::*;

impl Umbral {
    pub(crate) fn sent_code(&self, target: &str, code: &str, now: u64) -> SentCode {
        SentCode {
            target: target.to_string(),
            hash: self.keys.mac(&format!("{target}:{code}")),
            expires_at: now + self.policy.code_ttl_secs,
            tries_left: self.policy.code_tries,
        }
    }

    /// What this login does next. An account with no active device enrols its first
    /// one only after this same login proved the mailbox again with an emailed code, so
    /// a password alone never adds a device (F10).
    pub(crate) fn next_step(a: &Account, c: &Challenge) -> Next {
        if !a.email_verified {
            Next::VerifyEmail
        } else if a.active_devices().next().is_none() {
            if c.email_proven {
                Next::EnrollDevice
            } else {
                Next::VerifyEmail
            }
        } else {
            Next::Passcode
        }
    }

    /// The login as the SPA sees it. A device whose channel has an outage in progress is
    /// marked with its end; when it is the default, the first available device is
    /// preselected instead ("we recommend registering multiple MFA devices").
    pub(crate) async fn challenge_view(
        &self,
        a: &Account,
        c: &Challenge,
        token: String,
        now: u64,
    ) -> LoginChallenge {
        let outages = self.outages_from(now).await.unwrap_or_default();
        self.challenge_view_in(&outages, a, c, token, now)
    }

    /// [`Self::challenge_view`] with the outages already read (`outages_from(now)`).
    pub(crate) fn challenge_view_in(
        &self,
        outages: &[crate::store::Outage],
        a: &Account,
        c: &Challenge,
        token: String,
        now: u64,
    ) -> LoginChallenge {
        let mut devices = Vec::new();
        for d in a.active_devices() {
            let mut v = device_view(d);
            v.unavailable_until = Self::component_down_in(outages, d.kind.code(), now);
            devices.push(v);
        }
        let usable = |id: &str| {
            devices
                .iter()
                .any(|v| v.id == id && v.unavailable_until.is_none())
        };
        let default_device = match a
            .default_device
            .clone()
            .filter(|d| devices.iter().any(|v| &v.id == d))
        {
            Some(d) if usable(&d) => Some(d),
            Some(_) => devices
                .iter()
                .find(|v| v.unavailable_until.is_none())
                .map(|v| v.id.clone()),
            None => None,
        };
        LoginChallenge {
            challenge: token,
            next: Self::next_step(a, c),
            devices,
            default_device,
            email_masked: mask_email(&a.email),
        }
    }

    /// `POST /sessions`: the password step. Unknown user IDs and wrong passwords get
    /// the same answer after the same argon2id work and the same writes; a client
    /// locked out of the user ID is answered `Locked` before any password is checked.
    pub async fn login(&self, req: LoginRequest, now: u64) -> Result<LoginChallenge, AuthError> {
        invalid(req.validate())?;
        let key = shared::validate::user_id::canonical(req.user_id.trim());
        // No room to hash: turned away before anything is counted or read.
        let admission = self.hasher.admit()?;
        let mut attempt = self.reserve(&key, now).await?;
        let account = attempt.account.take();
        let phc = account
            .as_ref()
            .map(|a| a.password_hash.clone())
            .unwrap_or_else(|| decoy_hash().to_string());
        let ok = match self
            .hasher
            .verify_admitted(admission, req.password, phc)
            .await
        {
            Ok(ok) => ok,
            Err(busy) => {
                // Nothing was checked: the attempt is given back whole.
                self.refund(attempt).await?;
                return Err(busy.into());
            }
        };
        // Maintenance (see `domain::status`): closed to every answer but a help desk's
        // right password. A wrong password is counted as at any other time, whoever's
        // account it names: refunding it made the help desk's password an uncounted
        // oracle two hours a week (security review 3, G4). A right one of anyone else is
        // given back, so nobody locks themselves out by trying during the window.
        let outages = self.outages_from(now).await.unwrap_or_default();
        if let Some((_, until)) = self.maintenance_in(&outages, now) {
            let help_desk = ok
                && account
                    .as_ref()
                    .is_some_and(|a| AccountRole::HelpDesk.held_in(&a.roles));
            if !help_desk {
                if ok {
                    self.refund(attempt).await?;
                } else {
                    self.failed(attempt, "login_failed", now).await?;
                }
                return Err(AuthError::Maintenance { until, now });
            }
        }
        let Some(account) = account.filter(|_| ok) else {
            self.failed(attempt, "login_failed", now).await?;
            return Err(AuthError::InvalidCredentials);
        };
        self.refund(attempt).await?;
        // Inactive: said only now that the password is proven right (the job may not
        // have run yet: the rule is checked here too).
        if self.policy.is_inactive(&account, now) {
            self.mark_inactive(&key, now).await?;
            self.audit(&key, "login_refused_inactive", None, now)
                .await?;
            return Err(AuthError::Inactive);
        }
        let token = secrets::token();
        let c = Challenge {
            account: key.clone(),
            created_at: now,
            expires_at: now + self.policy.challenge_ttl_secs,
            code: None,
            sends: 0,
            generation: account.session_generation,
            email_proven: false,
            passkey: None,
        };
        // The challenge and its audit line in one write.
        let event = self.audit_event(&key, "password_accepted", None, now);
        self.store
            .insert_new_audited(
                Table::Challenges,
                &crate::store::index::challenge(&self.keys, &token),
                &c,
                &key,
                &event,
            )
            .await?;
        Ok(self.challenge_view_in(&outages, &account, &c, token, now))
    }

    pub(crate) async fn challenge(
        &self,
        token: &str,
        now: u64,
    ) -> Result<(String, Challenge, Account), AuthError> {
        let ck = crate::store::index::challenge(&self.keys, token);
        let c: Challenge = self
            .store
            .get(Table::Challenges, &ck)
            .await?
            .filter(|c: &Challenge| c.expires_at >= now)
            .ok_or(AuthError::ChallengeExpired)?;
        let a = self
            .store
            .get::<Account>(Table::Accounts, &c.account)
            .await?
            .ok_or(AuthError::ChallengeExpired)?;
        // A password reset or change since the password step ends this login (F12).
        if c.generation != a.session_generation {
            return Err(AuthError::ChallengeExpired);
        }
        if a.status == AccountStatus::Locked && self.known_device(&c.account).is_none() {
            return Err(AuthError::Locked);
        }
        // Every step of a login holds the time rules at its own instant, not only the
        // password step's (issue 28, "time boundaries"): a login begun a few seconds
        // before the weekly window or the inactivity instant does not finish inside or
        // after it. The jobs only tidy.
        if self.policy.is_inactive(&a, now) {
            if a.inactive_at.is_none() {
                self.mark_inactive(&c.account, now).await?;
            }
            return Err(AuthError::Inactive);
        }
        let outages = self.outages_from(now).await.unwrap_or_default();
        if let Some((_, until)) = self.maintenance_in(&outages, now) {
            if !AccountRole::HelpDesk.held_in(&a.roles) {
                return Err(AuthError::Maintenance { until, now });
            }
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
                    Some(c) if c.sends >= max => (
                        Change::Keep,
                        Err(AuthError::TooMany(c.expires_at.saturating_sub(now))),
                    ),
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
        let (ck, c, a) = self.challenge(token, now).await?;
        if Self::next_step(&a, &c) != Next::VerifyEmail {
            return Err(AuthError::WrongStep);
        }
        let code = secrets::code();
        self.put_challenge_code(&ck, "email", &code, now).await?;
        Ok(self
            .send_code(&a.key(), a.locale, DeviceKind::Email, &a.email, &code)
            .await?)
    }

    pub async fn verify_email(
        &self,
        token: &str,
        input: CodeInput,
        now: u64,
    ) -> Result<LoginChallenge, AuthError> {
        invalid(input.validate())?;
        let (ck, c, a) = self.challenge(token, now).await?;
        if Self::next_step(&a, &c) != Next::VerifyEmail {
            return Err(AuthError::WrongStep);
        }
        let code = normalize_code(&input.code);
        // A wrong email code counts toward the lock like a wrong passcode (F10).
        let attempt = self.reserve(&a.key(), now).await?;
        let check = self.check_challenge_code(&ck, "email", &code, now).await?;
        if !matches!(check, CodeCheck::Ok) {
            self.failed(attempt, "email_code_failed", now).await?;
            return Err(check.field_error());
        }
        self.refund(attempt).await?;
        let c = self
            .store
            .update::<Challenge, Option<Challenge>, _>(
                Table::Challenges,
                &ck,
                Durability::Flushed,
                |c| match c {
                    None => (Change::Keep, None),
                    Some(mut c) => {
                        c.email_proven = true;
                        (Change::Put(c.clone()), Some(c))
                    }
                },
            )
            .await?
            .ok_or(AuthError::ChallengeExpired)?;
        let first = !a.email_verified;
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
        let event = if first {
            "email_verified"
        } else {
            "email_proven"
        };
        self.audit(&a.key(), event, None, now).await?;
        Ok(self.challenge_view(&a, &c, token.to_string(), now).await)
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
        let (ck, c, a) = self.challenge(token, now).await?;
        if Self::next_step(&a, &c) != Next::Passcode {
            return Err(AuthError::WrongStep);
        }
        let d = a
            .active_devices()
            .find(|d| d.id == req.device_id)
            .ok_or_else(|| field("device_id", "invalid"))?;
        if let Some(until) = self.component_down(d.kind.code(), now).await {
            return Err(AuthError::ChannelUnavailable { until, now });
        }
        if !d.kind.is_delivered() {
            return Ok(());
        }
        let code = secrets::code();
        self.put_challenge_code(&ck, &d.id, &code, now).await?;
        let to = d.contact.clone().unwrap_or_default();
        Ok(self
            .send_code(&a.key(), a.locale, d.kind, &to, &code)
            .await?)
    }

    /// Checks a TOTP code and records its step, so it works once.
    pub(crate) async fn totp_ok(
        &self,
        a: &Account,
        d: &Device,
        code: &str,
        now: u64,
    ) -> Result<bool, AuthError> {
        let aad = secrets::totp_aad(&a.key(), &d.id);
        let Some(secret) = d
            .sealed_secret
            .as_deref()
            .and_then(|s| self.keys.open(s, &aad))
        else {
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
        let (ck, c, a) = self.challenge(token, now).await?;
        if Self::next_step(&a, &c) != Next::Passcode {
            return Err(AuthError::WrongStep);
        }
        let code = normalize_code(&input.code);
        let attempt = self.reserve(&a.key(), now).await?;
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
            self.failed(attempt, "passcode_failed", now).await?;
            return Err(AuthError::InvalidPasscode);
        }
        self.finish_login(&ck, &a.key(), SecondFactor::Device(&input.device_id), now)
            .await
    }

    /// Consumes the challenge (once) and opens a session.
    pub(crate) async fn finish_login(
        &self,
        ck: &str,
        key: &str,
        factor: SecondFactor<'_>,
        now: u64,
    ) -> Result<(String, Profile), AuthError> {
        if !self.store.remove(Table::Challenges, ck).await? {
            return Err(AuthError::ChallengeExpired);
        }
        let (device_id, used_code) = match factor {
            SecondFactor::Device(id) => (id, None),
            SecondFactor::RecoveryCode(hash) => ("", Some(hash)),
        };
        let device = device_id.to_string();
        let (client, known) = self.attempt_client(key);
        // The lock is checked again in the same step that completes the login (F2).
        let a = self
            .store
            .update::<Account, Result<Account, AuthError>, _>(
                Table::Accounts,
                key,
                Durability::Flushed,
                |a| match a {
                    None => (Change::Keep, Err(AuthError::ChallengeExpired)),
                    Some(a) if a.status == AccountStatus::Locked && !known => {
                        (Change::Keep, Err(AuthError::Locked))
                    }
                    Some(a) if self.policy.is_inactive(&a, now) => {
                        (Change::Keep, Err(AuthError::Inactive))
                    }
                    Some(mut a) => {
                        // A recovery code is used up in this same write, so two logins
                        // racing with one code open one session.
                        if let Some(hash) = &used_code {
                            let Some(set) = a.recovery_codes.as_mut() else {
                                return (Change::Keep, Err(AuthError::InvalidPasscode));
                            };
                            let before = set.unused.len();
                            set.unused.retain(|h| h != hash);
                            if set.unused.len() == before {
                                return (Change::Keep, Err(AuthError::InvalidPasscode));
                            }
                        } else {
                            a.default_device = Some(device.clone());
                        }
                        // A complete login (password and passcode) ends an account-wide
                        // lock: the owner from a known browser is through it.
                        if a.status == AccountStatus::Locked {
                            a.status = AccountStatus::Active;
                        }
                        a.failed_attempts = 0;
                        a.last_login_at = Some(now);
                        (Change::Put(a.clone()), Ok(a))
                    }
                },
            )
            .await??;
        self.throttle.forgive(key, &client).await;
        if known {
            self.throttle.forgive(key, &notify::client_key()).await;
        }
        let kind = match &used_code {
            Some(_) => Some("recovery_code".to_string()),
            None => a.device(device_id).map(|d| d.kind.code().to_string()),
        };
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
            mfa: a.device(device_id).map(|d| d.kind),
            recovered: used_code.is_some(),
        };
        let event = self.audit_event(key, "login", kind, now);
        self.store
            .insert_new_audited(
                Table::Sessions,
                &crate::store::index::session(&self.keys, &token),
                &s,
                key,
                &event,
            )
            .await?;
        Ok((token, self.profile(&a, &s)))
    }

    /// The account as its owner's screens show it. `roles` carries `help_desk` (from
    /// the account) and `approver` while the account holds an approver role somewhere,
    /// so an end user's menu offers no approver's page (usability walk 3, journey 1).
    pub fn profile(&self, a: &Account, s: &Session) -> Profile {
        let mut roles = a.roles.clone();
        if !self.approver_orgs(a).is_empty() {
            roles.push(AccountRole::Approver.code().into());
        }
        Profile {
            user_id: a.user_id.clone(),
            first_name: a.first_name.clone(),
            middle_name: a.middle_name.clone(),
            last_name: a.last_name.clone(),
            email: a.email.clone(),
            pending_email: a.pending_email.as_ref().map(|p| p.address.clone()),
            address: a.address.clone(),
            phone: a.phone.clone(),
            locale: a.locale.tag().into(),
            security_question: a.security_question.clone(),
            devices: a.devices.iter().map(device_view).collect(),
            default_device: a.default_device.clone(),
            session_expires_at: s.expires_at,
            roles,
            site: a.site.clone(),
            recovery_codes_left: a
                .recovery_codes
                .as_ref()
                .map_or(0, |r| r.unused.len() as u8),
            recovered: s.recovered,
        }
    }
}
