//! Role requests and their decisions: request, my access, the approver's queue, decide
//! (one compare-and-swap), apply the consequences, and repair interrupted decisions.
use super::*;
use crate::crypto::secrets;
use crate::domain::auth::Authenticated;
use crate::domain::{catalog, Umbral};
use crate::store::{
    index, Account, Change, Durability, Handover, RoleRequest, Store, StoreError, Table,
};
use shared::api::access::*;
use shared::i18n::Locale;

impl Umbral {
    pub async fn request_role(
        &self,
        me: &Authenticated,
        input: RoleRequestInput,
        now: u64,
    ) -> Result<RoleRequestView, DomainError> {
        check(input.validate())?;
        let app = self
            .apps
            .app(input.application.trim())
            .ok_or_else(|| field("application", "invalid"))?;
        let role = app
            .role(input.role.trim())
            .ok_or_else(|| field("role", "invalid"))?;
        let org = self
            .org(input.organization_id.trim())
            .await
            .map_err(|_| field("organization_id", "not_found"))?;
        let a = &me.account;
        let me_key = a.key();
        if role.approver {
            // A pending organisation can only be taken on by the approver who made it.
            if !org.active && org.created_by != me_key {
                return Err(field("organization_id", "not_found"));
            }
        } else if !org.active {
            return Err(field("organization_id", "not_found"));
        }
        if role.requires_identity && a.identity.status != IdentityStatus::Verified {
            return Err(DomainError::IdentityRequired);
        }
        // A role past its due date is no longer held, at this instant, whether or not
        // the expiry job has tidied it away yet.
        let holds = a.grants.iter().any(|g| {
            g.application == app.id
                && g.organization == org.id
                && now < self.policy.due(g)
                && (g.role == role.id || self.is_approver_of(a, &app.id, &org.id, now))
        });
        if holds {
            return Err(DomainError::AlreadyGranted);
        }
        let id = format!("R-{}", secrets::id().to_uppercase());
        let req = RoleRequest {
            id: id.clone(),
            requester: me_key.clone(),
            application: app.id.clone(),
            role: role.id.clone(),
            organization: org.id.clone(),
            reason: input.reason.trim().into(),
            status: RequestStatus::Pending,
            created_at: now,
            decided_by: None,
            decided_at: None,
            decision_reason: None,
            applied: false,
        };
        // The request is written first and claims the person's one pending slot for
        // this role second: two requests at once both write, one claims, the other is
        // withdrawn. In this order a crash between writes leaves at worst a request no
        // index names (removed at the next start), never a claim naming no request,
        // which would answer `already_pending` to that person for ever (found by the
        // crash test of issue 15).
        self.store
            .insert_new(Table::RoleRequests, &id, &req)
            .await?;
        let claim = index::pending(&me_key, &app.id, &role.id, &org.id);
        match self.store.insert_new(Table::Index, &claim, &id).await {
            Err(StoreError::Conflict) => {
                self.store
                    .update::<RoleRequest, (), _>(
                        Table::RoleRequests,
                        &id,
                        Durability::Buffered,
                        |_| (Change::Delete, ()),
                    )
                    .await?;
                // The request holding the slot may have lost its indexes to a crash
                // before them: put them back, so the person and the approvers see it.
                let held: Option<String> = self.store.get(Table::Index, &claim).await?;
                if let Some(held) = held {
                    if let Some(r) = self
                        .store
                        .get::<RoleRequest>(Table::RoleRequests, &held)
                        .await?
                    {
                        self.index_request(&r).await?;
                    }
                }
                return Err(DomainError::AlreadyPending);
            }
            r => r?,
        }
        self.index_request(&req).await?;
        self.audit(
            &me_key,
            "role_requested",
            Some(format!("{id} {}/{} {}", app.id, role.id, org.id)),
            now,
        )
        .await?;
        let view = self
            .request_view(a.locale, &req)
            .await
            .ok_or(DomainError::NotFound)?;
        self.notify(
            a,
            "msg-request-received",
            &[
                ("role", view.role_name.clone()),
                ("org", org.legal_name.clone()),
                ("reference", id.clone()),
            ],
        )
        .await?;
        if !role.approver {
            let link = format!("{}/approvals", self.policy.public_url);
            for k in self.members_of(&org.id).await? {
                let Ok(approver) = self.account_by_key(&k).await else {
                    continue;
                };
                if self.is_approver_of(&approver, &app.id, &org.id, now) {
                    let role_name = self.apps.names(approver.locale, &app.id, &role.id).role;
                    self.notify(
                        &approver,
                        "msg-request-to-approve",
                        &[
                            ("requester", format!("{} {}", a.first_name, a.last_name)),
                            ("role", role_name),
                            ("org", org.legal_name.clone()),
                            ("link", link.clone()),
                        ],
                    )
                    .await?;
                }
            }
        }
        Ok(view)
    }

