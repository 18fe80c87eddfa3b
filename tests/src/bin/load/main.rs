//! The load harness (issue 15): starts the release `umbral` on loopback with a
//! temporary data directory, drives it with real HTTP, and prints one JSON line of
//! figures. Bounded in count and time; loopback only.
//!
//! ```text
//! cargo run --release -p tests --bin load -- [--seconds 10] [--accounts 400]
//!     [--flood 200] [--concurrency 4] [--server-env KEY=VALUE]...
//! ```
//!
//! What it measures, in one run on the same cores:
//! - raw argon2id verifications per second at the server's parameters (m = 19 MiB,
//!   t = 2, p = 1) with one thread per core, before the server starts;
//! - registrations (the API's `POST /registrations`), then each account's first login
//!   (email code from the outbox, an authenticator enrolled);
//! - full logins, one per account (password, then the authenticator's passcode for
//!   the step after the one its enrolment used, so no code is ever sent twice), their
//!   rate, p50 and p99, and the rate divided by the raw verification rate (the login
//!   efficiency; the harness's own HTTP and TOTP work shares the cores and counts
//!   against it);
//! - first, on a server holding one account: `--flood` clients sending wrong passwords
//!   for unknown user IDs (every one that gets in costs a hash), each waiting what
//!   `Retry-After` says when told the server is busy, as the SPA does (`--hostile`:
//!   straight back); what they got back (401, 503 with or without `Retry-After`,
//!   connection errors), `/health` and `/me` p99 meanwhile, and the server's RSS
//!   sampled every 20 ms against idle + cores x 19 MiB + 32 MiB;
//! - last, `/health` and `/me` p50/p99 on a quiet server.
//!
//! The server runs with `UMBRAL_RATE_LIMIT_SCALE=100000` and a per-client connection cap
//! as large as the global one: every request comes from 127.0.0.1, which stands for the
//! many addresses of a real crowd.
use serde_json::{json, Value};
use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tests::{totp_at, Server};

const PASSWORD: &str = "Correct-Horse-7-Battery";
const MIB: f64 = 1024.0 * 1024.0;
/// Memory of one argon2 computation at the server's parameters.
const ARGON2_MIB: f64 = 19.0;

struct Opts {
    seconds: f64,
    accounts: usize,
    flood: usize,
    concurrency: usize,
    /// Flood clients ignore `Retry-After` and come straight back.
    hostile: bool,
    server_env: Vec<(String, String)>,
}

fn opts() -> Opts {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut o = Opts {
        seconds: 10.0,
        accounts: 600,
        flood: 200,
        concurrency: 2 * cores,
        hostile: false,
        server_env: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{a} needs a value")))
        };
        match a.as_str() {
            "--seconds" => o.seconds = val().parse().unwrap_or_else(|_| usage("--seconds")),
            "--accounts" => o.accounts = val().parse().unwrap_or_else(|_| usage("--accounts")),
            "--flood" => o.flood = val().parse().unwrap_or_else(|_| usage("--flood")),
            "--concurrency" => {
                o.concurrency = val().parse().unwrap_or_else(|_| usage("--concurrency"))
            }
            "--hostile" => o.hostile = true,
            "--server-env" => {
                let kv = val();
                let (k, v) = kv.split_once('=').unwrap_or_else(|| usage("--server-env"));
                o.server_env.push((k.into(), v.into()));
            }
            _ => usage(&format!("unknown argument {a}")),
        }
    }
    if !(0.5..=600.0).contains(&o.seconds)
        || !(1..=100_000).contains(&o.accounts)
        || o.flood > 20_000
        || !(1..=1024).contains(&o.concurrency)
    {
        usage("out of bounds (seconds 0.5-600, accounts 1-100000, flood <= 20000, concurrency 1-1024)");
    }
    o
}

fn usage(why: &str) -> ! {
    eprintln!("load: {why}\nusage: load [--seconds S] [--accounts N] [--flood N] [--concurrency N] [--hostile] [--server-env KEY=VALUE]...");
    std::process::exit(2)
}

mod parts;
use parts::*;

fn user_id(n: usize) -> String {
    format!("load{n:05}")
}

