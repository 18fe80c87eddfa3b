//! Yearly recertification: the lists of roles due, keeping or removing them, the
//! reminders to approvers, and expiry on the due date (see the module above).
use super::{days_before, days_left};
use crate::domain::access::{check, is_help_desk, person, DomainError};
use crate::domain::auth::Authenticated;
use crate::domain::Umbral;
use crate::store::{
    index, Account, Change, Durability, ExpiredGrant, Grant, Organization, Store, Table,
    EXPIRED_KEPT,
};
use shared::api::recert::*;
use shared::i18n::Locale;
use std::collections::{BTreeMap, HashMap};

/// The same role: application, role and organisation.
fn same(a: &Grant, b: &Grant) -> bool {
    a.application == b.application && a.role == b.role && a.organization == b.organization
}

/// What one pass of the lifecycle job did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RecertPass {
    /// Reminder emails queued now.
    pub reminders: usize,
    /// Roles that expired now.
    pub expired: usize,
}

impl Umbral {
    /// Keys of the accounts holding a live approver role of `app` in `org`.
    async fn approvers_of(
        &self,
        org: &str,
        app: &str,
        now: u64,
    ) -> Result<Vec<String>, DomainError> {
        let mut out = Vec::new();
        for k in self.members_of(org).await? {
            if self
                .account_by_key(&k)
                .await
                .is_ok_and(|a| self.is_approver_of(&a, app, org, now))
            {
                out.push(k);
            }
        }
        Ok(out)
    }

    /// May `me` recertify `g`, held by `holder`? End-user roles: a live approver of its
    /// application and organisation, or the help desk. Approver roles: the help desk.
    /// Never one's own.
    fn may_recertify(&self, me: &Account, holder: &Account, g: &Grant, now: u64) -> bool {
        if me.key() == holder.key() {
            return false;
        }
        is_help_desk(me)
            || (!self.apps.is_approver(&g.application, &g.role)
                && self.is_approver_of(me, &g.application, &g.organization, now))
    }

    async fn due_list(
        &self,
        l: Locale,
        holders: impl IntoIterator<Item = Account>,
        pick: impl Fn(&Account, &Grant) -> bool,
        now: u64,
    ) -> Vec<DueGrant> {
        let mut out: Vec<(u64, DueGrant)> = vec![];
        for a in holders {
            for g in &a.grants {
                let due = self.policy.due(g);
                // Past due at this instant: expired, whatever the job has done yet, so
                // not offered (its keep would answer 404).
                if now < due && days_left(due, now) <= DUE_SOON_DAYS && pick(&a, g) {
                    if let Some(v) = self.grant_view(l, g, now).await {
                        out.push((
                            due,
                            DueGrant {
                                person: person(&a),
                                grant: v,
                            },
                        ));
                    }
                }
            }
        }
        out.sort_by(|a, b| {
            (a.0, &a.1.person.name, &a.1.person.user_id).cmp(&(
                b.0,
                &b.1.person.name,
                &b.1.person.user_id,
            ))
        });
        out.into_iter().map(|(_, d)| d).collect()
    }

    /// `GET /approvals/recertifications`: the end users of my organisations whose roles
    /// (of the applications I approve for) are due within [`DUE_SOON_DAYS`], most
    /// urgent first.
    pub async fn recertifications(
        &self,
        me: &Authenticated,
        l: Locale,
        now: u64,
    ) -> Result<Vec<DueGrant>, DomainError> {
        let mine = &me.account;
        let mut keys = vec![];
        for org in self.approver_orgs(mine) {
            keys.extend(self.members_of(&org).await?);
        }
        keys.sort();
        keys.dedup();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let holders = self
            .store
            .get_many::<Account>(Table::Accounts, &keys)
            .await?;
        Ok(self
            .due_list(
                l,
                holders,
                |a, g| {
                    !self.apps.is_approver(&g.application, &g.role)
                        && self.may_recertify(mine, a, g, now)
                },
                now,
            )
            .await)
    }

