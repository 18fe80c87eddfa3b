//! The cost of logging in. Raw pieces: one argon2id hash and one verification at the
//! server's parameters (m = 19 MiB, t = 2, p = 1), one TOTP check with drift. Then a
//! full login through the domain on a real sled store: the password step (argon2id
//! verify, challenge written and flushed, audit) and the passcode step (TOTP, the
//! step recorded atomically and flushed, session written and flushed, audit). And an
//! application's sign-in through the OpenID Connect provider on top of a session: the
//! token endpoint's code exchange alone, and authorize + code + exchange, to compare
//! with the plain login.
use backend::crypto::hashing::{hash_blocking, new_arena, verify_blocking, verify_in, Hasher};
use backend::crypto::mfa::totp::Totp;
use backend::crypto::secrets::Keys;
use backend::delivery::{Courier, FileOutbox};
use backend::domain::oidc::{s256, AuthorizeParams, ClientAuth, TokenForm};
use backend::domain::{Policy, Umbral};
use backend::store::sled_store::SledStore;
use backend::store::{Account, AccountStatus, Device, Store};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use shared::api::auth::{DeviceKind, DeviceStatus, LoginRequest, PasscodeInput};
use std::time::{Duration, Instant};

const PASSWORD: &str = "Correct-Horse-7-Battery";
/// Each account's authenticator can be used once per 30-second step, so the bench
/// logs in round-robin over more accounts than it does logins in one step.
const ACCOUNTS: usize = 1000;

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn setup(rt: &tokio::runtime::Runtime, dir: &std::path::Path) -> (Umbral, Vec<Vec<u8>>) {
    let keys = Keys::load_or_create(dir).unwrap();
    let store = SledStore::open(dir).unwrap();
    let hash = hash_blocking(PASSWORD);
    let mut seeds = vec![];
    let example = shared::api::registration::example();
    rt.block_on(async {
        for i in 0..ACCOUNTS {
            let seed: Vec<u8> = (0..20).map(|j| (i * 31 + j * 7) as u8).collect();
            let account = Account {
                user_id: format!("bench{i:05}"),
                first_name: example.first_name.clone(),
                middle_name: None,
                last_name: example.last_name.clone(),
                date_of_birth: example.date_of_birth.clone(),
                email: format!("bench{i}@example.com"),
                address: example.address.clone(),
                phone: "8135550100".into(),
                password_hash: hash.clone(),
                security_question: "first_pet".into(),
                security_answer_hash: hash.clone(),
                status: AccountStatus::Active,
                locale: Default::default(),
                created_at: 0,
                devices: vec![Device {
                    id: "app".into(),
                    kind: DeviceKind::Authenticator,
                    label: String::new(),
                    contact: None,
                    pending_contact: None,
                    sealed_secret: Some(keys.seal(
                        &seed,
                        &backend::crypto::secrets::totp_aad(&format!("bench{i:05}"), "app"),
                    )),
                    status: DeviceStatus::Active,
                    created_at: 0,
                    verification: None,
                }],
                default_device: Some("app".into()),
                failed_attempts: 0,
                password_history: vec![],
                password_changed_at: 0,
                last_login_at: None,
                last_app_sign_in_at: None,
                roles: vec![],
                email_verified: true,
                session_generation: 0,
                link_epoch: 0,
                answer_failures: 0,
                grants: vec![backend::store::Grant {
                    application: "spot".into(),
                    role: "end_user".into(),
                    organization: "O-1".into(),
                    granted_at: backend::clock::now_secs(),
                    source: "bench".into(),
                    certified_at: backend::clock::now_secs(),
                    due_at: 0,
                    reminded: vec![],
                }],
                identity: Default::default(),
                expired_grants: vec![],
                inactive_at: None,
                // Active now: an account that never logged in counts from its creation.
                reactivated_at: Some(backend::clock::now_secs()),
                inactivity_warned_for: None,
                pending_email: None,
                alerts_off: false,
                site: Default::default(),
                recovery_codes: None,
                caller_check: None,
                taken_answers: vec![],
                passkeys: vec![],
                pending_passkey: None,
            };
            store.create_account(&account).await.unwrap();
            seeds.push(seed);
        }
    });
    let outbox = FileOutbox::new(dir, "bench@umbral.test").unwrap();
    let u = Umbral {
        store: backend::store::any::AnyStore::Sled(store),
        hasher: Hasher::default(),
        keys,
        courier: Courier::outbox_only(outbox),
        policy: Policy::default(),
        apps: {
            let mut a = backend::domain::applications::Applications::default();
            a.add_demo_clients();
            a
        },
        verifier: Box::new(backend::domain::identity::ReferenceFileVerifier::default()),
        clock: backend::clock::Clock::system(),
        throttle: Default::default(),
        documents: backend::store::vault::Vault::open(dir, 10 << 20).unwrap(),
    };
    (u, seeds)
}

