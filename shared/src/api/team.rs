//! The help desk's own team (issue 30): who is on it, inviting a colleague with the same
//! one-time setup link the command line's `create-help-desk` makes (emailed to them, never
//! shown to the inviter), and taking the role away (never your own, never the last one).
use super::error::FieldErrors;
use crate::validate::fields::{put, put_all};
use crate::validate::{contact, person, user_id};
use serde::{Deserialize, Serialize};

/// One person with the help-desk role: `GET /api/v1/admin/team`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamMember {
    pub user_id: String,
    pub name: String,
    pub email: String,
    /// Invited and not yet through the setup link.
    pub invited: bool,
    /// The last complete login, Eastern time (`YYYY-MM-DD HH:MM`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_login_et: Option<String>,
    /// The caller.
    pub you: bool,
}

/// `POST /api/v1/admin/team`: a colleague to invite.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TeamInvite {
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
}

impl TeamInvite {
    /// The registration's rules for a user ID, a name and an email address.
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        put_all(&mut e, "user_id", user_id::validate(self.user_id.trim()));
        put(&mut e, "first_name", person::name(&self.first_name));
        put(&mut e, "last_name", person::name(&self.last_name));
        put(&mut e, "email", contact::email(&self.email));
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invite_is_held_to_the_registration_rules() {
        let ok = TeamInvite {
            user_id: "dee.esk".into(),
            first_name: "Dee".into(),
            last_name: "Esk".into(),
            email: "dee@example.org".into(),
        };
        assert!(ok.validate().is_empty());
        let bad = TeamInvite {
            user_id: "d".into(),
            first_name: String::new(),
            email: "not-an-address".into(),
            ..ok
        };
        let e = bad.validate();
        assert_eq!(
            e.keys().collect::<Vec<_>>(),
            ["email", "first_name", "user_id"]
        );
    }
}
