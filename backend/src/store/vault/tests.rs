//! The vault in both places, the data directory and the database: what goes in comes
//! back, a changed or missing chunk is an error rather than wrong bytes, what an upload
//! leaves behind goes, and the documents of a data directory move into the database.
use super::*;
use crate::store::contract::fresh_pg;

const KEYS: [u8; 64] = [3u8; 64];

fn pdf(n: usize) -> Vec<u8> {
    let mut b = b"%PDF-1.7\n".to_vec();
    b.extend((0..n.saturating_sub(9)).map(|i| (i % 251) as u8));
    b
}

fn submission(dir: &str, files: Vec<StoredFile>) -> Submission {
    Submission {
        reference: "D1".into(),
        dir: dir.into(),
        application: "spot".into(),
        organization: "O-1".into(),
        doc_type: "other".into(),
        subject: "test".into(),
        claim_reference: String::new(),
        files,
        submitted_by: "ann".into(),
        received_at: 0,
        receipt_date: String::new(),
    }
}

/// Stores `files` as one upload, written in pieces of 10,000 bytes.
async fn store(v: &Vault, files: &[Vec<u8>]) -> Submission {
    let keys = secrets::Keys::from_bytes(&KEYS);
    let mut up = v.begin().await.unwrap();
    for (i, bytes) in files.iter().enumerate() {
        let mut w = up.file(&keys, &format!("f{i}.pdf"), 1 << 30).await.unwrap();
        for piece in bytes.chunks(10_000) {
            w.write(piece).await.unwrap();
        }
        up.add(w.finish().await.unwrap());
    }
    let (dir, stored) = up.commit().await.unwrap();
    submission(&dir, stored)
}

async fn read(v: &Vault, s: &Submission, index: usize) -> std::io::Result<Vec<u8>> {
    let keys = secrets::Keys::from_bytes(&KEYS);
    let mut r = v.open_file(&keys, s, index).await?;
    let mut out = vec![];
    while let Some(chunk) = r.next().await? {
        out.extend(chunk);
    }
    Ok(out)
}

async fn rows(v: &Vault, sql: &str) -> i64 {
    let Place::Db(c) = &v.place else {
        panic!("in the database")
    };
    sqlx::query_scalar(sql).fetch_one(&c.pool).await.unwrap()
}

async fn db_vault(data: &Path) -> Vault {
    Vault::in_database(&fresh_pg().await, data, 1 << 30)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_comes_back_whole_from_either_place_and_a_changed_chunk_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    // Two full chunks and a bit (over one batch of rows in the database), one tiny
    // file, one of exactly a chunk.
    let files = vec![
        pdf(CHUNK * 2 + 5),
        pdf(10),
        pdf(CHUNK),
        pdf(CHUNK * (db::BATCH + 3)),
    ];
    for v in [
        Vault::open(&dir.path().join("sled"), 1 << 30).unwrap(),
        db_vault(&dir.path().join("pg")).await,
    ] {
        let s = store(&v, &files).await;
        for (i, f) in files.iter().enumerate() {
            assert_eq!(&read(&v, &s, i).await.unwrap(), f, "file {i}");
            assert_eq!(s.files[i].size, f.len() as u64);
        }
        match &v.place {
            Place::Dir => {
                let path = v.file_path(&s, 0);
                let mut bytes = std::fs::read(&path).unwrap();
                bytes[CHUNK + 100] ^= 1;
                std::fs::write(&path, bytes).unwrap();
                assert!(read(&v, &s, 0).await.is_err());
            }
            Place::Db(c) => {
                assert_eq!(
                    rows(&v, "SELECT count(*) FROM document_chunks").await,
                    3 + 1 + 1 + db::BATCH as i64 + 3
                );
                sqlx::query("UPDATE document_chunks SET bytes = set_byte(bytes, 100, get_byte(bytes, 100) # 1) WHERE file = 0 AND chunk = 1")
                    .execute(&c.pool)
                    .await
                    .unwrap();
                assert!(read(&v, &s, 0).await.is_err(), "a changed chunk");
                sqlx::query("DELETE FROM document_chunks WHERE file = 3 AND chunk = 17")
                    .execute(&c.pool)
                    .await
                    .unwrap();
                assert!(read(&v, &s, 3).await.is_err(), "a missing chunk");
                assert_eq!(&read(&v, &s, 2).await.unwrap(), &files[2]);
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_the_database_a_dropped_upload_leaves_nothing_and_the_sweep_takes_a_crashed_one() {
    let dir = tempfile::tempdir().unwrap();
    let v = db_vault(dir.path()).await;
    let keys = secrets::Keys::from_bytes(&KEYS);
    // Refused halfway (the connection broke, a rule failed): dropped, gone.
    let mut up = v.begin().await.unwrap();
    let mut w = up.file(&keys, "a.pdf", 1 << 30).await.unwrap();
    w.write(&pdf(CHUNK * 20)).await.unwrap();
    drop(w);
    drop(up);
    let mut left = 1;
    for _ in 0..100 {
        left = rows(&v, "SELECT count(*) FROM document_uploads").await;
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(left, 0, "a dropped upload is removed");
    assert_eq!(rows(&v, "SELECT count(*) FROM document_chunks").await, 0);
    // A crash mid-upload, a committed upload no submission names, and a kept one.
    let mut half = v.begin().await.unwrap();
    let mut w = half.file(&keys, "half.pdf", 1 << 30).await.unwrap();
    w.write(&pdf(CHUNK * 20)).await.unwrap();
    std::mem::forget(w);
    half.leak();
    let orphan = store(&v, &[pdf(100)]).await;
    let kept = store(&v, &[pdf(100)]).await;
    let keep: HashSet<String> = [kept.dir.clone()].into();
    // Young: another instance's upload in flight, a record being written.
    assert_eq!(v.sweep(&keep, STALE_AFTER).await.unwrap(), 0);
    assert_eq!(v.sweep(&keep, Duration::ZERO).await.unwrap(), 2);
    assert_eq!(rows(&v, "SELECT count(*) FROM document_uploads").await, 1);
    assert!(read(&v, &orphan, 0).await.is_err());
    assert_eq!(read(&v, &kept, 0).await.unwrap(), pdf(100));
    // The chunks went with their uploads.
    assert_eq!(rows(&v, "SELECT count(*) FROM document_chunks").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_documents_of_a_data_directory_move_into_the_database_once() {
    let dir = tempfile::tempdir().unwrap();
    let files = vec![pdf(CHUNK * 3 + 7), pdf(5_000)];
    let s = store(&Vault::open(dir.path(), 1 << 30).unwrap(), &files).await;
    let pg = fresh_pg().await;
    let v = Vault::in_database(&pg, dir.path(), 1 << 30).await.unwrap();
    assert_eq!(read(&v, &s, 0).await.unwrap(), files[0]);
    assert_eq!(read(&v, &s, 1).await.unwrap(), files[1]);
    assert_eq!(
        rows(&v, "SELECT count(*) FROM document_chunks").await,
        4 + 1
    );
    // A second start copies nothing again.
    let Place::Db(c) = &v.place else {
        unreachable!()
    };
    assert_eq!(c.adopt(&v.root, CHUNK + TAG).await.unwrap(), 0);
}
