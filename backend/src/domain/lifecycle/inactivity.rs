//! Inactivity: the warning, the mark, the check at login, and reactivation.
//!
//! Source `002_…`: an account with no login for 30 days is inactive, and resetting the
//! password is how it becomes active again.
//!
//! An inactive account keeps its roles (recertification still runs for them) but
//! cannot log in: a right password answers `account_inactive` (a wrong one still
//! answers `invalid_credentials`, so nothing is learnt without the password). A
//! completed password reset (link, security answer, new password) reactivates it, and
//! so can the help desk; the next login still asks for the passcode.
use super::DAY;
use crate::domain::access::{is_help_desk, DomainError};
use crate::domain::auth::{AuthError, Authenticated};
use crate::domain::Umbral;
use crate::store::{index, Account, Change, Durability, Store, Table};

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct InactivityPass {
    pub warned: usize,
    pub marked: usize,
}

impl Umbral {
    /// Marks `key` inactive if it is past its inactivity instant and not marked yet;
    /// audits and emails (once per period of inactivity). Returns whether it marked.
    pub(crate) async fn mark_inactive(&self, key: &str, now: u64) -> Result<bool, AuthError> {
        let policy = &self.policy;
        let marked = self
            .store
            .update::<Account, Option<Account>, _>(Table::Accounts, key, Durability::Flushed, |a| {
                match a {
                    Some(mut a) if a.inactive_at.is_none() && now >= policy.inactive_from(&a) => {
                        a.inactive_at = Some(now);
                        (Change::Put(a.clone()), Some(a))
                    }
                    _ => (Change::Keep, None),
                }
            })
            .await?;
        let Some(a) = marked else {
            return Ok(false);
        };
        let since = a.last_active();
        self.audit(
            key,
            "account_inactive",
            Some(format!("no login since {}", crate::clock::date_of(since))),
            now,
        )
        .await?;
        self.notify_once(
            &a,
            "msg-account-inactive",
            &[
                ("link", format!("{}/account-help", self.policy.public_url)),
                ("days", self.policy.inactive_days.to_string()),
            ],
            format!("inactive-{key}-{since}"),
            self.policy.inactive_from(&a),
        )
        .await?;
        Ok(true)
    }

    /// One pass: warns the accounts that become inactive within the warning period
    /// (once per period), marks those past it.
    pub async fn inactivity_pass(&self, now: u64) -> Result<InactivityPass, AuthError> {
        let mut done = InactivityPass::default();
        let warn_secs = self.policy.inactivity_warning_days * DAY;
        let inactive_secs = self.policy.inactive_days * DAY;
        // From the sign-of-life index (`store::derived`): those not warned yet whose
        // warning day has come, and those warned whose inactivity instant has.
        let since_upto = |warned: bool, bound: u64| async move {
            self.walk(
                &index::active_prefix(warned),
                |k| index::instant_parts(k).is_none_or(|(since, _)| since > bound),
                usize::MAX,
            )
            .await
        };
        let mut keys: Vec<String> = [
            since_upto(false, (now + warn_secs).saturating_sub(inactive_secs)).await?,
            since_upto(true, now.saturating_sub(inactive_secs)).await?,
        ]
        .concat()
        .iter()
        .map(|k| index::tail(k).to_string())
        .collect();
        keys.sort();
        keys.dedup();
        for a in self.accounts_of(&keys).await? {
            let key = a.key();
            if a.inactive_at.is_some() {
                continue;
            }
            let from = self.policy.inactive_from(&a);
            if now >= from {
                if self.mark_inactive(&key, now).await? {
                    done.marked += 1;
                }
                continue;
            }
            let since = a.last_active();
            if now + warn_secs < from || a.inactivity_warned_for == Some(since) {
                continue;
            }
            self.notify_once(
                &a,
                "msg-inactivity-warning",
                &[
                    (
                        "date",
                        shared::calendar::long_date(a.locale, crate::clock::date_of(from)),
                    ),
                    ("link", format!("{}/login", self.policy.public_url)),
                    ("days", self.policy.inactive_days.to_string()),
                ],
                format!("inactive-warning-{key}-{since}"),
                from - warn_secs,
            )
            .await?;
            self.store
                .update::<Account, (), _>(Table::Accounts, &key, Durability::Flushed, |a| match a {
                    Some(mut a) if a.last_active() == since => {
                        a.inactivity_warned_for = Some(since);
                        (Change::Put(a), ())
                    }
                    _ => (Change::Keep, ()),
                })
                .await?;
            done.warned += 1;
        }
        Ok(done)
    }

    /// Clears the inactive mark in place (a reset or the help desk): the account counts
    /// as active from `now`.
    pub(crate) fn reactivate_in_place(a: &mut Account, now: u64) {
        a.inactive_at = None;
        a.reactivated_at = Some(now);
    }

    /// The help desk reactivates an account (audited on both).
    pub async fn reactivate(
        &self,
        me: &Authenticated,
        user_id: &str,
        now: u64,
    ) -> Result<(), DomainError> {
        if !is_help_desk(&me.account) {
            return Err(DomainError::Forbidden);
        }
        let target = self
            .store
            .account(user_id.trim())
            .await?
            .ok_or(DomainError::NotFound)?;
        let key = target.key();
        self.store
            .update::<Account, (), _>(Table::Accounts, &key, Durability::Flushed, |a| match a {
                Some(mut a) => {
                    Self::reactivate_in_place(&mut a, now);
                    (Change::Put(a), ())
                }
                None => (Change::Keep, ()),
            })
            .await?;
        self.audit_all(
            &[&key, &me.account.key()],
            "account_reactivated",
            format!("{} by {}", target.user_id, me.account.user_id),
            now,
        )
        .await?;
        Ok(())
    }
}
