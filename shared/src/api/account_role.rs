//! The account-wide roles that change what a person's screens offer: the help desk
//! (the console) and an approver (the approvals queue). A role of an application for an
//! organisation is a grant (`api::access`), not one of these.
use serde::{Deserialize, Serialize};

/// An account-wide role, stored and sent by its code (`help_desk`, `approver`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountRole {
    HelpDesk,
    Approver,
}

impl AccountRole {
    /// The code, as in an account's `roles` and the profile's.
    pub const fn code(self) -> &'static str {
        match self {
            AccountRole::HelpDesk => "help_desk",
            AccountRole::Approver => "approver",
        }
    }

    /// Whether `roles` (codes) include this one.
    pub fn held_in(self, roles: &[String]) -> bool {
        roles.iter().any(|r| r == self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::AccountRole;

    #[test]
    fn the_code_is_the_serialised_form() {
        for r in [AccountRole::HelpDesk, AccountRole::Approver] {
            assert_eq!(serde_json::to_value(r).unwrap(), r.code());
            assert!(r.held_in(&["x".into(), r.code().into()]));
            assert!(!r.held_in(&["x".into()]));
        }
    }
}
