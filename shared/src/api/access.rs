//! Access: applications and roles, organisations, the new organisation form, role
//! requests and decisions, identity proofing, approver hand-over, and the help desk's
//! views. Every request type validates itself with the same code on both sides.
use super::address::{validate_address, Address};
use super::error::FieldErrors;
use crate::date::Date;
use crate::validate::contact::{self, FieldRule};
use crate::validate::fields::put;
use crate::validate::organization::{self as org, REASON_MAX, TITLE_MAX};
use crate::validate::person;
use serde::{Deserialize, Serialize};

// The help desk's support of a person who lost their devices (issue 27).
pub use super::support::*;

/// A role of an application, with its description in the caller's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleInfo {
    pub id: String,
    pub name: String,
    pub description: String,
    /// An approver role: it approves the organisation's end users and includes
    /// end-user access; it is granted by the help desk after identity proofing.
    pub approver: bool,
    /// Remote identity proofing must pass before this role can be requested.
    pub requires_identity: bool,
    /// Whom the role is meant for (site preferences): shown first to them.
    #[serde(default)]
    pub audience: super::site::Audience,
}

/// `GET /api/v1/applications`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Application {
    pub id: String,
    pub name: String,
    pub description: String,
    pub roles: Vec<RoleInfo>,
}

/// `POST /api/v1/organization-forms` (public). Source `002_…` (approver instructions):
/// before it has an approver, an organisation files this form, naming the approver and
/// signed by an official who may act for it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct OrganizationFormInput {
    pub legal_name: String,
    pub tin: String,
    pub official_name: String,
    pub official_title: String,
    pub official_email: String,
    pub approver_name: String,
    pub approver_email: String,
    /// The official's name typed as a signature: must equal `official_name`.
    pub signature: String,
    /// `YYYY-MM-DD`, not in the future and at most 30 days old.
    pub signed_on: String,
}

/// How old a signature on the form may be.
pub const SIGNATURE_MAX_AGE_DAYS: i64 = 30;

impl OrganizationFormInput {
    pub fn validate(&self, today: Date) -> FieldErrors {
        let mut e = FieldErrors::new();
        put(&mut e, "legal_name", org::legal_name(&self.legal_name));
        put(&mut e, "tin", org::tin(&self.tin));
        put(
            &mut e,
            "official_name",
            person_full_name(&self.official_name),
        );
        put(
            &mut e,
            "official_title",
            org::required_text(&self.official_title, TITLE_MAX),
        );
        put(
            &mut e,
            "official_email",
            contact::email(&self.official_email),
        );
        put(
            &mut e,
            "approver_name",
            person_full_name(&self.approver_name),
        );
        put(
            &mut e,
            "approver_email",
            contact::email(&self.approver_email),
        );
        if self.signature.trim().is_empty() {
            put(&mut e, "signature", Err(FieldRule::Required));
        } else if org::name_key(&self.signature) != org::name_key(&self.official_name) {
            e.insert("signature".into(), vec!["signature_mismatch".into()]);
        }
        match Date::parse(self.signed_on.trim()) {
            _ if self.signed_on.trim().is_empty() => {
                put(&mut e, "signed_on", Err(FieldRule::Required))
            }
            None => put(&mut e, "signed_on", Err(FieldRule::Invalid)),
            Some(d) if d > today => put(&mut e, "signed_on", Err(FieldRule::InFuture)),
            Some(d) if today.days_since_epoch() - d.days_since_epoch() > SIGNATURE_MAX_AGE_DAYS => {
                e.insert("signed_on".into(), vec!["too_old".into()]);
            }
            Some(_) => {}
        }
        e
    }
}

/// A person's full name: two or more name words.
pub fn person_full_name(s: &str) -> Result<(), FieldRule> {
    person::name(s)?;
    if s.split_whitespace().count() >= 2 && s.chars().count() <= 100 {
        Ok(())
    } else {
        Err(FieldRule::Invalid)
    }
}

/// `201` to a form: the reference the official quotes to the help desk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormReceipt {
    pub reference: String,
}

