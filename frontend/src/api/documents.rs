//! Document submission and the licence gate.
use super::{get, post, post_form, seg, url, Answer};
use shared::api::document::{SubmissionForm, SubmissionView};
use shared::api::licence::{AcceptanceView, LicenceAcceptance, LicenceView};
use shared::i18n::Locale;

pub async fn form(l: Locale) -> Answer<SubmissionForm> {
    get(l, "/submissions/form").await
}

pub async fn submissions(l: Locale) -> Answer<Vec<SubmissionView>> {
    get(l, "/submissions").await
}

pub async fn submission(l: Locale, reference: &str) -> Answer<SubmissionView> {
    get(l, &format!("/submissions/{}", seg(reference))).await
}

/// Where a stored file is downloaded from (a plain link: the cookie goes with it).
pub fn file_url(reference: &str, index: usize) -> String {
    url(&format!("/submissions/{}/files/{index}", seg(reference)))
}

/// `POST /submissions` with the form already built (text fields, then the files): the
/// browser writes the multipart body and its boundary.
pub async fn submit(l: Locale, body: web_sys::FormData) -> Answer<SubmissionView> {
    post_form(l, "/submissions", body).await
}

pub async fn licence(l: Locale, app: &str, org: &str) -> Answer<LicenceView> {
    get(
        l,
        &format!(
            "/applications/{}/licence?organization={}",
            seg(app),
            seg(org)
        ),
    )
    .await
}

pub async fn accept_licence(l: Locale, app: &str, body: &LicenceAcceptance) -> Answer<LicenceView> {
    post(l, &format!("/applications/{}/licence", seg(app)), body).await
}

pub async fn acceptances(l: Locale) -> Answer<Vec<AcceptanceView>> {
    get(l, "/admin/licence-acceptances").await
}

/// The help desk's CSV export (a plain link).
pub const ACCEPTANCES_CSV: &str = "/api/v1/admin/licence-acceptances.csv";
