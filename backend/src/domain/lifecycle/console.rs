//! The help desk's side of the lifecycle: its lists, and removing an approver directly.
use super::DAY;
use crate::domain::access::{is_help_desk, person, DomainError};
use crate::domain::auth::Authenticated;
use crate::domain::Umbral;
use crate::store::{index, Organization, Store, Table};
use shared::api::access::OrganizationSummary;
use shared::api::recert::*;
use shared::i18n::Locale;

/// Expired roles the help desk's list shows, by age.
pub const EXPIRED_SHOWN_DAYS: u64 = 30;

/// Index entries each of the console's lists reads at most (the newest inactive
/// accounts, the soonest to become inactive, the latest expiries).
pub const LIST_LIMIT: usize = 200;

impl Umbral {
    /// Organisations left with no approver, for the help desk.
    pub async fn orphaned(
        &self,
        me: &Authenticated,
    ) -> Result<Vec<OrganizationSummary>, DomainError> {
        if !is_help_desk(&me.account) {
            return Err(DomainError::Forbidden);
        }
        let keys = self
            .store
            .keys_with_prefix(Table::Index, &index::queue_prefix(index::Queue::Orphaned))
            .await?;
        let ids: Vec<&str> = keys.iter().map(|k| index::tail(k)).collect();
        Ok(self
            .store
            .get_many::<Organization>(Table::Organizations, &ids)
            .await?
            .iter()
            .map(crate::domain::access::summary)
            .collect())
    }

    /// `GET /admin/lifecycle`.
    pub async fn lifecycle(
        &self,
        me: &Authenticated,
        l: Locale,
        now: u64,
    ) -> Result<LifecycleView, DomainError> {
        if !is_help_desk(&me.account) {
            return Err(DomainError::Forbidden);
        }
        let warn = self.policy.inactivity_warning_days * DAY;
        let mut v = LifecycleView {
            approvers_due: self.approver_recertifications(me, l, now).await?,
            orphaned: self.orphaned(me).await?,
            ..Default::default()
        };
        // Each list from its index (`store::derived`), at most LIST_LIMIT accounts read
        // for it, so the page costs the same at any number of accounts.
        let inactive_secs = self.policy.inactive_days * DAY;
        let tails = |keys: Vec<String>| -> Vec<String> {
            keys.iter().map(|k| index::tail(k).to_string()).collect()
        };
        let marked = self
            .walk(&index::inactive_prefix(), |_| false, LIST_LIMIT)
            .await?;
        let mut near = vec![];
        for warned in [false, true] {
            let bound = (now + warn).saturating_sub(inactive_secs);
            near.extend(
                self.walk(
                    &index::active_prefix(warned),
                    |k| index::instant_parts(k).is_none_or(|(since, _)| since > bound),
                    LIST_LIMIT,
                )
                .await?,
            );
        }
        let shown_from = now.saturating_sub(EXPIRED_SHOWN_DAYS * DAY);
        let recent = self
            .walk(
                &index::expired_roles_prefix(),
                |k| index::instant_parts(k).is_none_or(|(at, _)| at < shown_from),
                LIST_LIMIT,
            )
            .await?;
        let mut keys = [tails(marked), tails(near), tails(recent)].concat();
        keys.sort();
        keys.dedup();
        let mut expired = vec![];
        let accounts = self.accounts_of(&keys).await?;
        let (mut inactive, mut becoming) = (vec![], vec![]);
        for a in &accounts {
            if self.policy.is_inactive(a, now) {
                inactive.push(a.clone());
            } else if now + warn >= self.policy.inactive_from(a) {
                becoming.push(a.clone());
            }
            for e in &a.expired_grants {
                if e.why == "expired" && e.expired_at + EXPIRED_SHOWN_DAYS * DAY > now {
                    if let Some(g) = self.expired_view(l, e, now).await {
                        expired.push((
                            std::cmp::Reverse(e.expired_at),
                            DueGrant {
                                person: person(a),
                                grant: g,
                            },
                        ));
                    }
                }
            }
        }
        // Their locks asked in one question each list.
        v.inactive = self.account_summaries(&inactive, l, now).await;
        v.becoming_inactive = self.account_summaries(&becoming, l, now).await;
        expired.sort_by_key(|e| e.0);
        v.expired = expired.into_iter().map(|(_, d)| d).collect();
        v.becoming_inactive
            .sort_by(|a, b| a.inactive_on.cmp(&b.inactive_on));
        v.inactive.sort_by(|a, b| b.inactive_on.cmp(&a.inactive_on));
        Ok(v)
    }

    /// The help desk removes an approver from an organisation directly, with a reason
    /// (emailed): every approver role they hold there ends. An organisation left with
    /// no approver is flagged (the help desk then finds a new one: a new organisation
    /// form's approver can take it on, or an approver role request for it).
    pub async fn remove_approver(
        &self,
        me: &Authenticated,
        org: &str,
        user_id: &str,
        input: RemovalInput,
        now: u64,
    ) -> Result<RemovalResult, DomainError> {
        if !is_help_desk(&me.account) {
            return Err(DomainError::Forbidden);
        }
        crate::domain::access::check(input.validate())?;
        let holder = self
            .store
            .account(user_id.trim())
            .await?
            .ok_or(DomainError::NotFound)?;
        let grants: Vec<_> = holder
            .grants
            .iter()
            .filter(|g| g.organization == org && self.apps.is_approver(&g.application, &g.role))
            .cloned()
            .collect();
        if grants.is_empty() || holder.key() == me.account.key() {
            return Err(DomainError::NotFound);
        }
        for g in &grants {
            self.remove_at_recert(&me.account, &holder, g, input.reason.trim(), now)
                .await?;
        }
        let orphaned = self
            .store
            .keys_with_prefix(
                Table::Index,
                &crate::store::index::queue(crate::store::index::Queue::Orphaned, org),
            )
            .await?
            .iter()
            .any(|k| k == &crate::store::index::queue(crate::store::index::Queue::Orphaned, org));
        Ok(RemovalResult {
            removed: grants.len() as u32,
            orphaned,
        })
    }
}
