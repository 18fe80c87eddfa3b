//! Backups restored as an operator would (docs/operations.md, "Backup and restore"):
//! PostgreSQL's own `pg_dump -Fc` and `pg_restore` into a new database, and sled's
//! `umbral admin export` and `import` into a new data directory, each with the key file
//! kept beside it. The restored installation logs its people in with password and
//! authenticator (the seeds open with the key), keeps their work, and refuses another key.
use std::path::Path;
use std::process::Command;
use tests::{demo_accounts, pg_database, psql, refused_start, umbral_bin, Client, Server};

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("the command runs");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The demo's approver logs in on the restored server and finds the pending request.
fn approver_works_on(s: &Server, demo_data: &Path) {
    let accounts = demo_accounts(demo_data);
    let (pw, secret) = &accounts["alan.approver"];
    let mut alan = Client::new(s);
    alan.login_with_app("alan.approver", pw, secret);
    let (st, pending) = alan.get("/approvals");
    assert_eq!(st, 200, "{pending}");
    assert_eq!(pending.as_array().unwrap().len(), 1, "{pending}");
}

#[test]
fn a_postgres_dump_restored_into_a_new_database_with_the_key_logs_people_in() {
    let url = pg_database();
    let tmp = tempfile::tempdir().unwrap();
    let a_data = tmp.path().join("a");
    let a = Server::builder()
        .data(&a_data)
        .env(&[("UMBRAL_DATABASE_URL", url.as_str())])
        .args(&["--demo"])
        .start();
    // Taken while the server runs (pg_dump reads one consistent snapshot).
    let dump = tmp.path().join("umbral.dump");
    run(Command::new("pg_dump")
        .args(["-Fc", "-d", &url, "-f"])
        .arg(&dump));
    drop(a);
    let restored = pg_database();
    run(Command::new("pg_restore")
        .args(["--no-owner", "--exit-on-error", "-d", &restored])
        .arg(&dump));
    let db = |u: &str| u.rsplit('/').next().unwrap().to_string();
    let count = "SELECT count(*) FROM accounts";
    assert_eq!(psql(&db(&restored), count), psql(&db(&url), count));

    // Another key is refused; the backed-up key file (named, on a new data directory)
    // opens everything.
    let b_data = tmp.path().join("b");
    let stray = tmp.path().join("stray.key");
    std::fs::write(&stray, [9u8; 64]).unwrap();
    std::fs::set_permissions(&stray, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let err = refused_start(
        &b_data,
        &[
            ("UMBRAL_DATABASE_URL", restored.as_str()),
            ("UMBRAL_SECRET_KEY_FILE", stray.to_str().unwrap()),
        ],
    );
    assert!(err.contains("is not the key"), "{err}");
    let key = a_data.join("secret.key");
    let b = Server::builder()
        .data(&b_data)
        .env(&[
            ("UMBRAL_DATABASE_URL", restored.as_str()),
            ("UMBRAL_SECRET_KEY_FILE", key.to_str().unwrap()),
        ])
        .start();
    approver_works_on(&b, &a_data);
}

#[test]
fn a_sled_export_imported_into_a_new_data_directory_with_the_key_logs_people_in() {
    let s = Server::start_demo();
    let (a_data, _tmp) = s.terminate_keep();
    // sled takes one process at a time: the backup is taken with the server stopped.
    let file = a_data.with_extension("jsonl");
    run(Command::new(umbral_bin())
        .args(["admin", "export", "--output"])
        .arg(&file)
        .arg("--data-dir")
        .arg(&a_data));
    let b_data = a_data.with_file_name("restored");
    run(Command::new(umbral_bin())
        .args(["admin", "import", "--input"])
        .arg(&file)
        .arg("--data-dir")
        .arg(&b_data));
    // Without the key the restored store does not start, and no new key is made up.
    let err = refused_start(&b_data, &[]);
    assert!(err.contains("there is no secret key"), "{err}");
    assert!(!b_data.join("secret.key").exists());
    std::fs::copy(a_data.join("secret.key"), b_data.join("secret.key")).unwrap();
    let b = Server::builder().data(&b_data).start();
    approver_works_on(&b, &a_data);
}
