//! Two `umbral` processes on one PostgreSQL database (issue 15), on the throwaway
//! cluster `scripts/test.sh` starts: requests alternate between them, and every
//! guarantee that holds in one process holds across the two. They share no data
//! directory: each has its own, the second reads the first one's key file
//! (`UMBRAL_SECRET_KEY_FILE`, as a container platform mounts a secret) and the
//! documents are in the database, so nothing but PostgreSQL joins them.
use serde_json::json;
use std::sync::{Arc, Barrier};
use tests::{
    away_from_step_edge, demo_accounts, now, pg_database, psql, refused_start, totp_at, umbral_bin,
    Client, Server,
};

struct Pair {
    a: Server,
    b: Server,
    db: String,
    _tmp: tempfile::TempDir,
}

fn two_instances() -> Pair {
    let url = pg_database();
    let db = url.rsplit('/').next().unwrap().to_string();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let env = [
        ("UMBRAL_DATABASE_URL", url.as_str()),
        // Counting failures exactly is the point: no per-client lockout on the way.
        ("UMBRAL_LOCKOUT_THRESHOLD", "1000"),
        ("UMBRAL_HARD_LOCKOUT_THRESHOLD", "1000"),
    ];
    let a = Server::builder()
        .data(&data)
        .env(&env)
        .args(&["--demo"])
        .start();
    let b = second(&data, &env);
    Pair {
        a,
        b,
        db,
        _tmp: tmp,
    }
}

/// Another instance on the database of `env`, with a data directory of its own beside
/// `first_data` and the first instance's key file.
fn second(first_data: &std::path::Path, env: &[(&str, &str)]) -> Server {
    let key = first_data.join("secret.key");
    let mut env = env.to_vec();
    env.push(("UMBRAL_SECRET_KEY_FILE", key.to_str().unwrap()));
    Server::builder()
        .data(&first_data.with_file_name("second-data"))
        .env(&env)
        .start()
}

fn on(s: &Server, cookie: &Option<String>) -> Client {
    let mut c = Client::new(s);
    c.cookie = cookie.clone();
    c
}