    /// `GET /admin/recertifications`: approvers' roles due within [`DUE_SOON_DAYS`]
    /// (the help desk recertifies them), most urgent first.
    pub async fn approver_recertifications(
        &self,
        me: &Authenticated,
        l: Locale,
        now: u64,
    ) -> Result<Vec<DueGrant>, DomainError> {
        if !is_help_desk(&me.account) {
            return Err(DomainError::Forbidden);
        }
        let mine = &me.account;
        let until = now + (DUE_SOON_DAYS as u64 + 1) * super::DAY;
        let keys = self.approver_roles_due(until).await?;
        Ok(self
            .due_list(
                l,
                self.accounts_of(&keys).await?,
                |a, g| {
                    self.apps.is_approver(&g.application, &g.role)
                        && self.may_recertify(mine, a, g, now)
                },
                now,
            )
            .await)
    }

    /// `POST /approvals/recertifications` (and `/admin/...`): keep or remove roles.
    /// Every item is checked before any is applied: one that is not the caller's to
    /// recertify (or does not exist) answers `NotFound` and nothing changes.
    pub async fn recertify(
        &self,
        me: &Authenticated,
        input: RecertInput,
        now: u64,
    ) -> Result<RecertResult, DomainError> {
        check(input.validate())?;
        let mut plan = vec![];
        for it in &input.items {
            let holder = self
                .store
                .account(it.user_id.trim())
                .await?
                .ok_or(DomainError::NotFound)?;
            let g = holder
                .grants
                .iter()
                .find(|g| {
                    g.application == it.application.trim()
                        && g.role == it.role.trim()
                        && g.organization == it.organization_id.trim()
                })
                .filter(|g| now < self.policy.due(g))
                .filter(|g| self.may_recertify(&me.account, &holder, g, now))
                .cloned()
                .ok_or(DomainError::NotFound)?;
            plan.push((holder, g, it.decision, it.reason.trim().to_string()));
        }
        let mut done = RecertResult::default();
        for (holder, g, decision, reason) in plan {
            match decision {
                RecertDecision::Keep => {
                    self.keep(me, &holder, &g, now).await?;
                    done.kept += 1;
                }
                RecertDecision::Remove => {
                    self.remove_at_recert(&me.account, &holder, &g, &reason, now)
                        .await?;
                    done.removed += 1;
                }
            }
        }
        Ok(done)
    }

    async fn keep(
        &self,
        me: &Authenticated,
        holder: &Account,
        g: &Grant,
        now: u64,
    ) -> Result<(), DomainError> {
        let due = self.policy.due_after(now);
        self.store
            .update::<Account, (), _>(Table::Accounts, &holder.key(), Durability::Flushed, |a| {
                match a {
                    Some(mut a) => match a.grants.iter_mut().find(|x| same(x, g)) {
                        Some(x) => {
                            x.certified_at = now;
                            x.due_at = due;
                            x.reminded.clear();
                            (Change::Put(a), ())
                        }
                        None => (Change::Keep, ()),
                    },
                    None => (Change::Keep, ()),
                }
            })
            .await?;
        self.audit_all(
            &[&holder.key(), &me.account.key()],
            "role_recertified",
            format!(
                "{} {}/{} {} by {} until {}",
                holder.user_id,
                g.application,
                g.role,
                g.organization,
                me.account.user_id,
                crate::clock::date_of(due)
            ),
            now,
        )
        .await?;
        Ok(())
    }