    pub(crate) async fn requests_under(
        &self,
        prefix: &str,
    ) -> Result<Vec<RoleRequest>, DomainError> {
        let keys = self.store.keys_with_prefix(Table::Index, prefix).await?;
        let ids: Vec<&str> = keys.iter().map(|k| index::tail(k)).collect();
        let mut v: Vec<RoleRequest> = self.store.get_many(Table::RoleRequests, &ids).await?;
        v.sort_by_key(|r| std::cmp::Reverse(r.created_at));
        Ok(v)
    }

    /// `GET /me/roles`: what I hold, what I asked for, where my identity proofing is.
    pub async fn my_access(
        &self,
        me: &Authenticated,
        l: Locale,
        now: u64,
    ) -> Result<MyAccess, DomainError> {
        let a = &me.account;
        let mut requests = Vec::new();
        for r in self
            .requests_under(&index::req_user_prefix(&a.key()))
            .await?
        {
            requests.extend(self.request_view(l, &r).await);
        }
        let mut grants = Vec::new();
        for g in &a.grants {
            grants.extend(self.grant_view(l, g, now).await);
        }
        let mut expired = Vec::new();
        for e in &a.expired_grants {
            expired.extend(self.expired_view(l, e, now).await);
        }
        Ok(MyAccess {
            grants,
            expired,
            requests,
            identity: identity_view(a),
        })
    }

    /// `GET /approvals`: the pending end-user requests of my organisations.
    pub async fn approvals(
        &self,
        me: &Authenticated,
        l: Locale,
        now: u64,
    ) -> Result<Vec<RoleRequestView>, DomainError> {
        let a = &me.account;
        let mut out = vec![];
        for org in self.approver_orgs(a) {
            for r in self.requests_under(&index::req_org_prefix(&org)).await? {
                let approver_role = self.apps.names(l, &r.application, &r.role).approver;
                if r.status == RequestStatus::Pending
                    && !approver_role
                    && self.is_approver_of(a, &r.application, &org, now)
                {
                    out.extend(self.request_view(l, &r).await);
                }
            }
        }
        out.sort_by_key(|r| r.created_at);
        Ok(out)
    }

    /// May `me` decide `r`? Approver roles: the help desk. End-user roles: an approver
    /// of that application and organisation, or the help desk; never the requester.
    pub(crate) fn may_decide(&self, me: &Account, r: &RoleRequest, now: u64) -> bool {
        if r.requester == me.key() {
            return false;
        }
        let approver_role = self.apps.is_approver(&r.application, &r.role);
        is_help_desk(me)
            || (!approver_role && self.is_approver_of(me, &r.application, &r.organization, now))
    }