/// An organisation as anyone but the help desk sees it: the TIN masked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationSummary {
    pub id: String,
    pub legal_name: String,
    pub city: String,
    pub state: String,
    pub tin_masked: String,
    /// `pending` until its first approver is approved, then `active`.
    pub status: String,
}

/// `POST /api/v1/organizations`: an approver creates the organisation (step 15).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewOrganization {
    pub tin: String,
    pub legal_name: String,
    pub address: Address,
    pub phone: String,
    pub submitter_id: String,
}

impl NewOrganization {
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        put(&mut e, "tin", org::tin(&self.tin));
        put(&mut e, "legal_name", org::legal_name(&self.legal_name));
        validate_address(&mut e, "address.", &self.address);
        put(&mut e, "phone", contact::phone(&self.phone));
        put(
            &mut e,
            "submitter_id",
            org::submitter_id(&self.submitter_id),
        );
        e
    }
}

/// `POST /api/v1/role-requests`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RoleRequestInput {
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub application: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub role: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub organization_id: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub reason: String,
}

impl RoleRequestInput {
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        for (f, v) in [
            ("application", &self.application),
            ("role", &self.role),
            ("organization_id", &self.organization_id),
        ] {
            if v.trim().is_empty() {
                put(&mut e, f, Err(FieldRule::Required));
            }
        }
        put(
            &mut e,
            "reason",
            org::required_text(&self.reason, REASON_MAX),
        );
        e
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Pending,
    Approved,
    Denied,
}

impl RequestStatus {
    /// The status as the API spells it (`pending`, `approved`, `denied`).
    pub fn code(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Approved => "approved",
            RequestStatus::Denied => "denied",
        }
    }
}

/// Who asked, as a decider sees them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    pub user_id: String,
    pub name: String,
    pub email: String,
}

/// A role request, as its requester and its deciders see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleRequestView {
    pub id: String,
    pub application: String,
    pub application_name: String,
    pub role: String,
    pub role_name: String,
    pub organization: OrganizationSummary,
    pub requester: Person,
    pub reason: String,
    pub status: RequestStatus,
    pub created_at: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_reason: Option<String>,
}

/// What a decision says. A body without one is `Missing` (422 `required`), one with a
/// word this server does not know is `Other` (422 `invalid`), so neither is a 400.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Deny,
    #[default]
    #[serde(skip_serializing)]
    Missing,
    #[serde(other, skip_serializing)]
    Other,
}

/// `POST /api/v1/role-requests/{id}/decision` and the help desk's decisions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionInput {
    // Field by field, not on the struct, so the OpenAPI schema has no default decision.
    #[serde(default)]
    pub decision: Decision,
    #[serde(default)]
    pub reason: String,
}

impl DecisionInput {
    pub fn new(approve: bool, reason: String) -> DecisionInput {
        DecisionInput {
            decision: if approve {
                Decision::Approve
            } else {
                Decision::Deny
            },
            reason,
        }
    }

    pub fn approve(&self) -> Option<bool> {
        match self.decision {
            Decision::Approve => Some(true),
            Decision::Deny => Some(false),
            Decision::Missing | Decision::Other => None,
        }
    }

    /// A denial needs its reason; an approval may have one.
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        match self.approve() {
            None => put(
                &mut e,
                "decision",
                Err(if self.decision == Decision::Missing {
                    FieldRule::Required
                } else {
                    FieldRule::Invalid
                }),
            ),
            Some(false) => put(
                &mut e,
                "reason",
                org::required_text(&self.reason, REASON_MAX),
            ),
            Some(true) => put(
                &mut e,
                "reason",
                contact::optional_text(&self.reason, REASON_MAX),
            ),
        }
        e
    }
}

