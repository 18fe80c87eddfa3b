//! Recovery: forgot password, forgot user ID and unlock. Emailed links live 30 minutes,
//! work once and need the security answer; nothing here skips MFA.
use super::*;
use crate::crypto::secrets;
use crate::domain::{catalog, Umbral};
use crate::store::{
    index, Account, AccountStatus, Change, Durability, Link, LinkKind, Store, Table,
};
use shared::api::auth::*;
use shared::api::registration::normalize_answer;
use shared::i18n::Locale;

impl Umbral {
    /// One recovery email to the account's own address: within the account's recovery
    /// budget for this client (and its ceiling) and the address's budget for its owner.
    async fn recovery_quota(&self, a: &Account) -> bool {
        self.throttle
            .recovery_mail(&a.key(), &crate::domain::notify::client_key())
            .await
            .is_ok()
            && self
                .throttle
                .send_to_destination(&a.email, crate::domain::throttle::By::Owner)
                .await
                .is_ok()
    }

    /// Forgot password or unlock: emails a link if the user ID exists. Called off the
    /// request path, so the answer and its timing say nothing about the account.
    ///
    /// Within the account's recovery-mail quota (F7, F15): over it, nothing is sent,
    /// stored or audited, and the requester sees the same `202`. A new link replaces
    /// every older one (F11).
    pub async fn send_link(
        &self,
        kind: LinkKind,
        user_id: &str,
        now: u64,
    ) -> Result<(), AuthError> {
        let Some(a) = self.store.account(user_id.trim()).await? else {
            return Ok(());
        };
        let (path, msg, event) = match kind {
            LinkKind::PasswordReset => ("reset-password", "msg-reset", "password_reset_requested"),
            LinkKind::Unlock => ("unlock", "msg-unlock", "unlock_requested"),
            // Setup links are made by `umbral admin`, never sent on request.
            LinkKind::AccountSetup => return Err(AuthError::LinkInvalid),
        };
        if !self.recovery_quota(&a).await {
            tracing::info!("recovery email over its quota: not sent");
            return Ok(());
        }
        let epoch = self
            .store
            .update::<Account, Option<u32>, _>(
                Table::Accounts,
                &a.key(),
                Durability::Flushed,
                |acc| match acc {
                    None => (Change::Keep, None),
                    Some(mut acc) => {
                        acc.link_epoch = acc.link_epoch.wrapping_add(1);
                        let e = acc.link_epoch;
                        (Change::Put(acc), Some(e))
                    }
                },
            )
            .await?;
        let Some(epoch) = epoch else {
            return Ok(());
        };
        let token = secrets::token();
        let link = Link {
            kind,
            account: a.key(),
            expires_at: now + self.policy.link_ttl_secs,
            used: false,
            tries_left: 0,
            epoch,
        };
        self.store
            .insert_new(
                Table::Links,
                &crate::store::index::link(&self.keys, &token),
                &link,
            )
            .await?;
        self.audit(&a.key(), event, None, now).await?;
        let url = format!("{}/{path}?token={token}", self.policy.public_url);
        let minutes = (self.policy.link_ttl_secs / 60).max(1).to_string();
        Ok(self
            .notify(&a, msg, &[("link", url), ("minutes", minutes)])
            .await?)
    }

    /// Forgot user ID: emails every user ID registered with the address.
    pub async fn remind_user_id(&self, email: &str, now: u64) -> Result<(), AuthError> {
        let keys = self
            .store
            .keys_with_prefix(Table::EmailIndex, &index::email_prefix(email))
            .await?;
        let keys: Vec<&str> = keys.iter().map(|k| index::tail(k)).collect();
        let accounts: Vec<Account> = self.store.get_many(Table::Accounts, &keys).await?;
        let Some(first) = accounts.first() else {
            return Ok(());
        };
        if !self.recovery_quota(first).await {
            tracing::info!("user ID reminder over its quota: not sent");
            return Ok(());
        }
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
        Ok(self
            .notify(first, "msg-user-id", &[("ids", ids), ("link", url)])
            .await?)
    }

    pub(crate) async fn link(
        &self,
        kind: LinkKind,
        token: &str,
        now: u64,
    ) -> Result<(String, Link, Account), AuthError> {
        let lk = crate::store::index::link(&self.keys, token);
        let link: Link = self
            .store
            .get(Table::Links, &lk)
            .await?
            .filter(|l: &Link| l.kind == kind && !l.used && l.expires_at >= now)
            .ok_or(AuthError::LinkInvalid)?;
        let a = self
            .store
            .get::<Account>(Table::Accounts, &link.account)
            .await?
            .filter(|a| a.link_epoch == link.epoch && a.answer_failures < self.policy.code_tries)
            .ok_or(AuthError::LinkInvalid)?;
        Ok((lk, link, a))
    }

