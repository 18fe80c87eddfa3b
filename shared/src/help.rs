//! The help pages: short guides for the people who use Umbral, one per task, in both
//! languages, as plain HTML under `frontend/help/<lang>/<topic>.html` (served at
//! `/help/...`, readable without the SPA and printable). The screens link to the
//! guide of what they do; this list is the one both sides and the test that every page
//! exists in both languages read.

/// A help page's topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    Index,
    Register,
    LogIn,
    Devices,
    Recover,
    RequestARole,
    Approve,
    SubmitADocument,
}

impl Topic {
    pub const ALL: [Topic; 8] = [
        Topic::Index,
        Topic::Register,
        Topic::LogIn,
        Topic::Devices,
        Topic::Recover,
        Topic::RequestARole,
        Topic::Approve,
        Topic::SubmitADocument,
    ];

    /// The file's name without `.html`.
    pub fn slug(self) -> &'static str {
        match self {
            Topic::Index => "index",
            Topic::Register => "register",
            Topic::LogIn => "log-in",
            Topic::Devices => "devices",
            Topic::Recover => "recover",
            Topic::RequestARole => "request-a-role",
            Topic::Approve => "approve",
            Topic::SubmitADocument => "submit-a-document",
        }
    }

    /// Its address, in `l`.
    pub fn path(self, l: crate::i18n::Locale) -> String {
        format!("/help/{}/{}.html", l.tag(), self.slug())
    }
}
