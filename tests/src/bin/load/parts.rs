//! The harness's parts: progress on the terminal, the HTTP client, latencies, memory,
//! raw argon2 verifications, and the mailbox of codes.
use crate::*;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tests::code_in;

/// One line on standard error that rewrites itself: the progress of a phase.
pub(crate) struct Progress {
    pub(crate) phase: &'static str,
    pub(crate) total: u64,
    pub(crate) done: AtomicU64,
}

impl Progress {
    pub(crate) fn new(phase: &'static str, total: u64) -> Arc<Progress> {
        Arc::new(Progress {
            phase,
            total,
            done: AtomicU64::new(0),
        })
    }

    pub(crate) fn tick(&self) {
        let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if n.is_multiple_of(16) || n == self.total {
            self.draw(n);
        }
    }

    pub(crate) fn draw(&self, n: u64) {
        let width = 30usize;
        let filled = if self.total == 0 {
            width
        } else {
            (n.min(self.total) as usize * width) / self.total as usize
        };
        eprint!(
            "\r{:<12} [{}{}] {n}/{}   ",
            self.phase,
            "#".repeat(filled),
            " ".repeat(width - filled),
            self.total
        );
    }

    pub(crate) fn finish(&self) {
        self.draw(self.done.load(Ordering::Relaxed));
        eprintln!();
    }
}

/// What one request gave back.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Value,
    pub(crate) cookie: Option<String>,
    /// Seconds the server asked to wait (`Retry-After`).
    pub(crate) retry_after: Option<u64>,
}

#[derive(Clone)]
pub(crate) struct Api {
    pub(crate) http: reqwest::Client,
    pub(crate) base: String,
}

impl Api {
    pub(crate) async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
        cookie: Option<&str>,
    ) -> Result<Answer, reqwest::Error> {
        let mut req = self
            .http
            .request(method, format!("{}/api/v1{path}", self.base))
            .header("X-Umbral-Request", "1")
            .header("Accept-Language", "en");
        if let Some(c) = cookie {
            req = req.header("Cookie", format!("__Host-umbral_session={c}"));
        }
        if let Some(b) = body {
            req = req
                .header("Content-Type", "application/json")
                .body(b.to_string());
        }
        let resp = req.send().await?;
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        let cookie = resp
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|sc| sc.split(';').next())
            .and_then(|kv| kv.split_once('='))
            .map(|(_, v)| v.to_string())
            .filter(|v| !v.is_empty());
        let text = resp.text().await?;
        Ok(Answer {
            status,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
            cookie,
            retry_after,
        })
    }

    pub(crate) async fn post(
        &self,
        path: &str,
        body: Value,
        cookie: Option<&str>,
    ) -> Option<Answer> {
        self.call(reqwest::Method::POST, path, Some(&body), cookie)
            .await
            .ok()
    }
}

/// Latencies of one workload, in milliseconds.
#[derive(Default)]
pub(crate) struct Latencies(pub(crate) Vec<f64>);

impl Latencies {
    pub(crate) fn push(&mut self, d: Duration) {
        self.0.push(d.as_secs_f64() * 1000.0);
    }

    pub(crate) fn pct(&self, p: f64) -> f64 {
        if self.0.is_empty() {
            return f64::NAN;
        }
        let mut v = self.0.clone();
        v.sort_by(|a, b| a.total_cmp(b));
        let i = ((p / 100.0) * (v.len() as f64 - 1.0)).round() as usize;
        round2(v[i])
    }
}

pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Resident and peak-resident memory of a process, in MiB, from `/proc`.
pub(crate) fn rss_mib(pid: u32) -> (f64, f64) {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb * 1024.0 / MIB)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Raw argon2id verifications per second at the server's parameters, one thread per
/// core, for `secs`.
pub(crate) fn raw_verifications(cores: usize, secs: f64) -> f64 {
    use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
    use argon2::{Algorithm, Argon2, Params, PasswordVerifier, Version};
    let a = Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(19 * 1024, 2, 1, None).expect("params"),
    );
    let phc = a
        .hash_password(PASSWORD.as_bytes(), &SaltString::generate(&mut OsRng))
        .expect("hash")
        .to_string();
    let start = Instant::now();
    let deadline = start + Duration::from_secs_f64(secs);
    let total: u64 = std::thread::scope(|s| {
        let hs: Vec<_> = (0..cores)
            .map(|_| {
                let (a, phc) = (a.clone(), phc.clone());
                s.spawn(move || {
                    let h = PasswordHash::new(&phc).expect("phc");
                    let mut n = 0u64;
                    while Instant::now() < deadline {
                        a.verify_password(b"Wrong-Horse-7-Battery", &h).ok();
                        n += 1;
                    }
                    n
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().expect("thread")).sum()
    });
    total as f64 / start.elapsed().as_secs_f64()
}

/// Codes the server emailed, by recipient, read from `<data>/outbox/`.
pub(crate) struct Mailbox {
    pub(crate) dir: PathBuf,
    pub(crate) seen: std::collections::HashSet<String>,
    pub(crate) codes: HashMap<String, VecDeque<String>>,
}

impl Mailbox {
    pub(crate) fn scan(&mut self) {
        let Ok(rd) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for e in rd.filter_map(|e| e.ok()) {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || self.seen.contains(&name) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(e.path()) else {
                continue;
            };
            self.seen.insert(name);
            let to = text
                .lines()
                .find_map(|l| l.trim_end().strip_prefix("To: "))
                .map(str::to_string);
            let body = text
                .split_once("\r\n\r\n")
                .or_else(|| text.split_once("\n\n"))
                .map_or(text.as_str(), |(_, b)| b);
            if let (Some(to), Some(code)) = (to, code_in(body)) {
                self.codes.entry(to).or_default().push_back(code);
            }
        }
    }
}

pub(crate) async fn code_for(mail: &Mutex<Mailbox>, to: &str) -> Option<String> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        {
            let mut m = mail.lock().expect("mailbox");
            if let Some(c) = m.codes.get_mut(to).and_then(|q| q.pop_front()) {
                return Some(c);
            }
            m.scan();
            if let Some(c) = m.codes.get_mut(to).and_then(|q| q.pop_front()) {
                return Some(c);
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    None
}
