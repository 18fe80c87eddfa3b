//! Secure document submission (see `shared::api::document` for the source's words).
//!
//! - **Who**: a person holding a live role of the application for the organisation, who
//!   has accepted the application's licence (if it has one), submits. The submitter,
//!   the organisation's approvers of that application and the help desk see it; for
//!   anyone else it does not exist (`NotFound`, as for a reference that was never
//!   issued). Every download is audited in the downloader's trail.
//! - **Bytes**: each file is streamed, as it arrives, into a temporary folder under
//!   `<data dir>/documents/tmp/`, encrypted with a fresh ChaCha20-Poly1305 key of its
//!   own (sealed with the server key, bound to the submission and file) in 64 KiB
//!   chunks whose nonces count the chunks and mark the last one (the STREAM
//!   construction), so a chunk cannot be moved, dropped or truncated unnoticed. The
//!   SHA-256 of the plain bytes goes in the receipt. The kind comes from the first
//!   bytes, and the size limit is checked as bytes arrive: nothing over it is kept.
//! - **Commit**: the files are synced, the folder renamed into place (one atomic step)
//!   and synced, then the record is written and flushed; only then is the receipt
//!   answered and queued for email (deterministic message id: once). A crash before
//!   the record leaves no receipt and no visible document; what it left on disk is
//!   removed at the next start ([`Vault::sweep`]).
use crate::domain::access::{is_help_desk, person, summary, DomainError};
use crate::domain::auth::Authenticated;
use crate::domain::licences::et_seconds;
use crate::domain::Umbral;
use crate::store::vault::{FileReader, FileWriter, Upload, UploadError};
use crate::store::{index, Account, Organization, Store, StoredFile, Submission, Table};
use rand::RngCore;
use shared::api::document::{
    DocumentType, FileView, SubmissionForm, SubmissionInput, SubmissionView, MAX_FILES,
};
use shared::i18n::Locale;
use std::collections::HashSet;

/// Submissions a list shows at most.
pub const LIST_LIMIT: usize = 200;

/// A reference number: `D`, the Eastern date received, and six characters from an
/// alphabet without look-alikes (Crockford's base 32): `D20261124-7KQ4XM`.
fn reference(now: u64) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut b = [0u8; 6];
    rand::rngs::OsRng.fill_bytes(&mut b);
    let tail: String = b
        .iter()
        .map(|x| ALPHABET[(*x as usize) % 32] as char)
        .collect();
    let d = shared::calendar::eastern(now)
        .date
        .to_string()
        .replace('-', "");
    format!("D{d}-{tail}")
}

impl Umbral {
    /// `GET /submissions/form`: the document types in `l` and the limits.
    pub fn submission_form(&self, l: Locale) -> SubmissionForm {
        SubmissionForm {
            types: self
                .apps
                .document_types
                .iter()
                .map(|t| DocumentType {
                    id: t.id.clone(),
                    name: t.name.get(l).into(),
                })
                .collect(),
            file_limit: self.documents.file_limit,
            max_files: MAX_FILES,
        }
    }

    /// Before a byte of the body is read: `me` holds a live role of some application
    /// (no one else can submit anything), is under the day's count and bytes (any 24
    /// hours, counted from the stored submissions at this instant, so it holds across
    /// restarts and instances), and the disk can take the request. Returns the bytes
    /// this account may still send today. Security review 3, G6 and G7.
    pub async fn may_upload(&self, me: &Authenticated, now: u64) -> Result<u64, DomainError> {
        let a = &me.account;
        if !a.grants.iter().any(|g| now < self.policy.due(g)) {
            return Err(DomainError::NotFound);
        }
        let q = &self.documents.quotas;
        let since = now.saturating_sub(24 * 3600);
        let mut refs = vec![];
        let mut oldest = now;
        for k in self
            .store
            .keys_with_prefix(
                Table::Index,
                &index::submissions_by_account_prefix(&a.key()),
            )
            .await?
        {
            let (at, reference) = index::submission_of_key(&k);
            if at > since {
                oldest = oldest.min(at);
                refs.push(reference);
            }
        }
        if refs.len() as u64 >= u64::from(q.per_day) {
            let wait = (oldest + 24 * 3600).saturating_sub(now).max(1);
            return Err(DomainError::Auth(crate::domain::auth::AuthError::TooMany(
                wait,
            )));
        }
        let r: Vec<&str> = refs.iter().map(String::as_str).collect();
        let used: u64 = self
            .store
            .get_many::<Submission>(Table::Submissions, &r)
            .await?
            .iter()
            .flat_map(|s| s.files.iter().map(|f| f.size))
            .sum();
        let left = q.bytes_per_day.saturating_sub(used);
        if left == 0 {
            return Err(DomainError::Quota);
        }
        if !self.documents.has_room() {
            tracing::error!("document upload refused: the disk is nearly full");
            return Err(DomainError::DiskFull);
        }
        Ok(left)
    }