    /// The security question behind a live link, in `l`.
    pub async fn link_info(
        &self,
        kind: LinkKind,
        token: &str,
        l: Locale,
        now: u64,
    ) -> Result<LinkInfo, AuthError> {
        let (_, _, a) = self.link(kind, token, now).await?;
        Ok(LinkInfo {
            security_question: catalog().text(l, &format!("sq-{}", a.security_question)),
        })
    }

    /// Checks the security answer. The try is counted on the account *before* the
    /// answer is checked, in one atomic step, so parallel answers cannot share a try;
    /// tries are counted across all links, and at the limit every link is dead until
    /// the help desk unlocks the account (F5). A wrong answer is audited and counts
    /// toward the account's lock; a right one clears the count.
    pub(crate) async fn check_answer(
        &self,
        a: &Account,
        answer: &str,
        now: u64,
    ) -> Result<(), AuthError> {
        let max = self.policy.code_tries;
        let key = a.key();
        self.store
            .update::<Account, Result<(), AuthError>, _>(
                Table::Accounts,
                &key,
                Durability::Flushed,
                |acc| match acc {
                    Some(mut acc) if acc.answer_failures < max => {
                        acc.answer_failures += 1;
                        acc.failed_attempts = acc.failed_attempts.saturating_add(1);
                        (Change::Put(acc), Ok(()))
                    }
                    _ => (Change::Keep, Err(AuthError::LinkInvalid)),
                },
            )
            .await??;
        let right = self
            .hasher
            .verify(normalize_answer(answer), a.security_answer_hash.clone())
            .await;
        // A busy server checked nothing: the try is given back.
        let busy = right.is_err();
        if busy || right == Ok(true) {
            self.store
                .update::<Account, (), _>(Table::Accounts, &key, Durability::Flushed, |acc| {
                    match acc {
                        None => (Change::Keep, ()),
                        Some(mut acc) => {
                            acc.answer_failures = if busy {
                                acc.answer_failures.saturating_sub(1)
                            } else {
                                0
                            };
                            acc.failed_attempts = acc.failed_attempts.saturating_sub(1);
                            (Change::Put(acc), ())
                        }
                    }
                })
                .await?;
            return right.map(|_| ()).map_err(AuthError::from);
        }
        self.audit(&key, "security_answer_failed", None, now)
            .await?;
        let hard = self.policy.hard_lockout_threshold.max(1);
        let locked = self
            .store
            .update::<Account, bool, _>(Table::Accounts, &key, Durability::Flushed, |acc| match acc
            {
                Some(mut acc)
                    if acc.failed_attempts >= hard && acc.status != AccountStatus::Locked =>
                {
                    acc.status = AccountStatus::Locked;
                    (Change::Put(acc), true)
                }
                _ => (Change::Keep, false),
            })
            .await?;
        if locked {
            self.audit(&key, "account_locked", None, now).await?;
        }
        Err(field("security_answer", "incorrect"))
    }

    /// Marks a link used; only the first caller succeeds.
    pub(crate) async fn use_link(&self, lk: &str) -> Result<(), AuthError> {
        self.store
            .update::<Link, Result<(), AuthError>, _>(Table::Links, lk, Durability::Flushed, |l| {
                match l {
                    Some(mut l) if !l.used => {
                        l.used = true;
                        (Change::Put(l), Ok(()))
                    }
                    _ => (Change::Keep, Err(AuthError::LinkInvalid)),
                }
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
        let (lk, _, a) = self.link(LinkKind::PasswordReset, token, now).await?;
        invalid(req.validate(Self::password_ctx(&a)))?;
        Self::refuse_common(&a, &req.new_password)?;
        self.check_answer(&a, &req.security_answer, now).await?;
        if self.reused(&a, &req.new_password).await? {
            return Err(field("new_password", "reused"));
        }
        self.use_link(&lk).await?;
        let updated = self
            .set_password(&a.key(), req.new_password, PasswordSource::Reset, now)
            .await?;
        self.throttle.forgive_all(&a.key()).await;
        self.audit(&a.key(), "password_reset", None, now).await?;
        Ok(self.notify(&updated, "msg-password-changed", &[]).await?)
    }

    pub async fn complete_unlock(
        &self,
        token: &str,
        req: UnlockCompletion,
        now: u64,
    ) -> Result<(), AuthError> {
        let (lk, _, a) = self.link(LinkKind::Unlock, token, now).await?;
        invalid(req.validate())?;
        self.check_answer(&a, &req.security_answer, now).await?;
        self.use_link(&lk).await?;
        self.store
            .update::<Account, (), _>(Table::Accounts, &a.key(), Durability::Flushed, |acc| {
                match acc {
                    None => (Change::Keep, ()),
                    Some(mut acc) => {
                        Self::unlock_in_place(&mut acc);
                        (Change::Put(acc), ())
                    }
                }
            })
            .await?;
        self.throttle.forgive_all(&a.key()).await;
        self.audit(&a.key(), "account_unlocked", None, now).await?;
        Ok(())
    }
}
