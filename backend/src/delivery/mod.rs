//! Outbound email, SMS and voice messages (ARCHITECTURE.md section 6). By default every
//! message is written to `<data dir>/outbox/`, one file per message (email as `.eml`),
//! so a fresh install works with no mail server and tests read codes from there. SMTP
//! for email and a [`gateway`] (a signed webhook, or Twilio's API) for texts and calls
//! plug in behind the same [`Delivery`] trait. The durable queue in front of all of them,
//! with retries, is `domain::outbound`.
//!
//! Messages arrive already rendered in the recipient's language; this layer only
//! carries them. A file is written under a temporary name, synced, then renamed, so a
//! reader never sees half a message and an acknowledged message survives a crash.
pub mod gateway;

use base64::Engine;
use serde::{Deserialize, Serialize};
use shared::i18n::Locale;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Sms,
    Voice,
}

impl Channel {
    pub fn name(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Voice => "voice",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// Random, and the same on every attempt: a gateway drops a copy it has seen.
    pub id: String,
    pub channel: Channel,
    /// The recipient's language (a voice call is read in it).
    #[serde(default)]
    pub locale: Locale,
    /// An email address, or ten phone digits.
    pub to: String,
    /// Email only.
    pub subject: String,
    pub body: String,
    /// For a message queued once under a deterministic id (`Umbral::enqueue_once`):
    /// the instant it stands for, so every attempt writes the same outbox file.
    #[serde(default)]
    pub queued_at: u64,
}

/// A stable 64-bit digest of a message id (FNV-1a), for outbox file names.
fn id_digest(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("a recipient or subject contains a line break")]
    HeaderInjection,
    #[error("could not write the message: {0}")]
    Io(#[from] std::io::Error),
    /// The mail server, gateway or network failed for now: try again later.
    #[error("{0}")]
    Later(String),
    /// The message can never be delivered as it is (an address or number refused).
    #[error("{0}")]
    Refused(String),
}

impl DeliveryError {
    /// Whether trying again later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, DeliveryError::Later(_) | DeliveryError::Io(_))
    }
}

fn smtp_error(e: lettre::transport::smtp::Error) -> DeliveryError {
    if e.is_permanent() {
        DeliveryError::Refused(format!("SMTP: {e}"))
    } else {
        DeliveryError::Later(format!("SMTP: {e}"))
    }
}

pub trait Delivery: Send + Sync + 'static {
    fn send(
        &self,
        message: &Message,
    ) -> impl std::future::Future<Output = Result<(), DeliveryError>> + Send;
}

/// Writes each message to a file in a directory.
pub struct FileOutbox {
    dir: PathBuf,
    from: String,
}

/// RFC 2047 encoded-word for a header that is not plain ASCII (Spanish subjects).
fn encode_header(s: &str) -> String {
    if s.is_ascii() {
        s.to_string()
    } else {
        format!(
            "=?UTF-8?B?{}?=",
            base64::engine::general_purpose::STANDARD.encode(s)
        )
    }
}

/// The `.eml` text of an email: headers, a blank line, the UTF-8 body with CRLF lines.
pub fn render_eml(from: &str, m: &Message, date_rfc2822: &str) -> String {
    let body = m.body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!(
        "From: {from}\r\nTo: {}\r\nSubject: {}\r\nDate: {date_rfc2822}\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n",
        m.to,
        encode_header(&m.subject),
    )
}

fn rfc2822_now() -> String {
    let secs = crate::clock::now_secs();
    let d = shared::date::Date::from_days_since_epoch((secs / 86_400) as i64);
    let s = secs % 86_400;
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} +0000",
        DAYS[((secs / 86_400) % 7) as usize],
        d.day,
        MONTHS[usize::from(d.month - 1)],
        d.year,
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// A recipient as it may appear in a log: `m…@example.org` or `…0142` (F14).
pub fn masked(to: &str) -> String {
    match to.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}…@{domain}")
        }
        None => {
            let digits: Vec<char> = to.chars().filter(char::is_ascii_digit).collect();
            let tail: String = digits[digits.len().saturating_sub(4)..].iter().collect();
            format!("…{tail}")
        }
    }
}