/// A role held: `GET /api/v1/me/roles` and an approver's list of end users.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleGrantView {
    pub application: String,
    pub application_name: String,
    pub role: String,
    pub role_name: String,
    pub approver: bool,
    pub organization: OrganizationSummary,
    pub granted_at: u64,
    /// When it was granted or last recertified.
    #[serde(default)]
    pub certified_at: u64,
    /// The date (YYYY-MM-DD) it expires unless recertified before.
    #[serde(default)]
    pub due_on: String,
    /// Whole days from today to the due date.
    #[serde(default)]
    pub days_left: i64,
    #[serde(default)]
    pub status: GrantStatus,
    /// When it expired (expired roles only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired_at: Option<u64>,
}

/// Where a role stands in its yearly recertification.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GrantStatus {
    #[default]
    Active,
    /// Due for recertification within [`DUE_SOON_DAYS`].
    DueSoon,
    /// Expired (not recertified by its due date) or removed at recertification.
    Expired,
}

/// A role is "due soon", and on its approvers' recertification list, this many days
/// before its due date.
pub const DUE_SOON_DAYS: i64 = 60;

/// One role due for recertification: `GET /api/v1/approvals/recertifications` (end
/// users, for their approvers) and `GET /api/v1/admin/recertifications` (approvers, for
/// the help desk).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DueGrant {
    pub person: Person,
    pub grant: RoleGrantView,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecertDecision {
    #[default]
    Keep,
    Remove,
}

/// One decision of a recertification.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecertItem {
    pub user_id: String,
    pub organization_id: String,
    pub application: String,
    pub role: String,
    pub decision: RecertDecision,
    /// Needed to remove: it is emailed to the person.
    #[serde(default)]
    pub reason: String,
}

/// Most decisions in one recertification.
pub const RECERT_MAX_ITEMS: usize = 200;

/// `POST /api/v1/approvals/recertifications` (and `/admin/recertifications`): keep or
/// remove one or several roles at once.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecertInput {
    #[serde(default)]
    pub items: Vec<RecertItem>,
}

impl RecertInput {
    /// At least one decision and at most [`RECERT_MAX_ITEMS`]; a removal needs its
    /// reason (`items.<i>.reason`).
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        if self.items.is_empty() {
            put(&mut e, "items", Err(FieldRule::Required));
        } else if self.items.len() > RECERT_MAX_ITEMS {
            put(&mut e, "items", Err(FieldRule::Invalid));
        }
        for (i, it) in self.items.iter().enumerate() {
            let reason = if it.decision == RecertDecision::Remove {
                org::required_text(&it.reason, REASON_MAX)
            } else {
                contact::optional_text(&it.reason, REASON_MAX)
            };
            put(&mut e, &format!("items.{i}.reason"), reason);
        }
        e
    }
}

/// What a recertification did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecertResult {
    pub kept: u32,
    pub removed: u32,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IdentityStatus {
    #[default]
    Unverified,
    NotVerified,
    ManualRequested,
    ManualRefused,
    Verified,
}

/// Where the account is in identity proofing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentityView {
    pub status: IdentityStatus,
    /// Failed attempts so far (a second needs the user to confirm they contacted
    /// the verification service; after two, manual verification can be asked for).
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// `GET /api/v1/me/roles`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyAccess {
    pub grants: Vec<RoleGrantView>,
    /// Roles that expired at recertification or were removed, newest first.
    #[serde(default)]
    pub expired: Vec<RoleGrantView>,
    pub requests: Vec<RoleRequestView>,
    pub identity: IdentityView,
}

/// `POST /api/v1/me/identity-verification`: remote identity proofing (steps 11-14).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct IdentityInput {
    pub first_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    pub last_name: String,
    pub date_of_birth: String,
    pub address: Address,
    /// The person read the proofing service's terms and ticked the box (source `002_…`).
    pub terms_accepted: bool,
    /// On a retry: the person confirms, with a box, that they contacted the verification
    /// service about the first failure (source `002_…`).
    pub confirmed_contact: bool,
}

