//! Helpers for the end-to-end tests: start the real server and chromedriver on free
//! loopback ports, and stop them (and remove their data) when a test ends.
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

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

    /// A fresh data directory and extra `UMBRAL_*` settings.
    pub fn start_env(env: &[(&str, &str)]) -> Server {
        let tmp = tempfile::tempdir().expect("temp dir");
        let data = tmp.path().join("data");
        let mut s = Server::spawn(&data, &workspace_root().join("dist"), env);
        s._tmp = Some(tmp);
        s
    }

    /// Starts with a given data directory and SPA directory.
    pub fn start_with(data: &Path, dist: &Path) -> Server {
        Server::spawn(data, dist, &[])
    }

    /// `umbral serve --demo` on a fresh data directory: see [`demo_accounts`].
    pub fn start_demo() -> Server {
        Server::start_demo_env(&[])
    }

    /// `umbral serve --demo` with extra `UMBRAL_*` settings.
    pub fn start_demo_env(env: &[(&str, &str)]) -> Server {
        let tmp = tempfile::tempdir().expect("temp dir");
        let data = tmp.path().join("data");
        // At info level every request's audit line is logged, for tests that read the log.
        let mut all = vec![("UMBRAL_LOG", "info")];
        all.extend_from_slice(env);
        let mut s = Server::spawn_args(&data, &workspace_root().join("dist"), &all, &["--demo"]);
        s._tmp = Some(tmp);
        s
    }

    /// Starts again on the data directory of a server that was stopped, with `env`.
    pub fn restart_demo(
        data: &Path,
        tmp: Option<tempfile::TempDir>,
        env: &[(&str, &str)],
    ) -> Server {
        let mut all = vec![("UMBRAL_LOG", "info")];
        all.extend_from_slice(env);
        let mut s = Server::spawn_args(data, &workspace_root().join("dist"), &all, &["--demo"]);
        s._tmp = tmp;
        s
    }

    /// Starts on `data` with `env` and extra arguments (for several instances on one
    /// data directory and one PostgreSQL database). The data directory is the caller's.
    pub fn start_on(data: &Path, env: &[(&str, &str)], extra: &[&str]) -> Server {
        Server::spawn_args(data, &workspace_root().join("dist"), env, extra)
    }

    fn spawn(data: &Path, dist: &Path, env: &[(&str, &str)]) -> Server {
        Server::spawn_args(data, dist, env, &[])
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

impl Driver {
    /// A new headless chromium window of `width` x `height` CSS pixels, through this
    /// chromedriver (Debian's `chromium`, or `CHROMIUM`).
    pub async fn window(&self, width: u32, height: u32) -> fantoccini::Client {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--lang=en-US",
                         format!("--window-size={width},{height}")]
            }),
        );
        let c = fantoccini::ClientBuilder::new(
            hyper_util::client::legacy::connect::HttpConnector::new(),
        )
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", self.port))
        .await
        .expect("chromedriver session");
        c.set_window_size(width, height).await.expect("window size");
        c
    }
}