    /// Checks the form and that `me` may submit for its application and organisation,
    /// before a byte of any file is read.
    pub async fn may_submit(
        &self,
        me: &Authenticated,
        input: &SubmissionInput,
        now: u64,
    ) -> Result<(), DomainError> {
        let types: Vec<&str> = self
            .apps
            .document_types
            .iter()
            .map(|t| t.id.as_str())
            .collect();
        input.validate(&types).map_err(DomainError::Invalid)?;
        let (app, org) = (input.application.trim(), input.organization.trim());
        if !self.holds_role(&me.account, app, org, now) {
            return Err(DomainError::NotFound);
        }
        // The application's form is closed with it (its weekly window, its outages).
        self.app_open(app, now).await?;
        self.require_licence(&me.account, app, org).await
    }

    /// An upload about to be read, with `left` bytes of the day's quota
    /// ([`Umbral::may_upload`]). The handler streams the request into it: text fields with
    /// [`Submitting::input_mut`], each file with [`Umbral::open_file`],
    /// [`Submitting::write`] and [`Submitting::close_file`]; then
    /// [`Umbral::finish_submission`].
    pub fn start_submission(&self, left: u64) -> Submitting {
        Submitting {
            input: SubmissionInput::default(),
            upload: None,
            left,
        }
    }

    /// The next file of the upload, named `name` by the client. Before the first one
    /// (the form's text fields come first) the form and the caller's right to submit
    /// are checked, at this instant, so no byte is stored for a refused form.
    pub async fn open_file(
        &self,
        me: &Authenticated,
        sub: &mut Submitting,
        name: &str,
    ) -> Result<FileWriter, DomainError> {
        let upload = match sub.upload.as_mut() {
            Some(u) => u,
            None => {
                self.may_submit(me, &sub.input, self.clock.now()).await?;
                sub.upload
                    .insert(self.documents.begin().await.map_err(DomainError::Io)?)
            }
        };
        Ok(upload
            .file(&self.keys, name, self.documents.file_limit)
            .await?)
    }

    /// Ends the upload: with no file, the form's own errors or else `files: required`;
    /// otherwise [`Umbral::commit_submission`].
    pub async fn finish_submission(
        &self,
        me: &Authenticated,
        sub: Submitting,
    ) -> Result<Submission, DomainError> {
        let Some(upload) = sub.upload else {
            self.may_submit(me, &sub.input, self.clock.now()).await?;
            return Err(crate::domain::access::field("files", "required"));
        };
        self.commit_submission(me, sub.input, upload).await
    }

    /// Records a finished upload: the files are put in place, then the submission is
    /// written (flushed), audited and its receipt queued for email. The receipt date
    /// comes from the server's clock at this moment.
    pub async fn commit_submission(
        &self,
        me: &Authenticated,
        input: SubmissionInput,
        upload: Upload,
    ) -> Result<Submission, DomainError> {
        // Checked again at the end of the upload, at this instant: a window that began
        // while the files were coming in closes it.
        let now = self.clock.now();
        self.may_submit(me, &input, now).await?;
        if upload.files() == 0 {
            return Err(crate::domain::access::field("files", "required"));
        }
        let (dir, files) = upload.commit().await?;
        let key = me.account.key();
        let s = Submission {
            reference: reference(now),
            dir,
            application: input.application.trim().into(),
            organization: input.organization.trim().into(),
            doc_type: input.doc_type.trim().into(),
            subject: input.subject.trim().into(),
            claim_reference: input.reference.trim().to_uppercase(),
            files,
            submitted_by: key.clone(),
            received_at: now,
            receipt_date: shared::receipt::receipt_date(now).to_string(),
        };
        // The indexes first: one pointing at a record that a crash kept from being
        // written is skipped; the record is the commit point.
        self.ix_put(
            &index::submission_by_org(&s.organization, now, &s.reference),
            &s.reference,
        )
        .await?;
        self.ix_put(
            &index::submission_by_account(&key, now, &s.reference),
            &s.reference,
        )
        .await?;
        self.store
            .insert_new(Table::Submissions, &s.reference, &s)
            .await?;
        self.audit(
            &key,
            "document_submitted",
            Some(format!(
                "{} {} for {}, {} file(s)",
                s.reference,
                s.doc_type,
                s.organization,
                s.files.len()
            )),
            now,
        )
        .await?;
        let v = self.submission_view(&s, me.account.locale).await;
        self.notify_once(
            &me.account,
            "msg-receipt",
            &[
                ("reference", v.reference.clone()),
                ("received", v.received_et.clone()),
                ("receipt_date", v.receipt_date.clone()),
                ("doc_type", v.doc_type_name.clone()),
                ("subject", v.subject.clone()),
                ("organization", v.organization.legal_name.clone()),
                ("files", v.files.len().to_string()),
                (
                    "link",
                    format!("{}/submissions/{}", self.policy.public_url, v.reference),
                ),
            ],
            format!("receipt-{}", s.reference),
            now,
        )
        .await?;
        Ok(s)
    }

