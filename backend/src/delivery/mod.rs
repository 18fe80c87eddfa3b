//! Outbound email, SMS and voice messages (ARCHITECTURE.md section 6). By default every
//! message is written to `<data dir>/outbox/`, one file per message (email as `.eml`),
//! so a fresh install works with no mail server and tests read codes from there. SMTP
//! and gateway webhooks plug in behind the same [`Delivery`] trait.
//!
//! Messages arrive already rendered in the recipient's language; this layer only
//! carries them. A file is written under a temporary name, synced, then renamed, so a
//! reader never sees half a message and an acknowledged message survives a crash.
use base64::Engine;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    Email,
    Sms,
    Voice,
}

impl Channel {
    fn name(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Voice => "voice",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Message {
    pub channel: Channel,
    /// An email address, or ten phone digits.
    pub to: String,
    /// Email only.
    pub subject: String,
    pub body: String,
}

#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("a recipient or subject contains a line break")]
    HeaderInjection,
    #[error("could not write the message: {0}")]
    Io(#[from] std::io::Error),
    #[error("SMTP: {0}")]
    Smtp(String),
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

impl FileOutbox {
    pub fn new(data_dir: &Path, from: &str) -> std::io::Result<FileOutbox> {
        let dir = data_dir.join("outbox");
        std::fs::create_dir_all(&dir)?;
        Ok(FileOutbox {
            dir,
            from: from.to_string(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn write(&self, m: &Message) -> Result<PathBuf, DeliveryError> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let unique: u64 = rand::random();
        let (ext, text) = match m.channel {
            Channel::Email => ("eml", render_eml(&self.from, m, &rfc2822_now())),
            Channel::Sms | Channel::Voice => ("txt", format!("To: {}\n\n{}\n", m.to, m.body)),
        };
        let name = format!("{nanos:039}-{unique:016x}-{}.{ext}", m.channel.name());
        let tmp = self.dir.join(format!(".{name}.tmp"));
        let path = self.dir.join(&name);
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, &path)?;
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
        // The recipient is logged; the body (which may hold a code) never is.
        tracing::info!(channel = m.channel.name(), to = %m.to, file = %path.display(), "message queued in outbox");
        Ok(())
    }
}

/// Email over SMTP with lettre (`UMBRAL_SMTP_URL`, for example
/// `smtp://mail.example.org:587` for STARTTLS, `smtps://...` for TLS, or
/// `smtp://user:pass@host:25`).
pub struct Smtp {
    transport: lettre::AsyncSmtpTransport<lettre::Tokio1Executor>,
    from: lettre::message::Mailbox,
}

impl Smtp {
    pub fn new(url: &str, from: &str) -> Result<Smtp, String> {
        let transport = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(url)
            .map_err(|e| format!("UMBRAL_SMTP_URL: {e}"))?
            .build();
        let from = from.parse().map_err(|e| format!("UMBRAL_MAIL_FROM: {e}"))?;
        Ok(Smtp { transport, from })
    }

    async fn send(&self, m: &Message) -> Result<(), DeliveryError> {
        use lettre::AsyncTransport;
        let to =
            m.to.parse()
                .map_err(|e| DeliveryError::Smtp(format!("recipient: {e}")))?;
        let email = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.subject.clone())
            .header(lettre::message::header::ContentType::TEXT_PLAIN)
            .body(m.body.clone())
            .map_err(|e| DeliveryError::Smtp(e.to_string()))?;
        self.transport
            .send(email)
            .await
            .map_err(|e| DeliveryError::Smtp(e.to_string()))?;
        tracing::info!(channel = "email", to = %m.to, "message sent by SMTP");
        Ok(())
    }
}

/// What the server uses: email by SMTP when configured, everything else (and email
/// otherwise) to the outbox.
pub struct Courier {
    pub outbox: FileOutbox,
    pub smtp: Option<Smtp>,
}

impl Delivery for Courier {
    async fn send(&self, m: &Message) -> Result<(), DeliveryError> {
        if [&m.to, &m.subject].iter().any(|s| s.contains(['\r', '\n'])) {
            return Err(DeliveryError::HeaderInjection);
        }
        match (&self.smtp, m.channel) {
            (Some(smtp), Channel::Email) => smtp.send(m).await,
            _ => self.outbox.send(m).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(subject: &str, body: &str) -> Message {
        Message {
            channel: Channel::Email,
            to: "ana@example.com".into(),
            subject: subject.into(),
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
            channel: Channel::Sms,
            to: "7875550100".into(),
            subject: String::new(),
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