    /// Removes a role at recertification (an approver for an end user, the help desk
    /// for an approver, or the help desk removing an approver directly): the role moves
    /// to the expired list, both trails record it, the person is emailed the reason,
    /// and an organisation left with no approver is flagged.
    pub(crate) async fn remove_at_recert(
        &self,
        by: &Account,
        holder: &Account,
        g: &Grant,
        reason: &str,
        now: u64,
    ) -> Result<(), DomainError> {
        let gone = self
            .store
            .update::<Account, Option<usize>, _>(
                Table::Accounts,
                &holder.key(),
                Durability::Flushed,
                |a| match a {
                    Some(mut a) => match a.grants.iter().position(|x| same(x, g)) {
                        Some(i) => {
                            let grant = a.grants.remove(i);
                            a.expired_grants.insert(
                                0,
                                ExpiredGrant {
                                    grant,
                                    expired_at: now,
                                    why: "removed".into(),
                                    settled: true,
                                },
                            );
                            a.expired_grants.truncate(EXPIRED_KEPT);
                            let left = a
                                .grants
                                .iter()
                                .filter(|x| x.organization == g.organization)
                                .count();
                            (Change::Put(a), Some(left))
                        }
                        None => (Change::Keep, None),
                    },
                    None => (Change::Keep, None),
                },
            )
            .await?;
        let Some(left) = gone else {
            return Err(DomainError::NotFound);
        };
        if left == 0 {
            self.ix_del(&index::member(&g.organization, &holder.key()))
                .await?;
        }
        self.audit_all(
            &[&holder.key(), &by.key()],
            "role_removed",
            format!(
                "{} {}/{} {} by {}: {reason}",
                holder.user_id, g.application, g.role, g.organization, by.user_id
            ),
            now,
        )
        .await?;
        let org = self.org(&g.organization).await?;
        let role_name = self.apps.names(holder.locale, &g.application, &g.role).role;
        self.notify(
            holder,
            "msg-role-removed",
            &[
                ("role", role_name),
                ("org", org.legal_name.clone()),
                ("reason", reason.to_string()),
                ("link", format!("{}/roles/new", self.policy.public_url)),
            ],
        )
        .await?;
        if self.apps.is_approver(&g.application, &g.role) {
            self.check_orphan(&org, now).await?;
        }
        Ok(())
    }

    /// Flags `org` to the help desk if no one holds a live approver role in it.
    pub(crate) async fn check_orphan(
        &self,
        org: &Organization,
        now: u64,
    ) -> Result<bool, DomainError> {
        let keys = self.members_of(&org.id).await?;
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let has = self
            .store
            .get_many::<Account>(Table::Accounts, &keys)
            .await?
            .iter()
            .any(|a| {
                a.grants.iter().any(|g| {
                    g.organization == org.id
                        && self.apps.is_approver(&g.application, &g.role)
                        && now < self.policy.due(g)
                })
            });
        if !has {
            tracing::warn!(org = %org.id, "organisation left with no approver");
            self.ix_put(&index::queue(index::Queue::Orphaned, &org.id), &org.id)
                .await?;
        }
        Ok(!has)
    }

    /// One pass of recertification: reminders due, then expiries.
    pub async fn recert_pass(&self, now: u64) -> Result<RecertPass, DomainError> {
        let reminders = self.remind(now).await?;
        let expired = self.expire(now).await?;
        Ok(RecertPass { reminders, expired })
    }

