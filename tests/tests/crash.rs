//! Crash test (issue 15): writers register accounts through the API while the server is
//! SIGKILLed 10 times at random moments; after each restart every registration that was
//! acknowledged (201) is there: 0 lost. Once on sled, once on PostgreSQL, where every
//! third kill also stops PostgreSQL as a power cut would (`pg_ctl stop -m immediate`,
//! through `scripts/pg.sh crash`), so the write-ahead log's recovery is part of the test.
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tests::{registration, workspace_root, Server};

const ROUNDS: usize = 10;
const WRITERS: usize = 3;

/// A throwaway cluster of this test's own (it is crashed on purpose).
struct Cluster {
    dir: PathBuf,
}

impl Cluster {
    fn pg(&self, what: &str) -> String {
        let out = Command::new(workspace_root().join("scripts/pg.sh"))
            .args([what])
            .arg(&self.dir)
            .output()
            .expect("scripts/pg.sh runs");
        assert!(
            out.status.success(),
            "pg.sh {what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new(workspace_root().join("scripts/pg.sh"))
            .arg("stop")
            .arg(&self.dir)
            .status();
    }
}

/// A pseudo-random number from the clock, enough to spread the kills.
fn jitter(lo: u64, hi: u64) -> u64 {
    let n = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    lo + (n.wrapping_mul(2_862_933_555_777_941_757) >> 20) % (hi - lo)
}

fn register(base: &str, user_id: &str) -> Option<u16> {
    let r = ureq::post(&format!("{base}/api/v1/registrations"))
        .set("X-Umbral-Request", "1")
        .timeout(Duration::from_secs(10))
        .send_json(registration(user_id));
    match r {
        Ok(resp) => Some(resp.status()),
        Err(ureq::Error::Status(code, _)) => Some(code),
        Err(_) => None,
    }
}

fn crash_loop(data: &Path, env: &[(&str, &str)], cluster: Option<&Cluster>) -> (usize, usize) {
    let mut acknowledged_total = 0;
    let mut lost = 0;
    for round in 0..ROUNDS {
        let server = Server::start_on(data, env, &[]);
        let base = server.url("");
        let stop = Arc::new(AtomicBool::new(false));
        let acked = Arc::new(Mutex::new(Vec::<String>::new()));
        let writers: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (stop, acked, base) = (stop.clone(), acked.clone(), base.clone());
                std::thread::spawn(move || {
                    let mut n = 0;
                    while !stop.load(Ordering::Relaxed) {
                        let id = format!("crash{round:02}w{w}n{n:04}");
                        n += 1;
                        if register(&base, &id) == Some(201) {
                            acked.lock().unwrap().push(id);
                        }
                    }
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(jitter(300, 1500)));
        let (data_back, _) = server.kill_hard();
        assert_eq!(data_back, data);
        if let Some(c) = cluster {
            if round % 3 == 2 {
                c.pg("crash");
                c.pg("restart");
            }
        }
        stop.store(true, Ordering::Relaxed);
        for w in writers {
            w.join().unwrap();
        }
        let acked = acked.lock().unwrap().clone();
        acknowledged_total += acked.len();
        // After the restart, registering each acknowledged user ID again must find it.
        let server = Server::start_on(data, env, &[]);
        let base = server.url("");
        for id in &acked {
            match register(&base, id) {
                Some(409) => {}
                other => {
                    eprintln!("round {round}: {id} acknowledged, then {other:?} after restart");
                    lost += 1;
                }
            }
        }
        eprintln!(
            "round {round}: {} registrations acknowledged before the kill, all checked",
            acked.len()
        );
        drop(server.kill_hard());
    }
    (acknowledged_total, lost)
}

#[test]
fn no_acknowledged_registration_is_lost_across_ten_sigkills_on_sled() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let (acked, lost) = crash_loop(&data, &[], None);
    eprintln!("sled: {acked} acknowledged, {lost} lost over {ROUNDS} kills");
    assert!(acked >= ROUNDS, "the writers got through: {acked}");
    assert_eq!(lost, 0);
}

#[test]
fn no_acknowledged_registration_is_lost_across_ten_sigkills_on_postgres() {
    let cluster = Cluster {
        dir: std::env::temp_dir().join(format!("umbral-crash-pg-{}", std::process::id())),
    };
    let admin = cluster.pg("start");
    let url = format!("{}/umbral", admin.rsplit_once('/').unwrap().0);
    let out = Command::new("psql")
        .args(["-X", "-q", "-d", &admin, "-c", "CREATE DATABASE umbral"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let (acked, lost) = crash_loop(
        &data,
        &[("UMBRAL_DATABASE_URL", url.as_str())],
        Some(&cluster),
    );
    eprintln!("postgres: {acked} acknowledged, {lost} lost over {ROUNDS} kills (PostgreSQL crashed 3 times)");
    assert!(acked >= ROUNDS, "the writers got through: {acked}");
    assert_eq!(lost, 0);
}
