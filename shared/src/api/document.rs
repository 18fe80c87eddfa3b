//! Secure document submission: `/api/v1/submissions`.
//!
//! Source `003_…` (SPOT's status page): a submission that arrives on a weekday evening
//! after 6 p.m. Eastern time, on a weekend or on a holiday is dated the next business
//! day (see [`crate::receipt`]). The receipt date is [`crate::receipt::receipt_date`] of the instant the server received
//! the last byte, by its own clock.
//!
//! A person holding a live role of an application for an organisation submits a
//! document for it: a type from the catalogue, a subject, an optional claim or other
//! reference number, and one to [`MAX_FILES`] files of the kinds in [`FileKind`],
//! recognised from their first bytes, never from their names. The SPA checks each file
//! with [`check_file`] as it is chosen; the server checks the same rule on the bytes it
//! receives.
use super::access::{OrganizationSummary, Person};
use super::error::FieldErrors;
use crate::validate::contact::{self, FieldRule};
use crate::validate::fields::put;
use serde::{Deserialize, Serialize};

/// Files in one submission, at most.
pub const MAX_FILES: usize = 10;
/// The default limit of each file: 10 MiB (`--upload-limit` changes it).
pub const DEFAULT_FILE_LIMIT: u64 = 10 * 1024 * 1024;
/// Longest subject.
pub const SUBJECT_MAX: usize = 120;
/// Longest claim or reference number.
pub const REFERENCE_MAX: usize = 30;
/// Longest file name kept (longer ones are cut, keeping the extension).
pub const NAME_MAX: usize = 100;
/// Bytes [`FileKind::sniff`] needs to decide.
pub const SNIFF_LEN: usize = 8;

/// The kinds of file accepted, by their signatures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
    Tiff,
}

impl FileKind {
    /// The kind the first bytes of a file announce: `%PDF-`, the PNG signature,
    /// JPEG's SOI marker followed by a marker, TIFF's `II*\0` or `MM\0*`.
    pub fn sniff(head: &[u8]) -> Option<FileKind> {
        if head.starts_with(b"%PDF-") {
            Some(FileKind::Pdf)
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(FileKind::Png)
        } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileKind::Jpeg)
        } else if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
            Some(FileKind::Tiff)
        } else {
            None
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Tiff => "image/tiff",
        }
    }

    /// The extension a file of this kind is kept and downloaded with, whatever the
    /// uploader's name said.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Png => "png",
            FileKind::Jpeg => "jpg",
            FileKind::Tiff => "tif",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Png => "png",
            FileKind::Jpeg => "jpeg",
            FileKind::Tiff => "tiff",
        }
    }
}

/// Why a file is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileRule {
    /// Nothing in it.
    Empty,
    /// Over the limit: `413 payload_too_large` from the server.
    TooLarge,
    /// Not a PDF, PNG, JPEG or TIFF, whatever its name says.
    WrongType,
}

impl FileRule {
    pub fn code(self) -> &'static str {
        match self {
            FileRule::Empty => "empty",
            FileRule::TooLarge => "too_large",
            FileRule::WrongType => "wrong_type",
        }
    }
}

/// One file's rule: not empty, at most `limit` bytes, and a kind [`FileKind::sniff`]
/// recognises in `head` (its first [`SNIFF_LEN`] bytes, or all of a shorter file).
pub fn check_file(size: u64, head: &[u8], limit: u64) -> Result<FileKind, FileRule> {
    if size == 0 {
        return Err(FileRule::Empty);
    }
    if size > limit {
        return Err(FileRule::TooLarge);
    }
    FileKind::sniff(head).ok_or(FileRule::WrongType)
}

/// A character that changes how a name is drawn without being visible: Unicode's format
/// characters (general category Cf: the bidirectional overrides and isolates that make
/// `report<U+202E>fdp.exe` read as `reportexe.pdf`, zero-width spaces and joiners, the
/// byte-order mark, tags) and the other invisible fillers.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFFB}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}')
}

/// A file name as kept and shown: the last path component, control characters,
/// invisible and direction-changing characters and quotes dropped, at most [`NAME_MAX`]
/// characters (the extension kept), `document` when nothing is left.
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let kept: String = base
        .chars()
        .filter(|c| !c.is_control() && !invisible(*c) && !matches!(c, '"' | '\''))
        .collect();
    let kept = kept.trim().trim_start_matches('.').to_string();
    if kept.is_empty() {
        return "document".into();
    }
    if kept.chars().count() <= NAME_MAX {
        return kept;
    }
    let ext: String = match kept.rsplit_once('.') {
        Some((_, e)) if e.chars().count() <= 5 => format!(".{e}"),
        _ => String::new(),
    };
    let stem: String = kept.chars().take(NAME_MAX - ext.chars().count()).collect();
    format!("{stem}{ext}")
}

