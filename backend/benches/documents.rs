//! The cost of storing and reading back a submitted document: a 10 MiB PDF written
//! through the vault as an upload receives it (64 KiB pieces: SHA-256, ChaCha20-Poly1305
//! in 64 KiB chunks; in the data directory written and synced, the folder renamed into
//! place and synced; in PostgreSQL 16 chunks per statement and a synchronous commit), and
//! read back decrypted. The figures are MiB per second. The data directory is always
//! measured; PostgreSQL when `UMBRAL_BENCH_DATABASE_URL` names a database (an empty one
//! of a throwaway cluster: `scripts/pg.sh start DIR` prints the cluster's URL).
use backend::crypto::secrets::Keys;
use backend::store::vault::{FileReader, Vault};
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};

const SIZE: usize = 10 * 1024 * 1024;

fn measure(
    g: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    rt: &tokio::runtime::Runtime,
    place: &str,
    vault: &Vault,
) {
    let keys = Keys::from_bytes(&[9u8; 64]);
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.resize(SIZE, b'x');
    let store = || async {
        let mut up = vault.begin().await.unwrap();
        let mut w = up.file(&keys, "a.pdf", SIZE as u64).await.unwrap();
        for piece in pdf.chunks(64 * 1024) {
            w.write(piece).await.unwrap();
        }
        up.add(w.finish().await.unwrap());
        up.commit().await.unwrap()
    };
    g.bench_function(format!("store a 10 MiB file ({place})"), |b| {
        b.iter(|| rt.block_on(store()))
    });
    // One stored file to read back.
    let stored = rt.block_on(store());
    let submission = backend::store::Submission {
        reference: "D1".into(),
        dir: stored.0,
        application: "spot".into(),
        organization: "O-1".into(),
        doc_type: "other".into(),
        subject: "bench".into(),
        claim_reference: String::new(),
        files: stored.1,
        submitted_by: "ann".into(),
        received_at: 0,
        receipt_date: String::new(),
    };
    g.bench_function(format!("read a 10 MiB file back ({place})"), |b| {
        b.iter(|| {
            rt.block_on(async {
                let mut r: FileReader = vault.open_file(&keys, &submission, 0).await.unwrap();
                let mut n = 0;
                while let Some(chunk) = r.next().await.unwrap() {
                    n += chunk.len();
                }
                assert_eq!(n, SIZE);
            })
        })
    });
}

fn documents(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut g = c.benchmark_group("documents");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(SIZE as u64));
    let files = Vault::open(dir.path(), SIZE as u64).unwrap();
    measure(&mut g, &rt, "data directory", &files);
    if let Ok(url) = std::env::var("UMBRAL_BENCH_DATABASE_URL") {
        let empty = tempfile::tempdir().unwrap();
        let db = rt.block_on(async {
            let pg = backend::store::pg_store::PgStore::connect(&url, 8)
                .await
                .unwrap();
            Vault::in_database(&pg, empty.path(), SIZE as u64)
                .await
                .unwrap()
        });
        measure(&mut g, &rt, "PostgreSQL", &db);
    }
    g.finish();
}

criterion_group!(benches, documents);
criterion_main!(benches);
