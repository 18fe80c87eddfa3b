//! Profile upkeep: name, address and phone; the account's language; the security
//! question; the email address.
//!
//! Source `002_…` asks everyone to keep a working email address on their profile. A new
//! address gets a code and the change applies only once the code is typed, within
//! the reauthentication window like device changes; the old address is told, with the
//! way to report a change the owner did not make. Addresses are not unique (several
//! accounts may share one, as at registration; "Forgot user ID" lists them all).
//!
//! Names feed the password rule ("must not contain your first or last name"): the
//! password in use is not re-checked when the name changes (it is stored only as a
//! hash), and the next password change or reset is checked against the new name.
use super::*;
use crate::domain::Umbral;
use crate::store::{Account, Change, Durability, PendingEmail, Store, Table};
use shared::api::auth::{
    mask_email, normalize_code, CodeInput, EmailChange, LanguageInput, ProfileUpdate,
    SecurityQuestionChange,
};
use shared::i18n::Locale;
use shared::validate::contact::phone_digits;

/// The target of an email-change code (codes are keyed by target).
const EMAIL_CHANGE: &str = "email-change";

impl Umbral {
    async fn put_account(
        &self,
        key: &str,
        mut f: impl FnMut(&mut Account) + Send,
    ) -> Result<Account, AuthError> {
        self.store
            .update::<Account, Option<Account>, _>(Table::Accounts, key, Durability::Flushed, |a| {
                match a {
                    Some(mut a) => {
                        f(&mut a);
                        (Change::Put(a.clone()), Some(a))
                    }
                    None => (Change::Keep, None),
                }
            })
            .await?
            .ok_or(AuthError::Unauthenticated)
    }

