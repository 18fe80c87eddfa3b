//! The lock: every try at a secret (password, passcode, email code, current password)
//! is reserved before the secret is checked, given back when it was right, and counted
//! when it was wrong, per (user ID, client) and across the account. A client is the
//! browser's device cookie for the account when it has one (`known_device`), else its
//! address; the account-wide count and lock hold unknown browsers only (review 3, G2).
use super::*;
use crate::domain::{notify, Umbral};
use crate::store::{Account, AccountStatus, Change, Durability, Store, Table};

impl Umbral {
    /// Reserves one attempt at the secret of the user ID `key` (case-folded) from the
    /// client being served, before the secret is checked: `Locked` (and nothing is
    /// checked) while this client is locked out of this user ID, or the account itself
    /// is locked. Known and unknown user IDs take the same path and the same writes,
    /// so neither the answer nor its time tells them apart (F1, F2, F9).
    pub(crate) async fn reserve(&self, key: &str, now: u64) -> Result<Attempt, AuthError> {
        // A browser that logged in to this account before counts under its own key,
        // not its address, and is not held by the account-wide lock (review 3, G2).
        let (client, known) = self.attempt_client(key);
        let last = self
            .throttle
            .reserve(key, &client, now)
            .await
            .map_err(|_| AuthError::Locked)?;
        let mut attempt = Attempt {
            key: key.to_string(),
            client,
            last,
            known,
            account: None,
        };
        let hard = self.policy.hard_lockout_threshold.max(1);
        let r = self
            .store
            .update::<Account, Option<Option<Account>>, _>(
                Table::Accounts,
                key,
                Durability::Buffered,
                |a| match a {
                    None => (Change::Keep, None),
                    Some(a)
                        if !known
                            && (a.status == AccountStatus::Locked || a.failed_attempts >= hard) =>
                    {
                        (Change::Keep, Some(None))
                    }
                    Some(a) if known => (Change::Keep, Some(Some(a))),
                    Some(mut a) => {
                        a.failed_attempts = a.failed_attempts.saturating_add(1);
                        (Change::Put(a.clone()), Some(Some(a)))
                    }
                },
            )
            .await;
        match r {
            Ok(Some(Some(a))) => {
                attempt.account = Some(a);
                Ok(attempt)
            }
            Ok(None) => {
                // The same work for a user ID nobody has.
                self.decoy_write(Durability::Buffered).await?;
                Ok(attempt)
            }
            Ok(Some(None)) => {
                self.throttle.refund(key, &attempt.client).await;
                Err(AuthError::Locked)
            }
            Err(e) => {
                self.throttle.refund(key, &attempt.client).await;
                Err(e.into())
            }
        }
    }

    /// Whom an attempt at `key` is counted for: the browser's device cookie when it has
    /// one for this account, else the client address; and whether it is a known browser.
    pub(super) fn attempt_client(&self, key: &str) -> (String, bool) {
        match self.known_device(key) {
            Some(nonce) => (format!("device:{nonce}"), true),
            None => (notify::client_key(), false),
        }
    }

    pub(super) async fn decoy_write(&self, d: Durability) -> Result<(), AuthError> {
        self.store
            .update::<u64, (), _>(Table::Meta, "login-decoy", d, |n| {
                (Change::Put(n.unwrap_or(0).wrapping_add(1)), ())
            })
            .await?;
        Ok(())
    }

    /// The secret was right: the attempt is given back. The account's count is reset
    /// only by a complete login ([`Self::finish_login`]).
    pub(crate) async fn refund(&self, at: Attempt) -> Result<(), AuthError> {
        self.throttle.refund(&at.key, &at.client).await;
        if at.known {
            // Its tries were never in the account's count.
            return Ok(());
        }
        self.store
            .update::<Account, (), _>(
                Table::Accounts,
                &at.key,
                Durability::Buffered,
                |a| match a {
                    None => (Change::Keep, ()),
                    Some(mut a) => {
                        a.failed_attempts = a.failed_attempts.saturating_sub(1);
                        (Change::Put(a), ())
                    }
                },
            )
            .await?;
        Ok(())
    }

    /// The secret was wrong: the reserved attempt stays counted and is audited as
    /// `event`. At the per-client threshold that client is locked out of the account;
    /// at the account's threshold the account locks for everyone (emailing its owner).
    pub(crate) async fn failed(&self, at: Attempt, event: &str, now: u64) -> Result<(), AuthError> {
        let hard = self.policy.hard_lockout_threshold.max(1);
        let locked = self
            .store
            .update::<Account, Option<Option<Account>>, _>(
                Table::Accounts,
                &at.key,
                Durability::Flushed,
                |a| match a {
                    None => (Change::Keep, None),
                    Some(mut a)
                        if !at.known
                            && a.failed_attempts >= hard
                            && a.status != AccountStatus::Locked =>
                    {
                        a.status = AccountStatus::Locked;
                        (Change::Put(a.clone()), Some(Some(a)))
                    }
                    Some(_) => (Change::Keep, Some(None)),
                },
            )
            .await?;
        let Some(locked) = locked else {
            self.decoy_write(Durability::Flushed).await?;
            return Ok(());
        };
        self.audit(&at.key, event, None, now).await?;
        let a = match (locked, at.last) {
            (Some(a), _) => {
                self.audit(&at.key, "account_locked", None, now).await?;
                a
            }
            (None, true) => {
                self.audit(&at.key, "login_throttled", None, now).await?;
                match self.store.get::<Account>(Table::Accounts, &at.key).await? {
                    Some(a) => a,
                    None => return Ok(()),
                }
            }
            (None, false) => return Ok(()),
        };
        // The owner hears of it, once a day at most (an attacker locking from many
        // addresses must not flood the mailbox), from a budget of its own: notices
        // never use up the mail the owner needs to unlock (review 3, G2).
        if self.throttle.lock_notice(&at.key).await.is_ok() {
            let link = format!("{}/account-help", self.policy.public_url);
            if let Err(e) = self.notify(&a, "msg-locked", &[("link", link)]).await {
                tracing::warn!(error = %e, "lock notice not sent");
            }
        }
        Ok(())
    }
}
