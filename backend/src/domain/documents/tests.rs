//! Tests of `documents`.
use super::*;
use crate::domain::auth::Authenticated;
use crate::domain::testing::{umbral, T0};
use crate::store::vault::{hex, UploadError, Vault, CHUNK};
use crate::store::{AccountStatus, Change, Durability, Grant, Session};
use sha2::{Digest, Sha256};
use shared::api::document::{FileKind, FileRule};
use shared::api::licence::LicenceAcceptance;

async fn me(u: &Umbral, key: &str) -> Authenticated {
    let now = u.clock.now();
    Authenticated {
        session_key: "s".into(),
        session: Session {
            account: key.into(),
            created_at: now,
            last_seen: now,
            auth_at: now,
            expires_at: now + 600,
            generation: 0,
            mfa: None,
            recovered: false,
        },
        account: u.store.account(key).await.unwrap().unwrap(),
    }
}

/// Two organisations; Alan approves O-1, Erin works for O-1, Oscar for O-2, and
/// the help desk.
async fn world(u: &Umbral) {
    let now = u.clock.now();
    for (id, name) in [("O-1", "Sunshine Clinic"), ("O-2", "Gulf Billing")] {
        crate::domain::testing::organization(u, id, name, now).await;
    }
    let grant = |role: &str, org: &str| Grant {
        application: "spot".into(),
        role: role.into(),
        organization: org.into(),
        granted_at: now,
        source: "test".into(),
        certified_at: now,
        due_at: 0,
        reminded: vec![],
    };
    for (id, grants, help) in [
        (
            "alan",
            vec![grant("provider_office_approver", "O-1")],
            false,
        ),
        ("erin", vec![grant("end_user", "O-1")], false),
        ("oscar", vec![grant("end_user", "O-2")], false),
        ("hd", vec![], true),
    ] {
        let mut a = Account::new(
            id,
            id,
            "Test",
            &format!("{id}@example.org"),
            Locale::En,
            AccountStatus::Active,
            now,
        );
        a.grants = grants;
        if help {
            a.roles.push(crate::domain::access::HELP_DESK.into());
        }
        u.store.create_account(&a).await.unwrap();
        u.store
            .update::<Account, (), _>(Table::Accounts, id, Durability::Flushed, |_| {
                (Change::Put(a.clone()), ())
            })
            .await
            .unwrap();
    }
}

fn input(org: &str) -> SubmissionInput {
    SubmissionInput {
        application: "spot".into(),
        organization: org.into(),
        doc_type: "adr_response".into(),
        subject: "ADR response, claim 42".into(),
        reference: "clm-2027-42".into(),
    }
}

/// A PDF of `n` bytes with a recognisable marker inside.
fn pdf(n: usize) -> Vec<u8> {
    let mut b = b"%PDF-1.7\n".to_vec();
    while b.len() < n {
        b.extend_from_slice(b"SECRET-PATIENT-RECORD ");
    }
    b.truncate(n);
    b
}

async fn upload(u: &Umbral, files: &[(&str, &[u8])]) -> Result<Upload, UploadError> {
    let mut up = u.documents.begin().await?;
    for (name, bytes) in files {
        let mut w = up.file(&u.keys, name, u.documents.file_limit).await?;
        // In uneven pieces, as a network delivers them.
        for piece in bytes.chunks(7_777) {
            w.write(piece).await?;
        }
        up.add(w.finish().await?);
    }
    Ok(up)
}