/// Creates `dir` (and its parents) readable by the server's user only, and tightens an
/// existing one that others can read (F13).
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        let mode = std::fs::metadata(dir)?.permissions().mode();
        if mode & 0o077 != 0 {
            tracing::warn!(dir = %dir.display(), mode = format!("{:o}", mode & 0o777), "others could read this directory: setting it to 0700");
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir)
}

impl FileOutbox {
    pub fn new(data_dir: &Path, from: &str) -> std::io::Result<FileOutbox> {
        let dir = data_dir.join("outbox");
        private_dir(&dir)?;
        // Temporary files a crash left between writing a message and linking it under
        // its name (or after linking, before removing them): never delivered, removed.
        for e in std::fs::read_dir(&dir)?.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.starts_with('.') && n.ends_with(".tmp") {
                std::fs::remove_file(e.path())?;
            }
        }
        Ok(FileOutbox {
            dir,
            from: from.to_string(),
        })
    }

    /// Removes messages older than `max_age_secs` (by then every code and link in them
    /// has expired): the outbox never keeps a live secret longer than it lives (F13).
    pub fn prune(&self, max_age_secs: u64) -> std::io::Result<usize> {
        let cutoff = std::time::SystemTime::now() - std::time::Duration::from_secs(max_age_secs);
        let mut removed = 0;
        for e in std::fs::read_dir(&self.dir)? {
            let e = e?;
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t < cutoff);
            if old && e.file_type().is_ok_and(|t| t.is_file()) {
                std::fs::remove_file(e.path())?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file per message, atomically (a hidden temporary file, synced, then
    /// linked under its name). The name is the time and a digest of the message id; a
    /// message queued once (`queued_at` set) has the same name on every attempt, and
    /// a second attempt finds it there and writes nothing, so a crash between writing
    /// and forgetting the queue entry never leaves two copies.
    fn write(&self, m: &Message) -> Result<PathBuf, DeliveryError> {
        let nanos = if m.queued_at > 0 {
            u128::from(m.queued_at) * 1_000_000_000
        } else {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        };
        let (ext, text) = match m.channel {
            Channel::Email => ("eml", render_eml(&self.from, m, &rfc2822_now())),
            Channel::Sms | Channel::Voice => ("txt", format!("To: {}\n\n{}\n", m.to, m.body)),
        };
        let name = format!(
            "{nanos:039}-{:016x}-{}.{ext}",
            id_digest(&m.id),
            m.channel.name()
        );
        let unique: u64 = rand::random();
        let tmp = self.dir.join(format!(".{name}.{unique:016x}.tmp"));
        let path = self.dir.join(&name);
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        let mut f = opts.open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        let linked = std::fs::hard_link(&tmp, &path);
        std::fs::remove_file(&tmp)?;
        match linked {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                tracing::info!(file = %path.display(), "message already in the outbox");
            }
            Err(e) => return Err(e.into()),
        }
        std::fs::File::open(&self.dir)?.sync_all()?;
        Ok(path)
    }
}

impl Delivery for FileOutbox {
    async fn send(&self, m: &Message) -> Result<(), DeliveryError> {
        if [&m.to, &m.subject].iter().any(|s| s.contains(['\r', '\n'])) {
            return Err(DeliveryError::HeaderInjection);
        }
        let path = tokio::task::block_in_place(|| self.write(m))?;
        // The recipient is logged masked; the body (which may hold a code) never is.
        tracing::info!(channel = m.channel.name(), to = %masked(&m.to), file = %path.display(), "message queued in outbox");
        Ok(())
    }
}

/// Email over SMTP with lettre (`UMBRAL_SMTP_URL`): `smtps://host` for TLS from the
/// first byte, `smtp://host:587` for STARTTLS (required: a server that does not offer
/// it gets nothing), `smtp://host?tls=opportunistic` for STARTTLS when offered, and
/// `smtp://host:25?tls=none` for no encryption at all, only ever by that explicit
/// choice (a relay on the same host, say). Credentials go as `user:password@`.
pub struct Smtp {
    transport: lettre::AsyncSmtpTransport<lettre::Tokio1Executor>,
    from: lettre::message::Mailbox,
}

/// The URL lettre is given for `url`: `smtp://` with no `tls=` asks for STARTTLS
/// (lettre's own default there is no encryption), `tls=none` is taken out (lettre's
/// spelling of it is no parameter at all). Also says whether mail goes unencrypted.
pub fn smtp_url(url: &str) -> Result<(String, bool), String> {
    let url = url.trim();
    if url.starts_with("smtps://") {
        return Ok((url.to_string(), false));
    }
    if !url.starts_with("smtp://") {
        return Err("UMBRAL_SMTP_URL must start with smtp:// or smtps://".into());
    }
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut params: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    let tls = params.iter().find_map(|p| p.strip_prefix("tls="));
    let plain = match tls {
        None => {
            params.push("tls=required");
            false
        }
        Some("none") => {
            params.retain(|p| *p != "tls=none");
            true
        }
        Some("required" | "opportunistic") => false,
        Some(other) => {
            return Err(format!(
                "UMBRAL_SMTP_URL: tls={other} is not known (required, opportunistic or none)"
            ))
        }
    };
    let url = match params.is_empty() {
        true => base.to_string(),
        false => format!("{base}?{}", params.join("&")),
    };
    Ok((url, plain))
}

impl Smtp {
    pub fn new(url: &str, from: &str) -> Result<Smtp, String> {
        let (url, plain) = smtp_url(url)?;
        if plain {
            tracing::warn!(
                "email goes to the SMTP server unencrypted (tls=none in UMBRAL_SMTP_URL)"
            );
        }
        let transport = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(&url)
            .map_err(|e| format!("UMBRAL_SMTP_URL: {e}"))?
            .build();
        let from = from.parse().map_err(|e| format!("UMBRAL_MAIL_FROM: {e}"))?;
        Ok(Smtp { transport, from })
    }

    async fn send(&self, m: &Message) -> Result<(), DeliveryError> {
        use lettre::AsyncTransport;
        let to =
            m.to.parse()
                .map_err(|e| DeliveryError::Refused(format!("recipient: {e}")))?;
        let email = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.subject.clone())
            .header(lettre::message::header::ContentType::TEXT_PLAIN)
            .body(m.body.clone())
            .map_err(|e| DeliveryError::Refused(e.to_string()))?;
        self.transport.send(email).await.map_err(smtp_error)?;
        tracing::info!(channel = "email", to = %masked(&m.to), "message sent by SMTP");
        Ok(())
    }
}