impl IdentityInput {
    pub fn validate(&self, today: Date, retry: bool) -> FieldErrors {
        let mut e = FieldErrors::new();
        put(&mut e, "first_name", person::name(&self.first_name));
        put(
            &mut e,
            "middle_name",
            person::optional_name(self.middle_name.as_deref().unwrap_or("")),
        );
        put(&mut e, "last_name", person::name(&self.last_name));
        put(
            &mut e,
            "date_of_birth",
            person::date_of_birth(&self.date_of_birth, today),
        );
        validate_address(&mut e, "address.", &self.address);
        if !self.terms_accepted {
            put(&mut e, "terms_accepted", Err(FieldRule::Required));
        }
        if retry && !self.confirmed_contact {
            put(&mut e, "confirmed_contact", Err(FieldRule::Required));
        }
        e
    }
}

/// `POST /api/v1/handovers`: an approver leaving names the approver who follows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct HandoverInput {
    pub organization_id: String,
    pub new_approver_user_id: String,
    pub reason: String,
}

impl HandoverInput {
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        if self.organization_id.trim().is_empty() {
            put(&mut e, "organization_id", Err(FieldRule::Required));
        }
        if self.new_approver_user_id.trim().is_empty() {
            put(&mut e, "new_approver_user_id", Err(FieldRule::Required));
        }
        put(
            &mut e,
            "reason",
            org::required_text(&self.reason, REASON_MAX),
        );
        e
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandoverView {
    pub id: String,
    pub organization: OrganizationSummary,
    pub from: Person,
    pub to: Person,
    pub reason: String,
    pub status: RequestStatus,
    pub created_at: u64,
}

/// A new organisation form as the help desk sees it, TIN in full.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormView {
    pub id: String,
    pub legal_name: String,
    /// Full in the help desk's detail view, masked in its queue.
    pub tin: String,
    pub official_name: String,
    pub official_title: String,
    pub official_email: String,
    pub approver_name: String,
    pub approver_email: String,
    pub signature: String,
    pub signed_on: String,
    pub status: RequestStatus,
    pub submitted_at: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitter_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_reason: Option<String>,
}

/// A manual identity verification asked of the help desk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentityCase {
    pub person: Person,
    pub reference: Option<String>,
    pub attempts: u32,
    pub requested_at: u64,
}

/// An account as the help desk's search shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountSummary {
    pub person: Person,
    pub status: String,
    pub roles: Vec<String>,
    pub identity: IdentityStatus,
    pub grants: Vec<RoleGrantView>,
    pub created_at: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_login_at: Option<u64>,
    /// The date (YYYY-MM-DD) it became or becomes inactive without a login.
    #[serde(default)]
    pub inactive_on: String,
}

/// The help desk's lifecycle lists: `GET /api/v1/admin/lifecycle`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LifecycleView {
    /// Inactive accounts (reactivate them, or they reset their password).
    pub inactive: Vec<AccountSummary>,
    /// Accounts that become inactive within the warning period.
    pub becoming_inactive: Vec<AccountSummary>,
    /// Approvers' roles due within [`DUE_SOON_DAYS`]: the help desk recertifies them.
    pub approvers_due: Vec<DueGrant>,
    /// Roles that expired in the last 30 days without recertification.
    pub expired: Vec<DueGrant>,
    /// Organisations with no approver left.
    pub orphaned: Vec<OrganizationSummary>,
}

/// `POST /api/v1/admin/organizations/{id}/approvers/{user_id}/removal`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RemovalInput {
    #[serde(default)]
    pub reason: String,
}

impl RemovalInput {
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        put(
            &mut e,
            "reason",
            org::required_text(&self.reason, REASON_MAX),
        );
        e
    }
}

/// What removing an approver left.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RemovalResult {
    pub removed: u32,
    /// The organisation has no approver left: it is on the help desk's list.
    pub orphaned: bool,
}

/// One of an approver's end users: `GET /api/v1/approvals/members`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberView {
    pub person: Person,
    pub grants: Vec<RoleGrantView>,
}

/// The help desk's view of one account: `GET /api/v1/admin/accounts/{user_id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminAccount {
    pub account: AccountSummary,
    pub activity: Vec<super::auth::Activity>,
    /// What the help desk needs to help a person who lost their devices.
    #[serde(default)]
    pub support: SupportView,
}

