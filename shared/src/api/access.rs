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
    /// Due for recertification soon (`DUE_SOON_DAYS` of the recertification types).
    DueSoon,
    /// Expired (not recertified by its due date) or removed at recertification.
    Expired,
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

/// A page of the help desk's account search: `GET /api/v1/admin/accounts`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountPage {
    pub accounts: Vec<AccountSummary>,
    /// Where the next page starts (`after`); absent when there is no more to find.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
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
mod tests;

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
