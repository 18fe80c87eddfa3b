//! Access: organisations, role requests and decisions, grants, identity proofing and
//! approver hand-over, one file each. The rules the sources fix (`002_…`, the approver
//! instructions; `004_…`, the end-user FAQ), in our words:
//!
//! - New organisation form: an organisation names its approver on a form signed by an
//!   official who may act for it. The help desk approves it and sends the approver a
//!   submitter ID, without which the approver cannot go on. A submitter ID works once, for the approver whose
//!   email the form named, for the TIN the form named.
//! - Approver, step 15: the approver creates the organisation (TIN or SSN, legal name,
//!   address, phone, submitter ID), or joins it when it already exists; never a second
//!   one. A second organisation with the same TIN is refused (`organization_exists`).
//! - An organisation stays `pending` (not found by end users) until the help desk
//!   approves its first approver; end users can only request roles in active ones (an
//!   organisation not found has no approver yet, `004_…`).
//! - Approver roles need identity proofing first (steps 11-14) and are decided by the
//!   help desk; end-user roles are decided by the organisation's approvers. An approver
//!   role includes end-user access.
//! - An approver who leaves names a successor on an update form: a hand-over grants the new approver before it ends the
//!   old one, so the organisation always has one.
//!
//! Authorisation lives here, not in the handlers: every function takes the caller's
//! [`Authenticated`] and checks that the organisation or request is theirs. Another
//! tenant's IDs answer `NotFound`, the same as IDs that do not exist.
#[cfg(test)]
mod attacks;
mod grants;
mod handover;
mod organizations;
mod proofing;
mod requests;

use crate::domain::auth::AuthError;
use crate::domain::notify::SendFailed;
use crate::domain::Umbral;
use crate::store::{
    Account, Change, Durability, Grant, Organization, RoleRequest, Store, StoreError, Table,
};
use shared::api::access::*;
use shared::api::error::FieldErrors;
use shared::i18n::Locale;
use shared::validate::organization::mask_tin;

pub const HELP_DESK: &str = shared::api::account_role::AccountRole::HelpDesk.code();
/// Organisations a search returns at most.
pub const SEARCH_LIMIT: usize = 25;
/// Failed automatic identity checks before manual verification can be asked for.
pub const IDENTITY_ATTEMPTS: u32 = 2;

/// Why a request of the portal beyond login was refused: access, documents, licences,
/// alerts, outages, sharing, the lifecycle (login and accounts have `AuthError`). Each
/// variant has one HTTP answer in `http/error.rs`.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("validation failed")]
    Invalid(FieldErrors),
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("an organisation with this TIN exists")]
    OrganizationExists,
    #[error("role already held")]
    AlreadyGranted,
    #[error("request already pending")]
    AlreadyPending,
    #[error("identity proofing needed")]
    IdentityRequired,
    #[error("already decided")]
    AlreadyDecided,
    #[error("identity proofing is not at this step")]
    IdentityStep,
    #[error("an approver's own access ends by hand-over")]
    UseHandover,
    #[error("the application's licence must be accepted first")]
    LicenceRequired,
    #[error("the licence has a newer version")]
    LicenceChanged,
    #[error("a file is over the size limit")]
    TooLarge,
    /// The account's bytes of uploads for any 24 hours are spent.
    #[error("the day's upload quota is spent")]
    Quota,
    /// The disk is nearly full: uploads stop before it is.
    #[error("not enough free disk space")]
    DiskFull,
    #[error("a file could not be stored: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<SendFailed> for DomainError {
    fn from(e: SendFailed) -> DomainError {
        DomainError::Auth(e.into())
    }
}

pub(crate) fn field(name: &str, code: &str) -> DomainError {
    DomainError::Invalid([(name.to_string(), vec![code.to_string()])].into())
}

pub(crate) fn check(e: FieldErrors) -> Result<(), DomainError> {
    if e.is_empty() {
        Ok(())
    } else {
        Err(DomainError::Invalid(e))
    }
}

pub fn is_help_desk(a: &Account) -> bool {
    a.roles.iter().any(|r| r == HELP_DESK)
}

pub fn person(a: &Account) -> Person {
    Person {
        user_id: a.user_id.clone(),
        name: format!("{} {}", a.first_name, a.last_name),
        email: a.email.clone(),
    }
}

pub(crate) fn summary(o: &Organization) -> OrganizationSummary {
    OrganizationSummary {
        id: o.id.clone(),
        legal_name: o.legal_name.clone(),
        city: o.address.city.clone(),
        state: o.address.state.clone(),
        tin_masked: mask_tin(&o.tin_last4),
        status: if o.active { "active" } else { "pending" }.into(),
    }
}

