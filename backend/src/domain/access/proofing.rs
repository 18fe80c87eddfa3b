//! Remote identity proofing before an approver role, and the help desk's manual
//! verification after two failures.
use super::*;
use crate::domain::auth::Authenticated;
use crate::domain::identity::{same_name, Verdict};
use crate::domain::Umbral;
use crate::store::{index, Account, Change, Durability, Store, Table};
use shared::api::access::*;
use shared::api::error::FieldErrors;
use shared::date::Date;

impl Umbral {
    /// Steps 11-14. A first failure gives a review reference number; the retry needs
    /// the user to confirm they contacted the verification service; after the second
    /// failure only the help desk's manual verification remains.
    pub async fn verify_identity(
        &self,
        me: &Authenticated,
        input: IdentityInput,
        today: Date,
        now: u64,
    ) -> Result<IdentityView, DomainError> {
        let id = &me.account.identity;
        match id.status {
            IdentityStatus::Verified
            | IdentityStatus::ManualRequested
            | IdentityStatus::ManualRefused => return Err(DomainError::IdentityStep),
            _ if id.attempts >= IDENTITY_ATTEMPTS => return Err(DomainError::IdentityStep),
            _ => {}
        }
        check(input.validate(today, id.attempts > 0))?;
        // The identity proofed is the account's own: the claim's name and date of birth
        // must be the ones registered (F6). Refused as a rule, not counted as an
        // attempt, and nothing reaches the verifier.
        let a = &me.account;
        let mut e = FieldErrors::new();
        if !same_name(&input.first_name, &a.first_name) {
            e.entry("first_name".into())
                .or_default()
                .push("not_registered".into());
        }
        if !same_name(&input.last_name, &a.last_name) {
            e.entry("last_name".into())
                .or_default()
                .push("not_registered".into());
        }
        if input.date_of_birth.trim() != a.date_of_birth.trim() {
            e.entry("date_of_birth".into())
                .or_default()
                .push("not_registered".into());
        }
        check(e)?;
        if !self.verifier.configured() {
            return self.straight_to_help_desk(me, now).await;
        }
        let verdict = self.verifier.verify(&input);
        let key = me.account.key();
        let attempts_before = id.attempts;
        let updated = self
            .store
            .update::<Account, Option<Account>, _>(
                Table::Accounts,
                &key,
                Durability::Flushed,
                |a| match a {
                    // Another attempt finished first: this one does not count twice.
                    Some(a)
                        if a.identity.attempts != attempts_before
                            || a.identity.status == IdentityStatus::Verified =>
                    {
                        (Change::Keep, None)
                    }
                    Some(mut a) => {
                        match &verdict {
                            Verdict::Verified => {
                                a.identity.status = IdentityStatus::Verified;
                                a.identity.reference = None;
                            }
                            Verdict::NotVerified { reference } => {
                                a.identity.status = IdentityStatus::NotVerified;
                                a.identity.attempts += 1;
                                a.identity.reference = Some(reference.clone());
                            }
                        }
                        a.identity.updated_at = now;
                        (Change::Put(a.clone()), Some(a))
                    }
                    None => (Change::Keep, None),
                },
            )
            .await?
            .ok_or(DomainError::IdentityStep)?;
        let event = match verdict {
            Verdict::Verified => "identity_verified",
            Verdict::NotVerified { .. } => "identity_not_verified",
        };
        self.audit(&key, event, updated.identity.reference.clone(), now)
            .await?;
        Ok(identity_view(&updated))
    }

    /// No verification service is configured: the help desk verifies the identity by
    /// hand, at once.
    async fn straight_to_help_desk(
        &self,
        me: &Authenticated,
        now: u64,
    ) -> Result<IdentityView, DomainError> {
        self.to_manual(me, now, |a| a.identity.status != IdentityStatus::Verified)
            .await
    }

    /// Puts the caller's identity in the help desk's queue, if `allowed`.
    async fn to_manual(
        &self,
        me: &Authenticated,
        now: u64,
        allowed: impl Fn(&Account) -> bool + Send + Sync,
    ) -> Result<IdentityView, DomainError> {
        let key = me.account.key();
        let updated = self
            .store
            .update::<Account, Option<Account>, _>(
                Table::Accounts,
                &key,
                Durability::Flushed,
                |a| match a {
                    Some(mut a) if allowed(&a) => {
                        a.identity.status = IdentityStatus::ManualRequested;
                        a.identity.updated_at = now;
                        (Change::Put(a.clone()), Some(a))
                    }
                    _ => (Change::Keep, None),
                },
            )
            .await?
            .ok_or(DomainError::IdentityStep)?;
        self.ix_put(&index::queue(index::Queue::Identity, &key), &key)
            .await?;
        self.audit(&key, "manual_verification_requested", None, now)
            .await?;
        Ok(identity_view(&updated))
    }

    /// When the verification service cannot confirm the person, the help desk verifies
    /// them by hand on request (source `002_…`).
    pub async fn request_manual_verification(
        &self,
        me: &Authenticated,
        now: u64,
    ) -> Result<IdentityView, DomainError> {
        self.to_manual(me, now, |a| {
            a.identity.status == IdentityStatus::NotVerified
                && a.identity.attempts >= IDENTITY_ATTEMPTS
        })
        .await
    }
}