/// The name a stored file is kept, listed and downloaded under: [`clean_name`] with its
/// extension replaced by the one of the kind read from its bytes (security review 3,
/// G9), so PDF bytes uploaded as `claim.html` land on a reviewer's disk as `claim.pdf`,
/// never as a page a browser would run.
pub fn name_for_kind(name: &str, kind: FileKind) -> String {
    let clean = clean_name(name);
    let stem = match clean.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s,
        _ => clean.as_str(),
    };
    let ext = kind.extension();
    let stem: String = stem.chars().take(NAME_MAX - ext.len() - 1).collect();
    format!("{}.{ext}", stem.trim_end())
}

/// The form fields of `POST /api/v1/submissions` (sent as `multipart/form-data` text
/// fields before the `file` parts).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SubmissionInput {
    pub application: String,
    pub organization: String,
    /// One of the catalogue's document type IDs.
    pub doc_type: String,
    pub subject: String,
    /// Optional: a claim number or other reference, letters, digits and hyphens.
    pub reference: String,
}

impl SubmissionInput {
    /// Every rule broken: `application`, `organization` and `doc_type` `required`
    /// (`doc_type` `invalid` when not among `types`), `subject` `required` or `invalid`
    /// (over [`SUBJECT_MAX`] or control characters), `reference` `invalid` when not 1 to
    /// [`REFERENCE_MAX`] letters, digits and hyphens.
    pub fn validate(&self, types: &[&str]) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::new();
        let required = |s: &str| {
            if s.trim().is_empty() {
                Err(FieldRule::Required)
            } else {
                Ok(())
            }
        };
        put(&mut e, "application", required(&self.application));
        put(&mut e, "organization", required(&self.organization));
        put(
            &mut e,
            "doc_type",
            required(&self.doc_type).and_then(|_| {
                if types.contains(&self.doc_type.trim()) {
                    Ok(())
                } else {
                    Err(FieldRule::Invalid)
                }
            }),
        );
        put(&mut e, "subject", contact::text(&self.subject, SUBJECT_MAX));
        put(&mut e, "reference", reference(&self.reference));
        if e.is_empty() {
            Ok(())
        } else {
            Err(e)
        }
    }
}

fn reference(s: &str) -> Result<(), FieldRule> {
    let t = s.trim();
    if t.is_empty()
        || (t.chars().count() <= REFERENCE_MAX
            && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    {
        Ok(())
    } else {
        Err(FieldRule::Invalid)
    }
}

/// A document type of the catalogue, in the request's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentType {
    pub id: String,
    pub name: String,
}

/// `GET /api/v1/submissions/form`: what the form offers and the limits it checks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionForm {
    pub types: Vec<DocumentType>,
    /// Bytes per file, at most.
    pub file_limit: u64,
    pub max_files: usize,
}

/// One stored file of a submission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileView {
    /// Its position, for `GET /submissions/{reference}/files/{index}`.
    pub index: usize,
    pub name: String,
    pub kind: FileKind,
    pub size: u64,
    /// SHA-256 of the bytes received, hex.
    pub sha256: String,
}