async fn read_all(mut r: FileReader) -> std::io::Result<Vec<u8>> {
    let mut out = vec![];
    while let Some(b) = r.next().await? {
        out.extend(b);
    }
    Ok(out)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_licence_gates_submission_and_a_new_version_asks_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut u = umbral(dir.path());
    world(&u).await;
    let erin = me(&u, "erin").await;
    assert!(matches!(
        u.may_submit(&erin, &input("O-1"), u.clock.now()).await,
        Err(DomainError::LicenceRequired)
    ));
    let v = u
        .licence_view(&erin, "spot", "O-1", Locale::Es, u.clock.now())
        .await
        .unwrap();
    assert!(!v.accepted && v.text.contains("licencia") && v.earlier_version.is_none());
    // Not her organisation: as if it did not exist.
    assert!(matches!(
        u.licence_view(&erin, "spot", "O-2", Locale::En, u.clock.now())
            .await,
        Err(DomainError::NotFound)
    ));
    let stale = LicenceAcceptance {
        version: "1999.1".into(),
        organization: "O-1".into(),
    };
    assert!(matches!(
        u.accept_licence(&erin, "spot", stale, T0).await,
        Err(DomainError::LicenceChanged)
    ));
    let ok = LicenceAcceptance {
        version: v.version.clone(),
        organization: "O-1".into(),
    };
    let a = u
        .accept_licence(&erin, "spot", ok.clone(), T0)
        .await
        .unwrap();
    assert_eq!((a.organization.as_str(), a.at), ("O-1", T0));
    // Accepting twice records one acceptance, the first.
    u.accept_licence(&erin, "spot", ok, T0 + 60).await.unwrap();
    assert!(u
        .may_submit(&erin, &input("O-1"), u.clock.now())
        .await
        .is_ok());
    let trail = u.store.audit_trail("erin", 10).await.unwrap();
    assert_eq!(
        trail
            .iter()
            .filter(|e| e.event == "licence_accepted")
            .count(),
        1
    );
    // The help desk sees and exports it; others may not.
    let hd = me(&u, "hd").await;
    let rows = u.acceptances(&hd, "spot").await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].organization_name, "Sunshine Clinic");
    let csv = u.acceptances_csv(&hd, "").await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], shared::api::licence::CSV_HEADER);
    assert!(lines[1].starts_with("erin,erin Test,erin@example.org,spot,2026.1,O-1,Sunshine Clinic,2027-01-15T08:00:00Z,2027-01-15 03:00:00 EST"), "{}", lines[1]);
    assert!(matches!(
        u.acceptances(&erin, "").await,
        Err(DomainError::Forbidden)
    ));
    // The operator publishes a new version: Erin must accept again.
    for a in u.apps.apps.iter_mut() {
        if let Some(l) = a.licence.as_mut() {
            l.version = "2027.1".into();
        }
    }
    assert!(matches!(
        u.may_submit(&erin, &input("O-1"), u.clock.now()).await,
        Err(DomainError::LicenceRequired)
    ));
    let v = u
        .licence_view(&erin, "spot", "O-1", Locale::En, u.clock.now())
        .await
        .unwrap();
    assert_eq!(v.earlier_version.as_deref(), Some("2026.1"));
    assert!(!v.accepted);
}

