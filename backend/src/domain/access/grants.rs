//! Grants: the roles people hold for organisations, an organisation's members, and an
//! approver removing an end user.
use super::*;
use crate::domain::auth::Authenticated;
use crate::domain::Umbral;
use crate::store::{index, Account, Change, Durability, Grant, Store, Table};
use shared::api::access::*;
use shared::i18n::Locale;

impl Umbral {
    pub(crate) async fn members_of(&self, org: &str) -> Result<Vec<String>, DomainError> {
        Ok(self
            .store
            .keys_with_prefix(Table::Index, &index::members_prefix(org))
            .await?
            .iter()
            .map(|k| index::tail(k).to_string())
            .collect())
    }

    /// `GET /approvals/members`: the people with roles in my organisations.
    pub async fn members(
        &self,
        me: &Authenticated,
        l: Locale,
        now: u64,
    ) -> Result<Vec<MemberView>, DomainError> {
        let mut out = vec![];
        for org in self.approver_orgs(&me.account) {
            for k in self.members_of(&org).await? {
                let Ok(m) = self.account_by_key(&k).await else {
                    continue;
                };
                let mut grants = Vec::new();
                for g in m.grants.iter().filter(|g| {
                    g.organization == org
                        && self.is_approver_of(&me.account, &g.application, &org, now)
                }) {
                    grants.extend(self.grant_view(l, g, now).await);
                }
                if !grants.is_empty() {
                    out.push(MemberView {
                        person: person(&m),
                        grants,
                    });
                }
            }
        }
        Ok(out)
    }

    pub(crate) async fn grant(
        &self,
        account: &str,
        app: &str,
        role: &str,
        org: &str,
        source: &str,
        now: u64,
    ) -> Result<(), DomainError> {
        let g = Grant {
            application: app.into(),
            role: role.into(),
            organization: org.into(),
            granted_at: now,
            source: source.into(),
            certified_at: now,
            due_at: self.policy.due_after(now),
            reminded: vec![],
        };
        self.store
            .update::<Account, (), _>(Table::Accounts, account, Durability::Flushed, |a| match a {
                Some(mut a) => {
                    match a.grants.iter_mut().find(|x| {
                        x.application == g.application
                            && x.role == g.role
                            && x.organization == g.organization
                    }) {
                        None => a.grants.push(g.clone()),
                        // Granted again (a hand-over back, a help-desk grant): a fresh
                        // year from now.
                        Some(x) => {
                            x.certified_at = now;
                            x.due_at = g.due_at;
                            x.reminded.clear();
                        }
                    }
                    (Change::Put(a), ())
                }
                None => (Change::Keep, ()),
            })
            .await?;
        self.ix_put(&index::member(org, account), account).await?;
        if self.apps.is_approver(app, role) {
            self.ix_del(&index::queue(index::Queue::Orphaned, org))
                .await?;
        }
        Ok(())
    }

    /// Removes the grants of `account` in `org` that `which` selects; drops the member
    /// index when nothing is left there.
    pub(crate) async fn revoke(
        &self,
        account: &str,
        org: &str,
        which: impl Fn(&Grant) -> bool + Send + Sync,
    ) -> Result<usize, DomainError> {
        let (removed, left) = self
            .store
            .update::<Account, (usize, usize), _>(
                Table::Accounts,
                account,
                Durability::Flushed,
                |a| match a {
                    Some(mut a) => {
                        let before = a.grants.len();
                        a.grants.retain(|g| !(g.organization == org && which(g)));
                        let removed = before - a.grants.len();
                        let left = a.grants.iter().filter(|g| g.organization == org).count();
                        (Change::Put(a), (removed, left))
                    }
                    None => (Change::Keep, (0, 0)),
                },
            )
            .await?;
        if left == 0 {
            self.ix_del(&index::member(org, account)).await?;
        }
        Ok(removed)
    }

    /// An approver removes an end user's access to their organisation. Approvers
    /// leave by hand-over, so the organisation is never left without one.
    pub async fn remove_member(
        &self,
        me: &Authenticated,
        org: &str,
        user_id: &str,
        now: u64,
    ) -> Result<(), DomainError> {
        if !self.approver_orgs(&me.account).iter().any(|o| o == org) {
            return Err(DomainError::NotFound);
        }
        let target = self
            .store
            .account(user_id)
            .await?
            .filter(|t| t.grants.iter().any(|g| g.organization == org))
            .ok_or(DomainError::NotFound)?;
        if self.approver_orgs(&target).iter().any(|o| o == org) {
            return Err(DomainError::UseHandover);
        }
        // Only the applications this approver approves for, not every application in
        // which they hold some role in the organisation (F18).
        let apps: Vec<String> = me
            .account
            .grants
            .iter()
            .filter(|g| g.organization == org)
            .filter(|g| self.is_approver_of(&me.account, &g.application, org, now))
            .map(|g| g.application.clone())
            .collect();
        let removed = self
            .revoke(&target.key(), org, |g| apps.contains(&g.application))
            .await?;
        if removed == 0 {
            return Err(DomainError::NotFound);
        }
        let o = self.org(org).await?;
        self.audit_all(
            &[&target.key(), &me.account.key()],
            "access_removed",
            format!("{} from {org} by {}", target.user_id, me.account.user_id),
            now,
        )
        .await?;
        Ok(self
            .notify(&target, "msg-access-removed", &[("org", o.legal_name)])
            .await?)
    }
}
