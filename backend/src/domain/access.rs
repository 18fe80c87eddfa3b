//! Access: organisations, role requests and decisions, identity proofing, approver
//! hand-over. The rules, from the sources:
//!
//! - New organisation form: "Organizations must submit a new organization form that
//!   designates an approver and is signed by their authorized or delegated official."
//!   The help desk approves it and sends the approver a submitter ID ("Once the
//!   approver has received an approval communication from the SPOT Help Desk, they may
//!   complete these instructions"). A submitter ID works once, for the approver whose
//!   email the form named, for the TIN the form named.
//! - Approver, step 15: "Create an Organization ... TIN/SSN, legal business name,
//!   address, company telephone, city, state/territory, ZIP code, and submitter ID ...
//!   If the organization has previously been created for SPOT access, you must
//!   associate to the existing organization ... Do not create a new organization." A
//!   second organisation with the same TIN is refused (`organization_exists`).
//! - An organisation stays `pending` (not found by end users) until the help desk
//!   approves its first approver; end users can only request roles in active ones:
//!   "If your organization is not found, it has not been created by an approver yet."
//! - Approver roles need identity proofing first (steps 11-14) and are decided by the
//!   help desk; end-user roles are decided by the organisation's approvers. "End-user
//!   access is included as part of being a SPOT approver."
//! - "When you leave your role or organization, you must submit a SPOT update form
//!   listing a new approver": a hand-over grants the new approver before it ends the
//!   old one, so the organisation always has one.
//!
//! Authorisation lives here, not in the handlers: every function takes the caller's
//! [`Authenticated`] and checks that the organisation or request is theirs. Another
//! tenant's IDs answer `NotFound`, the same as IDs that do not exist.
use super::auth::{AuthError, Authenticated};
use super::identity::Verdict;
use super::{catalog, secrets, Umbral};
use crate::delivery::Channel;
use crate::store::{
    Account, Change, Grant, Handover, OrgForm, Organization, RoleRequest, Store, StoreError,
    SubmitterRecord, Table,
};
use shared::api::access::*;
use shared::api::error::FieldErrors;
use shared::date::Date;
use shared::i18n::Locale;
use shared::validate::organization::{mask_tin, name_key, tin_digits};

pub const HELP_DESK: &str = "help_desk";
/// Organisations a search returns at most.
pub const SEARCH_LIMIT: usize = 25;
/// Failed automatic identity checks before manual verification can be asked for.
pub const IDENTITY_ATTEMPTS: u32 = 2;