    /// `POST /role-requests/{id}/decision`.
    /// Decides a pending request; the answer is the decided request in `view_l`, the
    /// decider's language (the requester's email goes in theirs).
    pub async fn decide(
        &self,
        me: &Authenticated,
        id: &str,
        input: DecisionInput,
        view_l: Locale,
        now: u64,
    ) -> Result<RoleRequestView, DomainError> {
        let r: RoleRequest = self
            .store
            .get(Table::RoleRequests, id)
            .await?
            .filter(|r| self.may_decide(&me.account, r, now))
            .ok_or(DomainError::NotFound)?;
        check(input.validate())?;
        let approve = input.approve() == Some(true);
        let me_key = me.account.key();
        let reason = Some(input.reason.trim().to_string()).filter(|s| !s.is_empty());
        let decided = self
            .store
            .update::<RoleRequest, Option<RoleRequest>, _>(
                Table::RoleRequests,
                id,
                Durability::Flushed,
                |r| match r {
                    Some(mut r) if r.status == RequestStatus::Pending => {
                        r.status = if approve {
                            RequestStatus::Approved
                        } else {
                            RequestStatus::Denied
                        };
                        r.decided_by = Some(me_key.clone());
                        r.decided_at = Some(now);
                        r.decision_reason = reason.clone();
                        (Change::Put(r.clone()), Some(r))
                    }
                    _ => (Change::Keep, None),
                },
            )
            .await?
            .ok_or(DomainError::AlreadyDecided)?;
        self.apply_request(&decided).await?;
        let event = if approve {
            "role_approved"
        } else {
            "role_denied"
        };
        self.audit_all(
            &[&r.requester, &me_key],
            event,
            format!(
                "{} {}/{} {} by {}",
                r.id, r.application, r.role, r.organization, me.account.user_id
            ),
            now,
        )
        .await?;
        let requester = self.account_by_key(&r.requester).await?;
        let l = requester.locale;
        let view = self
            .request_view(view_l, &decided)
            .await
            .ok_or(DomainError::NotFound)?;
        let no_reason = catalog().text(l, "msg-no-reason");
        self.notify(
            &requester,
            if approve {
                "msg-request-approved"
            } else {
                "msg-request-denied"
            },
            &[
                ("role", view.role_name.clone()),
                ("org", view.organization.legal_name.clone()),
                (
                    "reason",
                    decided.decision_reason.clone().unwrap_or(no_reason),
                ),
                ("link", format!("{}/roles", self.policy.public_url)),
            ],
        )
        .await?;
        Ok(view)
    }

    /// Writes what a decided request implies: the grant and, for an organisation's
    /// first approver, its activation; then clears the pending lock and the queue
    /// entry, and marks the request applied. Safe to run twice.
    pub(crate) async fn apply_request(&self, r: &RoleRequest) -> Result<(), DomainError> {
        let now = r.decided_at.unwrap_or(r.created_at);
        if r.status == RequestStatus::Approved {
            self.grant(
                &r.requester,
                &r.application,
                &r.role,
                &r.organization,
                &r.id,
                now,
            )
            .await?;
            let org = self.org(&r.organization).await?;
            if !org.active && self.apps.is_approver(&r.application, &r.role) {
                self.activate(&org).await?;
            }
        }
        self.ix_del(&index::pending(
            &r.requester,
            &r.application,
            &r.role,
            &r.organization,
        ))
        .await?;
        self.ix_del(&index::queue(index::Queue::Roles, &r.id))
            .await?;
        self.store
            .update::<RoleRequest, (), _>(Table::RoleRequests, &r.id, Durability::Flushed, |x| {
                match x {
                    Some(mut x) => {
                        x.applied = true;
                        (Change::Put(x), ())
                    }
                    None => (Change::Keep, ()),
                }
            })
            .await?;
        Ok(())
    }

    /// The indexes a request is found by: its requester's list, its organisation's list
    /// and, for an approver role, the help desk's queue. Each is written only when
    /// missing, so this is cheap to run again.
    async fn index_request(&self, r: &RoleRequest) -> Result<(), DomainError> {
        let mut keys = vec![
            index::req_user(&r.requester, &r.id),
            index::req_org(&r.organization, &r.id),
        ];
        if self.apps.is_approver(&r.application, &r.role) && r.status == RequestStatus::Pending {
            keys.push(index::queue(index::Queue::Roles, &r.id));
        }
        for k in keys {
            if self.store.get::<String>(Table::Index, &k).await?.is_none() {
                self.ix_put(&k, &r.id).await?;
            }
        }
        Ok(())
    }

