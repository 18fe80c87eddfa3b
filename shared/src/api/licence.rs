//! The licence gate: `/api/v1/applications/{app}/licence`.
//!
//! Source `002_…`: SPOT shows a licence with two buttons before it opens; accepting
//! binds the organisation the person acts for (so each acceptance records it), and
//! declining simply leaves the screen.
//!
//! An application with a licence cannot be used (no document is accepted for it) until
//! the user has accepted its current version for that organisation; a new version asks
//! again. Declining sends nothing to the server and changes nothing.
use serde::{Deserialize, Serialize};

/// `GET /api/v1/applications/{app}/licence?organization=…`: the licence to show, and
/// whether this user has accepted its current version for that organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenceView {
    pub application: String,
    pub application_name: String,
    /// Empty when the application has no licence (`accepted` is then true).
    pub version: String,
    pub title: String,
    /// Paragraphs separated by blank lines.
    pub text: String,
    pub accepted: bool,
    /// When the current version was accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_at: Option<u64>,
    /// An earlier version accepted before: the text has changed since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earlier_version: Option<String>,
    /// The application's own address, which "Open" goes to once the licence is
    /// accepted (none: Umbral's pages for it are all there is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// `POST /api/v1/applications/{app}/licence`: accept `version` (the one shown) for
/// `organization`. A version that is no longer current answers `409 conflict`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct LicenceAcceptance {
    pub version: String,
    pub organization: String,
}

/// One acceptance, in the help desk's list (`GET /api/v1/admin/licence-acceptances`)
/// and its CSV export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptanceView {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub application: String,
    pub version: String,
    pub organization: String,
    pub organization_name: String,
    pub accepted_at: u64,
    /// The same, Eastern time.
    pub accepted_et: String,
}

/// The CSV columns of the export, in order.
pub const CSV_HEADER: &str =
    "user_id,name,email,application,version,organization_id,organization_name,accepted_at_utc,accepted_at_et";

/// One CSV field: quoted when it holds a comma, quote or line break, and with a leading
/// `'` when a spreadsheet would read it as a formula (`=`, `+`, `-`, `@`, tab, CR).
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("ann"), "ann");
        assert_eq!(csv_field("Smith, Ann"), "\"Smith, Ann\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(CSV_HEADER.split(',').count(), 9);
    }
}
