//! Approver hand-over: the leaving approver names a successor, the help desk decides,
//! and the successor is granted before the leaver's role ends.
use super::*;
use crate::crypto::secrets;
use crate::domain::auth::Authenticated;
use crate::domain::Umbral;
use crate::store::{
    index, Account, Change, Durability, Grant, Handover, Organization, Store, Table,
};
use shared::api::access::*;

impl Umbral {
    /// As [`Umbral::apply_request`], for a hand-over: the new approver is granted
    /// before the leaving one loses the role.
    pub(crate) async fn apply_handover(&self, h: &Handover) -> Result<(), DomainError> {
        let now = h.decided_at.unwrap_or(h.created_at);
        if h.status == RequestStatus::Approved {
            let from = self.account_by_key(&h.from).await?;
            let roles: Vec<Grant> = from
                .grants
                .iter()
                .filter(|g| {
                    g.organization == h.organization
                        && self.apps.is_approver(&g.application, &g.role)
                })
                .cloned()
                .collect();
            for g in &roles {
                self.grant(&h.to, &g.application, &g.role, &h.organization, &h.id, now)
                    .await?;
            }
            let apps = self.apps.clone();
            self.revoke(&h.from, &h.organization, move |g| {
                apps.is_approver(&g.application, &g.role)
            })
            .await?;
        }
        self.ix_del(&index::queue(index::Queue::Handovers, &h.id))
            .await?;
        self.store
            .update::<Handover, (), _>(Table::Handovers, &h.id, Durability::Flushed, |x| match x {
                Some(mut x) => {
                    x.applied = true;
                    (Change::Put(x), ())
                }
                None => (Change::Keep, ()),
            })
            .await?;
        Ok(())
    }

    pub async fn request_handover(
        &self,
        me: &Authenticated,
        input: HandoverInput,
        now: u64,
    ) -> Result<HandoverView, DomainError> {
        check(input.validate())?;
        let org = input.organization_id.trim();
        if !self.approver_orgs(&me.account).iter().any(|o| o == org) {
            return Err(field("organization_id", "not_found"));
        }
        let to = self
            .store
            .account(input.new_approver_user_id.trim())
            .await?
            .filter(|t| t.key() != me.account.key())
            .ok_or_else(|| field("new_approver_user_id", "not_found"))?;
        let id = format!("H-{}", secrets::id().to_uppercase());
        let h = Handover {
            id: id.clone(),
            organization: org.into(),
            from: me.account.key(),
            to: to.key(),
            reason: input.reason.trim().into(),
            status: RequestStatus::Pending,
            created_at: now,
            decided_by: None,
            decided_at: None,
            applied: false,
        };
        self.store.insert_new(Table::Handovers, &id, &h).await?;
        self.ix_put(&index::queue(index::Queue::Handovers, &id), &id)
            .await?;
        self.audit_all(
            &[&h.from, &h.to],
            "handover_requested",
            format!("{id} {org} {} -> {}", me.account.user_id, to.user_id),
            now,
        )
        .await?;
        self.handover_view(&h).await.ok_or(DomainError::NotFound)
    }

    pub async fn handover_view(&self, h: &Handover) -> Option<HandoverView> {
        let o = self
            .store
            .get::<Organization>(Table::Organizations, &h.organization)
            .await
            .ok()??;
        let from = self
            .store
            .get::<Account>(Table::Accounts, &h.from)
            .await
            .ok()??;
        let to = self
            .store
            .get::<Account>(Table::Accounts, &h.to)
            .await
            .ok()??;
        Some(HandoverView {
            id: h.id.clone(),
            organization: summary(&o),
            from: person(&from),
            to: person(&to),
            reason: h.reason.clone(),
            status: h.status,
            created_at: h.created_at,
        })
    }

    /// The help desk processes a hand-over: the new approver gets the leaving
    /// approver's approver roles first, then the leaving approver loses them.
    pub async fn decide_handover(
        &self,
        me: &Authenticated,
        id: &str,
        input: DecisionInput,
        now: u64,
    ) -> Result<HandoverView, DomainError> {
        if !is_help_desk(&me.account) {
            return Err(DomainError::Forbidden);
        }
        check(input.validate())?;
        let approve = input.approve() == Some(true);
        if approve {
            // An approver role needs identity proofing, whoever asks for it.
            let pending: Handover = self
                .store
                .get(Table::Handovers, id)
                .await?
                .ok_or(DomainError::NotFound)?;
            if self.account_by_key(&pending.to).await?.identity.status != IdentityStatus::Verified {
                return Err(DomainError::IdentityRequired);
            }
        }
        let me_key = me.account.key();
        let h = self
            .store
            .update::<Handover, Result<Handover, DomainError>, _>(
                Table::Handovers,
                id,
                Durability::Flushed,
                |h| match h {
                    Some(mut h) if h.status == RequestStatus::Pending => {
                        h.status = if approve {
                            RequestStatus::Approved
                        } else {
                            RequestStatus::Denied
                        };
                        h.decided_by = Some(me_key.clone());
                        h.decided_at = Some(now);
                        (Change::Put(h.clone()), Ok(h))
                    }
                    Some(_) => (Change::Keep, Err(DomainError::AlreadyDecided)),
                    None => (Change::Keep, Err(DomainError::NotFound)),
                },
            )
            .await??;
        self.apply_handover(&h).await?;
        let event = if approve {
            "handover_approved"
        } else {
            "handover_denied"
        };
        self.audit_all(&[&h.from, &h.to, &me_key], event, h.id.clone(), now)
            .await?;
        let view = self.handover_view(&h).await.ok_or(DomainError::NotFound)?;
        for k in [&h.from, &h.to] {
            let a = self.account_by_key(k).await?;
            self.notify(
                &a,
                if approve {
                    "msg-handover-approved"
                } else {
                    "msg-handover-denied"
                },
                &[
                    ("org", view.organization.legal_name.clone()),
                    ("new", view.to.name.clone()),
                ],
            )
            .await?;
        }
        Ok(view)
    }
}