    /// `PUT /me/profile`.
    pub async fn update_profile(
        &self,
        auth: &Authenticated,
        input: ProfileUpdate,
        now: u64,
    ) -> Result<Account, AuthError> {
        invalid(input.validate())?;
        let key = auth.account.key();
        let phone = phone_digits(&input.phone).unwrap_or_default();
        let a = self
            .put_account(&key, |a| {
                a.first_name = input.first_name.trim().to_string();
                a.middle_name = input
                    .middle_name
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string);
                a.last_name = input.last_name.trim().to_string();
                a.address = input.address.trimmed();
                a.phone = phone.clone();
            })
            .await?;
        self.audit(&key, "profile_changed", None, now).await?;
        Ok(a)
    }

    /// `PUT /me/language`: every later email is in it.
    pub async fn set_language(
        &self,
        auth: &Authenticated,
        input: LanguageInput,
        now: u64,
    ) -> Result<Account, AuthError> {
        invalid(input.validate())?;
        let l = Locale::from_tag(input.locale.trim()).unwrap_or_default();
        let key = auth.account.key();
        let a = self.put_account(&key, |a| a.locale = l).await?;
        self.audit(&key, "language_changed", Some(l.tag().into()), now)
            .await?;
        Ok(a)
    }

    /// `PUT /me/site-preferences`: what the person says of themselves (each answer
    /// empty or one of the choices), kept on the account.
    pub async fn set_site_prefs(
        &self,
        auth: &Authenticated,
        input: shared::api::site::SitePrefs,
    ) -> Result<Account, AuthError> {
        invalid(
            input
                .validate(&self.apps.location_ids())
                .err()
                .unwrap_or_default(),
        )?;
        let key = auth.account.key();
        self.put_account(&key, |a| a.site = input.clone()).await
    }

    /// Checks the current password as the lock counts it (a wrong one is a failure).
    async fn current_password(&self, a: &Account, given: &str, now: u64) -> Result<(), AuthError> {
        let key = a.key();
        let attempt = self.reserve(&key, now).await?;
        match self
            .hasher
            .verify(given.to_string(), a.password_hash.clone())
            .await
        {
            Ok(true) => Ok(self.refund(attempt).await?),
            Ok(false) => {
                self.failed(attempt, "current_password_failed", now).await?;
                Err(field("current_password", "incorrect"))
            }
            Err(busy) => {
                self.refund(attempt).await?;
                Err(busy.into())
            }
        }
    }

    /// `PUT /me/security-question`.
    pub async fn change_security_question(
        &self,
        auth: &Authenticated,
        input: SecurityQuestionChange,
        now: u64,
    ) -> Result<(), AuthError> {
        invalid(input.validate())?;
        let a = &auth.account;
        self.current_password(a, &input.current_password, now)
            .await?;
        let hash = self
            .hasher
            .hash(shared::api::registration::normalize_answer(
                &input.security_answer,
            ))
            .await?;
        let q = input.security_question.clone();
        let updated = self
            .put_account(&a.key(), |x| {
                x.security_question = q.clone();
                x.security_answer_hash = hash.clone();
                x.answer_failures = 0;
            })
            .await?;
        self.audit(&a.key(), "security_question_changed", None, now)
            .await?;
        self.notify(
            &updated,
            "msg-security-question-changed",
            &[("link", format!("{}/account-help", self.policy.public_url))],
        )
        .await?;
        Ok(())
    }

    /// `POST /me/email`: sends a code to the new address; nothing changes yet.
    pub async fn start_email_change(
        &self,
        auth: &Authenticated,
        input: EmailChange,
        now: u64,
    ) -> Result<(), AuthError> {
        self.require_recent_login(auth, now)?;
        let a = &auth.account;
        invalid(input.validate(&a.email))?;
        let address = input.email.trim().to_string();
        let code = secrets::code();
        let sent = self.sent_code(EMAIL_CHANGE, &code, now);
        let key = a.key();
        // A new address, not proved yet: anyone's budget for it, never its owner's.
        self.send_quota(&key, &address, crate::domain::throttle::By::Other)
            .await?;
        let pending = PendingEmail {
            address: address.clone(),
            code: sent,
        };
        self.put_account(&key, |x| x.pending_email = Some(pending.clone()))
            .await?;
        self.audit(&key, "email_change_started", None, now).await?;
        Ok(self
            .deliver_code(
                a.locale,
                shared::api::auth::DeviceKind::Email,
                &address,
                &code,
            )
            .await?)
    }

    /// `POST /me/email/verification`: the code from the new address applies the
    /// change; the old address is told.
    pub async fn confirm_email_change(
        &self,
        auth: &Authenticated,
        input: CodeInput,
        now: u64,
    ) -> Result<Account, AuthError> {
        self.require_recent_login(auth, now)?;
        invalid(input.validate())?;
        let key = auth.account.key();
        let code = normalize_code(&input.code);
        let attempt = self.reserve(&key, now).await?;
        let keys = &self.keys;
        let outcome = self
            .store
            .update::<Account, (CodeCheck, Option<(String, Account)>), _>(
                Table::Accounts,
                &key,
                Durability::Flushed,
                |a| {
                    let Some(mut a) = a else {
                        return (Change::Keep, (CodeCheck::Dead, None));
                    };
                    let Some(p) = a.pending_email.clone() else {
                        return (Change::Keep, (CodeCheck::Dead, None));
                    };
                    let mut sent = Some(p.code.clone());
                    let r = check_sent(keys, &mut sent, EMAIL_CHANGE, &code, now);
                    match r {
                        CodeCheck::Ok => {
                            let old = std::mem::replace(&mut a.email, p.address.clone());
                            a.pending_email = None;
                            // Links mailed to the old address (reset, unlock) die with
                            // the change: the old mailbox may be the reason for it
                            // (security review 3, G10).
                            a.link_epoch = a.link_epoch.wrapping_add(1);
                            (Change::Put(a.clone()), (r, Some((old, a))))
                        }
                        _ => {
                            a.pending_email = sent.map(|code| PendingEmail {
                                address: p.address.clone(),
                                code,
                            });
                            (Change::Put(a), (r, None))
                        }
                    }
                },
            )
            .await?;
        let (check, changed) = outcome;
        let Some((old, a)) = changed else {
            self.failed(attempt, "email_change_failed", now).await?;
            return Err(check.field_error());
        };
        self.refund(attempt).await?;
        self.store.move_email(&key, &old, &a.email).await?;
        self.audit(
            &key,
            "email_changed",
            Some(format!("{} -> {}", mask_email(&old), mask_email(&a.email))),
            now,
        )
        .await?;
        // The old address is told, in the account's language, with what to do if the
        // owner did not make this change.
        let l = a.locale;
        let args = [
            ("name", a.first_name.clone()),
            ("new", mask_email(&a.email)),
            ("link", format!("{}/account-help", self.policy.public_url)),
        ];
        self.mail(l, &old, "msg-email-changed", &args).await?;
        Ok(a)
    }
}