#[derive(Debug, thiserror::Error)]
pub enum AccessError {
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
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn field(name: &str, code: &str) -> AccessError {
    AccessError::Invalid([(name.to_string(), vec![code.to_string()])].into())
}

fn check(e: FieldErrors) -> Result<(), AccessError> {
    if e.is_empty() {
        Ok(())
    } else {
        Err(AccessError::Invalid(e))
    }
}

/// Keys of the secondary index ([`Table::Index`]).
pub mod ix {
    pub fn tin(mac: &str) -> String {
        format!("org-tin\0{mac}")
    }
    pub fn org_name_prefix(state: &str) -> String {
        format!("org-name\0{state}\0")
    }
    pub fn org_name(state: &str, key: &str, id: &str) -> String {
        format!("org-name\0{state}\0{key}\0{id}")
    }
    pub fn member(org: &str, account: &str) -> String {
        format!("member\0{org}\0{account}")
    }
    pub fn req_org(org: &str, id: &str) -> String {
        format!("req-org\0{org}\0{id}")
    }
    pub fn req_user(account: &str, id: &str) -> String {
        format!("req-user\0{account}\0{id}")
    }
    pub fn pending(account: &str, app: &str, role: &str, org: &str) -> String {
        format!("pending\0{account}\0{app}\0{role}\0{org}")
    }
    pub fn queue(kind: &str, id: &str) -> String {
        format!("queue\0{kind}\0{id}")
    }
    /// The last part of a key: the ID it points at.
    pub fn tail(key: &str) -> &str {
        key.rsplit('\0').next().unwrap_or(key)
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

fn summary(o: &Organization) -> OrganizationSummary {
    OrganizationSummary {
        id: o.id.clone(),
        legal_name: o.legal_name.clone(),
        city: o.address.city.clone(),
        state: o.address.state.clone(),
        tin_masked: mask_tin(&o.tin_last4),
        status: if o.active { "active" } else { "pending" }.into(),
    }
}

impl<S: Store> Umbral<S> {
    async fn ix_put(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let v = value.to_string();
        self.store
            .update::<String, (), _>(Table::Index, key, true, move |_| {
                (Change::Put(v.clone()), ())
            })
            .await
    }

    async fn ix_del(&self, key: &str) -> Result<(), StoreError> {
        self.store
            .update::<String, (), _>(Table::Index, key, true, |v| match v {
                Some(_) => (Change::Delete, ()),
                None => (Change::Keep, ()),
            })
            .await
    }

    fn tin_mac(&self, digits: &str) -> String {
        self.keys.mac(&format!("tin:{digits}"))
    }

    fn org(&self, id: &str) -> Result<Organization, AccessError> {
        self.store
            .get(Table::Organizations, id)?
            .ok_or(AccessError::NotFound)
    }

    fn account_by_key(&self, key: &str) -> Result<Account, AccessError> {
        self.store
            .get(Table::Accounts, key)?
            .ok_or(AccessError::NotFound)
    }

    /// Organisations where `a` holds an approver role (of any application).
    pub fn approver_orgs(&self, a: &Account) -> Vec<String> {
        let mut v: Vec<String> = a
            .grants
            .iter()
            .filter(|g| self.apps.names(Locale::En, &g.application, &g.role).2)
            .map(|g| g.organization.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    fn is_approver_of(&self, a: &Account, app: &str, org: &str) -> bool {
        a.grants.iter().any(|g| {
            g.organization == org
                && g.application == app
                && self.apps.names(Locale::En, &g.application, &g.role).2
        })
    }

    pub(crate) fn grant_view(&self, l: Locale, g: &Grant) -> Option<RoleGrantView> {
        let o = self
            .store
            .get::<Organization>(Table::Organizations, &g.organization)
            .ok()??;
        let (application_name, role_name, approver) = self.apps.names(l, &g.application, &g.role);
        Some(RoleGrantView {
            application: g.application.clone(),
            application_name,
            role: g.role.clone(),
            role_name,
            approver,
            organization: summary(&o),
            granted_at: g.granted_at,
        })
    }

    pub fn request_view(&self, l: Locale, r: &RoleRequest) -> Option<RoleRequestView> {
        let o = self
            .store
            .get::<Organization>(Table::Organizations, &r.organization)
            .ok()??;
        let a = self
            .store
            .get::<Account>(Table::Accounts, &r.requester)
            .ok()??;
        let (application_name, role_name, _) = self.apps.names(l, &r.application, &r.role);
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

    /// Audits an access event on every account it concerns.
    async fn audit_all(
        &self,
        keys: &[&str],
        event: &str,
        detail: String,
        now: u64,
    ) -> Result<(), StoreError> {
        for k in keys {
            self.audit(k, event, Some(detail.clone()), now).await?;
        }
        Ok(())
    }

    /// An email to an address with no account behind it (form officials).
    async fn mail(
        &self,
        l: Locale,
        to: &str,
        key: &str,
        args: &[(&str, String)],
    ) -> Result<(), AccessError> {
        self.send(
            Channel::Email,
            to,
            catalog().with(l, &format!("{key}-subject"), args),
            catalog().with(l, &format!("{key}-body"), args),
        )
        .await?;
        Ok(())
    }

    async fn notify_account(
        &self,
        a: &Account,
        key: &str,
        args: &[(&str, String)],
    ) -> Result<(), AccessError> {
        Ok(self.notify(a, key, args).await?)
    }

    // ---- the new organisation form (public) ----

    pub async fn submit_form(
        &self,
        input: OrganizationFormInput,
        l: Locale,
        today: Date,
        now: u64,
    ) -> Result<FormReceipt, AccessError> {
        check(input.validate(today))?;
        let digits = tin_digits(&input.tin).unwrap_or_default();
        let id = format!("F-{}", secrets::id().to_uppercase());
        let form = OrgForm {
            id: id.clone(),
            legal_name: input.legal_name.trim().into(),
            tin_sealed: self.keys.seal(digits.as_bytes()),
            tin_last4: digits[5..].into(),
            tin_mac: self.tin_mac(&digits),
            official_name: input.official_name.trim().into(),
            official_title: input.official_title.trim().into(),
            official_email: input.official_email.trim().into(),
            approver_name: input.approver_name.trim().into(),
            approver_email: input.approver_email.trim().into(),
            signature: input.signature.trim().into(),
            signed_on: input.signed_on.trim().into(),
            locale: l,
            status: RequestStatus::Pending,
            submitted_at: now,
            decided_by: None,
            decided_at: None,
            decision_reason: None,
            submitter_id: None,
        };
        self.store.insert_new(Table::OrgForms, &id, &form).await?;
        self.ix_put(&ix::queue("forms", &id), &id).await?;
        self.audit(
            &format!("form:{id}"),
            "organization_form_submitted",
            None,
            now,
        )
        .await?;
        self.mail(
            l,
            &form.official_email,
            "msg-form-received",
            &[("reference", id.clone()), ("org", form.legal_name.clone())],
        )
        .await?;
        Ok(FormReceipt { reference: id })
    }

    // ---- organisations ----

    /// "type in the Legal Business Name of your organization and select the
    /// State/Territory ... You must click Search": active organisations of `state`
    /// whose name contains the words typed.
    pub fn search_organizations(
        &self,
        name: &str,
        state: &str,
    ) -> Result<Vec<OrganizationSummary>, AccessError> {
        let mut e = FieldErrors::new();
        let q = name_key(name);
        if q.chars().count() < 2 {
            e.insert(
                "name".into(),
                vec![if q.is_empty() {
                    "required"
                } else {
                    "too_short"
                }
                .into()],
            );
        }
        if let Err(r) = shared::validate::contact::state(state) {
            e.insert("state".into(), vec![r.code().into()]);
        }
        check(e)?;
        let keys = self
            .store
            .keys_with_prefix(Table::Index, &ix::org_name_prefix(state.trim()))?;
        let mut out = vec![];
        for k in keys {
            let mut parts = k.split('\0').skip(2);
            let (Some(key), Some(id)) = (parts.next(), parts.next()) else {
                continue;
            };
            if key.contains(&q) {
                if let Ok(o) = self.org(id) {
                    out.push(summary(&o));
                }
                if out.len() == SEARCH_LIMIT {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// Step 15, "Create an Organization". The caller must have passed identity
    /// proofing and hold a submitter ID issued to their email for this TIN.
    pub async fn create_organization(
        &self,
        me: &Authenticated,
        input: NewOrganization,
        now: u64,
    ) -> Result<OrganizationSummary, AccessError> {
        check(input.validate())?;
        if me.account.identity.status != IdentityStatus::Verified {
            return Err(AccessError::IdentityRequired);
        }
        let digits = tin_digits(&input.tin).unwrap_or_default();
        let mac = self.tin_mac(&digits);
        if self
            .store
            .get::<String>(Table::Index, &ix::tin(&mac))?
            .is_some()
        {
            return Err(AccessError::OrganizationExists);
        }
        let sid = input.submitter_id.trim().to_ascii_uppercase();
        let me_key = me.account.key();
        let email = me.account.email.to_lowercase();
        let usable = |r: &SubmitterRecord| {
            r.used_by.is_none() && r.approver_email.to_lowercase() == email && r.tin_mac == mac
        };
        match self
            .store
            .get::<SubmitterRecord>(Table::SubmitterIds, &sid)?
        {
            Some(r) if usable(&r) => {}
            _ => {
                self.audit(&me_key, "submitter_id_refused", None, now)
                    .await?;
                return Err(field("submitter_id", "not_recognised"));
            }
        }
        let id = format!("O-{}", secrets::id().to_uppercase());
        match self
            .store
            .insert_new(Table::Index, &ix::tin(&mac), &id)
            .await
        {
            Err(StoreError::Conflict) => return Err(AccessError::OrganizationExists),
            r => r?,
        }
        // Claim the submitter ID: of two racing claims exactly one wins.
        let claimed = self
            .store
            .update::<SubmitterRecord, bool, _>(Table::SubmitterIds, &sid, true, |r| match r {
                Some(mut r) if usable(&r) => {
                    r.used_by = Some(me_key.clone());
                    (Change::Put(r), true)
                }
                _ => (Change::Keep, false),
            })
            .await?;
        if !claimed {
            self.ix_del(&ix::tin(&mac)).await?;
            return Err(field("submitter_id", "not_recognised"));
        }
        let mut address = input.address.clone();
        address.state = address.state.trim().into();
        let org = Organization {
            id: id.clone(),
            legal_name: input.legal_name.trim().into(),
            tin_sealed: self.keys.seal(digits.as_bytes()),
            tin_last4: digits[5..].into(),
            address,
            phone: shared::validate::contact::phone_digits(&input.phone).unwrap_or_default(),
            active: false,
            created_by: me_key.clone(),
            created_at: now,
            submitter_id: Some(sid),
        };
        self.store
            .insert_new(Table::Organizations, &id, &org)
            .await?;
        self.audit(&me_key, "organization_created", Some(id), now)
            .await?;
        Ok(summary(&org))
    }

    // ---- role requests ----

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
                &ix::pending(&me_key, &app.id, &role.id, &org.id),
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
        self.ix_put(&ix::req_user(&me_key, &id), &id).await?;
        self.ix_put(&ix::req_org(&org.id, &id), &id).await?;
        if role.approver {
            self.ix_put(&ix::queue("roles", &id), &id).await?;
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
            .ok_or(AccessError::NotFound)?;
        self.notify_account(
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
            for k in self.members_of(&org.id)? {
                let Ok(approver) = self.account_by_key(&k) else {
                    continue;
                };
                if self.is_approver_of(&approver, &app.id, &org.id) {
                    let (_, role_name, _) = self.apps.names(approver.locale, &app.id, &role.id);
                    self.notify_account(
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

    fn members_of(&self, org: &str) -> Result<Vec<String>, AccessError> {
        Ok(self
            .store
            .keys_with_prefix(Table::Index, &format!("member\0{org}\0"))?
            .iter()
            .map(|k| ix::tail(k).to_string())
            .collect())
    }

    fn requests_under(&self, prefix: &str) -> Result<Vec<RoleRequest>, AccessError> {
        let mut v: Vec<RoleRequest> = self
            .store
            .keys_with_prefix(Table::Index, prefix)?
            .iter()
            .filter_map(|k| {
                self.store
                    .get::<RoleRequest>(Table::RoleRequests, ix::tail(k))
                    .ok()
                    .flatten()
            })
            .collect();
        v.sort_by_key(|r| std::cmp::Reverse(r.created_at));
        Ok(v)
    }

    /// `GET /me/roles`: what I hold, what I asked for, where my identity proofing is.
    pub fn my_access(&self, me: &Authenticated, l: Locale) -> Result<MyAccess, AccessError> {
        let a = &me.account;
        let requests = self
            .requests_under(&format!("req-user\0{}\0", a.key()))?
            .iter()
            .filter_map(|r| self.request_view(l, r))
            .collect();
        Ok(MyAccess {
            grants: a
                .grants
                .iter()
                .filter_map(|g| self.grant_view(l, g))
                .collect(),
            requests,
            identity: identity_view(a),
        })
    }

    /// `GET /approvals`: the pending end-user requests of my organisations.
    pub fn approvals(
        &self,
        me: &Authenticated,
        l: Locale,
    ) -> Result<Vec<RoleRequestView>, AccessError> {
        let a = &me.account;
        let mut out = vec![];
        for org in self.approver_orgs(a) {
            for r in self.requests_under(&format!("req-org\0{org}\0"))? {
                let approver_role = self.apps.names(l, &r.application, &r.role).2;
                if r.status == RequestStatus::Pending
                    && !approver_role
                    && self.is_approver_of(a, &r.application, &org)
                {
                    out.extend(self.request_view(l, &r));
                }
            }
        }
        out.sort_by_key(|r| r.created_at);
        Ok(out)
    }

    /// `GET /approvals/members`: the people with roles in my organisations.
    pub fn members(&self, me: &Authenticated, l: Locale) -> Result<Vec<MemberView>, AccessError> {
        let mut out = vec![];
        for org in self.approver_orgs(&me.account) {
            for k in self.members_of(&org)? {
                let Ok(m) = self.account_by_key(&k) else {
                    continue;
                };
                let grants: Vec<_> = m
                    .grants
                    .iter()
                    .filter(|g| {
                        g.organization == org
                            && self.is_approver_of(&me.account, &g.application, &org)
                    })
                    .filter_map(|g| self.grant_view(l, g))
                    .collect();
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

    /// May `me` decide `r`? Approver roles: the help desk. End-user roles: an approver
    /// of that application and organisation, or the help desk; never the requester.
    fn may_decide(&self, me: &Account, r: &RoleRequest) -> bool {
        if r.requester == me.key() {
            return false;
        }
        let approver_role = self.apps.names(Locale::En, &r.application, &r.role).2;
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
            .get(Table::RoleRequests, id)?
            .filter(|r| self.may_decide(&me.account, r))
            .ok_or(AccessError::NotFound)?;
        check(input.validate())?;
        let approve = input.approve() == Some(true);
        let me_key = me.account.key();
        let reason = Some(input.reason.trim().to_string()).filter(|s| !s.is_empty());
        let decided = self
            .store
            .update::<RoleRequest, Option<RoleRequest>, _>(Table::RoleRequests, id, true, |r| {
                match r {
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
                }
            })
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
        let requester = self.account_by_key(&r.requester)?;
        let l = requester.locale;
        let view = self
            .request_view(l, &decided)
            .ok_or(AccessError::NotFound)?;
        let no_reason = catalog().text(l, "msg-no-reason");
        self.notify_account(
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
    async fn apply_request(&self, r: &RoleRequest) -> Result<(), AccessError> {
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
            let org = self.org(&r.organization)?;
            if !org.active && self.apps.names(Locale::En, &r.application, &r.role).2 {
                self.activate(&org).await?;
            }
        }
        self.ix_del(&ix::pending(
            &r.requester,
            &r.application,
            &r.role,
            &r.organization,
        ))
        .await?;
        self.ix_del(&ix::queue("roles", &r.id)).await?;
        self.store
            .update::<RoleRequest, (), _>(Table::RoleRequests, &r.id, true, |x| match x {
                Some(mut x) => {
                    x.applied = true;
                    (Change::Put(x), ())
                }
                None => (Change::Keep, ()),
            })
            .await?;
        Ok(())
    }

    /// As [`Umbral::apply_request`], for a hand-over: the new approver is granted
    /// before the leaving one loses the role.
    async fn apply_handover(&self, h: &Handover) -> Result<(), AccessError> {
        let now = h.decided_at.unwrap_or(h.created_at);
        if h.status == RequestStatus::Approved {
            let from = self.account_by_key(&h.from)?;
            let roles: Vec<Grant> = from
                .grants
                .iter()
                .filter(|g| {
                    g.organization == h.organization
                        && self.apps.names(Locale::En, &g.application, &g.role).2
                })
                .cloned()
                .collect();
            for g in &roles {
                self.grant(&h.to, &g.application, &g.role, &h.organization, &h.id, now)
                    .await?;
            }
            let apps = self.apps.clone();
            self.revoke(&h.from, &h.organization, move |g| {
                apps.names(Locale::En, &g.application, &g.role).2
            })
            .await?;
        }
        self.ix_del(&ix::queue("handovers", &h.id)).await?;
        self.store
            .update::<Handover, (), _>(Table::Handovers, &h.id, true, |x| match x {
                Some(mut x) => {
                    x.applied = true;
                    (Change::Put(x), ())
                }
                None => (Change::Keep, ()),
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
            .scan::<RoleRequest>(Table::RoleRequests, "", usize::MAX)?
        {
            if r.status != RequestStatus::Pending && !r.applied {
                self.apply_request(&r).await?;
                n += 1;
            }
        }
        for (_, h) in self
            .store
            .scan::<Handover>(Table::Handovers, "", usize::MAX)?
        {
            if h.status != RequestStatus::Pending && !h.applied {
                self.apply_handover(&h).await?;
                n += 1;
            }
        }
        n += self.repair_forms().await?;
        Ok(n)
    }

    async fn grant(
        &self,
        account: &str,
        app: &str,
        role: &str,
        org: &str,
        source: &str,
        now: u64,
    ) -> Result<(), AccessError> {
        let g = Grant {
            application: app.into(),
            role: role.into(),
            organization: org.into(),
            granted_at: now,
            source: source.into(),
        };
        self.store
            .update::<Account, (), _>(Table::Accounts, account, true, |a| match a {
                Some(mut a) => {
                    if !a.grants.iter().any(|x| {
                        x.application == g.application
                            && x.role == g.role
                            && x.organization == g.organization
                    }) {
                        a.grants.push(g.clone());
                    }
                    (Change::Put(a), ())
                }
                None => (Change::Keep, ()),
            })
            .await?;
        self.ix_put(&ix::member(org, account), account).await?;
        Ok(())
    }

    /// Removes the grants of `account` in `org` that `which` selects; drops the member
    /// index when nothing is left there.
    async fn revoke(
        &self,
        account: &str,
        org: &str,
        which: impl Fn(&Grant) -> bool + Send + Sync,
    ) -> Result<usize, AccessError> {
        let (removed, left) = self
            .store
            .update::<Account, (usize, usize), _>(Table::Accounts, account, true, |a| match a {
                Some(mut a) => {
                    let before = a.grants.len();
                    a.grants.retain(|g| !(g.organization == org && which(g)));
                    let removed = before - a.grants.len();
                    let left = a.grants.iter().filter(|g| g.organization == org).count();
                    (Change::Put(a), (removed, left))
                }
                None => (Change::Keep, (0, 0)),
            })
            .await?;
        if left == 0 {
            self.ix_del(&ix::member(org, account)).await?;
        }
        Ok(removed)
    }

    async fn activate(&self, org: &Organization) -> Result<(), AccessError> {
        self.store
            .update::<Organization, (), _>(Table::Organizations, &org.id, true, |o| match o {
                Some(mut o) => {
                    o.active = true;
                    (Change::Put(o), ())
                }
                None => (Change::Keep, ()),
            })
            .await?;
        self.ix_put(
            &ix::org_name(&org.address.state, &name_key(&org.legal_name), &org.id),
            &org.id,
        )
        .await?;
        Ok(())
    }

    /// Marks an organisation active with `approver` as its member (demo data).
    pub async fn demo_activate(
        &self,
        org: &Organization,
        approver: &str,
    ) -> Result<(), AccessError> {
        self.activate(org).await?;
        self.ix_put(&ix::member(&org.id, approver), approver)
            .await?;
        Ok(())
    }

    /// An approver removes an end user's access to their organisation. Approvers
    /// leave by hand-over, so the organisation is never left without one.
    pub async fn remove_member(
        &self,
        me: &Authenticated,
        org: &str,
        user_id: &str,
        now: u64,
    ) -> Result<(), AccessError> {
        if !self.approver_orgs(&me.account).iter().any(|o| o == org) {
            return Err(AccessError::NotFound);
        }
        let target = self
            .store
            .account(user_id)?
            .filter(|t| t.grants.iter().any(|g| g.organization == org))
            .ok_or(AccessError::NotFound)?;
        if self.approver_orgs(&target).iter().any(|o| o == org) {
            return Err(AccessError::UseHandover);
        }
        let apps: Vec<String> = me
            .account
            .grants
            .iter()
            .filter(|g| g.organization == org)
            .map(|g| g.application.clone())
            .collect();
        let removed = self
            .revoke(&target.key(), org, |g| apps.contains(&g.application))
            .await?;
        if removed == 0 {
            return Err(AccessError::NotFound);
        }
        let o = self.org(org)?;
        self.audit_all(
            &[&target.key(), &me.account.key()],
            "access_removed",
            format!("{} from {org} by {}", target.user_id, me.account.user_id),
            now,
        )
        .await?;
        self.notify_account(&target, "msg-access-removed", &[("org", o.legal_name)])
            .await
    }

    // ---- identity proofing ----

    /// Steps 11-14. A first failure gives a review reference number; the retry needs
    /// the user to confirm they contacted the verification service; after the second
    /// failure only the help desk's manual verification remains.
    pub async fn verify_identity(
        &self,
        me: &Authenticated,
        input: IdentityInput,
        today: Date,
        now: u64,
    ) -> Result<IdentityView, AccessError> {
        let id = &me.account.identity;
        match id.status {
            IdentityStatus::Verified
            | IdentityStatus::ManualRequested
            | IdentityStatus::ManualRefused => return Err(AccessError::IdentityStep),
            _ if id.attempts >= IDENTITY_ATTEMPTS => return Err(AccessError::IdentityStep),
            _ => {}
        }
        check(input.validate(today, id.attempts > 0))?;
        let verdict = self.verifier.verify(&input);
        let key = me.account.key();
        let attempts_before = id.attempts;
        let updated = self
            .store
            .update::<Account, Option<Account>, _>(Table::Accounts, &key, true, |a| match a {
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
            })
            .await?
            .ok_or(AccessError::IdentityStep)?;
        let event = match verdict {
            Verdict::Verified => "identity_verified",
            Verdict::NotVerified { .. } => "identity_not_verified",
        };
        self.audit(&key, event, updated.identity.reference.clone(), now)
            .await?;
        Ok(identity_view(&updated))
    }

    /// "If Experian is unable to verify your identity, contact the SPOT Help Desk and
    /// request to be manually verified."
    pub async fn request_manual_verification(
        &self,
        me: &Authenticated,
        now: u64,
    ) -> Result<IdentityView, AccessError> {
        let key = me.account.key();
        let updated = self
            .store
            .update::<Account, Option<Account>, _>(Table::Accounts, &key, true, |a| match a {
                Some(mut a)
                    if a.identity.status == IdentityStatus::NotVerified
                        && a.identity.attempts >= IDENTITY_ATTEMPTS =>
                {
                    a.identity.status = IdentityStatus::ManualRequested;
                    a.identity.updated_at = now;
                    (Change::Put(a.clone()), Some(a))
                }
                _ => (Change::Keep, None),
            })
            .await?
            .ok_or(AccessError::IdentityStep)?;
        self.ix_put(&ix::queue("identity", &key), &key).await?;
        self.audit(&key, "manual_verification_requested", None, now)
            .await?;
        Ok(identity_view(&updated))
    }

    // ---- hand-over ----

    pub async fn request_handover(
        &self,
        me: &Authenticated,
        input: HandoverInput,
        now: u64,
    ) -> Result<HandoverView, AccessError> {
        check(input.validate())?;
        let org = input.organization_id.trim();
        if !self.approver_orgs(&me.account).iter().any(|o| o == org) {
            return Err(field("organization_id", "not_found"));
        }
        let to = self
            .store
            .account(input.new_approver_user_id.trim())?
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
        self.ix_put(&ix::queue("handovers", &id), &id).await?;
        self.audit_all(
            &[&h.from, &h.to],
            "handover_requested",
            format!("{id} {org} {} -> {}", me.account.user_id, to.user_id),
            now,
        )
        .await?;
        self.handover_view(&h).ok_or(AccessError::NotFound)
    }

    pub fn handover_view(&self, h: &Handover) -> Option<HandoverView> {
        let o = self
            .store
            .get::<Organization>(Table::Organizations, &h.organization)
            .ok()??;
        let from = self.store.get::<Account>(Table::Accounts, &h.from).ok()??;
        let to = self.store.get::<Account>(Table::Accounts, &h.to).ok()??;
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
    ) -> Result<HandoverView, AccessError> {
        if !is_help_desk(&me.account) {
            return Err(AccessError::Forbidden);
        }
        check(input.validate())?;
        let approve = input.approve() == Some(true);
        if approve {
            // An approver role needs identity proofing, whoever asks for it.
            let pending: Handover = self
                .store
                .get(Table::Handovers, id)?
                .ok_or(AccessError::NotFound)?;
            if self.account_by_key(&pending.to)?.identity.status != IdentityStatus::Verified {
                return Err(AccessError::IdentityRequired);
            }
        }
        let me_key = me.account.key();
        let h = self
            .store
            .update::<Handover, Result<Handover, AccessError>, _>(Table::Handovers, id, true, |h| {
                match h {
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
                    Some(_) => (Change::Keep, Err(AccessError::AlreadyDecided)),
                    None => (Change::Keep, Err(AccessError::NotFound)),
                }
            })
            .await??;
        self.apply_handover(&h).await?;
        let event = if approve {
            "handover_approved"
        } else {
            "handover_denied"
        };
        self.audit_all(&[&h.from, &h.to, &me_key], event, h.id.clone(), now)
            .await?;
        let view = self.handover_view(&h).ok_or(AccessError::NotFound)?;
        for k in [&h.from, &h.to] {
            let a = self.account_by_key(k)?;
            self.notify_account(
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

pub fn identity_view(a: &Account) -> IdentityView {
    IdentityView {
        status: a.identity.status,
        attempts: a.identity.attempts,
        reference: a.identity.reference.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::{Courier, FileOutbox};
    use crate::store::sled_store::SledStore;

    fn umbral(dir: &std::path::Path) -> Umbral<SledStore> {
        Umbral {
            store: SledStore::open(dir).unwrap(),
            hasher: Default::default(),
            keys: crate::domain::secrets::Keys::from_bytes(&[7u8; 64]),
            courier: Courier {
                outbox: FileOutbox::new(dir, "test").unwrap(),
                smtp: None,
            },
            policy: Default::default(),
            apps: Default::default(),
            verifier: Box::new(crate::domain::identity::ReferenceFileVerifier::default()),
        }
    }

    /// A decision is one compare-and-swap; its consequences follow. If the process
    /// dies in between, the next start completes them.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_interrupted_approval_is_completed_at_the_next_start() {
        let dir = tempfile::tempdir().unwrap();
        let u = umbral(dir.path());
        crate::demo::load(&u, dir.path(), 1_800_000_000)
            .await
            .unwrap();
        let carlos = u.store.account("carlos.clerk").unwrap().unwrap();
        let keys = u
            .store
            .keys_with_prefix(Table::Index, &format!("req-user\0{}\0", carlos.key()))
            .unwrap();
        let id = ix::tail(&keys[0]).to_string();
        // The decision's compare-and-swap happened; nothing after it did.
        u.store
            .update::<RoleRequest, (), _>(Table::RoleRequests, &id, true, |r| {
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
            .unwrap()
            .unwrap()
            .grants
            .is_empty());
        drop(u);
        let u = umbral(dir.path());
        assert_eq!(u.repair().await.unwrap(), 1);
        let grants = u.store.account("carlos.clerk").unwrap().unwrap().grants;
        assert_eq!(grants.len(), 1);
        assert_eq!(grants[0].organization, "O-DEMO-SUNSHINE");
        assert!(u
            .store
            .get::<String>(
                Table::Index,
                &ix::pending(&carlos.key(), "spot", "end_user", "O-DEMO-SUNSHINE")
            )
            .unwrap()
            .is_none());
        // Applied once: a second start has nothing to do.
        assert_eq!(u.repair().await.unwrap(), 0);
    }
}