    /// Queues the reminders due at `now`: for each grant, the most urgent reminder
    /// whose day has come, unless it (or a more urgent one) was queued for this due
    /// date. A pass that finds several days passed (the server was down) sends the most
    /// urgent only. One email per recipient, organisation, due date and reminder, with
    /// an id made of those, then the grants are marked: a crash in between leaves the
    /// marks undone, and the next pass queues the same ids, which the queue drops.
    async fn remind(&self, now: u64) -> Result<usize, DomainError> {
        let mut days = self.policy.reminder_days.clone();
        days.sort_unstable();
        days.dedup();
        // Only the roles whose next reminder has come, found from the index's keys: the
        // most urgent reminder due, not sent (nor a more urgent one).
        let longest = days.last().copied().unwrap_or(0);
        let until = now + (u64::from(longest) + 1) * super::DAY;
        let accounts = self
            .holders_due(until, |due, least| {
                now < due
                    && days
                        .iter()
                        .find(|&&k| now >= days_before(due, k))
                        .is_some_and(|&k| least > k)
            })
            .await?;
        let help_desk = self.help_desk_keys().await?;
        type Batch = (String, String, u64, u32);
        let mut batches: BTreeMap<Batch, Vec<(Account, Grant)>> = BTreeMap::new();
        let mut marks: Vec<(String, Grant, u64, u32)> = vec![];
        let mut approvers: HashMap<(String, String), Vec<String>> = HashMap::new();
        for a in &accounts {
            for g in &a.grants {
                let due = self.policy.due(g);
                if now >= due {
                    continue;
                }
                let Some(&k) = days.iter().find(|&&k| now >= days_before(due, k)) else {
                    continue;
                };
                if g.reminded.iter().any(|&r| r <= k) {
                    continue;
                }
                let mut to = if self.apps.is_approver(&g.application, &g.role) {
                    help_desk.clone()
                } else {
                    let key = (g.organization.clone(), g.application.clone());
                    if !approvers.contains_key(&key) {
                        let v = self
                            .approvers_of(&g.organization, &g.application, now)
                            .await?;
                        approvers.insert(key.clone(), v);
                    }
                    approvers[&key].clone()
                };
                to.retain(|r| *r != a.key());
                if to.is_empty() {
                    // Nobody approves for this organisation: the help desk is told.
                    to = help_desk.clone();
                }
                for r in to {
                    batches
                        .entry((r, g.organization.clone(), due, k))
                        .or_default()
                        .push((a.clone(), g.clone()));
                }
                marks.push((a.key(), g.clone(), due, k));
            }
        }
        let mut queued = 0;
        for ((r, org, due, k), items) in batches {
            let (Ok(recipient), Ok(o)) = (self.account_by_key(&r).await, self.org(&org).await)
            else {
                continue;
            };
            let l = recipient.locale;
            let people = items
                .iter()
                .map(|(a, g)| {
                    let role = self.apps.names(l, &g.application, &g.role).role;
                    format!("- {} {} ({}), {role}", a.first_name, a.last_name, a.user_id)
                })
                .collect::<Vec<_>>()
                .join("\n");
            let page = if is_help_desk(&recipient) {
                "help-desk"
            } else {
                "approvals"
            };
            let id = format!("recert-{org}-{due}-{k}-{r}");
            let at = days_before(due, k);
            if self
                .notify_once(
                    &recipient,
                    "msg-recert-reminder",
                    &[
                        ("org", o.legal_name.clone()),
                        (
                            "date",
                            shared::calendar::long_date(
                                recipient.locale,
                                crate::clock::date_of(due),
                            ),
                        ),
                        ("days", k.to_string()),
                        ("count", items.len().to_string()),
                        ("people", people),
                        ("link", format!("{}/{page}", self.policy.public_url)),
                    ],
                    id,
                    at,
                )
                .await?
            {
                queued += 1;
            }
        }
        for (key, g, due, k) in marks {
            let later: Vec<u32> = days.iter().copied().filter(|&d| d >= k).collect();
            self.store
                .update::<Account, (), _>(Table::Accounts, &key, Durability::Flushed, |a| {
                    let Some(mut a) = a else {
                        return (Change::Keep, ());
                    };
                    let Some(x) = a
                        .grants
                        .iter_mut()
                        .find(|x| same(x, &g) && self.policy.due(x) == due)
                    else {
                        return (Change::Keep, ());
                    };
                    for d in &later {
                        if !x.reminded.contains(d) {
                            x.reminded.push(*d);
                        }
                    }
                    (Change::Put(a), ())
                })
                .await?;
        }
        Ok(queued)
    }