/// `GET /api/v1/account-setups/{token}`: whose account the link sets up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetupInfo {
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
}

/// `POST /api/v1/account-setups/{token}`: the first password and security question of
/// an account made on the command line (the first help-desk account).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SetupCompletion {
    pub new_password: String,
    pub security_question: String,
    pub security_answer: String,
}

impl SetupCompletion {
    pub fn validate(&self, ctx: crate::validate::password::Context<'_>) -> FieldErrors {
        let mut e = FieldErrors::new();
        super::auth::new_password(&mut e, "new_password", &self.new_password, ctx);
        super::security_question::validate(&mut e, &self.security_question, &self.security_answer);
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 23).unwrap()
    }

    fn form() -> OrganizationFormInput {
        OrganizationFormInput {
            legal_name: "Sunshine Family Practice, P.A.".into(),
            tin: "59-1234567".into(),
            official_name: "Olivia Official".into(),
            official_title: "Practice Administrator".into(),
            official_email: "olivia@sunshine.example".into(),
            approver_name: "Alan Approver".into(),
            approver_email: "alan@sunshine.example".into(),
            signature: "olivia  official".into(),
            signed_on: "2026-11-20".into(),
        }
    }

    #[test]
    fn a_complete_form_passes_and_each_field_is_checked() {
        assert_eq!(form().validate(today()), FieldErrors::new());
        let mut f = form();
        f.signature = "Someone Else".into();
        f.signed_on = "2026-11-24".into();
        f.tin = "12".into();
        f.approver_name = "Alan".into();
        let e = f.validate(today());
        assert_eq!(e["signature"], ["signature_mismatch"]);
        assert_eq!(e["signed_on"], ["in_future"]);
        assert_eq!(e["tin"], ["invalid"]);
        assert_eq!(e["approver_name"], ["invalid"]);
        f.signed_on = "2026-10-01".into();
        assert_eq!(f.validate(today())["signed_on"], ["too_old"]);
        let empty = OrganizationFormInput::default().validate(today());
        assert_eq!(empty.len(), 9);
    }

    #[test]
    fn decisions_need_a_reason_to_deny() {
        let mut d = DecisionInput::new(false, " ".into());
        assert_eq!(d.validate()["reason"], ["required"]);
        d.decision = Decision::Approve;
        assert!(d.validate().is_empty());
        // On the wire: the same words as before, and unknown or missing ones are rules
        // broken (422), not unreadable bodies (400).
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#"{"decision":"approve","reason":" "}"#
        );
        let d: DecisionInput = serde_json::from_str(r#"{"decision":"maybe"}"#).unwrap();
        assert_eq!(d.validate()["decision"], ["invalid"]);
        let d: DecisionInput = serde_json::from_str(r#"{"reason":"x"}"#).unwrap();
        assert_eq!(d.validate()["decision"], ["required"]);
    }

    #[test]
    fn identity_retries_need_the_confirmation() {
        let mut i = IdentityInput {
            first_name: "Mary".into(),
            middle_name: Some("Beth".into()),
            last_name: "Jones".into(),
            date_of_birth: "1980-02-29".into(),
            address: Address {
                line1: "1 Main St".into(),
                line2: None,
                city: "Jacksonville".into(),
                state: "FL".into(),
                zip: "32202".into(),
            },
            terms_accepted: true,
            confirmed_contact: false,
        };
        assert!(i.validate(today(), false).is_empty());
        assert_eq!(i.validate(today(), true)["confirmed_contact"], ["required"]);
        i.terms_accepted = false;
        assert_eq!(i.validate(today(), false)["terms_accepted"], ["required"]);
    }
}

#[cfg(test)]
mod status_code {
    use super::RequestStatus;

    #[test]
    fn a_request_status_code_is_its_json_spelling() {
        for s in [
            RequestStatus::Pending,
            RequestStatus::Approved,
            RequestStatus::Denied,
        ] {
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.code())
            );
        }
    }
}
