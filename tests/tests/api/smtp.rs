//! Email through a real SMTP server: aiosmtpd (PyPI) on loopback, storing what it
//! receives in a maildir. `scripts/test.sh` installs it and sets
//! `UMBRAL_TEST_SMTPD_PYTHON` to the interpreter that has it.
use serde_json::json;
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tests::{code_in, free_port, post_json, registration, Client, Server};

struct Smtpd(Child);

impl Drop for Smtpd {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_smtpd(port: u16, maildir: &Path) -> Smtpd {
    let python = std::env::var("UMBRAL_TEST_SMTPD_PYTHON").unwrap_or_else(|_| "python3".into());
    let child = Command::new(&python)
        .args([
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            &format!("127.0.0.1:{port}"),
            "-c",
            "aiosmtpd.handlers.Mailbox",
        ])
        .arg(maildir)
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot run {python} -m aiosmtpd ({e}); run scripts/test.sh, which installs it")
        });
    let s = Smtpd(child);
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "aiosmtpd did not start; is it installed for {python}? scripts/test.sh installs it"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    s
}

fn wait_mail(maildir: &Path) -> String {
    let start = Instant::now();
    loop {
        if let Ok(rd) = std::fs::read_dir(maildir.join("new")) {
            if let Some(e) = rd.filter_map(|e| e.ok()).next() {
                return std::fs::read_to_string(e.path()).unwrap();
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "no mail reached the SMTP server"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn email_codes_go_through_smtp_when_configured() {
    let tmp = tempfile::tempdir().unwrap();
    let maildir = tmp.path().join("maildir");
    let port = free_port();
    let _smtpd = start_smtpd(port, &maildir);
    // A relay on this host, without TLS: said so explicitly.
    let url = format!("smtp://127.0.0.1:{port}?tls=none");
    let s = Server::builder()
        .env(&[
            ("UMBRAL_SMTP_URL", &url),
            ("UMBRAL_MAIL_FROM", "Umbral <no-reply@umbral.test>"),
        ])
        .start();
    let (st, _) = post_json(
        &s.url("/api/v1/registrations"),
        &registration("MJones80"),
        "en",
    );
    assert_eq!(st, 201);

    let mut c = Client::new(&s);
    let (_, ch) = c.post(
        "/sessions",
        json!({"user_id": "MJones80", "password": "Correct-Horse-7-Battery"}),
    );
    let id = ch["challenge"].as_str().unwrap().to_string();
    assert_eq!(
        c.post(&format!("/sessions/{id}/email-code"), json!({})).0,
        202
    );
    let mail = wait_mail(&maildir);
    assert!(mail.contains("To: mary.jones@example.com"), "{mail}");
    assert!(
        mail.contains("From: Umbral <no-reply@umbral.test>"),
        "{mail}"
    );
    assert!(mail.contains("Subject: Your Umbral passcode"), "{mail}");
    let body = mail.split_once("\n\n").map(|(_, b)| b).unwrap_or(&mail);
    let code = code_in(body).expect("a code in the body");
    // The code that travelled by SMTP verifies the address; nothing went to the outbox.
    let (st, ch) = c.post(
        &format!("/sessions/{id}/email-verification"),
        json!({"code": code}),
    );
    assert_eq!((st, ch["next"].as_str()), (200, Some("enroll_device")));
    let outbox_emails = std::fs::read_dir(s.data.join("outbox"))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                .count()
        })
        .unwrap_or(0);
    assert_eq!(outbox_emails, 0);
}

/// A server sending by `url`: a new account's login asks for an email code (202), which
/// does not get through and waits in the queue (the health check counts it).
fn queued_after_an_email_code(url: &str) {
    let s = Server::builder().env(&[("UMBRAL_SMTP_URL", url)]).start();
    post_json(
        &s.url("/api/v1/registrations"),
        &registration("MJones80"),
        "en",
    );
    let mut c = Client::new(&s);
    let (_, ch) = c.post(
        "/sessions",
        json!({"user_id": "MJones80", "password": "Correct-Horse-7-Battery"}),
    );
    let id = ch["challenge"].as_str().unwrap().to_string();
    let (st, e) = c.post(&format!("/sessions/{id}/email-code"), json!({}));
    assert_eq!(st, 202, "{e}");
    let (_, health) = c.get("/health");
    assert_eq!(health["queued"], 1, "{health}");
}

/// A mail server that cannot be reached now is a failure for now: the code stays in the
/// durable queue for the next attempts (the health check counts it); it is not lost.
#[test]
fn an_unreachable_smtp_server_keeps_the_message_queued() {
    let port = free_port(); // nothing listens here
    let url = format!("smtp://127.0.0.1:{port}");
    queued_after_an_email_code(&url);
}

/// `smtp://` without `tls=` requires STARTTLS: to a server that does not offer it (this
/// one offers none) nothing is sent in clear, and the message waits in the queue.
#[test]
fn plain_smtp_without_starttls_sends_nothing_in_clear() {
    let tmp = tempfile::tempdir().unwrap();
    let maildir = tmp.path().join("maildir");
    let port = free_port();
    let _smtpd = start_smtpd(port, &maildir);
    let url = format!("smtp://127.0.0.1:{port}");
    queued_after_an_email_code(&url);
    std::thread::sleep(Duration::from_millis(300));
    let delivered = std::fs::read_dir(maildir.join("new"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(delivered, 0, "a message reached the server without TLS");
}