#[test]
fn two_instances_share_sessions_codes_counters_and_decisions() {
    let p = two_instances();
    let accounts = demo_accounts(&p.a.data);
    assert_eq!(
        psql(&p.db, "SELECT max(version) FROM umbral_migrations"),
        "3"
    );

    // A session made on A works on B.
    let (pw, secret) = &accounts["alan.approver"];
    let mut alan_a = Client::new(&p.a);
    alan_a.login_with_app("alan.approver", pw, secret);
    let mut alan_b = on(&p.b, &alan_a.cookie);
    let (st, me) = alan_b.get("/me");
    assert_eq!(st, 200, "{me}");
    assert_eq!(me["user_id"], "alan.approver");
    // The organisation search folds accents alike on PostgreSQL.
    let (st, found) = alan_b.get("/organizations?name=billing%20COQUI&state=PR");
    assert_eq!(st, 200, "{found}");
    assert_eq!(found[0]["id"], "O-DEMO-COQUI", "{found}");

    // The same pending request decided at once on both instances: one decision.
    let (_, pending) = alan_b.get("/approvals");
    let req = pending[0]["id"].as_str().unwrap().to_string();
    let gate = Arc::new(Barrier::new(2));
    let deciders: Vec<_> = [("approve", alan_a.clone()), ("reject", alan_b.clone())]
        .into_iter()
        .map(|(decision, mut c)| {
            let (gate, req) = (gate.clone(), req.clone());
            std::thread::spawn(move || {
                gate.wait();
                let body = match decision {
                    "approve" => json!({"decision": "approve"}),
                    _ => json!({"decision": "reject", "reason": "Not on our staff list."}),
                };
                (
                    decision,
                    c.post(&format!("/role-requests/{req}/decision"), body),
                )
            })
        })
        .collect();
    let results: Vec<_> = deciders.into_iter().map(|t| t.join().unwrap()).collect();
    let won: Vec<_> = results.iter().filter(|(_, (st, _))| *st == 200).collect();
    assert_eq!(won.len(), 1, "one decision: {results:?}");
    let status = psql(
        &p.db,
        &format!(
            "SELECT value->>'status' FROM role_requests WHERE key = convert_to('{req}', 'UTF8')"
        ),
    );
    let expected = if won[0].0 == "approve" {
        "approved"
    } else {
        "rejected"
    };
    assert_eq!(status, expected);

    // One authenticator code sent 20 times at once, alternating instances: one login.
    let (pw, secret) = &accounts["carlos.clerk"];
    let (st, ch) = Client::new(&p.a).post(
        "/sessions",
        json!({"user_id": "carlos.clerk", "password": pw}),
    );
    assert_eq!(st, 200, "{ch}");
    let challenge = ch["challenge"].as_str().unwrap().to_string();
    let device = ch["devices"][0]["id"].as_str().unwrap().to_string();
    away_from_step_edge(4);
    let code = totp_at(secret, now());
    let gate = Arc::new(Barrier::new(20));
    let tries: Vec<_> = (0..20)
        .map(|i| {
            let mut c = Client::new(if i % 2 == 0 { &p.a } else { &p.b });
            let (gate, challenge, device, code) = (
                gate.clone(),
                challenge.clone(),
                device.clone(),
                code.clone(),
            );
            std::thread::spawn(move || {
                gate.wait();
                let (st, _) = c.post(
                    &format!("/sessions/{challenge}/passcode"),
                    json!({"device_id": device, "code": code}),
                );
                (st, c.cookie)
            })
        })
        .collect();
    let answers: Vec<_> = tries.into_iter().map(|t| t.join().unwrap()).collect();
    let winners: Vec<_> = answers.iter().filter(|(st, _)| *st == 200).collect();
    assert_eq!(
        winners.len(),
        1,
        "{:?}",
        answers.iter().map(|a| a.0).collect::<Vec<_>>()
    );
    let carlos = winners[0].1.clone();

    // Logout on B ends the session on A too.
    assert_eq!(on(&p.a, &carlos).get("/me").0, 200);
    let (st, _) = on(&p.b, &carlos).delete("/sessions/current");
    assert!(st == 200 || st == 204, "{st}");
    assert_eq!(on(&p.a, &carlos).get("/me").0, 401);

    // 50 wrong passwords at once over both instances: the counter rises by exactly 50.
    // (Passcodes of the race above that lost after the winner's login count as failures
    // after it, so the count starts where they left it.)
    let failures = || {
        psql(
            &p.db,
            "SELECT value->>'failed_attempts' FROM accounts WHERE user_id = 'carlos.clerk'",
        )
        .parse::<u32>()
        .unwrap()
    };
    let before = failures();
    let gate = Arc::new(Barrier::new(50));
    let guesses: Vec<_> = (0..50)
        .map(|i| {
            let mut c = Client::new(if i % 2 == 0 { &p.a } else { &p.b });
            let gate = gate.clone();
            std::thread::spawn(move || {
                gate.wait();
                c.post(
                    "/sessions",
                    json!({"user_id": "carlos.clerk", "password": format!("Wrong-Guess-{i:04}-Abc")}),
                )
                .0
            })
        })
        .collect();
    let codes: Vec<u16> = guesses.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(codes.iter().all(|c| *c == 401), "{codes:?}");
    assert_eq!(failures(), before + 50);

    // The background jobs run on one instance: exactly one holds the leader lock.
    let leaders = psql(
        &p.db,
        // The lock's key 0x756d6272_616c0002 (backend/src/store/pg_store.rs), in halves.
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted \
         AND classid = 1970102898 AND objid = 1634467842 AND objsubid = 1 \
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    );
    assert_eq!(leaders, "1");
}

