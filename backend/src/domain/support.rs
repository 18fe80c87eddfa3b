//! The help desk helps a person who lost everything (issue 27): it verifies the caller,
//! then resets their MFA, releases a phone number their account holds, or corrects
//! their email address.
//!
//! Verifying comes first and is recorded on the account ([`CallerCheck`]): the agent
//! either has Umbral send a six-digit code to the person's verified email address or
//! verified phone device, which the person reads out, or, when both are lost, types the
//! person's answer to their security question and their date of birth, which the server
//! checks without ever showing them. Answer tries count and lock as at a password reset
//! (`check_answer`). A check is the agent's own, and lasts [`CALLER_CHECK_SECS`] after it
//! succeeds; each action needs a live one. Every step is audited on both accounts with
//! the agent and the method, and the person is emailed at every address involved.
use super::access::{is_help_desk, DomainError};
use super::auth::{check_sent, device_view, AuthError, Authenticated, CodeCheck};
use super::Umbral;
use crate::crypto::secrets;
use crate::store::{Account, CallerCheck, Change, Durability, Store, Table};
use shared::api::access::*;
use shared::api::auth::{normalize_code, DeviceKind, DeviceStatus};

/// How long a successful caller check lets the agent act: a phone call's length.
pub const CALLER_CHECK_SECS: u64 = 15 * 60;

fn bad(field: &str, code: &str) -> DomainError {
    DomainError::Invalid([(field.to_string(), vec![code.to_string()])].into())
}

impl Umbral {
    async fn support_target(
        &self,
        me: &Authenticated,
        user_id: &str,
    ) -> Result<Account, DomainError> {
        if !is_help_desk(&me.account) {
            return Err(DomainError::Forbidden);
        }
        let a = self
            .store
            .account(user_id)
            .await?
            .ok_or(DomainError::NotFound)?;
        // Nobody verifies themselves: an agent's own account goes through a colleague.
        if a.key() == me.account.key() {
            return Err(DomainError::Forbidden);
        }
        Ok(a)
    }

    async fn put_check(&self, key: &str, check: Option<CallerCheck>) -> Result<(), DomainError> {
        self.change_account(key, |a| a.caller_check = check.clone())
            .await?;
        Ok(())
    }

