//! The password step's timing (security review finding F9), measured against the
//! release binary: it takes as long for a known user ID as for an unknown one. In the
//! soak tier because it is a statistic of 240 timings, taken while nothing else runs.
use std::time::Instant;
use tests::*;

/// The Hodges-Lehmann estimate of how much longer `a` takes than `b`: the median of
/// every pairwise difference (robust to the outliers a shared machine produces).
fn shift_ms(a: &[f64], b: &[f64]) -> f64 {
    let mut d: Vec<f64> = a
        .iter()
        .flat_map(|x| b.iter().map(move |y| x - y))
        .collect();
    d.sort_by(f64::total_cmp);
    d[d.len() / 2]
}

/// Mann-Whitney U test: the z score of the difference between two samples' ranks.
fn mann_whitney_z(a: &[f64], b: &[f64]) -> f64 {
    let mut all: Vec<(f64, bool)> = a
        .iter()
        .map(|x| (*x, true))
        .chain(b.iter().map(|x| (*x, false)))
        .collect();
    all.sort_by(|x, y| x.0.total_cmp(&y.0));
    let rank_a: f64 = all
        .iter()
        .enumerate()
        .filter(|(_, (_, is_a))| *is_a)
        .map(|(i, _)| (i + 1) as f64)
        .sum();
    let (n1, n2) = (a.len() as f64, b.len() as f64);
    let u = rank_a - n1 * (n1 + 1.0) / 2.0;
    (u - n1 * n2 / 2.0) / (n1 * n2 * (n1 + n2 + 1.0) / 12.0).sqrt()
}

#[test]
fn the_password_step_takes_as_long_for_a_known_user_id_as_for_an_unknown_one() {
    let s = Server::builder()
        .demo()
        .env(&[
            ("UMBRAL_TRUSTED_PROXIES", "127.0.0.1"),
            ("UMBRAL_HARD_LOCKOUT_THRESHOLD", "100000"),
        ])
        .start();
    // Warm up both paths.
    for i in 0..10 {
        login_from(
            &s,
            &format!("10.9.0.{i}"),
            "erin.enduser",
            "Wrong-Guess-0001-Abc",
        );
        login_from(
            &s,
            &format!("10.9.1.{i}"),
            "nobody.here",
            "Wrong-Guess-0001-Abc",
        );
    }
    let (mut known, mut unknown) = (vec![], vec![]);
    for i in 0..120u32 {
        // A fresh address each time, so no lock or bucket is in the way; the order
        // alternates so drift in the machine's load hits both alike.
        let pairs = [("erin.enduser", &mut known), ("nobody.here", &mut unknown)];
        let mut pairs = pairs;
        if i % 2 == 1 {
            pairs.reverse();
        }
        for (user, out) in pairs {
            let from = format!("10.{}.{}.{}", 10 + i / 250, i % 250, out.len() % 2);
            let t = Instant::now();
            let (st, body, _) = login_from(&s, &from, user, "Wrong-Guess-0001-Abc");
            out.push(t.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(st, 401, "{body}");
            assert_eq!(body["error"]["code"], "invalid_credentials");
        }
    }
    let z = mann_whitney_z(&known, &unknown);
    let shift = shift_ms(&known, &unknown);
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (mk, mu) = (median(&mut known.clone()), median(&mut unknown.clone()));
    eprintln!(
        "median known {mk:.2} ms, unknown {mu:.2} ms, shift {shift:.3} ms, Mann-Whitney z = {z:.2}"
    );
    // What F9 found was a whole argon2id verification (~30 ms here) skipped for an
    // unknown ID. Both paths now hash and make one flushed write; what is left is the
    // decoding of the account record and its audit line, measured at 0.1-0.3 ms. With
    // 240 samples on a quiet machine that residue can reach significance, yet an
    // attacker gets five timed answers per user ID and address before the lock answers
    // both alike without a check, against network jitter of milliseconds. So the test
    // fails on a difference that is both significant (|z| > 3.29, p < 0.001 two-sided)
    // and material (a shift of 1 ms or more, a thirtieth of the hash F9 skipped).
    assert!(
        z.abs() < 3.29 || shift.abs() < 1.0,
        "known {mk:.2} ms vs unknown {mu:.2} ms: shift {shift:.3} ms, z = {z:.2}"
    );
}
