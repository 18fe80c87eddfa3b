//! Passwords: change from the profile (history of six, once a day), the shared rules'
//! context, setting a password (used by reset and account setup), unlocking.
use super::*;
use crate::crypto::hashing::Busy;
use crate::domain::Umbral;
use crate::store::{Account, AccountStatus, Change, Durability, Session, Store, Table};
use shared::api::auth::*;
use shared::validate::password;

impl Umbral {
    /// The current and previous five passwords may not be used again.
    pub(crate) async fn reused(&self, a: &Account, new_password: &str) -> Result<bool, Busy> {
        for phc in std::iter::once(&a.password_hash)
            .chain(a.password_history.iter().take(PASSWORD_HISTORY))
        {
            if self
                .hasher
                .verify(new_password.to_string(), phc.clone())
                .await?
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// A commonly used or breached password, or one built from what the account says
    /// of the person, is refused as `common` (see `common_password`).
    pub(crate) fn refuse_common(a: &Account, new_password: &str) -> Result<(), AuthError> {
        let who = [
            a.user_id.as_str(),
            a.first_name.as_str(),
            a.last_name.as_str(),
            a.email.as_str(),
            a.date_of_birth.as_str(),
        ];
        if super::is_common(new_password, &who) {
            Err(field("new_password", "common"))
        } else {
            Ok(())
        }
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
        why: PasswordSource,
        now: u64,
    ) -> Result<Account, AuthError> {
        let hash = self.hasher.hash(new_password).await?;
        self.store
            .update::<Account, Option<Account>, _>(
                Table::Accounts,
                key,
                Durability::Flushed,
                |acc| match acc {
                    None => (Change::Keep, None),
                    Some(mut acc) => {
                        let old = std::mem::replace(&mut acc.password_hash, hash.clone());
                        acc.password_history.insert(0, old);
                        acc.password_history.truncate(PASSWORD_HISTORY);
                        acc.password_changed_at = now;
                        acc.session_generation = acc.session_generation.wrapping_add(1);
                        acc.link_epoch = acc.link_epoch.wrapping_add(1);
                        if why == PasswordSource::Reset {
                            Self::unlock_in_place(&mut acc);
                            // A reset is what reactivates an inactive account
                            // (source `002_…`).
                            if acc.inactive_at.is_some() || now >= self.policy.inactive_from(&acc) {
                                Self::reactivate_in_place(&mut acc, now);
                            }
                        }
                        (Change::Put(acc.clone()), Some(acc))
                    }
                },
            )
            .await?
            .ok_or(AuthError::NotFound)
    }

    pub(crate) fn unlock_in_place(acc: &mut Account) {
        acc.failed_attempts = 0;
        acc.answer_failures = 0;
        acc.link_epoch = acc.link_epoch.wrapping_add(1);
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
        Self::refuse_common(a, &req.new_password)?;
        let key = a.key();
        let attempt = self.reserve(&key, now).await?;
        let right = match self
            .hasher
            .verify(req.current_password.clone(), a.password_hash.clone())
            .await
        {
            Ok(right) => right,
            Err(busy) => {
                self.refund(attempt).await?;
                return Err(busy.into());
            }
        };
        if !right {
            self.failed(attempt, "password_change_failed", now).await?;
            return Err(field("current_password", "incorrect"));
        }
        self.refund(attempt).await?;
        if a.password_changed_at + MIN_PASSWORD_AGE_SECS > now && a.password_changed_at > 0 {
            return Err(field("new_password", "changed_too_recently"));
        }
        if self.reused(a, &req.new_password).await? {
            return Err(field("new_password", "reused"));
        }
        let updated = self
            .set_password(&key, req.new_password, PasswordSource::FromProfile, now)
            .await?;
        // This session stays; every other one ends.
        let generation = updated.session_generation;
        self.store
            .update::<Session, (), _>(
                Table::Sessions,
                &auth.session_key,
                Durability::Flushed,
                |s| match s {
                    None => (Change::Keep, ()),
                    Some(mut s) => {
                        s.generation = generation;
                        (Change::Put(s), ())
                    }
                },
            )
            .await?;
        self.audit(&key, "password_changed", None, now).await?;
        Ok(self.notify(&updated, "msg-password-changed", &[]).await?)
    }
}