    /// May `a` see `s`? The submitter, the organisation's approvers of the
    /// application, and the help desk.
    fn may_see(&self, a: &Account, s: &Submission, now: u64) -> bool {
        s.submitted_by == a.key()
            || self.is_approver_of(a, &s.application, &s.organization, now)
            || is_help_desk(a)
    }

    pub async fn submission_view(&self, s: &Submission, l: Locale) -> SubmissionView {
        let org = self
            .store
            .get::<Organization>(Table::Organizations, &s.organization)
            .await
            .ok()
            .flatten();
        let by = self
            .store
            .get::<Account>(Table::Accounts, &s.submitted_by)
            .await
            .ok()
            .flatten();
        let receipt = shared::date::Date::parse(&s.receipt_date);
        SubmissionView {
            reference: s.reference.clone(),
            application: s.application.clone(),
            application_name: self
                .apps
                .app(&s.application)
                .map_or(s.application.clone(), |a| a.name.get(l).into()),
            organization: org.as_ref().map(summary).unwrap_or_else(|| {
                shared::api::access::OrganizationSummary {
                    id: s.organization.clone(),
                    legal_name: s.organization.clone(),
                    city: String::new(),
                    state: String::new(),
                    tin_masked: String::new(),
                    status: String::new(),
                }
            }),
            doc_type: s.doc_type.clone(),
            doc_type_name: self
                .apps
                .document_type(&s.doc_type)
                .map_or(s.doc_type.clone(), |t| t.name.get(l).into()),
            subject: s.subject.clone(),
            claim_reference: s.claim_reference.clone(),
            files: s
                .files
                .iter()
                .enumerate()
                .map(|(index, f)| FileView {
                    index,
                    name: f.name.clone(),
                    kind: f.kind,
                    size: f.size,
                    sha256: f.sha256.clone(),
                })
                .collect(),
            submitted_by: by
                .as_ref()
                .map(person)
                .unwrap_or_else(|| shared::api::access::Person {
                    user_id: s.submitted_by.clone(),
                    name: String::new(),
                    email: String::new(),
                }),
            received_at: s.received_at,
            received_et: et_seconds(s.received_at),
            receipt_date: s.receipt_date.clone(),
            next_business_day: receipt.is_some_and(|d| d != shared::calendar::today(s.received_at)),
        }
    }

    /// `GET /submissions/{reference}`: `NotFound` unless `me` may see it.
    pub async fn submission(
        &self,
        me: &Authenticated,
        reference: &str,
        l: Locale,
        now: u64,
    ) -> Result<SubmissionView, DomainError> {
        let s = self.visible_submission(&me.account, reference, now).await?;
        Ok(self.submission_view(&s, l).await)
    }

    async fn visible_submission(
        &self,
        a: &Account,
        reference: &str,
        now: u64,
    ) -> Result<Submission, DomainError> {
        self.store
            .get::<Submission>(Table::Submissions, reference)
            .await?
            .filter(|s| self.may_see(a, s, now))
            .ok_or(DomainError::NotFound)
    }

