//! The help desk's side of the lifecycle: its lists, and removing an approver directly.
use super::walk::{cursor_key, cursor_text};
use super::DAY;
use crate::domain::access::{is_help_desk, person, DomainError};
use crate::domain::auth::Authenticated;
use crate::domain::Umbral;
use crate::store::{index, Account, Organization, Store, Table};
use shared::api::access::OrganizationSummary;
use shared::api::recert::*;
use shared::i18n::Locale;
use std::collections::HashMap;

/// Expired roles the help desk's list shows, by age.
pub const EXPIRED_SHOWN_DAYS: u64 = 30;

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

    /// `GET /admin/lifecycle`: the approvers due and the organisations with no approver
    /// whole, and the first page of each list that grows with the accounts.
    pub async fn lifecycle(
        &self,
        me: &Authenticated,
        l: Locale,
        now: u64,
    ) -> Result<LifecycleView, DomainError> {
        if !is_help_desk(&me.account) {
            return Err(DomainError::Forbidden);
        }
        let inactive = self
            .lifecycle_page(me, LifecycleList::Inactive, None, l, now)
            .await?;
        let becoming = self
            .lifecycle_page(me, LifecycleList::BecomingInactive, None, l, now)
            .await?;
        let expired = self
            .lifecycle_page(me, LifecycleList::Expired, None, l, now)
            .await?;
        Ok(LifecycleView {
            approvers_due: self.approver_recertifications(me, l, now).await?,
            orphaned: self.orphaned(me).await?,
            inactive: inactive.accounts,
            inactive_next: inactive.next,
            becoming_inactive: becoming.accounts,
            becoming_inactive_next: becoming.next,
            expired: expired.expired,
            expired_next: expired.next,
        })
    }

    /// `GET /admin/lifecycle/{list}?after=`: a page of one list, read from its index
    /// (`store::derived`) in the list's order: inactive accounts by the instant they were
    /// marked, newest first; accounts about to become inactive by their last sign of
    /// life, those already warned first; expired roles newest first, back to
    /// [`EXPIRED_SHOWN_DAYS`]. A page reads at most [`LIFECYCLE_PAGE`] + 1 entries and
    /// the accounts they name, whatever the number of accounts; `after` is the `next` of
    /// the page before (refused when it is not a key of this list).
    pub async fn lifecycle_page(
        &self,
        me: &Authenticated,
        list: LifecycleList,
        after: Option<&str>,
        l: Locale,
        now: u64,
    ) -> Result<LifecyclePage, DomainError> {
        if !is_help_desk(&me.account) {
            return Err(DomainError::Forbidden);
        }
        let prefixes = match list {
            LifecycleList::Inactive => vec![index::inactive_prefix()],
            LifecycleList::BecomingInactive => {
                vec![index::active_prefix(true), index::active_prefix(false)]
            }
            LifecycleList::Expired => vec![index::expired_roles_prefix()],
        };
        let (first, mut from) = match after {
            None => (0, None),
            Some(text) => {
                let key = cursor_key(text);
                let at = key
                    .as_deref()
                    .and_then(|k| prefixes.iter().position(|p| k.starts_with(p.as_str())));
                let invalid = [("after".to_string(), vec!["invalid".to_string()])];
                (at.ok_or_else(|| DomainError::Invalid(invalid.into()))?, key)
            }
        };
        let warn = self.policy.inactivity_warning_days * DAY;
        let becoming_bound = (now + warn).saturating_sub(self.policy.inactive_days * DAY);
        let shown_from = now.saturating_sub(EXPIRED_SHOWN_DAYS * DAY);
        let past = |k: &str| match list {
            LifecycleList::Inactive => false,
            LifecycleList::BecomingInactive => {
                index::instant_parts(k).is_none_or(|(since, _)| since > becoming_bound)
            }
            LifecycleList::Expired => index::instant_parts(k).is_none_or(|(at, _)| at < shown_from),
        };
        // One entry more than a page says whether there is a page after it.
        let mut keys = vec![];
        for prefix in &prefixes[first..] {
            let room = LIFECYCLE_PAGE + 1 - keys.len();
            keys.extend(
                self.walk_after(prefix, from.take().as_deref(), past, room)
                    .await?,
            );
            if keys.len() > LIFECYCLE_PAGE {
                break;
            }
        }
        let mut page = LifecyclePage::default();
        if keys.len() > LIFECYCLE_PAGE {
            keys.truncate(LIFECYCLE_PAGE);
            page.next = keys.last().map(|k| cursor_text(k));
        }
        let entries: Vec<(u64, &str)> = keys
            .iter()
            .filter_map(|k| index::instant_parts(k))
            .collect();
        let mut names: Vec<String> = entries.iter().map(|(_, a)| a.to_string()).collect();
        names.sort();
        names.dedup();
        let by_key: HashMap<String, Account> = self
            .accounts_of(&names)
            .await?
            .into_iter()
            .map(|a| (a.key(), a))
            .collect();
        // In the entries' order, each as the account stands now.
        let mut shown = vec![];
        for (at, name) in entries {
            let Some(a) = by_key.get(name) else { continue };
            match list {
                LifecycleList::Inactive if self.policy.is_inactive(a, now) => shown.push(a.clone()),
                LifecycleList::BecomingInactive
                    if !self.policy.is_inactive(a, now)
                        && now + warn >= self.policy.inactive_from(a) =>
                {
                    shown.push(a.clone())
                }
                LifecycleList::Expired => {
                    for e in a
                        .expired_grants
                        .iter()
                        .filter(|e| e.why == "expired" && e.expired_at == at)
                    {
                        if let Some(grant) = self.expired_view(l, e, now).await {
                            page.expired.push(DueGrant {
                                person: person(a),
                                grant,
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        // Their locks asked in one question.
        page.accounts = self.account_summaries(&shown, l, now).await;
        Ok(page)
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