fn auth(c: &mut Criterion) {
    let mut g = c.benchmark_group("auth");
    g.sample_size(20);
    g.bench_function("argon2id hash (m=19MiB,t=2,p=1)", |b| {
        b.iter(|| hash_blocking(black_box(PASSWORD)))
    });
    let phc = hash_blocking(PASSWORD);
    g.bench_function("argon2id verify (m=19MiB,t=2,p=1)", |b| {
        b.iter(|| verify_blocking(black_box(PASSWORD), &phc))
    });
    // What the server does: the hashing thread's arena is reused, not allocated.
    let mut arena = new_arena();
    g.bench_function("argon2id verify in a reused arena", |b| {
        b.iter(|| verify_in(black_box(PASSWORD), &phc, &mut arena))
    });
    let t = Totp::new(b"12345678901234567890".to_vec()).expect("secret");
    let at = 1_700_000_000;
    let code = t.code_at(at);
    g.bench_function("totp verify (3 steps)", |b| {
        b.iter(|| t.matching_step(black_box(&code), at))
    });

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (u, seeds) = setup(&rt, dir.path());
    let mut next = 0usize;
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(6));
    g.bench_function("full login (password + TOTP, sled, flushed)", |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                let i = next % ACCOUNTS;
                next += 1;
                // One step ahead once every account has been used in this step.
                let ahead = 30 * (next / ACCOUNTS) as u64;
                rt.block_on(async {
                    let ch = u
                        .login(
                            LoginRequest {
                                user_id: format!("bench{i:05}"),
                                password: PASSWORD.into(),
                            },
                            now(),
                        )
                        .await
                        .expect("password step");
                    let code = Totp::new(seeds[i].clone()).unwrap().code_at(now() + ahead);
                    u.passcode(
                        &ch.challenge,
                        PasscodeInput {
                            device_id: "app".into(),
                            code,
                        },
                        now(),
                    )
                    .await
                    .expect("passcode step");
                });
            }
            start.elapsed()
        })
    });
    // A session to sign in to the application with.
    let i = next % ACCOUNTS;
    let ahead = 30 * (next / ACCOUNTS) as u64 + 30;
    let me = rt.block_on(async {
        let ch = u
            .login(
                LoginRequest {
                    user_id: format!("bench{i:05}"),
                    password: PASSWORD.into(),
                },
                now(),
            )
            .await
            .unwrap();
        let code = Totp::new(seeds[i].clone()).unwrap().code_at(now() + ahead);
        let (token, _) = u
            .passcode(
                &ch.challenge,
                PasscodeInput {
                    device_id: "app".into(),
                    code,
                },
                now(),
            )
            .await
            .unwrap();
        let me = u.authenticate(&token, now()).await.unwrap();
        // SPOT's licence, accepted for the organisation, as the sign-in requires.
        let version = u.apps.licence("spot").unwrap().version.clone();
        u.accept_licence(
            &me,
            "spot",
            shared::api::licence::LicenceAcceptance {
                version,
                organization: "O-1".into(),
            },
            now(),
        )
        .await
        .unwrap();
        me
    });
    let verifier = "a-benchmark-pkce-verifier-that-is-long-enough-0123456789";
    let params = || AuthorizeParams {
        client_id: Some("spot-demo".into()),
        redirect_uri: Some("http://127.0.0.1:8090/callback".into()),
        response_type: Some("code".into()),
        scope: Some("openid profile email".into()),
        state: Some("s".into()),
        nonce: Some("n".into()),
        code_challenge: Some(s256(verifier)),
        code_challenge_method: Some("S256".into()),
        ..Default::default()
    };
    let (uref, meref) = (&u, &me);
    let code_for = move || async move {
        let id = uref.authorize(params(), uref.clock.now()).await.unwrap();
        let done = uref
            .complete_sign_in(meref, &id, uref.clock.now())
            .await
            .unwrap();
        let q = done.redirect.split_once("code=").unwrap().1;
        q.split('&').next().unwrap().to_string()
    };
    let client = ClientAuth {
        client_id: Some("spot-demo".into()),
        ..Default::default()
    };
    let form = |code: String| TokenForm {
        grant_type: Some("authorization_code".into()),
        code: Some(code),
        redirect_uri: Some("http://127.0.0.1:8090/callback".into()),
        code_verifier: Some(verifier.into()),
        ..Default::default()
    };
    g.bench_function(
        "oidc token endpoint: code exchange (flushed, 2 ES256 signatures)",
        |b| {
            b.iter_custom(|iters| {
                let codes: Vec<String> = rt.block_on(async {
                    let mut v = vec![];
                    for _ in 0..iters {
                        v.push(code_for().await);
                    }
                    v
                });
                let start = Instant::now();
                rt.block_on(async {
                    for c in codes {
                        u.token(&client, &form(c), u.clock.now()).await.unwrap();
                    }
                });
                start.elapsed()
            })
        },
    );
    g.bench_function(
        "oidc sign-in on a session: authorize + code + exchange",
        |b| {
            b.iter(|| {
                rt.block_on(async {
                    let c = code_for().await;
                    u.token(&client, &form(c), u.clock.now()).await.unwrap()
                })
            })
        },
    );
    g.finish();
}

criterion_group!(benches, auth);
criterion_main!(benches);
