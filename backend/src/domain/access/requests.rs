//! Role requests and their decisions: request, my access, the approver's queue, decide
//! (one compare-and-swap), apply the consequences, and repair interrupted decisions.
use super::*;
use crate::domain::auth::Authenticated;
use crate::domain::{catalog, secrets, Umbral};
use crate::store::{
    index, Account, Change, Durability, Handover, RoleRequest, Store, StoreError, Table,
};
use shared::api::access::*;
use shared::i18n::Locale;

impl<S: Store> Umbral<S> {
    pub async fn request_role(
        &self,
        me: &Authenticated,
        input: RoleRequestInput,
        now: u64,
    ) -> Result<RoleRequestView, AccessError> {
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
            return Err(AccessError::IdentityRequired);
        }
        let holds = a.grants.iter().any(|g| {
            g.application == app.id
                && g.organization == org.id
                && (g.role == role.id || self.is_approver_of(a, &app.id, &org.id))
        });
        if holds {
            return Err(AccessError::AlreadyGranted);
        }
        let id = format!("R-{}", secrets::id().to_uppercase());
        match self
            .store
            .insert_new(
                Table::Index,
                &index::pending(&me_key, &app.id, &role.id, &org.id),
                &id,
            )
            .await
        {
            Err(StoreError::Conflict) => return Err(AccessError::AlreadyPending),
            r => r?,
        }
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
        self.store
            .insert_new(Table::RoleRequests, &id, &req)
            .await?;
        self.ix_put(&index::req_user(&me_key, &id), &id).await?;
        self.ix_put(&index::req_org(&org.id, &id), &id).await?;
        if role.approver {
            self.ix_put(&index::queue(index::Queue::Roles, &id), &id)
                .await?;
        }
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
            .ok_or(AccessError::NotFound)?;
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
                if self.is_approver_of(&approver, &app.id, &org.id) {
                    let (_, role_name, _) = self.apps.names(approver.locale, &app.id, &role.id);
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
    ) -> Result<Vec<RoleRequest>, AccessError> {
        let keys = self.store.keys_with_prefix(Table::Index, prefix).await?;
        let ids: Vec<&str> = keys.iter().map(|k| index::tail(k)).collect();
        let mut v: Vec<RoleRequest> = self.store.get_many(Table::RoleRequests, &ids).await?;
        v.sort_by_key(|r| std::cmp::Reverse(r.created_at));
        Ok(v)
    }

    /// `GET /me/roles`: what I hold, what I asked for, where my identity proofing is.
    pub async fn my_access(&self, me: &Authenticated, l: Locale) -> Result<MyAccess, AccessError> {
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
            grants.extend(self.grant_view(l, g).await);
        }
        let mut expired = Vec::new();
        for e in &a.expired_grants {
            expired.extend(self.expired_view(l, e).await);
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
    ) -> Result<Vec<RoleRequestView>, AccessError> {
        let a = &me.account;
        let mut out = vec![];
        for org in self.approver_orgs(a) {
            for r in self.requests_under(&index::req_org_prefix(&org)).await? {
                let approver_role = self.apps.names(l, &r.application, &r.role).2;
                if r.status == RequestStatus::Pending
                    && !approver_role
                    && self.is_approver_of(a, &r.application, &org)
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
    pub(crate) fn may_decide(&self, me: &Account, r: &RoleRequest) -> bool {
        if r.requester == me.key() {
            return false;
        }
        let approver_role = self.apps.is_approver(&r.application, &r.role);
        is_help_desk(me)
            || (!approver_role && self.is_approver_of(me, &r.application, &r.organization))
    }

    /// `POST /role-requests/{id}/decision`.
    pub async fn decide(
        &self,
        me: &Authenticated,
        id: &str,
        input: DecisionInput,
        now: u64,
    ) -> Result<RoleRequestView, AccessError> {
        let r: RoleRequest = self
            .store
            .get(Table::RoleRequests, id)
            .await?
            .filter(|r| self.may_decide(&me.account, r))
            .ok_or(AccessError::NotFound)?;
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
            .ok_or(AccessError::AlreadyDecided)?;
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
            .request_view(l, &decided)
            .await
            .ok_or(AccessError::NotFound)?;
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
    pub(crate) async fn apply_request(&self, r: &RoleRequest) -> Result<(), AccessError> {
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

    /// At start: applies decisions whose consequences a crash interrupted. Returns how
    /// many it completed.
    pub async fn repair(&self) -> Result<usize, AccessError> {
        let mut n = 0;
        for (_, r) in self
            .store
            .scan::<RoleRequest>(Table::RoleRequests, "", usize::MAX)
            .await?
        {
            if r.status != RequestStatus::Pending && !r.applied {
                self.apply_request(&r).await?;
                n += 1;
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
        assert_eq!(u.repair().await.unwrap(), 1);
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
        assert_eq!(u.repair().await.unwrap(), 0);
    }
}