    /// `GET /submissions`: what `me` may see, newest first: their own and those of the
    /// organisations they approve for (of the applications they approve); for the help
    /// desk, every submission. At most [`LIST_LIMIT`].
    pub async fn submissions(
        &self,
        me: &Authenticated,
        l: Locale,
        now: u64,
    ) -> Result<Vec<SubmissionView>, DomainError> {
        let a = &me.account;
        let mut refs: Vec<(u64, String)> = vec![];
        if is_help_desk(a) {
            for (k, _) in self
                .store
                .scan::<Submission>(Table::Submissions, "", usize::MAX)
                .await?
            {
                refs.push((0, k));
            }
        } else {
            let mut prefixes = vec![index::submissions_by_account_prefix(&a.key())];
            for org in self.approver_orgs(a) {
                prefixes.push(index::submissions_by_org_prefix(&org));
            }
            for p in prefixes {
                for k in self.store.keys_with_prefix(Table::Index, &p).await? {
                    refs.push(index::submission_of_key(&k));
                }
            }
        }
        let mut seen = HashSet::new();
        let mut out = vec![];
        for (_, r) in refs {
            if !seen.insert(r.clone()) {
                continue;
            }
            if let Ok(s) = self.visible_submission(a, &r, now).await {
                out.push(s);
            }
        }
        out.sort_by(|x, y| {
            y.received_at
                .cmp(&x.received_at)
                .then_with(|| y.reference.cmp(&x.reference))
        });
        out.truncate(LIST_LIMIT);
        let mut views = Vec::with_capacity(out.len());
        for s in &out {
            views.push(self.submission_view(s, l).await);
        }
        Ok(views)
    }

    /// `GET /submissions/{reference}/files/{index}`: the file's details and a reader of
    /// its plain bytes; audited in `me`'s trail.
    pub async fn open_document(
        &self,
        me: &Authenticated,
        reference: &str,
        index: usize,
        now: u64,
    ) -> Result<(StoredFile, FileReader), DomainError> {
        let s = self.visible_submission(&me.account, reference, now).await?;
        let f = s.files.get(index).ok_or(DomainError::NotFound)?.clone();
        let reader = self.documents.open_file(&self.keys, &s, index).await?;
        self.audit(
            &me.account.key(),
            "document_downloaded",
            Some(format!("{reference} file {}: {}", index + 1, f.name)),
            now,
        )
        .await?;
        Ok((f, reader))
    }

    /// The folders every submission names, for [`Vault::sweep`].
    pub async fn submission_dirs(&self) -> Result<HashSet<String>, DomainError> {
        Ok(self
            .store
            .scan::<Submission>(Table::Submissions, "", usize::MAX)
            .await?
            .into_iter()
            .map(|(_, s)| s.dir)
            .collect())
    }
}

/// An upload being read (see [`Umbral::start_submission`]): the form as its fields
/// arrive, the files stored so far (nothing until the first file), and the bytes of the
/// day's quota still free.
pub struct Submitting {
    input: SubmissionInput,
    upload: Option<Upload>,
    left: u64,
}

impl Submitting {
    /// Where a text field of the form goes.
    pub fn input_mut(&mut self) -> &mut SubmissionInput {
        &mut self.input
    }

    /// A piece of the open file, counted against the day's bytes as it arrives
    /// (security review 3, G6).
    pub async fn write(&mut self, w: &mut FileWriter, bytes: &[u8]) -> Result<(), DomainError> {
        self.left = self
            .left
            .checked_sub(bytes.len() as u64)
            .ok_or(DomainError::Quota)?;
        Ok(w.write(bytes).await?)
    }

    /// The file is whole: its kind is checked and it joins the upload.
    pub async fn close_file(&mut self, w: FileWriter) -> Result<(), DomainError> {
        let f = w.finish().await?;
        if let Some(u) = self.upload.as_mut() {
            u.add(f);
        }
        Ok(())
    }
}

/// What the vault refuses, as the portal answers it: a file over the limit, a file
/// that breaks a rule (its kind), too many files, or the disk.
impl From<UploadError> for DomainError {
    fn from(e: UploadError) -> DomainError {
        match e {
            UploadError::Rule(shared::api::document::FileRule::TooLarge) => DomainError::TooLarge,
            UploadError::Rule(r) => crate::domain::access::field("files", r.code()),
            UploadError::TooManyFiles => crate::domain::access::field("files", "too_many"),
            UploadError::Io(e) => DomainError::Io(e),
        }
    }
}

#[cfg(test)]
mod tests;