    /// The check this agent completed for this account, if it still holds at `now`.
    pub(crate) fn live_check<'a>(
        a: &'a Account,
        me: &Authenticated,
        now: u64,
    ) -> Option<&'a CallerCheck> {
        a.caller_check.as_ref().filter(|c| {
            c.agent == me.account.key()
                && c.verified_at.is_some_and(|v| now < v + CALLER_CHECK_SECS)
        })
    }

    /// `POST /admin/accounts/{user_id}/caller-codes`: a code to the person's verified
    /// email address or phone device, for them to read out.
    pub async fn send_caller_code(
        &self,
        me: &Authenticated,
        user_id: &str,
        req: CallerCodeRequest,
        now: u64,
    ) -> Result<CallerCodeSent, DomainError> {
        let a = self.support_target(me, user_id).await?;
        let (kind, to) = match req.channel.as_str() {
            "email" if a.email_verified => (DeviceKind::Email, a.email.clone()),
            "email" => return Err(bad("channel", "unverified")),
            "phone" => a
                .active_devices()
                .find(|d| d.kind == DeviceKind::Sms || d.kind == DeviceKind::Voice)
                .and_then(|d| d.contact.clone().map(|c| (d.kind, c)))
                .ok_or_else(|| bad("channel", "no_phone"))?,
            _ => return Err(bad("channel", "invalid")),
        };
        let code = secrets::code();
        let check = CallerCheck {
            agent: me.account.key(),
            method: format!(
                "{}_code",
                if kind == DeviceKind::Email {
                    "email"
                } else {
                    "phone"
                }
            ),
            code: Some(self.sent_code("caller", &code, now)),
            verified_at: None,
        };
        self.put_check(&a.key(), Some(check)).await?;
        self.send_code(&a.key(), a.locale, kind, &to, &code)
            .await
            .map_err(AuthError::from)?;
        self.audit(
            &a.key(),
            "caller_code_sent",
            Some(me.account.user_id.clone()),
            now,
        )
        .await?;
        Ok(CallerCodeSent {
            masked: super::auth::mask_contact(kind, &to),
        })
    }

    /// `POST /admin/accounts/{user_id}/caller-verification`: the code the person read
    /// out, or their security answer and date of birth.
    pub async fn verify_caller(
        &self,
        me: &Authenticated,
        user_id: &str,
        proof: CallerProof,
        now: u64,
    ) -> Result<CallerVerified, DomainError> {
        let errors = proof.validate();
        if !errors.is_empty() {
            return Err(DomainError::Invalid(errors));
        }
        let a = self.support_target(me, user_id).await?;
        let key = a.key();
        let method = if let Some(code) = proof.code.as_deref().filter(|c| !c.trim().is_empty()) {
            let code = normalize_code(code);
            let agent = me.account.key();
            let check = self
                .store
                .update::<Account, (CodeCheck, String), _>(
                    Table::Accounts,
                    &key,
                    Durability::Flushed,
                    |acc| match acc {
                        Some(mut acc) => match acc.caller_check.as_mut() {
                            Some(c) if c.agent == agent => {
                                let r = check_sent(&self.keys, &mut c.code, "caller", &code, now);
                                let m = c.method.clone();
                                (Change::Put(acc), (r, m))
                            }
                            _ => (Change::Keep, (CodeCheck::Dead, String::new())),
                        },
                        None => (Change::Keep, (CodeCheck::Dead, String::new())),
                    },
                )
                .await?;
            let refused = match check {
                (CodeCheck::Ok, m) => Ok(m),
                (CodeCheck::Dead, _) => Err("expired"),
                (CodeCheck::Wrong, _) => Err("incorrect"),
            };
            match refused {
                Ok(m) => m,
                Err(why) => {
                    let agent = Some(me.account.user_id.clone());
                    self.audit(&key, "caller_check_failed", agent, now).await?;
                    return Err(bad("code", why));
                }
            }
        } else {
            let dob = proof.date_of_birth.as_deref().unwrap_or("").trim();
            let answer = proof.security_answer.as_deref().unwrap_or("");
            // A wrong date of birth spends a try like a wrong answer, and gets the same
            // reply: the agent learns only "does not match", never which part.
            let checked = if dob == a.date_of_birth {
                self.check_answer(&a, answer, now).await
            } else {
                self.check_answer(&a, "\u{0}no answer", now).await
            };
            match checked {
                Ok(()) => "security_answer_and_date_of_birth".to_string(),
                Err(AuthError::LinkInvalid) => {
                    return Err(DomainError::Auth(AuthError::TooMany(0)));
                }
                Err(AuthError::Invalid(_)) => {
                    self.audit(
                        &key,
                        "caller_check_failed",
                        Some(me.account.user_id.clone()),
                        now,
                    )
                    .await?;
                    return Err(bad("proof", "incorrect"));
                }
                Err(e) => return Err(e.into()),
            }
        };
        let check = CallerCheck {
            agent: me.account.key(),
            method: method.clone(),
            code: None,
            verified_at: Some(now),
        };
        self.put_check(&key, Some(check)).await?;
        let detail = format!("{} ({method})", me.account.user_id);
        self.audit(&key, "caller_verified", Some(detail), now)
            .await?;
        self.audit(
            &me.account.key(),
            "verified_caller",
            Some(format!("{} ({method})", a.user_id)),
            now,
        )
        .await?;
        Ok(CallerVerified {
            method,
            until: now + CALLER_CHECK_SECS,
        })
    }

    /// The account, if this agent verified its caller within the last 15 minutes.
    async fn verified_target(
        &self,
        me: &Authenticated,
        user_id: &str,
        now: u64,
    ) -> Result<(Account, String), DomainError> {
        let a = self.support_target(me, user_id).await?;
        let method = Self::live_check(&a, me, now)
            .map(|c| c.method.clone())
            .ok_or_else(|| bad("caller", "not_verified"))?;
        Ok((a, method))
    }

    /// Reset MFA: every device and recovery code removed, numbers released, sessions
    /// ended. The next login is like the first: the emailed code, then a new device.
    pub async fn reset_mfa(
        &self,
        me: &Authenticated,
        user_id: &str,
        now: u64,
    ) -> Result<(), DomainError> {
        let (a, method) = self.verified_target(me, user_id, now).await?;
        let key = a.key();
        let (before, after) = self
            .change_account(&key, |acc| {
                acc.devices.clear();
                acc.passkeys.clear();
                acc.pending_passkey = None;
                acc.default_device = None;
                acc.recovery_codes = None;
                acc.caller_check = None;
                acc.session_generation = acc.session_generation.wrapping_add(1);
                acc.link_epoch = acc.link_epoch.wrapping_add(1);
                Self::unlock_in_place(acc);
            })
            .await?
            .ok_or(DomainError::NotFound)?;
        for d in &before.devices {
            for c in [&d.contact, &d.pending_contact].into_iter().flatten() {
                self.release_contact(&after, d.kind, c).await?;
            }
        }
        self.throttle.forgive_all(&key).await;
        self.audit_support(me, &a, "mfa_reset", &method, now)
            .await?;
        self.notify(&before, "msg-mfa-reset", &[]).await?;
        Ok(())
    }

    /// Release a phone number: the devices of this account at that number are removed
    /// and the number is free for another account.
    pub async fn release_phone(
        &self,
        me: &Authenticated,
        user_id: &str,
        req: PhoneRelease,
        now: u64,
    ) -> Result<(), DomainError> {
        let digits = shared::validate::contact::phone_digits(req.phone.trim())
            .ok_or_else(|| bad("phone", "invalid"))?;
        let (a, method) = self.verified_target(me, user_id, now).await?;
        let key = a.key();
        let holds = |d: &crate::store::Device| {
            d.kind.uses_phone()
                && (d.contact.as_deref() == Some(digits.as_str())
                    || d.pending_contact.as_deref() == Some(digits.as_str()))
        };
        if !a.devices.iter().any(holds) {
            return Err(bad("phone", "not_held"));
        }
        let (before, after) = self
            .change_account(&key, |acc| {
                acc.devices.retain(|d| !holds(d));
                if acc
                    .default_device
                    .as_ref()
                    .is_some_and(|id| acc.device(id).is_none())
                {
                    acc.default_device = None;
                }
            })
            .await?
            .ok_or(DomainError::NotFound)?;
        for d in before.devices.iter().filter(|d| holds(d)) {
            self.release_contact(&after, d.kind, &digits).await?;
        }
        self.audit_support(me, &a, "phone_released", &method, now)
            .await?;
        self.notify(
            &before,
            "msg-phone-released",
            &[("phone", shared::api::auth::mask_phone(&digits))],
        )
        .await?;
        Ok(())
    }

    /// Correct the email address: the new one must be verified by the emailed code at
    /// the next login; the old address is told, and so is the new one.
    pub async fn correct_email(
        &self,
        me: &Authenticated,
        user_id: &str,
        req: EmailCorrection,
        now: u64,
    ) -> Result<(), DomainError> {
        let errors = req.validate();
        if !errors.is_empty() {
            return Err(DomainError::Invalid(errors));
        }
        let (a, method) = self.verified_target(me, user_id, now).await?;
        let key = a.key();
        let new = req.email.trim().to_string();
        if new.eq_ignore_ascii_case(&a.email) {
            return Err(bad("email", "unchanged"));
        }
        let (_, after) = self
            .change_account(&key, |acc| {
                acc.email = new.clone();
                acc.email_verified = false;
                acc.pending_email = None;
                // Links sent to the old address die with it (review 3, G10).
                acc.link_epoch = acc.link_epoch.wrapping_add(1);
            })
            .await?
            .ok_or(DomainError::NotFound)?;
        self.store.move_email(&key, &a.email, &after.email).await?;
        self.audit_support(me, &a, "email_corrected", &method, now)
            .await?;
        let args = [("email", super::auth::mask_contact(DeviceKind::Email, &new))];
        // The old address hears of it (it may be the person's, or an attacker's target).
        self.notify(&a, "msg-email-corrected", &args).await?;
        self.notify(&after, "msg-email-corrected", &args).await?;
        Ok(())
    }

    async fn audit_support(
        &self,
        me: &Authenticated,
        a: &Account,
        event: &str,
        method: &str,
        now: u64,
    ) -> Result<(), DomainError> {
        self.audit(
            &a.key(),
            &format!("{event}_by_help_desk"),
            Some(format!("{} ({method})", me.account.user_id)),
            now,
        )
        .await?;
        self.audit(
            &me.account.key(),
            event,
            Some(format!("{} ({method})", a.user_id)),
            now,
        )
        .await?;
        Ok(())
    }

    /// What the account card shows of the caller check and the devices.
    pub(crate) fn support_view(a: &Account, me: &Authenticated, now: u64) -> SupportView {
        SupportView {
            security_question: a.security_question.clone(),
            devices: a
                .devices
                .iter()
                .filter(|d| d.status == DeviceStatus::Active)
                .map(device_view)
                .collect(),
            recovery_codes_left: a
                .recovery_codes
                .as_ref()
                .map_or(0, |r| r.unused.len() as u8),
            email_verified: a.email_verified,
            caller: Self::live_check(a, me, now).map(|c| CallerVerified {
                method: c.method.clone(),
                until: c.verified_at.unwrap_or(now) + CALLER_CHECK_SECS,
            }),
        }
    }
}