    /// At start: applies decisions whose consequences a crash interrupted, gives a
    /// pending request the indexes a crash kept it from getting, and removes a request
    /// that a crash left without its claim (never acknowledged, seen by no one) once it
    /// is ten minutes old (younger, it may be another instance's request in flight).
    /// Returns how many decisions it completed.
    pub async fn repair(&self, now: u64) -> Result<usize, DomainError> {
        let mut n = 0;
        for (_, r) in self
            .store
            .scan::<RoleRequest>(Table::RoleRequests, "", usize::MAX)
            .await?
        {
            if r.status != RequestStatus::Pending && !r.applied {
                self.apply_request(&r).await?;
                n += 1;
            } else if r.status == RequestStatus::Pending {
                let claim = index::pending(&r.requester, &r.application, &r.role, &r.organization);
                let held: Option<String> = self.store.get(Table::Index, &claim).await?;
                if held.as_deref() == Some(r.id.as_str()) {
                    self.index_request(&r).await?;
                } else if now.saturating_sub(r.created_at) > 600 {
                    let id = r.id.clone();
                    self.store
                        .update::<RoleRequest, (), _>(
                            Table::RoleRequests,
                            &id,
                            Durability::Flushed,
                            |x| match x {
                                Some(x) if x.status == RequestStatus::Pending => {
                                    (Change::Delete, ())
                                }
                                _ => (Change::Keep, ()),
                            },
                        )
                        .await?;
                }
            }
        }
        for (_, h) in self
            .store
            .scan::<Handover>(Table::Handovers, "", usize::MAX)
            .await?
        {
            if h.status != RequestStatus::Pending && !h.applied {
                self.apply_handover(&h).await?;
                n += 1;
            }
        }
        n += self.repair_forms().await?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::umbral;

    /// A decision is one compare-and-swap; its consequences follow. If the process
    /// dies in between, the next start completes them.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_interrupted_approval_is_completed_at_the_next_start() {
        let dir = tempfile::tempdir().unwrap();
        let u = umbral(dir.path());
        crate::demo::load(&u, dir.path(), 1_800_000_000)
            .await
            .unwrap();
        let carlos = u.store.account("carlos.clerk").await.unwrap().unwrap();
        let keys = u
            .store
            .keys_with_prefix(Table::Index, &index::req_user_prefix(&carlos.key()))
            .await
            .unwrap();
        let id = index::tail(&keys[0]).to_string();
        // The decision's compare-and-swap happened; nothing after it did.
        u.store
            .update::<RoleRequest, (), _>(Table::RoleRequests, &id, Durability::Flushed, |r| {
                let mut r = r.unwrap();
                r.status = RequestStatus::Approved;
                r.decided_at = Some(1_800_000_100);
                (Change::Put(r), ())
            })
            .await
            .unwrap();
        assert!(u
            .store
            .account("carlos.clerk")
            .await
            .unwrap()
            .unwrap()
            .grants
            .is_empty());
        drop(u);
        let u = umbral(dir.path());
        assert_eq!(u.repair(u.clock.now()).await.unwrap(), 1);
        let grants = u
            .store
            .account("carlos.clerk")
            .await
            .unwrap()
            .unwrap()
            .grants;
        assert_eq!(grants.len(), 1);
        assert_eq!(grants[0].organization, "O-DEMO-SUNSHINE");
        assert!(u
            .store
            .get::<String>(
                Table::Index,
                &index::pending(&carlos.key(), "spot", "end_user", "O-DEMO-SUNSHINE")
            )
            .await
            .unwrap()
            .is_none());
        // Applied once: a second start has nothing to do.
        assert_eq!(u.repair(u.clock.now()).await.unwrap(), 0);
    }

    async fn erin(u: &Umbral) -> Authenticated {
        let account = u.store.account("erin.enduser").await.unwrap().unwrap();
        Authenticated {
            session_key: "session-of-erin".into(),
            session: crate::domain::auth::Session {
                account: account.key(),
                created_at: NOW,
                last_seen: NOW,
                auth_at: NOW,
                expires_at: NOW + 1800,
                generation: 0,
                mfa: None,
                recovered: false,
            },
            account,
        }
    }

    const NOW: u64 = 1_800_000_000;

    fn ask(org: &str) -> RoleRequestInput {
        RoleRequestInput {
            application: "spot".into(),
            role: "end_user".into(),
            organization_id: org.into(),
            reason: "I file claims for this office.".into(),
        }
    }

