//! The file outbox the server writes its emails to, and reading codes and links in them.
use crate::*;
use std::path::PathBuf;
use std::time::{Duration, Instant};

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
