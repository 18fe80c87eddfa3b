//! Helpers for the end-to-end tests: start the real server and chromedriver on free
//! loopback ports, and stop them (and remove their data) when a test ends.
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// The release server binary built by `scripts/build.sh` (or `UMBRAL_BIN`).
pub fn umbral_bin() -> PathBuf {
    std::env::var_os("UMBRAL_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/release/umbral"))
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

fn wait_until(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A running `umbral serve`, killed on drop.
pub struct Server {
    pub child: Child,
    pub port: u16,
    pub data: PathBuf,
    _tmp: Option<tempfile::TempDir>,
}

impl Server {
    pub fn start() -> Server {
        let tmp = tempfile::tempdir().expect("temp dir");
        let data = tmp.path().join("data");
        let mut s = Server::start_at(&data);
        s._tmp = Some(tmp);
        s
    }

    /// Starts on an existing data directory (for restart tests).
    pub fn start_at(data: &Path) -> Server {
        Server::start_with(data, &workspace_root().join("dist"))
    }

    /// Starts with a given data directory and SPA directory.
    pub fn start_with(data: &Path, dist: &Path) -> Server {
        let port = free_port();
        let bin = umbral_bin();
        assert!(
            bin.exists(),
            "{} is missing: run scripts/build.sh first",
            bin.display()
        );
        let child = Command::new(bin)
            .args([
                "serve",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--data-dir",
            ])
            .arg(data)
            .arg("--dist")
            .arg(dist)
            .env("UMBRAL_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .expect("spawn umbral");
        let s = Server {
            child,
            port,
            data: data.to_path_buf(),
            _tmp: None,
        };
        wait_until("the server's health check", || {
            ureq::get(&s.url("/api/v1/health"))
                .call()
                .is_ok_and(|r| r.status() == 200)
        });
        s
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// SIGKILL: no chance to flush anything on the way out.
    /// Returns the data directory and the temporary directory that owns it.
    pub fn kill_hard(mut self) -> (PathBuf, Option<tempfile::TempDir>) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        (self.data.clone(), self._tmp.take())
    }

    /// SIGTERM, then the exit status.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let start = Instant::now();
        loop {
            if let Ok(Some(st)) = self.child.try_wait() {
                return st;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "server did not stop on SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A running chromedriver, killed on drop.
pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Driver {
    pub fn start() -> Driver {
        let port = free_port();
        let child =
            Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver (apt-get install chromium-driver)");
        wait_until("chromedriver", || {
            ureq::get(&format!("http://127.0.0.1:{port}/status"))
                .call()
                .is_ok()
        });
        Driver { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A good registration body; `n` makes the user ID, email and phone unique.
pub fn registration(user_id: &str) -> serde_json::Value {
    serde_json::json!({
        "first_name": "Mary",
        "middle_name": "Beth",
        "last_name": "Jones",
        "date_of_birth": "1980-04-02",
        "email": "mary.jones@example.com",
        "terms_accepted": true,
        "address": {"line1": "1 Main St", "city": "Jacksonville", "state": "FL", "zip": "32202-1234"},
        "phone": "(904) 555-0123",
        "user_id": user_id,
        "password": "Correct-Horse-7-Battery",
        "security_question": "first_pet",
        "security_answer": "Rex"
    })
}

/// POSTs JSON as the SPA does; returns status and body (errors included).
pub fn post_json(url: &str, body: &serde_json::Value, lang: &str) -> (u16, serde_json::Value) {
    let r = ureq::post(url)
        .set("X-Umbral-Request", "1")
        .set("Accept-Language", lang)
        .send_json(body.clone());
    read(r)
}

pub fn read(r: Result<ureq::Response, ureq::Error>) -> (u16, serde_json::Value) {
    match r {
        Ok(resp) | Err(ureq::Error::Status(_, resp)) => {
            let status = resp.status();
            let text = resp.into_string().unwrap_or_default();
            (
                status,
                serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
            )
        }
        Err(e) => panic!("transport error: {e}"),
    }
}