    async fn seen(u: &Umbral) -> Vec<String> {
        let me = erin(u).await;
        u.my_access(&me, Locale::En, u.clock.now())
            .await
            .unwrap()
            .requests
            .into_iter()
            .map(|r| r.id)
            .collect()
    }

    /// A crash between a request's writes blocks no one. Cut after the request: a
    /// request no claim names, seen by no one; the person asks again, and the next
    /// start removes it once it is old. Cut after the claim: a request without its
    /// indexes; the person's next try puts them back (and is told it is pending), and
    /// so does the next start. Before this order, a claim naming no request answered
    /// `already_pending` for ever (the crash test of issue 15 found it).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_request_cut_short_by_a_crash_blocks_no_one() {
        let dir = tempfile::tempdir().unwrap();
        let u = umbral(dir.path());
        crate::demo::load(&u, dir.path(), NOW).await.unwrap();
        let me = erin(&u).await;
        let key = me.account.key();
        // Cut after the request: written long ago, never claimed.
        let orphan = RoleRequest {
            id: "R-ORPHAN".into(),
            requester: key.clone(),
            application: "spot".into(),
            role: "end_user".into(),
            organization: "O-DEMO-SUNSHINE".into(),
            reason: "Cut short.".into(),
            status: RequestStatus::Pending,
            created_at: 1_000,
            decided_by: None,
            decided_at: None,
            decision_reason: None,
            applied: false,
        };
        u.store
            .insert_new(Table::RoleRequests, "R-ORPHAN", &orphan)
            .await
            .unwrap();
        assert!(seen(&u).await.is_empty());
        let made = u
            .request_role(&me, ask("O-DEMO-SUNSHINE"), NOW)
            .await
            .unwrap();
        assert_eq!(seen(&u).await, vec![made.id.clone()]);

        // Cut after the claim: the request's indexes never written.
        async fn unindex(u: &Umbral, key: &str, id: &str) {
            for k in [
                index::req_user(key, id),
                index::req_org("O-DEMO-SUNSHINE", id),
            ] {
                u.store
                    .update::<String, (), _>(Table::Index, &k, Durability::Flushed, |_| {
                        (Change::Delete, ())
                    })
                    .await
                    .unwrap();
            }
        }
        unindex(&u, &key, &made.id).await;
        assert!(seen(&u).await.is_empty());
        let again = u.request_role(&me, ask("O-DEMO-SUNSHINE"), NOW).await;
        assert!(
            matches!(again, Err(DomainError::AlreadyPending)),
            "{again:?}"
        );
        assert_eq!(seen(&u).await, vec![made.id.clone()]);
        // The refused try left no request behind.
        let all = u
            .store
            .scan::<RoleRequest>(Table::RoleRequests, "", usize::MAX)
            .await
            .unwrap();
        assert_eq!(
            all.iter().filter(|(_, r)| r.requester == key).count(),
            2,
            "the orphan and the one made"
        );

        // The next start: indexes back, the old orphan gone, no decision to complete.
        unindex(&u, &key, &made.id).await;
        drop(u);
        let u = umbral(dir.path());
        assert_eq!(u.repair(u.clock.now()).await.unwrap(), 0);
        assert_eq!(seen(&u).await, vec![made.id.clone()]);
        assert!(u
            .store
            .get::<RoleRequest>(Table::RoleRequests, "R-ORPHAN")
            .await
            .unwrap()
            .is_none());

        // Two requests at once for one role: one made, one pending, one stored.
        let me = erin(&u).await;
        let (a, b) = tokio::join!(
            u.request_role(&me, ask("O-DEMO-COQUI"), NOW),
            u.request_role(&me, ask("O-DEMO-COQUI"), NOW)
        );
        assert_eq!(
            [&a, &b].iter().filter(|r| r.is_ok()).count(),
            1,
            "{a:?} {b:?}"
        );
        assert!([&a, &b]
            .iter()
            .any(|r| matches!(r, Err(DomainError::AlreadyPending))));
        let coqui = u
            .store
            .scan::<RoleRequest>(Table::RoleRequests, "", usize::MAX)
            .await
            .unwrap()
            .into_iter()
            .filter(|(_, r)| r.organization == "O-DEMO-COQUI" && r.requester == key)
            .count();
        assert_eq!(coqui, 1);
    }
}
