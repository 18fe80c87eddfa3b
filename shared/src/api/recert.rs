//! Recertification and the account lifecycle: the approvers' and the help desk's due
//! lists, their keep-or-remove decisions, and the help desk's lifecycle lists. Source
//! `002_…` (approver instructions): approvers confirm their end users' roles every year.
//! Re-exported by [`super::access`].
use super::access::{AccountSummary, OrganizationSummary, Person, RoleGrantView};
use super::error::FieldErrors;
use crate::validate::contact::{self, FieldRule};
use crate::validate::fields::put;
use crate::validate::organization::{self as org, REASON_MAX};
use serde::{Deserialize, Serialize};

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

/// Accounts or expired roles on one page of a lifecycle list.
pub const LIFECYCLE_PAGE: usize = 25;

/// The help desk's lifecycle lists: `GET /api/v1/admin/lifecycle`. The three lists that
/// grow with the number of accounts come a page at a time: the first page here, the
/// pages after it from `GET /api/v1/admin/lifecycle/{list}?after=` with the `*_next`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LifecycleView {
    /// Inactive accounts (reactivate them, or they reset their password), the most
    /// recently marked first.
    pub inactive: Vec<AccountSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inactive_next: Option<String>,
    /// Accounts that become inactive within the warning period, the soonest first.
    pub becoming_inactive: Vec<AccountSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub becoming_inactive_next: Option<String>,
    /// Approvers' roles due within [`DUE_SOON_DAYS`]: the help desk recertifies them.
    pub approvers_due: Vec<DueGrant>,
    /// Roles that expired in the last 30 days without recertification, newest first.
    pub expired: Vec<DueGrant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired_next: Option<String>,
    /// Organisations with no approver left.
    pub orphaned: Vec<OrganizationSummary>,
}

/// One of the paged lifecycle lists, as its path names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum LifecycleList {
    Inactive,
    BecomingInactive,
    Expired,
}

impl LifecycleList {
    /// The list's segment in `/api/v1/admin/lifecycle/{list}`.
    pub fn segment(self) -> &'static str {
        match self {
            Self::Inactive => "inactive",
            Self::BecomingInactive => "becoming-inactive",
            Self::Expired => "expired",
        }
    }

    /// The list a path segment names.
    pub fn from_segment(s: &str) -> Option<Self> {
        [Self::Inactive, Self::BecomingInactive, Self::Expired]
            .into_iter()
            .find(|l| l.segment() == s)
    }
}

/// A page of a lifecycle list after the first: `GET /api/v1/admin/lifecycle/{list}`.
/// `accounts` holds the inactive and becoming-inactive lists' entries, `expired` the
/// expired list's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LifecyclePage {
    #[serde(default)]
    pub accounts: Vec<AccountSummary>,
    #[serde(default)]
    pub expired: Vec<DueGrant>,
    /// Where the next page starts (`after`); absent at the end of the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
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

#[cfg(test)]
mod list_tests {
    use super::LifecycleList;

    #[test]
    fn a_lifecycle_list_is_named_by_its_segment_and_nothing_else() {
        for l in [
            LifecycleList::Inactive,
            LifecycleList::BecomingInactive,
            LifecycleList::Expired,
        ] {
            assert_eq!(LifecycleList::from_segment(l.segment()), Some(l));
            let json = serde_json::to_string(&l).unwrap();
            assert_eq!(json, format!("\"{}\"", l.segment()), "the schema's names");
        }
        assert_eq!(LifecycleList::from_segment("AAA"), None);
        assert_eq!(LifecycleList::from_segment("Inactive"), None);
    }
}
