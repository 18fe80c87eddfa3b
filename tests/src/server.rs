//! Starting the release server on a free loopback port, and stopping it.
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

/// `umbral admin create-help-desk` for `user_id` into `data` (no server running): the
/// token of the one-time setup link it prints.
pub fn create_help_desk(data: &Path, user_id: &str, email: &str) -> String {
    let out = std::process::Command::new(umbral_bin())
        .args(["admin", "create-help-desk", "--user-id", user_id])
        .args(["--email", email, "--data-dir"])
        .arg(data)
        .env("UMBRAL_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    text.split("token=").nth(1).unwrap().trim().to_string()
}

/// `umbral serve` on `data` with `env`, expected to refuse to start: waits (20 s at
/// most) for it to exit unsuccessfully, and returns what it wrote on standard error.
pub fn refused_start(data: &Path, env: &[(&str, &str)]) -> String {
    let mut child = Command::new(umbral_bin())
        .args(["serve", "--listen", &format!("127.0.0.1:{}", free_port())])
        .arg("--data-dir")
        .arg(data)
        .env("UMBRAL_LOG", "warn")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn umbral");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("umbral serve started (or hung) where it should have refused");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert!(!status.success(), "it exited successfully: {err}");
    err
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

pub(crate) fn wait_until(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// How to start a server: [`Server::builder`], then [`ServerBuilder::start`].
#[derive(Default)]
pub struct ServerBuilder {
    data: Option<PathBuf>,
    keep: Option<tempfile::TempDir>,
    dist: Option<PathBuf>,
    env: Vec<(String, String)>,
    args: Vec<String>,
    demo: bool,
    clock: Option<PathBuf>,
}

impl ServerBuilder {
    /// `--demo` (and the log at info level: every request's audit line is logged, for
    /// the tests that read the log).
    pub fn demo(mut self) -> Self {
        self.demo = true;
        self
    }

    /// Extra `UMBRAL_*` settings; `{port}` in a value is the port chosen.
    pub fn env(mut self, env: &[(&str, &str)]) -> Self {
        self.env
            .extend(env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        self
    }

    /// An existing data directory, the caller's (a restart, several instances).
    pub fn data(mut self, dir: &Path) -> Self {
        self.data = Some(dir.to_path_buf());
        self
    }

    /// The temporary directory that owns the data directory, kept as long as the server.
    pub fn keep(mut self, tmp: Option<tempfile::TempDir>) -> Self {
        self.keep = tmp;
        self
    }

    /// Another built SPA than `dist/`.
    pub fn dist(mut self, dir: &Path) -> Self {
        self.dist = Some(dir.to_path_buf());
        self
    }

    /// The server reads the time from `clock` (and runs its lifecycle job every second);
    /// clients of this server then compute TOTP codes at that time, see [`Server::now`].
    pub fn clock(mut self, clock: &crate::TestClock) -> Self {
        self.env
            .extend(clock.env().into_iter().map(|(k, v)| (k.to_string(), v)));
        self.clock = Some(clock.path().to_path_buf());
        self
    }

    /// Extra arguments of `umbral serve`.
    pub fn args(mut self, args: &[&str]) -> Self {
        self.args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    /// Starts it and waits for its health check.
    pub fn start(self) -> Server {
        let (data, tmp) = match self.data {
            Some(d) => (d, self.keep),
            None => {
                let tmp = tempfile::tempdir().expect("temp dir");
                (tmp.path().join("data"), Some(tmp))
            }
        };
        let dist = self.dist.unwrap_or_else(|| workspace_root().join("dist"));
        let mut env: Vec<(&str, &str)> = vec![];
        let mut args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        if self.demo {
            env.push(("UMBRAL_LOG", "info"));
            args.push("--demo");
        }
        env.extend(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let mut s = Server::spawn_args(&data, &dist, &env, &args);
        s._tmp = tmp;
        s.clock = self.clock;
        s
    }
}

/// A running `umbral serve`, killed on drop.
pub struct Server {
    pub child: Child,
    pub port: u16,
    pub data: PathBuf,
    _tmp: Option<tempfile::TempDir>,
    /// The test clock's file, when the server was started with one.
    pub clock: Option<PathBuf>,
}

impl Server {
    /// A fresh data directory, no settings: the common case.
    pub fn start() -> Server {
        Server::builder().start()
    }

    /// `umbral serve --demo` on a fresh data directory: see [`demo_accounts`].
    pub fn start_demo() -> Server {
        Server::builder().demo().start()
    }

    /// Every other way to start one: settings, `--demo`, a data directory of the
    /// caller's (a restart), another SPA directory, extra arguments.
    pub fn builder() -> ServerBuilder {
        ServerBuilder::default()
    }

    fn spawn_args(data: &Path, dist: &Path, env: &[(&str, &str)], extra: &[&str]) -> Server {
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
            .args(extra)
            .env("UMBRAL_LOG", "warn")
            // Functional tests log in many times from one address; the throttling
            // tests set the limits back to 1.
            .env("UMBRAL_RATE_LIMIT_SCALE", "1000")
            // The applications' weekly window would close SPOT on Thursday evenings (ET)
            // whenever the suite happens to run then; the status tests set it, and
            // Umbral's own window (off by default) too.
            .env("UMBRAL_MAINTENANCE_WEEKLY", "off")
            .env("UMBRAL_APP_MAINTENANCE_WEEKLY", "off")
            // `{port}` in a value is the port chosen here (a public URL at `localhost`,
            // which browsers accept as a WebAuthn relying party where 127.0.0.1 is not).
            .envs(
                env.iter()
                    .map(|(k, v)| (*k, v.replace("{port}", &port.to_string()))),
            )
            .stdout(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(Server::log_path(data))
                    .map(Stdio::from)
                    .unwrap_or_else(|_| Stdio::null()),
            )
            .spawn()
            .expect("spawn umbral");
        let s = Server {
            child,
            port,
            data: data.to_path_buf(),
            _tmp: None,
            clock: None,
        };
        wait_until("the server's health check", || {
            ureq::get(&s.url("/api/v1/health"))
                .call()
                .is_ok_and(|r| r.status() == 200)
        });
        s
    }

    /// Where the server's standard output (its log) goes: beside the data directory.
    pub fn log_path(data: &Path) -> PathBuf {
        data.with_extension("log")
    }

    /// The server's time: its test clock's, or the real time.
    pub fn now(&self) -> u64 {
        crate::time_of(self.clock.as_deref())
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The same address by the name `localhost` (for a server started with
    /// `UMBRAL_PUBLIC_URL=http://localhost:{port}`).
    pub fn localhost(&self, path: &str) -> String {
        format!("http://localhost:{}{path}", self.port)
    }

    /// SIGKILL: no chance to flush anything on the way out.
    /// Returns the data directory and the temporary directory that owns it.
    pub fn kill_hard(mut self) -> (PathBuf, Option<tempfile::TempDir>) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        (self.data.clone(), self._tmp.take())
    }

    /// SIGTERM, waits for the exit, and keeps the data directory: returns it and the
    /// temporary directory that owns it.
    pub fn terminate_keep(mut self) -> (PathBuf, Option<tempfile::TempDir>) {
        let tmp = self._tmp.take();
        let data = self.data.clone();
        assert!(self.terminate().success());
        (data, tmp)
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

/// The demo accounts `--demo` wrote to `<data>/demo-accounts.txt`: user ID ->
/// (password, authenticator secret).
pub fn demo_accounts(data: &Path) -> std::collections::HashMap<String, (String, String)> {
    let text = std::fs::read_to_string(data.join("demo-accounts.txt")).expect("demo-accounts.txt");
    text.lines()
        .filter_map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            match w.as_slice() {
                [id, "password", pw, "authenticator", "secret", secret] => {
                    Some((id.to_string(), (pw.to_string(), secret.to_string())))
                }
                _ => None,
            }
        })
        .collect()
}

/// Every file below `dir`.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir)
        .expect("readable directory")
        .flatten()
    {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
