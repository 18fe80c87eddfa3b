//! PostgreSQL stopped under a running server as a power cut would stop it, then started
//! again: while it is down every request is answered within 2 s, with 503 `unavailable`
//! and `Retry-After` where it needs the database (never 500), `/health` says within a
//! second that the database is down, and once it is back the same session works again,
//! though every connection the server held died with the old PostgreSQL.
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tests::{demo_accounts, Client, Cluster, Server};

/// What one request got, and how long it took.
#[derive(Debug)]
struct Answer {
    what: &'static str,
    status: u16,
    code: String,
    took: Duration,
}

/// The requests a reader sends over and over: a signed-in read, a login's password step
/// and the public status page, each timed.
fn probe(c: &mut Client, password: &str) -> Vec<Answer> {
    let mut out = vec![];
    let mut timed = |what: &'static str, r: &mut dyn FnMut() -> (u16, serde_json::Value)| {
        let t = Instant::now();
        let (status, body) = r();
        out.push(Answer {
            what,
            status,
            code: body["error"]["code"].as_str().unwrap_or("").to_string(),
            took: t.elapsed(),
        });
    };
    let mut me = c.clone();
    timed("GET /me", &mut || me.get("/me"));
    let mut anon = c.clone();
    anon.cookie = None;
    timed("POST /sessions", &mut || {
        anon.post(
            "/sessions",
            json!({"user_id": "alan.approver", "password": password}),
        )
    });
    timed("GET /status", &mut || anon.get("/status"));
    out
}

#[test]
fn a_database_outage_is_answered_fast_and_never_with_a_500() {
    let cluster = Cluster::start("outage");
    let url = cluster.database("umbral");
    let s = Server::builder()
        .env(&[("UMBRAL_DATABASE_URL", url.as_str())])
        .args(&["--demo"])
        .start();
    let accounts = demo_accounts(&s.data);
    let (pw, secret) = &accounts["alan.approver"];
    let mut alan = Client::new(&s);
    alan.login_with_app("alan.approver", pw, secret);
    assert_eq!(alan.get("/me").0, 200);

    // Two readers send the probes without pause through the outage and the recovery.
    let answers = Arc::new(Mutex::new(Vec::<(Instant, Answer)>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (mut c, pw, answers, stop) =
                (alan.clone(), pw.clone(), answers.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    for a in probe(&mut c, &pw) {
                        answers.lock().unwrap().push((Instant::now(), a));
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let down = Instant::now();
    cluster.crash();
    // While it is down: /health answers within a second and names the database.
    std::thread::sleep(Duration::from_millis(1500));
    let t = Instant::now();
    let r = ureq::get(&s.url("/api/v1/health")).call();
    let took = t.elapsed();
    let Err(ureq::Error::Status(503, r)) = r else {
        panic!("health while PostgreSQL is down: {r:?}")
    };
    assert!(took < Duration::from_secs(1), "health took {took:?}");
    assert_eq!(r.header("Retry-After"), Some("5"));
    let health: serde_json::Value = r.into_json().unwrap();
    assert_eq!(health["database"], "unavailable", "{health}");
    std::thread::sleep(Duration::from_millis(1500));
    let back = Instant::now();
    cluster.restart();
    // Back: within a few seconds the same session reads again.
    let deadline = Instant::now() + Duration::from_secs(15);
    while alan.get("/me").0 != 200 {
        assert!(Instant::now() < deadline, "the session never worked again");
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_millis(1000));
    stop.store(true, Ordering::Relaxed);
    for r in readers {
        r.join().unwrap();
    }

    let answers = answers.lock().unwrap();
    let slow: Vec<_> = answers
        .iter()
        .filter(|(_, a)| a.took > Duration::from_secs(2))
        .collect();
    assert!(slow.is_empty(), "answers slower than 2 s: {slow:?}");
    let wrong: Vec<_> = answers
        .iter()
        .filter(|(_, a)| !(a.status < 500 || (a.status == 503 && a.code == "unavailable")))
        .collect();
    assert!(
        wrong.is_empty(),
        "answers other than 2xx-4xx or 503 unavailable: {wrong:?}"
    );
    // The run reached what it tests: refusals while PostgreSQL was down, for the
    // signed-in read and the login alike, and the same reads answered after it.
    let during = |what: &str| {
        answers
            .iter()
            .filter(|(at, a)| a.what == what && *at > down && *at < back && a.status == 503)
            .count()
    };
    assert!(during("GET /me") >= 2, "{answers:?}");
    assert!(during("POST /sessions") >= 2, "{answers:?}");
    let after = answers
        .iter()
        .filter(|(at, a)| a.what == "GET /me" && *at > back && a.status == 200)
        .count();
    assert!(after >= 1, "no read answered after the restart");
    eprintln!(
        "{} answers, {} of them 503 while PostgreSQL was down, slowest {:?}",
        answers.len(),
        answers.iter().filter(|(_, a)| a.status == 503).count(),
        answers.iter().map(|(_, a)| a.took).max().unwrap()
    );
}