/// The first element matching the CSS selector `sel`, waiting up to 15 s. Any error while
/// looking is retried, not only "no such element": when a link leads to another module of
/// the SPA the browser loads a new page, and chromedriver answers a command caught in
/// that load with "aborted by navigation".
pub async fn element(c: &fantoccini::Client, sel: &str) -> fantoccini::elements::Element {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        match c.find(fantoccini::Locator::Css(sel)).await {
            Ok(e) => return e,
            Err(e) if Instant::now() >= deadline => panic!("no element {sel}: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
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

/// An API client that keeps the session cookie, as the browser would.
#[derive(Clone)]
pub struct Client {
    pub base: String,
    pub cookie: Option<String>,
    pub lang: &'static str,
    /// The last `Set-Cookie` header seen.
    pub last_set_cookie: Option<String>,
}

impl Client {
    pub fn new(s: &Server) -> Client {
        Client {
            base: s.url(""),
            cookie: None,
            lang: "en",
            last_set_cookie: None,
        }
    }

    pub fn call(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        match self.try_call(method, path, body, None) {
            Ok(answer) => answer,
            Err(e) => panic!("transport error: {e}"),
        }
    }

    /// As [`Client::call`], but a transport error (the server was killed mid-request)
    /// is returned rather than a panic, and `timeout` bounds the whole exchange.
    pub fn try_call(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&serde_json::Value>,
        timeout: Option<Duration>,
    ) -> Result<(u16, serde_json::Value), Box<ureq::Error>> {
        let mut req = ureq::request(method, &format!("{}/api/v1{path}", self.base))
            .set("X-Umbral-Request", "1")
            .set("Accept-Language", self.lang);
        if let Some(c) = &self.cookie {
            req = req.set("Cookie", &format!("__Host-umbral_session={c}"));
        }
        if let Some(t) = timeout {
            req = req.timeout(t);
        }
        let r = match body {
            Some(b) => req.send_json(b.clone()),
            None => req.call(),
        };
        let resp = match r {
            Ok(resp) | Err(ureq::Error::Status(_, resp)) => resp,
            Err(e) => return Err(Box::new(e)),
        };
        if let Some(sc) = resp.header("set-cookie") {
            self.last_set_cookie = Some(sc.to_string());
            let value = sc
                .split(';')
                .next()
                .and_then(|kv| kv.split_once('='))
                .map(|(_, v)| v.to_string())
                .unwrap_or_default();
            self.cookie = (!value.is_empty()).then_some(value);
        }
        let status = resp.status();
        let text = resp.into_string().unwrap_or_default();
        Ok((
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
        ))
    }

    pub fn get(&mut self, path: &str) -> (u16, serde_json::Value) {
        self.call("GET", path, None)
    }

    pub fn post(&mut self, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        self.call("POST", path, Some(&body))
    }
}

/// Messages the server wrote to `<data>/outbox/`, read as a person would.
pub struct Outbox {
    dir: PathBuf,
    seen: std::collections::HashSet<String>,
}

impl Outbox {
    pub fn new(s: &Server) -> Outbox {
        Outbox {
            dir: s.data.join("outbox"),
            seen: Default::default(),
        }
    }

    fn files(&self) -> Vec<(String, String)> {
        let mut v: Vec<_> = std::fs::read_dir(&self.dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| !n.starts_with('.'))
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v.into_iter()
            .filter_map(|n| {
                let text = std::fs::read_to_string(self.dir.join(&n)).ok()?;
                Some((n, text))
            })
            .collect()
    }

    /// Every message so far, as text.
    pub fn all(&self) -> Vec<String> {
        self.files().into_iter().map(|(_, t)| t).collect()
    }

    /// Waits for the next message to `to` not read before; returns its body.
    pub fn next_to(&mut self, to: &str) -> String {
        self.next_matching(to, |_| true)
    }

    /// Waits for the oldest unread message to `to` whose body satisfies `pred`, and
    /// marks it read.
    pub fn next_matching(&mut self, to: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            for (name, text) in self.files() {
                if self.seen.contains(&name) {
                    continue;
                }
                let header = format!("To: {to}");
                if text.lines().any(|l| l.trim_end() == header) {
                    let body = text
                        .split_once("\r\n\r\n")
                        .or_else(|| text.split_once("\n\n"))
                        .map(|(_, b)| b.to_string())
                        .unwrap_or(text);
                    if pred(&body) {
                        self.seen.insert(name);
                        return body;
                    }
                }
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "no message to {to} arrived"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Marks everything present as read.
    pub fn skip_all(&mut self) {
        for (name, _) in self.files() {
            self.seen.insert(name);
        }
    }

    /// The six-digit code in the next message to `to` (digits or spoken words).
    pub fn code_to(&mut self, to: &str) -> String {
        let body = self.next_matching(to, |b| code_in(b).is_some());
        code_in(&body).expect("checked")
    }
}

/// The first run of exactly six digits, or six spoken digits in English or Spanish.
/// The token of the first `/{path}?token=` link in an email.
pub fn link_token(mail: &str, path: &str) -> Option<String> {
    let t: String = mail
        .split(&format!("/{path}?token="))
        .nth(1)?
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    (!t.is_empty()).then_some(t)
}

pub fn code_in(body: &str) -> Option<String> {
    let chars: Vec<char> = body.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let j = (i..chars.len())
                .find(|&j| !chars[j].is_ascii_digit())
                .unwrap_or(chars.len());
            if j - i == 6 {
                return Some(chars[i..j].iter().collect());
            }
            i = j;
        } else {
            i += 1;
        }
    }
    const WORDS: [[&str; 10]; 2] = [
        [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        ],
        [
            "cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
        ],
    ];
    let digits: String = body
        .split(|c: char| !c.is_alphabetic())
        .filter_map(|w| {
            WORDS
                .iter()
                .find_map(|ws| ws.iter().position(|x| *x == w.to_lowercase()))
        })
        .map(|d| char::from(b'0' + d as u8))
        .collect();
    (digits.len() >= 6).then(|| digits[..6].to_string())
}

/// The code an authenticator app shows at `unix_secs` for a base32 secret.
pub fn totp_at(secret_b32: &str, unix_secs: u64) -> String {
    let bytes = totp_rs::Secret::Encoded(secret_b32.to_string())
        .to_bytes()
        .expect("base32 secret");
    totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes)
        .expect("valid TOTP")
        .generate(unix_secs)
}

pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Waits until at least `margin` seconds remain in the current 30-second TOTP step,
/// so a code computed now is still current when the server checks it.
pub fn away_from_step_edge(margin: u64) {
    while 30 - now() % 30 < margin {
        std::thread::sleep(Duration::from_millis(200));
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

impl Client {
    /// Logs in with user ID, password and the authenticator's current code.
    pub fn login_with_app(&mut self, user_id: &str, password: &str, secret: &str) {
        let (st, ch) = self.post(
            "/sessions",
            serde_json::json!({"user_id": user_id, "password": password}),
        );
        assert_eq!(st, 200, "{user_id}: {ch}");
        assert_eq!(ch["next"], "passcode", "{ch}");
        let id = ch["challenge"].as_str().unwrap().to_string();
        let dev = ch["devices"][0]["id"].as_str().unwrap().to_string();
        away_from_step_edge(3);
        let (st, p) = self.post(
            &format!("/sessions/{id}/passcode"),
            serde_json::json!({"device_id": dev, "code": totp_at(secret, now())}),
        );
        assert_eq!(st, 200, "{user_id}: {p}");
    }

    pub fn delete(&mut self, path: &str) -> (u16, serde_json::Value) {
        self.call("DELETE", path, None)
    }
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

/// One request a [`Receiver`] took.
#[derive(Clone, Debug)]
pub struct Received {
    pub path: String,
    pub headers: std::collections::HashMap<String, String>,
    pub body: Vec<u8>,
}

/// What a [`Receiver`] does with the next request.
#[derive(Clone, Copy, Debug)]
pub enum Reply {
    Status(u16),
    /// Takes the request and never answers (the connection stays open).
    Hang,
}

/// A real HTTP/1.1 server on loopback that records every request: the far end of the
/// SMS and voice webhooks in tests. It answers by a script of [`Reply`]s, then 200.
pub struct Receiver {
    pub port: u16,
    pub seen: std::sync::Arc<std::sync::Mutex<Vec<Received>>>,
    script: std::sync::Arc<std::sync::Mutex<std::collections::VecDeque<Reply>>>,
}

impl Receiver {
    pub fn start() -> Receiver {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().unwrap().port();
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let script = std::sync::Arc::new(std::sync::Mutex::new(std::collections::VecDeque::new()));
        let (seen2, script2) = (seen.clone(), script.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (seen, script) = (seen2.clone(), script2.clone());
                std::thread::spawn(move || {
                    let mut r = BufReader::new(stream.try_clone().unwrap());
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
                    let mut headers = std::collections::HashMap::new();
                    loop {
                        let mut h = String::new();
                        if r.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                            break;
                        }
                        if let Some((k, v)) = h.split_once(':') {
                            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
                        }
                    }
                    let len: usize = headers
                        .get("content-length")
                        .and_then(|l| l.parse().ok())
                        .unwrap_or(0);
                    let mut body = vec![0u8; len];
                    if r.read_exact(&mut body).is_err() {
                        return;
                    }
                    seen.lock().unwrap().push(Received {
                        path,
                        headers,
                        body,
                    });
                    let reply = script
                        .lock()
                        .unwrap()
                        .pop_front()
                        .unwrap_or(Reply::Status(200));
                    let mut stream = stream;
                    match reply {
                        Reply::Status(code) => {
                            let _ = write!(
                                stream,
                                "HTTP/1.1 {code} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            );
                        }
                        Reply::Hang => {
                            std::thread::sleep(Duration::from_secs(600));
                        }
                    }
                });
            }
        });
        Receiver { port, seen, script }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The next replies, in order.
    pub fn then(&self, replies: &[Reply]) {
        self.script.lock().unwrap().extend(replies.iter().copied());
    }

    pub fn requests(&self) -> Vec<Received> {
        self.seen.lock().unwrap().clone()
    }

    /// Waits until `n` requests have arrived (at most `secs` seconds).
    pub fn wait_for(&self, n: usize, secs: u64) -> Vec<Received> {
        let start = Instant::now();
        loop {
            let r = self.requests();
            if r.len() >= n {
                return r;
            }
            assert!(
                start.elapsed() < Duration::from_secs(secs),
                "{} of {n} requests after {secs} s",
                r.len()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// The server's test clock (`UMBRAL_UNSAFE_TEST_CLOCK`): a file this process writes
/// and the server reads at every call. With `UMBRAL_LIFECYCLE_EVERY_SECS=1` the
/// lifecycle job runs every second, and writes the time of each finished pass to
/// `<file>.done`, so [`TestClock::pass`] knows when one ran at the time it set.
pub struct TestClock {
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl TestClock {
    /// A clock at `secs`.
    pub fn at(secs: u64) -> TestClock {
        let dir = tempfile::tempdir().expect("temp dir");
        let c = TestClock {
            path: dir.path().join("clock"),
            _dir: dir,
        };
        c.set(secs);
        c
    }

    /// The settings that give a server this clock and a one-second lifecycle job.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            (
                "UMBRAL_UNSAFE_TEST_CLOCK",
                self.path.to_string_lossy().into_owned(),
            ),
            ("UMBRAL_LIFECYCLE_EVERY_SECS", "1".into()),
        ]
    }

    pub fn now(&self) -> u64 {
        std::fs::read_to_string(&self.path)
            .expect("clock file")
            .trim()
            .parse()
            .expect("seconds")
    }

    /// Sets the time (atomically: a temporary file renamed over the clock).
    pub fn set(&self, secs: u64) {
        let tmp = self.path.with_extension("tmp");
        std::fs::write(&tmp, secs.to_string()).expect("write clock");
        std::fs::rename(&tmp, &self.path).expect("set clock");
    }

    pub fn advance(&self, secs: u64) {
        self.set(self.now() + secs);
    }

    /// The time of the last finished lifecycle pass.
    pub fn last_pass(&self) -> Option<u64> {
        std::fs::read_to_string(self.path.with_extension("done"))
            .ok()?
            .trim()
            .parse()
            .ok()
    }

    /// Waits until a lifecycle pass at the clock's current time (or later) finished.
    pub fn pass(&self) {
        let t = self.now();
        wait_until("a lifecycle pass at the test clock's time", || {
            self.last_pass().is_some_and(|d| d >= t)
        });
    }
}

impl Client {
    /// Logs in with the authenticator's code at the test clock's time. The clock moves
    /// 31 seconds first, so two logins never use the same TOTP step.
    pub fn login_at(&mut self, clock: &TestClock, user_id: &str, password: &str, secret: &str) {
        clock.advance(31);
        let (st, ch) = self.post(
            "/sessions",
            serde_json::json!({"user_id": user_id, "password": password}),
        );
        assert_eq!(st, 200, "{user_id}: {ch}");
        assert_eq!(ch["next"], "passcode", "{ch}");
        let id = ch["challenge"].as_str().unwrap().to_string();
        let dev = ch["devices"][0]["id"].as_str().unwrap().to_string();
        let (st, p) = self.post(
            &format!("/sessions/{id}/passcode"),
            serde_json::json!({"device_id": dev, "code": totp_at(secret, clock.now())}),
        );
        assert_eq!(st, 200, "{user_id}: {p}");
    }

    pub fn put(&mut self, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        self.call("PUT", path, Some(&body))
    }
}

impl Client {
    /// Accepts the current licence of `app` for every organisation this person holds a
    /// role of it for (what the licence gate's *Accept* does).
    pub fn accept_licences(&mut self, app: &str) {
        let (st, roles) = self.get("/me/roles");
        assert_eq!(st, 200, "{roles}");
        for g in roles["grants"].as_array().unwrap() {
            if g["application"] != app {
                continue;
            }
            let org = g["organization"]["id"].as_str().unwrap().to_string();
            let (st, lic) = self.get(&format!("/applications/{app}/licence?organization={org}"));
            assert_eq!(st, 200, "{lic}");
            let (st, done) = self.post(
                &format!("/applications/{app}/licence"),
                serde_json::json!({"version": lic["version"], "organization": org}),
            );
            assert_eq!(st, 200, "{done}");
        }
    }
}

/// The throwaway PostgreSQL cluster `scripts/test.sh` started (`scripts/pg.sh`), as
/// its administrative URL.
pub fn pg_admin_url() -> String {
    std::env::var("UMBRAL_TEST_DATABASE_URL").unwrap_or_else(|_| {
        panic!(
            "UMBRAL_TEST_DATABASE_URL is not set: start a throwaway PostgreSQL with \
             `export UMBRAL_TEST_DATABASE_URL=$(scripts/pg.sh start /tmp/umbral-pg)` \
             (scripts/test.sh does this)"
        )
    })
}

/// Runs one SQL statement with psql on the cluster's database `db`; its output, one
/// value per line.
pub fn psql(db: &str, sql: &str) -> String {
    let admin = pg_admin_url();
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    let out = Command::new("psql")
        .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d"])
        .arg(format!("{base}/{db}"))
        .args(["-c", sql])
        .output()
        .expect("psql runs (Debian's postgresql-client, installed with postgresql)");
    assert!(
        out.status.success(),
        "psql: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A new, empty database on the test cluster; returns its URL.
pub fn pg_database() -> String {
    let name = format!(
        "umbral_e2e_{}_{}",
        std::process::id(),
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
    );
    psql("postgres", &format!("CREATE DATABASE {name}"));
    let admin = pg_admin_url();
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    format!("{base}/{name}")
}

/// axe-core's script (npm, pinned, installed by `scripts/test.sh`).
pub fn axe_source() -> String {
    let path = std::env::var("UMBRAL_AXE_JS").unwrap_or_else(|_| {
        let tools = std::env::var("UMBRAL_TOOLS_DIR")
            .unwrap_or_else(|_| format!("{}/.cache/umbral-tools", std::env::var("HOME").unwrap()));
        format!("{tools}/node_modules/axe-core/axe.min.js")
    });
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (scripts/test.sh installs axe-core)"))
}

/// axe's violations (the WCAG 2.0 and 2.1 A and AA rules) on the page, as `rule: selectors`
/// lines, and any visible text that is a message key (a message missing from the catalog
/// the page's module carries).
pub async fn axe_violations(c: &fantoccini::Client, axe: &str) -> Vec<String> {
    c.execute(axe, vec![]).await.expect("axe loads");
    let r: serde_json::Value = c
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})\
                .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))))\
                .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("axe runs");
    let mut found: Vec<String> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    // No message key on screen (a missing message shows its key): visible text that is
    // nothing but `word-word…` in lower case, as every key is, beginning as the catalog's
    // keys do (so an identifier such as a client ID `spot-demo` is not taken for one).
    let prefixes: std::collections::BTreeSet<String> =
        shared::i18n::Catalog::keys(shared::i18n::Locale::En)
            .iter()
            .filter_map(|k| k.split_once('-').map(|(p, _)| p.to_string()))
            .collect();
    let keys: serde_json::Value = c
        .execute(
            "const prefixes = new Set(arguments[0]); const out = [];
             const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
             while (w.nextNode()) { const t = w.currentNode.textContent.trim();
               const e = w.currentNode.parentElement;
               if (/^[a-z][a-z0-9_]*(-[a-z0-9_]+)+$/.test(t) && prefixes.has(t.split('-')[0])
                   && e && e.getClientRects().length > 0
                   && !e.closest('script, style, code, [hidden]')) out.push(t); }
             return out;",
            vec![serde_json::json!(prefixes)],
        )
        .await
        .expect("the key check runs");
    for k in keys.as_array().into_iter().flatten() {
        found.push(format!("message key on screen: {k}"));
    }
    found
}

/// A login from the client address `from` (forwarded by the trusted local proxy).
pub fn login_from(
    s: &Server,
    from: &str,
    user: &str,
    pw: &str,
) -> (u16, serde_json::Value, Option<String>) {
    let r = ureq::post(&s.url("/api/v1/sessions"))
        .set("X-Umbral-Request", "1")
        .set("X-Forwarded-For", from)
        .send_json(serde_json::json!({"user_id": user, "password": pw}));
    let resp = match r {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("transport error: {e}"),
    };
    let retry = resp.header("retry-after").map(str::to_string);
    let status = resp.status();
    let body = resp.into_json().unwrap_or(serde_json::Value::Null);
    (status, body, retry)
}

/// The sources' facts carry over, their wording does not (the developers' guide): no run
/// of 8 words in the project's own prose (comments of the Rust code, `docs/`, the README,
/// the help pages, the built-in catalogue) is one of the source documents', by the
/// fingerprints of `shared/data/source-shingles.txt` (`scripts/source-shingles.py`; the
/// catalogue's messages have their own test in `shared`).
#[cfg(test)]
mod wording {
    use sha2::Digest;
    use std::path::{Path, PathBuf};

    /// Each word (ASCII letters and digits, lower case) with its line.
    fn words(text: &str) -> Vec<(String, usize)> {
        let mut out = vec![];
        for (n, line) in text.lines().enumerate() {
            let clean: String = line
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        ' '
                    }
                })
                .collect();
            out.extend(clean.split_whitespace().map(|w| (w.to_string(), n + 1)));
        }
        out
    }

    fn print(run: &str) -> String {
        let h = sha2::Sha256::digest(run.as_bytes());
        h.iter().take(6).map(|b| format!("{b:02x}")).collect()
    }

    fn files(dir: &Path, ext: &[&str], out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                files(&p, ext, out);
            } else if p
                .extension()
                .is_some_and(|x| ext.contains(&x.to_str().unwrap_or("")))
            {
                out.push(p);
            }
        }
    }

    #[test]
    fn no_prose_of_the_project_repeats_the_sources_wording() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let prints: std::collections::HashSet<String> =
            std::fs::read_to_string(root.join("shared/data/source-shingles.txt"))
                .unwrap()
                .lines()
                .map(str::to_string)
                .collect();
        assert!(prints.contains(&print("the quick brown fox jumps over the lazy")));
        let mut all = vec![];
        for d in ["shared/src", "backend/src", "frontend/src", "tests"] {
            files(&root.join(d), &["rs"], &mut all);
        }
        files(&root.join("docs"), &["md"], &mut all);
        files(&root.join("frontend/help"), &["html"], &mut all);
        files(&root.join("backend/data"), &["toml"], &mut all);
        all.push(root.join("README.md"));
        assert!(all.len() > 100, "{}", all.len());
        let mut found = vec![];
        for f in &all {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            // In Rust files, the comments only: code and its strings are not prose.
            let text = if f.extension().is_some_and(|x| x == "rs") {
                text.lines()
                    .map(|l| {
                        if l.trim_start().starts_with("//") {
                            l
                        } else {
                            ""
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                text
            };
            let w = words(&text);
            for run in w.windows(8) {
                let s: Vec<&str> = run.iter().map(|(x, _)| x.as_str()).collect();
                if prints.contains(&print(&s.join(" "))) {
                    found.push(format!(
                        "{}:{}",
                        f.strip_prefix(&root).unwrap_or(f).display(),
                        run[0].1
                    ));
                    break;
                }
            }
        }
        assert!(found.is_empty(), "in the sources' words: {found:#?}");
    }
}