/// `umbral admin export` from sled and `import` into PostgreSQL: the demo installation
/// moved, then served from PostgreSQL with the same data directory (its `secret.key`
/// opens the sealed authenticator seeds): the demo approver logs in with password and
/// authenticator and still sees the pending request.
#[test]
fn a_sled_installation_moves_to_postgres_with_export_and_import() {
    let s = Server::start_demo();
    let data = s.data.clone();
    let accounts = demo_accounts(&data);
    let (_, tmp) = s.terminate_keep();
    let file = data.with_extension("jsonl");
    let out = std::process::Command::new(tests::umbral_bin())
        .args(["admin", "export", "--output"])
        .arg(&file)
        .arg("--data-dir")
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(said.contains("from sled"), "{said}");
    let url = pg_database();
    let out = std::process::Command::new(tests::umbral_bin())
        .args(["admin", "import", "--input"])
        .arg(&file)
        .args(["--database-url", &url, "--data-dir"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said_in = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(
        said.replace("Exported", "").replace("from sled", ""),
        said_in.replace("Imported", "").replace("into postgres", ""),
        "every line read back"
    );
    // A second import would mix installations: refused.
    let again = std::process::Command::new(tests::umbral_bin())
        .args(["admin", "import", "--input"])
        .arg(&file)
        .args(["--database-url", &url, "--data-dir"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(!again.status.success());

    let pg = Server::builder()
        .data(&data)
        .env(&[("UMBRAL_DATABASE_URL", url.as_str())])
        .args(&[])
        .start();
    let (pw, secret) = &accounts["alan.approver"];
    let mut alan = Client::new(&pg);
    alan.login_with_app("alan.approver", pw, secret);
    let (st, pending) = alan.get("/approvals");
    assert_eq!(st, 200);
    assert_eq!(pending.as_array().unwrap().len(), 1, "{pending}");
    drop(pg);
    drop(tmp);
}

/// Security review 3, G16: an instance that starts leaves another instance's upload in
/// flight alone. On 3da3105 the new instance's start-up sweep deleted it and the user
/// got 500 when the rest of the file arrived. The upload is in the database now (no
/// shared data directory): the second instance, on a directory of its own, then serves
/// the document the first one received.
#[test]
fn an_instance_starting_leaves_another_instances_upload_in_flight() {
    use std::io::{Read, Write};
    let url = pg_database();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let env = [("UMBRAL_DATABASE_URL", url.as_str())];
    let a = Server::builder()
        .data(&data)
        .env(&env)
        .args(&["--demo"])
        .start();
    let (pw, secret) = demo_accounts(&a.data)["diego.diaz"].clone();
    let mut diego = Client::new(&a);
    diego.login_with_app("diego.diaz", &pw, &secret);
    let (_, l) = diego.get("/applications/spot/licence?organization=O-DEMO-COQUI");
    let (st, v) = diego.post(
        "/applications/spot/licence",
        json!({"version": l["version"], "organization": "O-DEMO-COQUI"}),
    );
    assert_eq!(st, 200, "{v}");
    let boundary = "b0undary-g16";
    let mut body = vec![];
    for (k, v) in [
        ("application", "spot"),
        ("organization", "O-DEMO-COQUI"),
        ("doc_type", "adr_response"),
        ("subject", "Across a rolling restart"),
    ] {
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        )
        .unwrap();
    }
    write!(body, "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n").unwrap();
    body.extend(std::iter::repeat_n(b'x', 200_000));
    write!(body, "\r\n--{boundary}--\r\n").unwrap();
    let mut tcp = std::net::TcpStream::connect(("127.0.0.1", a.port)).unwrap();
    write!(
        tcp,
        "POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nX-Umbral-Request: 1\r\nCookie: __Host-umbral_session={}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        diego.cookie.as_deref().unwrap(),
        body.len()
    )
    .unwrap();
    tcp.write_all(&body[..body.len() / 2]).unwrap();
    tcp.flush().unwrap();
    // The upload is under way in the database ...
    let db = url.rsplit('/').next().unwrap();
    let in_flight = || {
        psql(
            db,
            "SELECT count(*) FROM document_uploads WHERE NOT committed",
        )
    };
    let start = std::time::Instant::now();
    while in_flight() != "1" {
        assert!(start.elapsed() < std::time::Duration::from_secs(20));
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // ... when a second instance starts.
    let b = second(&data, &env);
    assert_eq!(in_flight(), "1", "left alone");
    assert!(
        !data.join("documents/tmp").exists()
            || std::fs::read_dir(data.join("documents/tmp"))
                .unwrap()
                .count()
                == 0
    );
    tcp.write_all(&body[body.len() / 2..]).unwrap();
    let mut answer = String::new();
    tcp.set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    tcp.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    // The other instance, which shares no directory with the first, serves it.
    let reference = answer
        .split("\"reference\":\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("a reference in {answer}"))
        .to_string();
    let resp = ureq::get(&format!(
        "http://127.0.0.1:{}/api/v1/submissions/{reference}/files/0",
        b.port
    ))
    .set(
        "Cookie",
        &format!("__Host-umbral_session={}", diego.cookie.as_deref().unwrap()),
    )
    .call()
    .unwrap();
    let mut file = vec![];
    resp.into_reader().read_to_end(&mut file).unwrap();
    assert_eq!(file.len(), 9 + 200_000);
    assert!(file.starts_with(b"%PDF-1.7\n"));
}

/// One key per database. A second instance with a data directory of its own (so no
/// key, or a key of its own) refuses to start and says what to fix; an admin command
/// with the wrong key changes nothing; with the first instance's key file named by
/// `UMBRAL_SECRET_KEY_FILE` it serves the first instance's sessions and logins.
#[test]
fn an_instance_with_another_key_refuses_to_start_and_the_right_key_file_is_enough() {
    let url = pg_database();
    let db = url.rsplit('/').next().unwrap().to_string();
    let tmp = tempfile::tempdir().unwrap();
    let env = [("UMBRAL_DATABASE_URL", url.as_str())];
    let a_data = tmp.path().join("a");
    let a = Server::builder()
        .data(&a_data)
        .env(&env)
        .args(&["--demo"])
        .start();
    let fingerprint = psql(
        &db,
        "SELECT value #>> '{}' FROM meta WHERE key = convert_to('key_fingerprint', 'UTF8')",
    );
    assert_eq!(fingerprint.len(), 32, "{fingerprint}");
    let rows = "SELECT (SELECT count(*) FROM accounts) || '/' || (SELECT count(*) FROM meta)";
    let before = psql(&db, rows);

    // Its own data directory: no key is made there, the start is refused.
    let b_data = tmp.path().join("b");
    let err = refused_start(&b_data, &env);
    assert!(
        err.contains("there is no secret key") && err.contains(&fingerprint[..16]),
        "{err}"
    );
    assert!(!b_data.join("secret.key").exists());
    // A key of its own: refused, both fingerprints named.
    let stray = tmp.path().join("stray.key");
    std::fs::write(&stray, [7u8; 64]).unwrap();
    std::fs::set_permissions(&stray, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let stray_env = [
        ("UMBRAL_DATABASE_URL", url.as_str()),
        ("UMBRAL_SECRET_KEY_FILE", stray.to_str().unwrap()),
    ];
    let err = refused_start(&b_data, &stray_env);
    assert!(
        err.contains("is not the key") && err.contains(&fingerprint[..16]),
        "{err}"
    );
    // An admin command with that key writes no account sealed with it.
    let out = std::process::Command::new(umbral_bin())
        .args(["admin", "create-help-desk", "--user-id", "hd.stray"])
        .args(["--email", "stray@example.org", "--data-dir"])
        .arg(&b_data)
        .envs(stray_env)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not the key"));
    assert_eq!(psql(&db, rows), before, "nothing written");

    // The first instance's key, named: B starts on its own data directory and serves
    // A's sessions.
    let key = a_data.join("secret.key");
    let b = Server::builder()
        .data(&b_data)
        .env(&[
            ("UMBRAL_DATABASE_URL", url.as_str()),
            ("UMBRAL_SECRET_KEY_FILE", key.to_str().unwrap()),
        ])
        .start();
    let accounts = demo_accounts(&a.data);
    let (pw, secret) = &accounts["alan.approver"];
    let mut alan_a = Client::new(&a);
    alan_a.login_with_app("alan.approver", pw, secret);
    let (st, me) = on(&b, &alan_a.cookie).get("/me");
    assert_eq!(st, 200, "{me}");
    // And a login with an authenticator whose seed A sealed completes on B.
    let (pw, secret) = &accounts["carlos.clerk"];
    let mut carlos = Client::new(&b);
    carlos.login_with_app("carlos.clerk", pw, secret);
    assert_eq!(carlos.get("/me").0, 200);
}

/// The rate limits and the per-client lock count across instances (schema 2): an
/// attacker alternating between two instances gets five guesses in all, not five on
/// each, and one address's login bucket (ten at once) is one bucket for both.
#[test]
fn two_instances_count_one_clients_tries_and_requests_together() {
    let url = pg_database();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let env = [
        ("UMBRAL_DATABASE_URL", url.as_str()),
        ("UMBRAL_TRUSTED_PROXIES", "127.0.0.1"),
        ("UMBRAL_RATE_LIMIT_SCALE", "1"),
    ];
    let a = Server::builder()
        .data(&data)
        .env(&env)
        .args(&["--demo"])
        .start();
    let b = second(&data, &env);
    let at = |i: usize| if i.is_multiple_of(2) { &a } else { &b };
    let guesses: Vec<u16> = (0..6)
        .map(|i| tests::login_from(at(i), "203.0.113.9", "erin.enduser", "Wrong-Guess-0001-Abc").0)
        .collect();
    assert_eq!(
        guesses,
        [401, 401, 401, 401, 401, 423],
        "one count for both instances"
    );
    // Another address, a new user ID each time (no lock on the way): ten logins at once
    // in all, then 429 on whichever instance.
    let burst: Vec<u16> = (0..11)
        .map(|i| {
            let user = format!("nobody.{i}");
            tests::login_from(at(i), "198.51.100.7", &user, "Wrong-Guess-0001-Abc").0
        })
        .collect();
    assert!(burst[..10].iter().all(|s| *s == 401), "{burst:?}");
    assert_eq!(burst[10], 429, "{burst:?}");
}
