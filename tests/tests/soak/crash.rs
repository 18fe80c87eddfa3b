//! Crash test (issue 15): writers change the store through the API while the server is
//! SIGKILLed 10 times at random moments; after each restart every write that was
//! acknowledged is there: 0 lost. The writers cover the three kinds of write the issue
//! names: registrations (three writers: a new account, its indexes and its claim on a
//! user ID), decisions (an end user requests a role and the organisation's approver
//! denies it, again and again: a request with its pending claim and indexes, then a
//! decision and its consequences) and device changes (an MFA device added, then
//! removed). Once on sled, once on PostgreSQL, where every third kill also stops
//! PostgreSQL as a power cut would (`pg_ctl stop -m immediate`, through
//! `scripts/pg.sh crash`), so the write-ahead log's recovery is part of the test.
use serde_json::{json, Value};
use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tests::{demo_accounts, registration, Client, Cluster, Server};

const ROUNDS: usize = 10;
const WRITERS: usize = 3;

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

/// What the decision and device writers were told, across all rounds.
#[derive(Default)]
struct Acked {
    /// Role requests answered 201: they must exist after a restart.
    requests: Vec<String>,
    /// Denials answered 200: the request must be denied after a restart.
    denied: Vec<String>,
    /// Devices whose addition was answered 201 and whose removal was never sent.
    added: Vec<String>,
    /// Devices whose removal was answered 204: they must be gone.
    removed: Vec<String>,
}

/// The three demo people the decision and device writers act as, logged in once
/// (sessions are stored, so the cookies outlive every kill).
struct People {
    erin: Client,
    alan: Client,
    beatriz: Client,
}

impl People {
    fn log_in(server: &Server) -> People {
        let accounts = demo_accounts(&server.data);
        let login = |who: &str| {
            let (pw, secret) = &accounts[who];
            let mut c = Client::new(server);
            c.login_with_app(who, pw, secret);
            c
        };
        People {
            erin: login("erin.enduser"),
            alan: login("alan.approver"),
            beatriz: login("beatriz.biller"),
        }
    }

    /// The same sessions, pointed at a new server process.
    fn on(&self, server: &Server) -> People {
        let at = |c: &Client| {
            let mut c = c.clone();
            c.base = server.url("");
            c
        };
        People {
            erin: at(&self.erin),
            alan: at(&self.alan),
            beatriz: at(&self.beatriz),
        }
    }
}

const WAIT: Option<Duration> = Some(Duration::from_secs(10));

fn call(c: &mut Client, method: &str, path: &str, body: Option<Value>) -> Option<(u16, Value)> {
    c.try_call(method, path, body.as_ref(), WAIT).ok()
}

/// Erin asks for the end-user role at Sunshine; Alan denies it; again, until stopped.
fn decision_writer(mut p: People, stop: Arc<AtomicBool>, acked: Arc<Mutex<Acked>>) {
    while !stop.load(Ordering::Relaxed) {
        let body = json!({"application": "spot", "role": "end_user",
            "organization_id": "O-DEMO-SUNSHINE", "reason": "I file claims for this office."});
        let id = match call(&mut p.erin, "POST", "/role-requests", Some(body)) {
            Some((201, r)) => {
                let id = r["id"].as_str().unwrap().to_string();
                acked.lock().unwrap().requests.push(id.clone());
                id
            }
            Some((st, e)) => panic!("a role request answered {st}: {e}"),
            None => return,
        };
        let deny = json!({"decision": "deny", "reason": "Not on our staff list."});
        match call(
            &mut p.alan,
            "POST",
            &format!("/role-requests/{id}/decision"),
            Some(deny),
        ) {
            Some((200, d)) => {
                assert_eq!(d["status"], "denied", "{d}");
                acked.lock().unwrap().denied.push(id);
            }
            Some((st, e)) => panic!("a denial answered {st}: {e}"),
            None => return,
        }
    }
}

/// Beatriz adds an authenticator device, then removes it; again, until stopped.
fn device_writer(mut p: People, stop: Arc<AtomicBool>, acked: Arc<Mutex<Acked>>) {
    while !stop.load(Ordering::Relaxed) {
        let body = json!({"kind": "authenticator", "label": "Crash test"});
        let id = match call(&mut p.beatriz, "POST", "/me/devices", Some(body)) {
            Some((201, d)) => {
                let id = d["id"].as_str().unwrap().to_string();
                acked.lock().unwrap().added.push(id.clone());
                id
            }
            Some((st, e)) => panic!("adding a device answered {st}: {e}"),
            None => return,
        };
        match call(&mut p.beatriz, "DELETE", &format!("/me/devices/{id}"), None) {
            Some((204, _)) => {
                let mut a = acked.lock().unwrap();
                a.added.retain(|d| *d != id);
                a.removed.push(id);
            }
            Some((st, e)) => panic!("removing a device answered {st}: {e}"),
            // The removal's fate is unknown: the device may or may not be there.
            None => acked.lock().unwrap().added.retain(|d| *d != id),
        }
    }
}