fn email(n: usize) -> String {
    format!("load{n:05}@example.com")
}

fn registration(n: usize) -> Value {
    json!({
        "first_name": "Load", "middle_name": "", "last_name": "Tester",
        "date_of_birth": "1980-04-02", "email": email(n), "terms_accepted": true,
        "address": {"line1": "1 Main St", "city": "Jacksonville", "state": "FL", "zip": "32202"},
        "phone": format!("(904) 555-{:04}", n % 10_000),
        "user_id": user_id(n), "password": PASSWORD,
        "security_question": "first_pet", "security_answer": "Rex",
    })
}

/// An account that can log in with its authenticator.
struct Person {
    user_id: String,
    device: String,
    secret: String,
    /// The newest TOTP step used.
    last_step: u64,
}

fn unix_now() -> u64 {
    tests::now()
}

/// The first login of a freshly registered account: email code, then an authenticator.
async fn onboard(api: &Api, mail: &Mutex<Mailbox>, n: usize) -> Option<Person> {
    let ch = api
        .post(
            "/sessions",
            json!({"user_id": user_id(n), "password": PASSWORD}),
            None,
        )
        .await?;
    (ch.status == 200 && ch.body["next"] == "verify_email").then_some(())?;
    let id = ch.body["challenge"].as_str()?.to_string();
    let sent = api
        .post(&format!("/sessions/{id}/email-code"), json!({}), None)
        .await?;
    (sent.status == 202).then_some(())?;
    let code = code_for(mail, &email(n)).await?;
    let v = api
        .post(
            &format!("/sessions/{id}/email-verification"),
            json!({"code": code}),
            None,
        )
        .await?;
    (v.status == 200).then_some(())?;
    let d = api
        .post(
            &format!("/sessions/{id}/devices"),
            json!({"kind": "authenticator", "label": "Load app"}),
            None,
        )
        .await?;
    (d.status == 201).then_some(())?;
    let device = d.body["id"].as_str()?.to_string();
    let secret = d.body["secret"].as_str()?.to_string();
    let step = unix_now() / 30;
    let ok = api
        .post(
            &format!("/sessions/{id}/devices/{device}/verification"),
            json!({"code": totp_at(&secret, step * 30)}),
            None,
        )
        .await?;
    (ok.status == 200).then_some(Person {
        user_id: user_id(n),
        device,
        secret,
        last_step: step,
    })
}

/// One full login; Some(session cookie) when it ended with a session.
async fn login(api: &Api, p: &Person, step: u64) -> Option<String> {
    let ch = api
        .post(
            "/sessions",
            json!({"user_id": p.user_id, "password": PASSWORD}),
            None,
        )
        .await?;
    (ch.status == 200 && ch.body["next"] == "passcode").then_some(())?;
    let id = ch.body["challenge"].as_str()?;
    let ok = api
        .post(
            &format!("/sessions/{id}/passcode"),
            json!({"device_id": p.device, "code": totp_at(&p.secret, step * 30)}),
            None,
        )
        .await?;
    (ok.status == 200).then_some(ok.cookie).flatten()
}

/// Runs `workers` copies of `work` until `until`, or until `count` calls when given.
async fn pool<F, Fut>(workers: usize, count: Option<usize>, until: Option<Instant>, work: F)
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let next = Arc::new(AtomicU64::new(0));
    let work = Arc::new(work);
    let tasks: Vec<_> = (0..workers)
        .map(|_| {
            let (next, work) = (next.clone(), work.clone());
            tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed) as usize;
                    if count.is_some_and(|c| i >= c) || until.is_some_and(|u| Instant::now() >= u) {
                        break;
                    }
                    work(i).await;
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("worker");
    }
}

