//! The per-keystroke cost in the SPA: user ID and password validated together.
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use shared::validate::{password, user_id};

fn keystroke(c: &mut Criterion) {
    let ctx = password::Context {
        user_id: "mary.beth-jones80",
        first_name: "Mary",
        last_name: "Jones",
    };
    c.bench_function("user_id+password per keystroke", |b| {
        b.iter(|| {
            let u = user_id::validate(black_box("mary.beth-jones80"));
            let p = password::validate(black_box("Correct-Horse-7-Battery!"), ctx);
            (u, p)
        })
    });
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