    /// Expires every grant whose due date has come: moved to the account's expired
    /// roles by one compare-and-swap, then settled (email, audit, organisation check).
    /// Expired roles a crash left unsettled are settled here too.
    async fn expire(&self, now: u64) -> Result<usize, DomainError> {
        let mut n = 0;
        // Roles past due, and expiries a crash left unsettled: from the index.
        let mut keys: Vec<String> = self
            .walk(
                &index::roles_due_prefix(),
                |k| index::role_due_parts(k).is_none_or(|(due, _, _)| due > now),
                usize::MAX,
            )
            .await?
            .iter()
            .filter_map(|k| index::role_due_parts(k).map(|(_, _, a)| a.to_string()))
            .collect();
        keys.extend(
            self.walk(&index::unsettled_prefix(), |_| false, usize::MAX)
                .await?
                .iter()
                .map(|k| index::tail(k).to_string()),
        );
        keys.sort();
        keys.dedup();
        for a in self.accounts_of(&keys).await? {
            let key = a.key();
            let due_now = a.grants.iter().any(|g| now >= self.policy.due(g));
            if due_now {
                let policy = &self.policy;
                n += self
                    .store
                    .update::<Account, usize, _>(Table::Accounts, &key, Durability::Flushed, |a| {
                        let Some(mut a) = a else {
                            return (Change::Keep, 0);
                        };
                        let (gone, kept): (Vec<Grant>, Vec<Grant>) =
                            a.grants.drain(..).partition(|g| now >= policy.due(g));
                        a.grants = kept;
                        let count = gone.len();
                        for g in gone {
                            a.expired_grants.insert(
                                0,
                                ExpiredGrant {
                                    expired_at: policy.due(&g),
                                    grant: g,
                                    why: "expired".into(),
                                    settled: false,
                                },
                            );
                        }
                        a.expired_grants.truncate(EXPIRED_KEPT);
                        (Change::Put(a), count)
                    })
                    .await?;
            }
            let Some(a) = self.store.account(&key).await? else {
                continue;
            };
            for e in a.expired_grants.iter().filter(|e| !e.settled) {
                self.settle(&a, e, now).await?;
            }
        }
        Ok(n)
    }

    /// What an expiry implies, each step safe to repeat: the member index, the audit
    /// trails of the person and of the organisation's approvers, the email to the
    /// person (queued once), the organisation check; then the mark.
    async fn settle(&self, a: &Account, e: &ExpiredGrant, now: u64) -> Result<(), DomainError> {
        let g = &e.grant;
        let key = a.key();
        if !a.grants.iter().any(|x| x.organization == g.organization) {
            self.ix_del(&index::member(&g.organization, &key)).await?;
        }
        let detail = format!(
            "{} {}/{} {} due {}",
            a.user_id,
            g.application,
            g.role,
            g.organization,
            crate::clock::date_of(e.expired_at)
        );
        let mut trails = vec![key.clone()];
        trails.extend(
            self.approvers_of(&g.organization, &g.application, now)
                .await?,
        );
        let refs: Vec<&str> = trails.iter().map(String::as_str).collect();
        self.audit_all(&refs, "role_expired", detail, now).await?;
        if let Ok(org) = self.org(&g.organization).await {
            let role_name = self.apps.names(a.locale, &g.application, &g.role).role;
            self.notify_once(
                a,
                "msg-role-expired",
                &[
                    ("role", role_name),
                    ("org", org.legal_name.clone()),
                    ("link", format!("{}/roles/new", self.policy.public_url)),
                ],
                format!(
                    "expired-{key}-{}-{}-{}-{}",
                    g.application, g.role, g.organization, e.expired_at
                ),
                e.expired_at,
            )
            .await?;
            if self.apps.is_approver(&g.application, &g.role) {
                self.check_orphan(&org, now).await?;
            }
        }
        let (at, app, role, org) = (
            e.expired_at,
            g.application.clone(),
            g.role.clone(),
            g.organization.clone(),
        );
        self.store
            .update::<Account, (), _>(Table::Accounts, &key, Durability::Flushed, |a| {
                let Some(mut a) = a else {
                    return (Change::Keep, ());
                };
                for x in a.expired_grants.iter_mut().filter(|x| {
                    x.expired_at == at
                        && x.grant.application == app
                        && x.grant.role == role
                        && x.grant.organization == org
                }) {
                    x.settled = true;
                }
                (Change::Put(a), ())
            })
            .await?;
        Ok(())
    }
}