async fn accepted(u: &Umbral, who: &str, org: &str) {
    let v = u.apps.licence("spot").unwrap().version.clone();
    u.accept_licence(
        &me(u, who).await,
        "spot",
        LicenceAcceptance {
            version: v,
            organization: org.into(),
        },
        T0,
    )
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_submission_is_encrypted_hashed_receipted_and_seen_only_by_its_organisation() {
    let dir = tempfile::tempdir().unwrap();
    let u = umbral(dir.path());
    world(&u).await;
    accepted(&u, "erin", "O-1").await;
    let erin = me(&u, "erin").await;
    // Several chunks, the last one partial; and an exact multiple of a chunk.
    let big = pdf(3 * CHUNK + 17);
    let exact = {
        let mut p = pdf(CHUNK);
        p[..4].copy_from_slice(b"II*\0");
        p
    };
    let up = upload(&u, &[("C:\\scans\\adr.pdf", &big), ("page2.tif", &exact)])
        .await
        .unwrap();
    let s = u.commit_submission(&erin, input("O-1"), up).await.unwrap();
    assert!(s.reference.starts_with("D20270115-"), "{}", s.reference);
    // Friday 03:00 ET: received that day.
    assert_eq!(s.receipt_date, "2027-01-15");
    assert_eq!(s.claim_reference, "CLM-2027-42");
    assert_eq!(s.files[0].name, "adr.pdf");
    assert_eq!(s.files[1].kind, FileKind::Tiff);
    assert_eq!(s.files[0].sha256, hex(&Sha256::digest(&big)));
    // At rest: nothing of the content, and nothing left in tmp.
    for i in 0..2 {
        let on_disk = std::fs::read(
            dir.path()
                .join("documents")
                .join(&s.dir)
                .join(i.to_string()),
        )
        .unwrap();
        assert!(!on_disk.windows(14).any(|w| w == b"SECRET-PATIENT"));
    }
    assert_eq!(
        std::fs::read_dir(dir.path().join("documents/tmp"))
            .unwrap()
            .count(),
        0
    );
    // Read back: the same bytes, for the submitter, the approver and the help desk.
    for who in ["erin", "alan", "hd"] {
        let (f, r) = u
            .open_document(&me(&u, who).await, &s.reference, 0, T0)
            .await
            .unwrap();
        assert_eq!(f.size, big.len() as u64);
        assert_eq!(read_all(r).await.unwrap(), big, "{who}");
        assert_eq!(
            u.submissions(&me(&u, who).await, Locale::En, u.clock.now())
                .await
                .unwrap()
                .len(),
            1,
            "{who}"
        );
    }
    let (_, r) = u.open_document(&erin, &s.reference, 1, T0).await.unwrap();
    assert_eq!(read_all(r).await.unwrap(), exact);
    // Another organisation's member: it does not exist, and nothing is listed.
    let oscar = me(&u, "oscar").await;
    assert!(matches!(
        u.submission(&oscar, &s.reference, Locale::En, u.clock.now())
            .await,
        Err(DomainError::NotFound)
    ));
    assert!(matches!(
        u.open_document(&oscar, &s.reference, 0, T0).await,
        Err(DomainError::NotFound)
    ));
    assert!(u
        .submissions(&oscar, Locale::En, u.clock.now())
        .await
        .unwrap()
        .is_empty());
    // Nor may he submit for O-1.
    assert!(matches!(
        u.may_submit(&oscar, &input("O-1"), u.clock.now()).await,
        Err(DomainError::NotFound)
    ));
    // Downloads are audited in the downloader's trail.
    let trail = u.store.audit_trail("alan", 10).await.unwrap();
    assert!(trail
        .iter()
        .any(|e| e.event == "document_downloaded"
            && e.detail.as_deref().unwrap().contains(&s.reference)));
    // The receipt is emailed once, with the reference and the receipt date.
    u.deliver_due().await.unwrap();
    let mails: Vec<String> = std::fs::read_dir(dir.path().join("outbox"))
        .unwrap()
        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
        .filter(|t| t.contains(&s.reference))
        .collect();
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].contains("Receipt date: 2027-01-15") && mails[0].contains("To: erin@example.org")
    );
    // A byte changed on disk is an error, never other bytes.
    let path = dir.path().join("documents").join(&s.dir).join("0");
    let mut on_disk = std::fs::read(&path).unwrap();
    on_disk[CHUNK + 100] ^= 1;
    std::fs::write(&path, on_disk).unwrap();
    let (_, r) = u.open_document(&erin, &s.reference, 0, T0).await.unwrap();
    assert!(read_all(r).await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_six_pm_on_the_friday_before_a_monday_holiday_the_receipt_date_is_tuesday() {
    let dir = tempfile::tempdir().unwrap();
    let u = umbral(dir.path());
    world(&u).await;
    accepted(&u, "erin", "O-1").await;
    // 2027-01-15 18:00:00 EST = 23:00 UTC; Monday the 18th is Martin Luther King Jr. Day.
    u.clock.advance(15 * 3600);
    let up = upload(&u, &[("a.png", b"\x89PNG\r\n\x1a\nrest")])
        .await
        .unwrap();
    let s = u
        .commit_submission(&me(&u, "erin").await, input("O-1"), up)
        .await
        .unwrap();
    assert_eq!(s.receipt_date, "2027-01-19");
    let v = u.submission_view(&s, Locale::En).await;
    assert!(v.next_business_day);
    assert_eq!(v.received_et, "2027-01-15 18:00:00 EST");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_files_and_crashed_uploads_leave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut u = umbral(dir.path());
    world(&u).await;
    accepted(&u, "erin", "O-1").await;
    let tmp = dir.path().join("documents/tmp");
    // An executable named .pdf: refused from its first bytes, its folder gone.
    let r = upload(&u, &[("invoice.pdf", b"MZ\x90\0\x03\0\0\0\x04\0")]).await;
    assert!(matches!(r, Err(UploadError::Rule(FileRule::WrongType))));
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0);
    // Over the limit: refused as the bytes pass it.
    u.documents = Vault::open(dir.path(), 50_000).unwrap();
    let r = upload(&u, &[("big.pdf", &pdf(50_001))]).await;
    assert!(matches!(r, Err(UploadError::Rule(FileRule::TooLarge))));
    assert!(upload(&u, &[("fits.pdf", &pdf(50_000))]).await.is_ok());
    assert!(matches!(
        upload(&u, &[("empty.pdf", b"")]).await,
        Err(UploadError::Rule(FileRule::Empty))
    ));
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0);
    // A crash: an upload half written (its folder in tmp) and one renamed into
    // place without a record. The sweep at start removes both and keeps the rest.
    let kept = upload(&u, &[("a.pdf", &pdf(100))]).await.unwrap();
    let s = u
        .commit_submission(&me(&u, "erin").await, input("O-1"), kept)
        .await
        .unwrap();
    let mut half = u.documents.begin().await.unwrap();
    let mut w = half.file(&u.keys, "half.pdf", 50_000).await.unwrap();
    w.write(&pdf(CHUNK + 10)).await.unwrap_or(());
    std::mem::forget(w);
    half.leak(); // as a SIGKILL would: no clean-up runs
    std::fs::create_dir(dir.path().join("documents/orphan")).unwrap();
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 1);
    let keep = u.submission_dirs().await.unwrap();
    // Young, they may be another instance's upload in flight and a folder whose
    // record is being written (security review 3, G16): left alone.
    assert_eq!(
        u.documents
            .sweep(&keep, crate::store::vault::STALE_AFTER)
            .await
            .unwrap(),
        0
    );
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 1);
    assert!(dir.path().join("documents/orphan").exists());
    // Once stale, both go.
    assert_eq!(
        u.documents
            .sweep(&keep, std::time::Duration::ZERO)
            .await
            .unwrap(),
        2
    );
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0);
    assert!(!dir.path().join("documents/orphan").exists());
    assert!(dir.path().join("documents").join(&s.dir).exists());
    assert_eq!(
        u.submissions(&me(&u, "erin").await, Locale::En, u.clock.now())
            .await
            .unwrap()
            .len(),
        1
    );
}
