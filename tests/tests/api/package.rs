//! The Debian package (`scripts/package.sh`, cargo-deb): built from the suite's release
//! server and SPA, installed with dpkg on this machine, then the installed binary started
//! as its systemd unit starts it (the unit's own `ExecStart`, as the `umbral` user, in its
//! working directory) with the installed configuration file: it serves the installed SPA
//! and keeps its key in /var/lib/umbral, private to that user. The package is purged at
//! the end; the data directory, which purging keeps on purpose, is removed by the test.
use std::process::{Command, Stdio};
use tests::{free_port, workspace_root};

/// `cmd` as root: directly when this is root, else through sudo (as scripts/pg.sh does).
fn root(cmd: &str) -> Command {
    let uid = Command::new("id").arg("-u").output().unwrap();
    if String::from_utf8_lossy(&uid.stdout).trim() == "0" {
        Command::new(cmd)
    } else {
        let mut c = Command::new("sudo");
        c.arg(cmd);
        c
    }
}

fn ok(c: &mut Command) -> String {
    let out = c.output().expect("runs");
    assert!(
        out.status.success(),
        "{c:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stat(path: &str) -> String {
    ok(Command::new("stat").args(["-c", "%a %U %G", path]))
        .trim()
        .to_string()
}

/// Purges the package and removes the data directory, however the test ends.
struct Installed;

impl Drop for Installed {
    fn drop(&mut self) {
        let _ = root("dpkg")
            .args(["--purge", "umbral"])
            .stdout(Stdio::null())
            .status();
        let _ = root("rm").args(["-rf", "/var/lib/umbral"]).status();
    }
}

#[test]
fn the_debian_package_installs_and_serves_as_its_unit_starts_it() {
    let deb = ok(&mut Command::new(
        workspace_root().join("scripts/package.sh"),
    ));
    let deb = deb.trim();
    let _installed = Installed;
    ok(root("dpkg").args(["-i", deb]));

    // What the package put where, and who may read it.
    assert_eq!(stat("/usr/bin/umbral"), "755 root root");
    assert_eq!(stat("/etc/umbral/umbral.toml"), "640 root umbral");
    assert_eq!(stat("/var/lib/umbral"), "700 umbral umbral");
    assert!(std::path::Path::new("/usr/share/umbral/dist/index.html").exists());
    let unit = std::fs::read_to_string("/lib/systemd/system/umbral.service").unwrap();
    let exec = unit
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart="))
        .expect("the unit's ExecStart");
    assert_eq!(
        exec,
        "/usr/bin/umbral serve --config /etc/umbral/umbral.toml"
    );
    let dir = unit
        .lines()
        .find_map(|l| l.strip_prefix("WorkingDirectory="))
        .unwrap();

    // Started as the unit starts it; only the port comes from the environment (which
    // overrides the file), the rest from the installed file.
    let port = free_port();
    let words: Vec<&str> = exec.split_whitespace().collect();
    let mut server = root("runuser")
        .args(["-u", "umbral", "--", "env"])
        .arg(format!("UMBRAL_LISTEN=127.0.0.1:{port}"))
        .arg("UMBRAL_LOG=warn")
        .args(&words)
        .current_dir(dir)
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let started = std::time::Instant::now();
    let health = loop {
        match ureq::get(&format!("{base}/api/v1/health")).call() {
            Ok(r) => break r.into_json::<serde_json::Value>().unwrap(),
            Err(_) if started.elapsed().as_secs() < 20 => {
                std::thread::sleep(std::time::Duration::from_millis(100))
            }
            Err(e) => panic!("the installed server never answered: {e}"),
        }
    };
    assert_eq!(health["status"], "ok", "{health}");
    // The installed SPA, found without --dist.
    let page = ureq::get(&format!("{base}/"))
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    assert!(
        page.contains("data-bin=\"front\"") || page.contains("front-"),
        "{page}"
    );
    assert_eq!(stat("/var/lib/umbral/secret.key"), "600 umbral umbral");
    let _ = root("kill").arg(server.id().to_string()).status();
    let _ = server.wait();
}
