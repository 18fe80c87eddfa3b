//! The raw cost of the credentials checks: one argon2id hash at the server's parameters
//! (m = 19 MiB, t = 2, p = 1) and one TOTP verification with drift. A full login
//! (issue 3) is measured against these.
use backend::domain::hashing::hash_blocking;
use backend::domain::mfa::totp::Totp;
use criterion::{black_box, criterion_group, criterion_main, Criterion};

fn auth(c: &mut Criterion) {
    let mut g = c.benchmark_group("auth");
    g.sample_size(20);
    g.bench_function("argon2id hash (m=19MiB,t=2,p=1)", |b| {
        b.iter(|| hash_blocking(black_box("Correct-Horse-7-Battery")))
    });
    let t = Totp::new(b"12345678901234567890".to_vec()).expect("secret");
    let now = 1_700_000_000;
    let code = t.code_at(now);
    g.bench_function("totp verify (3 steps)", |b| {
        b.iter(|| t.matching_step(black_box(&code), now))
    });
    g.finish();
}

criterion_group!(benches, auth);
criterion_main!(benches);