pub fn identity_view(a: &Account) -> IdentityView {
    IdentityView {
        status: a.identity.status,
        attempts: a.identity.attempts,
        reference: a.identity.reference.clone(),
    }
}

impl Umbral {
    pub(crate) async fn ix_put(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let v = value.to_string();
        self.store
            .update::<String, (), _>(Table::Index, key, Durability::Flushed, move |_| {
                (Change::Put(v.clone()), ())
            })
            .await
    }

    pub(crate) async fn ix_del(&self, key: &str) -> Result<(), StoreError> {
        self.store
            .update::<String, (), _>(Table::Index, key, Durability::Flushed, |v| match v {
                Some(_) => (Change::Delete, ()),
                None => (Change::Keep, ()),
            })
            .await
    }

    pub(crate) fn tin_mac(&self, digits: &str) -> String {
        crate::store::index::tin_mac(&self.keys, digits)
    }

    pub(crate) async fn org(&self, id: &str) -> Result<Organization, DomainError> {
        self.store
            .get(Table::Organizations, id)
            .await?
            .ok_or(DomainError::NotFound)
    }

    pub(crate) async fn account_by_key(&self, key: &str) -> Result<Account, DomainError> {
        self.store
            .get(Table::Accounts, key)
            .await?
            .ok_or(DomainError::NotFound)
    }

    /// Organisations where `a` holds an approver role (of any application).
    pub fn approver_orgs(&self, a: &Account) -> Vec<String> {
        let mut v: Vec<String> = a
            .grants
            .iter()
            .filter(|g| self.apps.is_approver(&g.application, &g.role))
            .map(|g| g.organization.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// Does `a` hold a live (not expired) approver role of `app` in `org` at `now`? A role
    /// past its due date approves nothing even before the expiry job has removed it.
    pub(crate) fn is_approver_of(&self, a: &Account, app: &str, org: &str, now: u64) -> bool {
        a.grants.iter().any(|g| {
            g.organization == org
                && g.application == app
                && self.apps.is_approver(&g.application, &g.role)
                && now < self.policy.due(g)
        })
    }

    /// A role as its holder and the help desk see it, with its days left at `now`.
    pub(crate) async fn grant_view(&self, l: Locale, g: &Grant, now: u64) -> Option<RoleGrantView> {
        let o = self
            .store
            .get::<Organization>(Table::Organizations, &g.organization)
            .await
            .ok()??;
        let crate::domain::applications::RoleNames {
            application: application_name,
            role: role_name,
            approver,
        } = self.apps.names(l, &g.application, &g.role);
        let due = self.policy.due(g);
        Some(RoleGrantView {
            application: g.application.clone(),
            application_name,
            role: g.role.clone(),
            role_name,
            approver,
            organization: summary(&o),
            granted_at: g.granted_at,
            certified_at: g.certified_at.max(g.granted_at),
            due_on: crate::clock::date_of(due).to_string(),
            days_left: crate::domain::lifecycle::days_left(due, now),
            status: self.policy.grant_status(g, now),
            expired_at: None,
        })
    }

    pub(crate) async fn expired_view(
        &self,
        l: Locale,
        e: &crate::store::ExpiredGrant,
        now: u64,
    ) -> Option<RoleGrantView> {
        let mut v = self.grant_view(l, &e.grant, now).await?;
        v.status = GrantStatus::Expired;
        v.expired_at = Some(e.expired_at);
        v.days_left = 0;
        Some(v)
    }

    pub async fn request_view(&self, l: Locale, r: &RoleRequest) -> Option<RoleRequestView> {
        let o = self
            .store
            .get::<Organization>(Table::Organizations, &r.organization)
            .await
            .ok()??;
        let a = self
            .store
            .get::<Account>(Table::Accounts, &r.requester)
            .await
            .ok()??;
        let crate::domain::applications::RoleNames {
            application: application_name,
            role: role_name,
            ..
        } = self.apps.names(l, &r.application, &r.role);
        Some(RoleRequestView {
            id: r.id.clone(),
            application: r.application.clone(),
            application_name,
            role: r.role.clone(),
            role_name,
            organization: summary(&o),
            requester: person(&a),
            reason: r.reason.clone(),
            status: r.status,
            created_at: r.created_at,
            decided_at: r.decided_at,
            decision_reason: r.decision_reason.clone(),
        })
    }
}
