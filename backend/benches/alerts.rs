//! The rate of an urgent alert's emailing with no throttle (`UMBRAL_ALERT_RATE=0`):
//! 2,000 accounts walked in batches, each email queued once by its deterministic id
//! (queue entry written and flushed, tried at once, written to the file outbox, receipt
//! written and flushed, entry deleted), the cursor saved after every batch. The figure is
//! emails per second to the file outbox on a real sled store.
use backend::clock::Clock;
use backend::crypto::secrets::Keys;
use backend::delivery::{Courier, FileOutbox};
use backend::domain::alerts::BATCH;
use backend::domain::auth::Authenticated;
use backend::domain::{Policy, Umbral};
use backend::store::sled_store::SledStore;
use backend::store::{Account, AccountStatus, Session, Store};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use shared::api::alert::AlertInput;
use shared::i18n::Locale;
use std::time::{Duration, Instant};

const ACCOUNTS: u64 = 2000;

fn setup(rt: &tokio::runtime::Runtime, dir: &std::path::Path) -> (Umbral, Authenticated) {
    let u = Umbral {
        store: backend::store::any::AnyStore::Sled(SledStore::open(dir).unwrap()),
        hasher: Default::default(),
        keys: Keys::load_or_create(dir).unwrap(),
        courier: Courier::outbox_only(FileOutbox::new(dir, "bench@umbral.test").unwrap()),
        policy: Policy {
            alert_rate: 0,
            ..Policy::default()
        },
        apps: Default::default(),
        verifier: Box::new(backend::domain::identity::ReferenceFileVerifier::default()),
        clock: Clock::system(),
        throttle: Default::default(),
        documents: backend::store::vault::Vault::open(dir, 10 << 20).unwrap(),
    };
    let now = u.clock.now();
    let hd = rt.block_on(async {
        for i in 0..ACCOUNTS {
            let locale = if i % 3 == 0 { Locale::Es } else { Locale::En };
            let a = Account {
                email_verified: true,
                ..Account::new(
                    &format!("bench.{i:05}"),
                    "Bench",
                    "Person",
                    &format!("bench{i}@example.com"),
                    locale,
                    AccountStatus::Active,
                    now,
                )
            };
            u.store.create_account(&a).await.unwrap();
        }
        let mut hd = Account::new(
            "bench.helpdesk",
            "Help",
            "Desk",
            "hd@example.com",
            Locale::En,
            AccountStatus::Active,
            now,
        );
        hd.roles = vec!["help_desk".into()];
        u.store.create_account(&hd).await.unwrap();
        Authenticated {
            session_key: String::new(),
            session: Session {
                account: hd.key(),
                created_at: now,
                last_seen: now,
                auth_at: now,
                expires_at: now + 3600,
                generation: 0,
                mfa: None,
                recovered: false,
            },
            account: hd,
        }
    });
    (u, hd)
}

fn alerts(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (u, hd) = setup(&rt, dir.path());
    let input = AlertInput {
        title_en: "Claims portal delays".into(),
        title_es: "Demoras en el portal de reclamaciones".into(),
        body_en: "Claim status may be late today. We are working on it.".into(),
        body_es: "El estado de las reclamaciones puede llegar tarde hoy.".into(),
        end: String::new(),
        audience: Default::default(),
    };
    let mut g = c.benchmark_group("alerts");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.throughput(Throughput::Elements(ACCOUNTS + 1));
    g.bench_function(
        "fan-out of one alert to 2,001 accounts (file outbox, sled, flushed)",
        |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    rt.block_on(async {
                        u.post_alert(&hd, input.clone(), u.clock.now())
                            .await
                            .unwrap();
                        let start = Instant::now();
                        while u
                            .fan_out_step(BATCH, Duration::ZERO, u.clock.now())
                            .await
                            .unwrap()
                            .is_some()
                        {}
                        spent += start.elapsed();
                    });
                }
                spent
            })
        },
    );
    g.finish();
}

criterion_group!(benches, alerts);
criterion_main!(benches);