/// What the server uses: email by SMTP, texts and calls by their gateways, when
/// configured; otherwise to the outbox.
pub struct Courier {
    pub outbox: FileOutbox,
    pub smtp: Option<Smtp>,
    pub sms: Option<gateway::Gateway>,
    pub voice: Option<gateway::Gateway>,
}

impl Courier {
    /// Everything to the outbox.
    pub fn outbox_only(outbox: FileOutbox) -> Courier {
        Courier {
            outbox,
            smtp: None,
            sms: None,
            voice: None,
        }
    }
}

impl Delivery for Courier {
    async fn send(&self, m: &Message) -> Result<(), DeliveryError> {
        if [&m.to, &m.subject].iter().any(|s| s.contains(['\r', '\n'])) {
            return Err(DeliveryError::HeaderInjection);
        }
        match m.channel {
            Channel::Email => match &self.smtp {
                Some(smtp) => smtp.send(m).await,
                None => self.outbox.send(m).await,
            },
            Channel::Sms => match &self.sms {
                Some(g) => g.send(m).await,
                None => self.outbox.send(m).await,
            },
            Channel::Voice => match &self.voice {
                Some(g) => g.send(m).await,
                None => self.outbox.send(m).await,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_smtp_asks_for_starttls_unless_told_otherwise() {
        let u = |s: &str| smtp_url(s).unwrap();
        assert_eq!(
            u("smtp://mail.example.org:587"),
            ("smtp://mail.example.org:587?tls=required".into(), false)
        );
        assert_eq!(
            u("smtps://u:p@mail.example.org"),
            ("smtps://u:p@mail.example.org".into(), false)
        );
        assert_eq!(
            u("smtp://h:25?tls=opportunistic"),
            ("smtp://h:25?tls=opportunistic".into(), false)
        );
        assert_eq!(
            u("smtp://127.0.0.1:25?tls=none"),
            ("smtp://127.0.0.1:25".into(), true)
        );
        assert_eq!(u("smtp://h?x=1&tls=none"), ("smtp://h?x=1".into(), true));
        assert!(smtp_url("smtp://h?tls=maybe")
            .unwrap_err()
            .contains("tls=maybe"));
        assert!(smtp_url("http://h").is_err());
        // Each URL made is one lettre accepts.
        for s in [
            "smtp://mail.example.org:587",
            "smtp://127.0.0.1:25?tls=none",
        ] {
            assert!(Smtp::new(s, "Umbral <no-reply@umbral.test>").is_ok(), "{s}");
        }
    }

    #[test]
    fn logged_recipients_are_masked() {
        assert_eq!(
            masked("mary.jones@gulfcoast.example"),
            "m…@gulfcoast.example"
        );
        assert_eq!(masked("7875550142"), "…0142");
        assert_eq!(masked(""), "…");
    }

    #[cfg(unix)]
    #[test]
    fn the_outbox_is_private_and_pruned() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(data.join("outbox")).unwrap();
        std::fs::set_permissions(data.join("outbox"), std::fs::Permissions::from_mode(0o755))
            .unwrap();
        let o = FileOutbox::new(&data, "t").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(o.dir()), 0o700);
        let m = Message {
            id: "m1".into(),
            locale: Locale::En,
            channel: Channel::Sms,
            to: "7875550142".into(),
            subject: String::new(),
            queued_at: 0,
            body: "code 123456".into(),
        };
        let path = o.write(&m).unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(o.prune(3600).unwrap(), 0);
        assert_eq!(o.prune(0).unwrap(), 1);
        assert!(!path.exists());
        // What a crash left mid-write goes at the next start; messages stay.
        let kept = o.write(&m).unwrap();
        let stale = o.dir().join(".000-m1-sms.txt.00ab.tmp");
        std::fs::write(&stale, "code 123456").unwrap();
        let o = FileOutbox::new(&data, "t").unwrap();
        assert!(!stale.exists() && kept.exists());
        assert_eq!(std::fs::read_dir(o.dir()).unwrap().count(), 1);
    }

    fn email(subject: &str, body: &str) -> Message {
        Message {
            id: "m2".into(),
            locale: Locale::En,
            channel: Channel::Email,
            to: "ana@example.com".into(),
            subject: subject.into(),
            queued_at: 0,
            body: body.into(),
        }
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn writes_one_complete_file_per_message() {
        let dir = tempfile::tempdir().unwrap();
        let out = FileOutbox::new(dir.path(), "Umbral <no-reply@umbral.local>").unwrap();
        out.send(&email(
            "Su código",
            "Su código es 123456.\nVence en 10 minutos.",
        ))
        .await
        .unwrap();
        out.send(&Message {
            id: "m3".into(),
            locale: Locale::En,
            channel: Channel::Sms,
            to: "7875550100".into(),
            subject: String::new(),
            queued_at: 0,
            body: "Code 654321".into(),
        })
        .await
        .unwrap();
        let mut files: Vec<_> = std::fs::read_dir(out.dir())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert_eq!(files.len(), 2, "no temporary files are left: {files:?}");
        let eml = std::fs::read_to_string(&files[0]).unwrap();
        assert!(files[0].extension().unwrap() == "eml");
        assert!(eml.contains("To: ana@example.com\r\n"));
        let encoded = base64::engine::general_purpose::STANDARD.encode("Su código");
        assert!(
            eml.contains(&format!("Subject: =?UTF-8?B?{encoded}?=\r\n")),
            "{eml}"
        );
        assert!(eml.contains("\r\n\r\nSu código es 123456.\r\nVence en 10 minutos.\r\n"));
        assert!(std::fs::read_to_string(&files[1])
            .unwrap()
            .contains("Code 654321"));
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn header_injection_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = FileOutbox::new(dir.path(), "x@y.z").unwrap();
        let mut m = email("Hi\r\nBcc: victim@example.com", "body");
        assert!(matches!(
            out.send(&m).await,
            Err(DeliveryError::HeaderInjection)
        ));
        m.subject = "Hi".into();
        m.to = "a@b.co\nBcc: c@d.co".into();
        assert!(matches!(
            out.send(&m).await,
            Err(DeliveryError::HeaderInjection)
        ));
        assert_eq!(std::fs::read_dir(out.dir()).unwrap().count(), 0);
    }

    #[test]
    fn dates_are_rfc2822() {
        let d = rfc2822_now();
        assert!(d.ends_with(" +0000") && d.len() == 31, "{d}");
    }
}
