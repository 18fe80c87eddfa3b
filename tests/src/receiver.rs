//! A webhook receiver on loopback, standing in for an SMS or voice gateway's endpoint.
use std::time::{Duration, Instant};

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