/// A submission and its receipt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionView {
    /// The receipt's reference number, e.g. `D20261124-7KQ4XM`.
    pub reference: String,
    pub application: String,
    pub application_name: String,
    pub organization: OrganizationSummary,
    pub doc_type: String,
    pub doc_type_name: String,
    pub subject: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub claim_reference: String,
    pub files: Vec<FileView>,
    pub submitted_by: Person,
    /// When the server received it (seconds since the epoch).
    pub received_at: u64,
    /// The same, as Eastern time: `2026-11-24 18:00:07 EST`.
    pub received_et: String,
    /// The receipt date by the source's rule, `YYYY-MM-DD`.
    pub receipt_date: String,
    /// The receipt date is later than the day it was received (after 6 p.m. ET, a
    /// weekend or a holiday).
    pub next_business_day: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_bytes_not_the_name() {
        assert_eq!(FileKind::sniff(b"%PDF-1.7\n"), Some(FileKind::Pdf));
        assert_eq!(
            FileKind::sniff(b"\x89PNG\r\n\x1a\n\0\0"),
            Some(FileKind::Png)
        );
        assert_eq!(
            FileKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(FileKind::Jpeg)
        );
        assert_eq!(FileKind::sniff(b"II*\0\x08\0"), Some(FileKind::Tiff));
        assert_eq!(FileKind::sniff(b"MM\0*\0\0"), Some(FileKind::Tiff));
        // A text file, an executable, a ZIP (a .docx) and a short PDF-looking prefix.
        for bad in [
            &b"hello"[..],
            b"MZ\x90\0",
            b"PK\x03\x04",
            b"%PD",
            b"",
            b"\x89PNG",
        ] {
            assert_eq!(FileKind::sniff(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_file_is_checked_for_size_then_kind() {
        let limit = DEFAULT_FILE_LIMIT;
        assert_eq!(check_file(9, b"%PDF-1.4\n", limit), Ok(FileKind::Pdf));
        assert_eq!(check_file(0, b"", limit), Err(FileRule::Empty));
        assert_eq!(
            check_file(limit + 1, b"%PDF-1.4", limit),
            Err(FileRule::TooLarge)
        );
        assert_eq!(check_file(limit, b"%PDF-1.4", limit), Ok(FileKind::Pdf));
        assert_eq!(
            check_file(20, b"not a pdf", limit),
            Err(FileRule::WrongType)
        );
    }

    #[test]
    fn names_are_cleaned() {
        assert_eq!(clean_name("C:\\Users\\ann\\scan.pdf"), "scan.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\"b\r\n.pdf"), "ab.pdf");
        assert_eq!(clean_name(".."), "document");
        // Direction overrides and invisible characters go (security review 3, G9).
        assert_eq!(clean_name("report\u{202E}FDP.exe"), "reportFDP.exe");
        assert_eq!(clean_name("a\u{200B}b\u{2066}c\u{FEFF}.pdf"), "abc.pdf");
        assert_eq!(clean_name("\u{E0041}\u{061C}"), "document");
        assert_eq!(clean_name(""), "document");
        let long = format!("{}.pdf", "x".repeat(300));
        let c = clean_name(&long);
        assert_eq!(c.chars().count(), NAME_MAX);
        assert!(c.ends_with("x.pdf"));
    }

    #[test]
    fn a_kept_name_takes_the_extension_of_its_kind() {
        assert_eq!(name_for_kind("claim.html", FileKind::Pdf), "claim.pdf");
        assert_eq!(name_for_kind("claim.svg", FileKind::Png), "claim.png");
        assert_eq!(
            name_for_kind("report\u{202E}FDP.exe", FileKind::Pdf),
            "reportFDP.pdf"
        );
        assert_eq!(name_for_kind("scan", FileKind::Tiff), "scan.tif");
        assert_eq!(name_for_kind("photo.JPEG", FileKind::Jpeg), "photo.jpg");
        assert_eq!(name_for_kind("", FileKind::Pdf), "document.pdf");
        assert_eq!(name_for_kind(".bashrc", FileKind::Pdf), "bashrc.pdf");
        let long = name_for_kind(&format!("{}.html", "x".repeat(300)), FileKind::Pdf);
        assert!(long.chars().count() <= NAME_MAX);
        assert!(long.chars().count() > NAME_MAX - 5);
        assert!(long.ends_with("x.pdf"));
        // Already right: unchanged.
        assert_eq!(name_for_kind("claim.pdf", FileKind::Pdf), "claim.pdf");
    }

    #[test]
    fn the_form_rules() {
        let types = ["adr", "other"];
        let ok = SubmissionInput {
            application: "spot".into(),
            organization: "o1".into(),
            doc_type: "adr".into(),
            subject: "ADR response for claim".into(),
            reference: "2026-0042-A".into(),
        };
        assert_eq!(ok.validate(&types), Ok(()));
        let mut b = ok.clone();
        b.reference.clear();
        assert_eq!(b.validate(&types), Ok(()));
        let e = SubmissionInput::default().validate(&types).unwrap_err();
        for f in ["application", "organization", "doc_type", "subject"] {
            assert_eq!(e[f], vec!["required"], "{f}");
        }
        assert!(!e.contains_key("reference"));
        let mut b = ok.clone();
        b.doc_type = "tax_return".into();
        b.reference = "12 34".into();
        b.subject = "x".repeat(SUBJECT_MAX + 1);
        let e = b.validate(&types).unwrap_err();
        assert_eq!(e["doc_type"], vec!["invalid"]);
        assert_eq!(e["reference"], vec!["invalid"]);
        assert_eq!(e["subject"], vec!["invalid"]);
        b.reference = "A".repeat(REFERENCE_MAX + 1);
        assert_eq!(
            b.validate(&types).unwrap_err()["reference"],
            vec!["invalid"]
        );
    }
}
