//! A short run of the load harness (`src/bin/load/`) so it cannot rot: the full
//! runs are `scripts/load.sh`. Timing figures are printed, not asserted; what is
//! asserted holds on any machine: every login works, a flood gets only 401 or 503 with
//! `Retry-After`, and the server's memory stays within idle + cores x 19 MiB + 32 MiB
//! (it reached 742 MiB before argon2's memory came from a fixed pool).
use serde_json::Value;
use std::process::Command;

#[test]
fn the_load_harness_runs_and_memory_stays_bounded() {
    let out = Command::new(env!("CARGO_BIN_EXE_load"))
        .args(["--seconds", "2", "--accounts", "24", "--flood", "100"])
        .output()
        .expect("run the load harness");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "load failed: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{stdout}");
    let v: Value = serde_json::from_str(stdout.trim()).expect("one JSON line");
    assert_eq!(v["registrations"]["ok"], 24, "{v}");
    assert_eq!(v["enrolled"], 24, "{v}");
    assert_eq!(v["logins"]["ok"], 24, "{v}");
    assert_eq!(v["logins"]["failed"], 0, "{v}");
    assert!(v["raw_argon2id_verifications_per_s"].as_f64().unwrap() > 0.0);
    let answers = v["flood"]["answers"].as_object().unwrap();
    assert!(
        answers.keys().all(|k| k == "401" || k == "503"),
        "the flood got something other than 401 or 503: {v}"
    );
    assert!(
        answers.get("401").is_some(),
        "no wrong password was checked: {v}"
    );
    assert_eq!(v["flood"]["busy_without_retry_after"], 0, "{v}");
    assert_eq!(v["flood"]["probes_failed"], 0, "{v}");
    assert_eq!(v["quiet"]["failed"], 0, "{v}");
    let rss = &v["rss_mib"];
    assert!(
        rss["peak_under_flood"].as_f64().unwrap() <= rss["bound"].as_f64().unwrap(),
        "memory over the bound: {rss}"
    );
    assert_eq!(v["goals"]["peak_rss_within_bound"], true);
}