/// Checks every acknowledged decision and device change against a restarted server,
/// and returns how many were lost. Then tidies up what unacknowledged writes left
/// (a request still pending, a device left behind) so the next round starts clean.
fn check_and_tidy(
    p: &mut People,
    acked: &Acked,
    round: usize,
    original: &HashSet<String>,
) -> usize {
    let mut lost = 0;
    let (st, mine) = p.erin.get("/me/roles");
    assert_eq!(st, 200, "{mine}");
    let status: std::collections::HashMap<String, String> = mine["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for id in &acked.requests {
        if !status.contains_key(id) {
            eprintln!("round {round}: request {id} acknowledged, then missing after restart");
            lost += 1;
        }
    }
    for id in &acked.denied {
        if status.get(id).map(String::as_str) != Some("denied") {
            eprintln!(
                "round {round}: denial of {id} acknowledged, then {:?}",
                status.get(id)
            );
            lost += 1;
        }
    }
    let (st, devices) = p.beatriz.get("/me/devices");
    assert_eq!(st, 200, "{devices}");
    let present: HashSet<String> = devices
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    for id in &acked.added {
        if !present.contains(id) {
            eprintln!("round {round}: device {id} added (201), then missing after restart");
            lost += 1;
        }
    }
    for id in &acked.removed {
        if present.contains(id) {
            eprintln!("round {round}: device {id} removed (204), then back after restart");
            lost += 1;
        }
    }
    // Tidy: a request the approver never got to is denied now; so is one whose
    // request was written but not acknowledged. Devices beyond the original ones go.
    let (_, queue) = p.alan.get("/approvals");
    for r in queue.as_array().unwrap() {
        if r["requester"]["user_id"] == "erin.enduser" {
            let id = r["id"].as_str().unwrap();
            let (st, e) = p.alan.post(
                &format!("/role-requests/{id}/decision"),
                json!({"decision": "deny", "reason": "Tidying up after a crash."}),
            );
            assert_eq!(st, 200, "{e}");
        }
    }
    for id in present.difference(original) {
        assert_eq!(p.beatriz.delete(&format!("/me/devices/{id}")).0, 204);
    }
    lost
}

fn crash_loop(data: &Path, env: &[(&str, &str)], cluster: Option<&Cluster>) -> (usize, usize) {
    let mut acknowledged_total = 0;
    let mut lost = 0;
    let acked_changes = Arc::new(Mutex::new(Acked::default()));
    let (people, original) = {
        let server = Server::builder()
            .data(data)
            .env(env)
            .args(&["--demo"])
            .start();
        let mut people = People::log_in(&server);
        let (_, devices) = people.beatriz.get("/me/devices");
        let original: HashSet<String> = devices
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_string())
            .collect();
        drop(server.kill_hard());
        (people, original)
    };
    for round in 0..ROUNDS {
        let server = Server::builder()
            .data(data)
            .env(env)
            .args(&["--demo"])
            .start();
        let base = server.url("");
        let stop = Arc::new(AtomicBool::new(false));
        let acked = Arc::new(Mutex::new(Vec::<String>::new()));
        let mut writers: Vec<_> = (0..WRITERS)
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
        {
            let (p, s, a) = (people.on(&server), stop.clone(), acked_changes.clone());
            writers.push(std::thread::spawn(move || decision_writer(p, s, a)));
            let (p, s, a) = (people.on(&server), stop.clone(), acked_changes.clone());
            writers.push(std::thread::spawn(move || device_writer(p, s, a)));
        }
        std::thread::sleep(Duration::from_millis(jitter(300, 1500)));
        let (data_back, _) = server.kill_hard();
        assert_eq!(data_back, data);
        if let Some(c) = cluster {
            if round % 3 == 2 {
                c.crash();
                c.restart();
            }
        }
        stop.store(true, Ordering::Relaxed);
        for w in writers {
            w.join().expect("a writer got an answer it should not have");
        }
        let acked = acked.lock().unwrap().clone();
        acknowledged_total += acked.len();
        // After the restart, registering each acknowledged user ID again must find it.
        let server = Server::builder()
            .data(data)
            .env(env)
            .args(&["--demo"])
            .start();
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
        let mut p = people.on(&server);
        let changes = acked_changes.lock().unwrap();
        lost += check_and_tidy(&mut p, &changes, round, &original);
        eprintln!(
            "round {round}: {} registrations acknowledged before the kill; {} requests, {} \
             denials, {} device additions and {} removals acknowledged so far; all checked",
            acked.len(),
            changes.requests.len(),
            changes.denied.len(),
            changes.added.len() + changes.removed.len(),
            changes.removed.len()
        );
        drop(changes);
        drop(server.kill_hard());
    }
    let changes = acked_changes.lock().unwrap();
    assert!(
        changes.denied.len() >= ROUNDS && changes.removed.len() >= ROUNDS,
        "the decision and device writers got through: {} denials, {} removals",
        changes.denied.len(),
        changes.removed.len()
    );
    acknowledged_total += changes.requests.len()
        + changes.denied.len()
        + changes.added.len()
        + 2 * changes.removed.len();
    (acknowledged_total, lost)
}

#[test]
fn no_acknowledged_registration_is_lost_across_ten_sigkills_on_sled() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let (acked, lost) = crash_loop(&data, &[], None);
    eprintln!("sled: {acked} writes acknowledged, {lost} lost over {ROUNDS} kills");
    assert!(acked >= ROUNDS, "the writers got through: {acked}");
    assert_eq!(lost, 0);
}

#[test]
fn no_acknowledged_registration_is_lost_across_ten_sigkills_on_postgres() {
    let cluster = Cluster::start("crash");
    let url = cluster.database("umbral");
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let (acked, lost) = crash_loop(
        &data,
        &[("UMBRAL_DATABASE_URL", url.as_str())],
        Some(&cluster),
    );
    eprintln!("postgres: {acked} writes acknowledged, {lost} lost over {ROUNDS} kills (PostgreSQL crashed 3 times)");
    assert!(acked >= ROUNDS, "the writers got through: {acked}");
    assert_eq!(lost, 0);
}