/// `/health` and `/me` side by side until `until`: latencies of each.
async fn reads(
    api: &Api,
    cookie: &str,
    workers: usize,
    until: Instant,
    pause: Duration,
) -> (Latencies, Latencies, u64) {
    let health = Arc::new(Mutex::new(Latencies::default()));
    let me = Arc::new(Mutex::new(Latencies::default()));
    let failed = Arc::new(AtomicU64::new(0));
    let (h2, m2, f2, api, cookie) = (
        health.clone(),
        me.clone(),
        failed.clone(),
        api.clone(),
        cookie.to_string(),
    );
    pool(workers, None, Some(until), move |i| {
        let (h2, m2, f2, api, cookie) = (
            h2.clone(),
            m2.clone(),
            f2.clone(),
            api.clone(),
            cookie.clone(),
        );
        async move {
            let t = Instant::now();
            let (path, c) = if i % 2 == 0 {
                ("/health", None)
            } else {
                ("/me", Some(cookie.as_str()))
            };
            let r = api.call(reqwest::Method::GET, path, None, c).await;
            let d = t.elapsed();
            match r {
                Ok(a) if a.status == 200 => {
                    if i % 2 == 0 {
                        h2.lock().unwrap().push(d)
                    } else {
                        m2.lock().unwrap().push(d)
                    }
                }
                _ => {
                    f2.fetch_add(1, Ordering::Relaxed);
                }
            }
            if !pause.is_zero() {
                tokio::time::sleep(pause).await;
            }
        }
    })
    .await;
    let take = |m: Arc<Mutex<Latencies>>| std::mem::take(&mut *m.lock().unwrap());
    (take(health), take(me), failed.load(Ordering::Relaxed))
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let o = opts();
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let run = Duration::from_secs_f64(o.seconds);

    // 1. Raw argon2id on the same cores, before the server takes them.
    eprintln!(
        "raw argon2id verifications, {cores} threads, {:.1} s",
        o.seconds.min(5.0)
    );
    let raw =
        tokio::task::spawn_blocking(move || raw_verifications(cores, o.seconds.clamp(1.0, 5.0)))
            .await
            .expect("raw");

    // 2. The server, idle.
    let mut env = vec![
        ("UMBRAL_RATE_LIMIT_SCALE".to_string(), "100000".to_string()),
        (
            "UMBRAL_MAX_CONNECTIONS_PER_CLIENT".to_string(),
            "1024".to_string(),
        ),
    ];
    env.extend(o.server_env.iter().cloned());
    let server = tokio::task::spawn_blocking(move || {
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        Server::builder().env(&env).start()
    });
    let server = server.await.expect("server");
    let pid = server.child.id();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (idle_rss, _) = rss_mib(pid);
    let api = Api {
        http: reqwest::Client::builder()
            .pool_max_idle_per_host(4096)
            .timeout(Duration::from_secs(60))
            .build()
            .expect("client"),
        base: server.url(""),
    };

    // 3. One account whose session probes `/me` during the flood.
    let mail = Arc::new(Mutex::new(Mailbox {
        dir: server.data.join("outbox"),
        seen: Default::default(),
        codes: Default::default(),
    }));
    let probe_n = o.accounts;
    let reg = api
        .post("/registrations", registration(probe_n), None)
        .await;
    assert!(
        reg.is_some_and(|a| a.status == 201),
        "the probing account could not register"
    );
    let prober = onboard(&api, &mail, probe_n)
        .await
        .expect("the probing account enrols");
    let cookie = login(&api, &prober, prober.last_step + 1)
        .await
        .expect("the probing account logs in");

    // 4. The flood, on a server that holds one account (its memory is what the
    // bound speaks of): wrong passwords for unknown user IDs, while reads are probed and
    // the server's memory is sampled.
    let (before_flood_rss, _) = rss_mib(pid);
    eprintln!("flood: {} clients for {:.1} s", o.flood, o.seconds);
    let flood_until = Instant::now() + run;
    let statuses = Arc::new(Mutex::new(BTreeMap::<String, u64>::new()));
    let busy_without_retry = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(Mutex::new(0f64));
    let sampler = {
        let (stop, peak) = (stop.clone(), peak.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let (rss, _) = rss_mib(pid);
                {
                    let mut p = peak.lock().unwrap();
                    if rss > *p {
                        *p = rss;
                    }
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    let flood_http = reqwest::Client::builder()
        .pool_max_idle_per_host(o.flood.max(1))
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client");
    let flood_api = Api {
        http: flood_http,
        base: api.base.clone(),
    };
    let hostile = o.hostile;
    let flood = {
        let (statuses, busy_without_retry) = (statuses.clone(), busy_without_retry.clone());
        tokio::spawn(pool(o.flood, None, Some(flood_until), move |i| {
            let (api, statuses, busy_without_retry) = (
                flood_api.clone(),
                statuses.clone(),
                busy_without_retry.clone(),
            );
            async move {
                let body = json!({"user_id": format!("nobody{i:08}"), "password": "Wrong-Horse-7-Battery"});
                let key = match api
                    .call(reqwest::Method::POST, "/sessions", Some(&body), None)
                    .await
                {
                    Ok(a) => {
                        if a.status == 503 {
                            match a.retry_after {
                                None => {
                                    busy_without_retry.fetch_add(1, Ordering::Relaxed);
                                }
                                // As the SPA does; a hostile client comes straight back.
                                Some(secs) if !hostile => {
                                    tokio::time::sleep(Duration::from_secs(secs.min(5))).await
                                }
                                Some(_) => {}
                            }
                        }
                        a.status.to_string()
                    }
                    Err(e) if e.is_timeout() => "timeout".into(),
                    Err(_) => "connection_error".into(),
                };
                *statuses.lock().unwrap().entry(key).or_default() += 1;
            }
        }))
    };
    // Let the flood fill the queue before probing.
    tokio::time::sleep(run.min(Duration::from_secs(1)) / 2).await;
    let (h_flood, me_flood, flood_read_failed) =
        reads(&api, &cookie, 2, flood_until, Duration::from_millis(10)).await;
    flood.await.expect("flood");
    stop.store(true, Ordering::Relaxed);
    sampler.await.expect("sampler");
    let (after_rss, hwm) = rss_mib(pid);
    let peak_rss = peak.lock().unwrap().max(after_rss);
    // 5. Registrations.
    let regs = Arc::new(Mutex::new(Latencies::default()));
    let reg_failed = Arc::new(AtomicU64::new(0));
    let prog = Progress::new("register", o.accounts as u64);
    let t = Instant::now();
    {
        let (api, regs, reg_failed, prog) =
            (api.clone(), regs.clone(), reg_failed.clone(), prog.clone());
        pool(o.concurrency, Some(o.accounts), None, move |n| {
            let (api, regs, reg_failed, prog) =
                (api.clone(), regs.clone(), reg_failed.clone(), prog.clone());
            async move {
                let t = Instant::now();
                match api.post("/registrations", registration(n), None).await {
                    Some(a) if a.status == 201 => regs.lock().unwrap().push(t.elapsed()),
                    _ => {
                        reg_failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
                prog.tick();
            }
        })
        .await;
    }
    let reg_secs = t.elapsed().as_secs_f64();
    prog.finish();

    // 6. Each account's first login: email code, authenticator.
    let people = Arc::new(Mutex::new(VecDeque::new()));
    let prog = Progress::new("enrol", o.accounts as u64);
    {
        let (api, mail, people, prog) = (api.clone(), mail.clone(), people.clone(), prog.clone());
        pool(o.concurrency, Some(o.accounts), None, move |n| {
            let (api, mail, people, prog) =
                (api.clone(), mail.clone(), people.clone(), prog.clone());
            async move {
                if let Some(p) = onboard(&api, &mail, n).await {
                    people.lock().unwrap().push_back(p);
                }
                prog.tick();
            }
        })
        .await;
    }
    prog.finish();
    let enrolled = people.lock().unwrap().len();
    assert!(
        enrolled > 0,
        "no account could be enrolled; see the server log at {}",
        Server::log_path(&server.data).display()
    );

    // 7. Full logins: one for each account, with the TOTP step after the one its
    // enrolment used, so no code is ever sent twice.
    let logins = Arc::new(Mutex::new(Latencies::default()));
    let login_failed = Arc::new(AtomicU64::new(0));
    let sessions = Arc::new(Mutex::new(Vec::<String>::new()));
    let prog = Progress::new("login", enrolled as u64);
    let t = Instant::now();
    {
        let (api, people, logins, login_failed, sessions, prog) = (
            api.clone(),
            people.clone(),
            logins.clone(),
            login_failed.clone(),
            sessions.clone(),
            prog.clone(),
        );
        pool(o.concurrency, Some(enrolled), None, move |_| {
            let (api, people, logins, login_failed, sessions, prog) = (
                api.clone(),
                people.clone(),
                logins.clone(),
                login_failed.clone(),
                sessions.clone(),
                prog.clone(),
            );
            async move {
                let Some(mut p) = people.lock().unwrap().pop_front() else {
                    return;
                };
                // The step after the last one used, if the server still takes it (one
                // step of drift either side); otherwise the current one.
                let step = (p.last_step + 1).max(unix_now() / 30);
                p.last_step = step;
                let t = Instant::now();
                match login(&api, &p, step).await {
                    Some(cookie) => {
                        logins.lock().unwrap().push(t.elapsed());
                        let mut s = sessions.lock().unwrap();
                        if s.len() < 64 {
                            s.push(cookie);
                        }
                    }
                    None => {
                        login_failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
                prog.tick();
            }
        })
        .await;
    }
    let login_secs = t.elapsed().as_secs_f64();
    prog.finish();
    assert!(!sessions.lock().unwrap().is_empty(), "no login succeeded");

    // 8. Cheap reads on a quiet server.
    let quiet_until = Instant::now() + run.min(Duration::from_secs(5));
    let (h_quiet, me_quiet, quiet_failed) =
        reads(&api, &cookie, o.concurrency, quiet_until, Duration::ZERO).await;
    let quiet_rps =
        (h_quiet.0.len() + me_quiet.0.len()) as f64 / run.min(Duration::from_secs(5)).as_secs_f64();

    let rss_bound = idle_rss + cores as f64 * ARGON2_MIB + 32.0;

    let logins_n = logins.lock().unwrap().0.len();
    let logins_per_s = logins_n as f64 / login_secs;
    let efficiency = logins_per_s / raw;
    let regs_l = std::mem::take(&mut *regs.lock().unwrap());
    let logins_l = std::mem::take(&mut *logins.lock().unwrap());
    let statuses = statuses.lock().unwrap().clone();
    let line = json!({
        "cores": cores,
        "seconds": o.seconds,
        "accounts": o.accounts,
        "raw_argon2id_verifications_per_s": round2(raw),
        "registrations": {"ok": regs_l.0.len(), "failed": reg_failed.load(Ordering::Relaxed),
            "per_s": round2(regs_l.0.len() as f64 / reg_secs), "p50_ms": regs_l.pct(50.0), "p99_ms": regs_l.pct(99.0)},
        "enrolled": enrolled,
        "logins": {"ok": logins_n, "failed": login_failed.load(Ordering::Relaxed),
            "per_s": round2(logins_per_s), "p50_ms": logins_l.pct(50.0), "p99_ms": logins_l.pct(99.0)},
        "login_efficiency": (efficiency * 1000.0).round() / 1000.0,
        "quiet": {"requests_per_s": round2(quiet_rps), "failed": quiet_failed,
            "health_p50_ms": h_quiet.pct(50.0), "health_p99_ms": h_quiet.pct(99.0),
            "me_p50_ms": me_quiet.pct(50.0), "me_p99_ms": me_quiet.pct(99.0)},
        "flood": {"clients": o.flood, "hostile": o.hostile, "answers": statuses,
            "busy_without_retry_after": busy_without_retry.load(Ordering::Relaxed),
            "health_p99_ms": h_flood.pct(99.0), "me_p99_ms": me_flood.pct(99.0),
            "probes": h_flood.0.len() + me_flood.0.len(), "probes_failed": flood_read_failed},
        "rss_mib": {"idle": round2(idle_rss), "before_flood": round2(before_flood_rss), "peak_under_flood": round2(peak_rss),
            "high_water_mark": round2(hwm), "bound": round2(rss_bound)},
        "goals": {
            "login_efficiency_0_95": efficiency >= 0.95,
            "idle_rss_16_mib": idle_rss <= 16.0,
            "peak_rss_within_bound": peak_rss <= rss_bound,
            "reads_p99_20_ms_under_flood": h_flood.pct(99.0) <= 20.0 && me_flood.pct(99.0) <= 20.0,
        },
    });
    println!("{line}");
    drop(server);
}
