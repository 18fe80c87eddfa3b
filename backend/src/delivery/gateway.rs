//! Text messages and voice calls through a gateway, over HTTPS with `reqwest` (rustls).
//!
//! Two kinds:
//!
//! - **A generic webhook** (`UMBRAL_SMS_WEBHOOK`, `UMBRAL_VOICE_WEBHOOK`): a JSON `POST`
//!   that anyone can receive and pass on to a provider:
//!
//!   ```text
//!   POST <url>
//!   Content-Type: application/json
//!   Idempotency-Key: 3f9c...            (the message's id; the same on every retry)
//!   X-Umbral-Timestamp: 1800000000      (Unix seconds when this attempt was signed)
//!   X-Umbral-Signature: v1=<hex>        (HMAC-SHA256, key UMBRAL_WEBHOOK_SECRET,
//!                                        over "<timestamp>.<body>")
//!
//!   {"id":"3f9c...","channel":"sms","to":"+17875550142","body":"Your Umbral passcode is ...","language":"en-US"}
//!   ```
//!
//!   A receiver checks the signature (constant-time) and that the timestamp is recent
//!   (say, 5 minutes), and drops an `id` it has already handled. It answers 2xx when it
//!   has taken the message; 4xx (but 408 and 429) means the message can never be sent
//!   (the number is invalid, say): Umbral does not retry it and tells the user; 5xx, 408,
//!   429 or no answer within 10 s mean "later": Umbral retries with back-off.
//!
//! - **Twilio's REST API**, or any service that copies it (`UMBRAL_TWILIO_ACCOUNT_SID`,
//!   `UMBRAL_TWILIO_AUTH_TOKEN`, `UMBRAL_TWILIO_FROM`, `UMBRAL_TWILIO_BASE_URL`): texts
//!   are `POST {base}/2010-04-01/Accounts/{sid}/Messages.json` with the form fields `To`,
//!   `From` and `Body`; calls are `.../Calls.json` with `To`, `From` and `Twiml` (the code
//!   read twice with `<Say>` in the recipient's language); HTTP Basic authentication
//!   with the account SID and token. The message id goes along as `Idempotency-Key`
//!   for services that honour it.
use super::{Channel, DeliveryError, Message};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::Duration;

/// How long a gateway has to answer before the attempt counts as failed for now.
pub const TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Clone)]
pub enum Gateway {
    Webhook {
        url: String,
        secret: Vec<u8>,
        client: reqwest::Client,
    },
    Twilio {
        base: String,
        sid: String,
        token: String,
        from: String,
        client: reqwest::Client,
    },
}

fn client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .connect_timeout(Duration::from_secs(5))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))
}

/// `+1` and the ten digits (the North American numbers Umbral registers).
pub fn e164(digits: &str) -> String {
    let d: String = digits.chars().filter(char::is_ascii_digit).collect();
    if d.len() == 10 {
        format!("+1{d}")
    } else {
        format!("+{d}")
    }
}

/// `v1=` and the hex HMAC-SHA256 of `"<timestamp>.<body>"`.
pub fn signature(secret: &[u8], timestamp: u64, body: &[u8]) -> String {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("any key length");
    m.update(timestamp.to_string().as_bytes());
    m.update(b".");
    m.update(body);
    let hex: String = m
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("v1={hex}")
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// What an HTTP status means for the message.
fn judge(status: reqwest::StatusCode, what: &str) -> Result<(), DeliveryError> {
    if status.is_success() {
        Ok(())
    } else if status.is_client_error()
        && status != reqwest::StatusCode::REQUEST_TIMEOUT
        && status != reqwest::StatusCode::TOO_MANY_REQUESTS
    {
        Err(DeliveryError::Refused(format!("{what} answered {status}")))
    } else {
        Err(DeliveryError::Later(format!("{what} answered {status}")))
    }
}

/// A transport error without the URL: reqwest's message ends with the whole URL, and a
/// relay's token often sits in its query (security review 3, G15). What is logged and
/// kept in the queue record names the host only.
fn transport(e: reqwest::Error, what: &str) -> DeliveryError {
    let host = e
        .url()
        .map(|u| redact(u.as_str()))
        .unwrap_or_else(|| "?".into());
    let e = e.without_url();
    DeliveryError::Later(format!("{what} ({host}): {e}"))
}

/// A URL fit for a log: scheme, host and port only; no user, password, path or query.
pub fn redact(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(u) => format!(
            "{}://{}{}",
            u.scheme(),
            u.host_str().unwrap_or("?"),
            u.port().map(|p| format!(":{p}")).unwrap_or_default()
        ),
        Err(_) => "an unreadable URL".into(),
    }
}

impl Gateway {
    pub fn webhook(url: &str, secret: &str) -> Result<Gateway, String> {
        if secret.len() < 16 {
            return Err("UMBRAL_WEBHOOK_SECRET must be set, 16 characters or more".into());
        }
        reqwest::Url::parse(url).map_err(|e| format!("webhook URL {}: {e}", redact(url)))?;
        Ok(Gateway::Webhook {
            url: url.into(),
            secret: secret.as_bytes().to_vec(),
            client: client()?,
        })
    }

    pub fn twilio(base: &str, sid: &str, token: &str, from: &str) -> Result<Gateway, String> {
        reqwest::Url::parse(base).map_err(|e| format!("UMBRAL_TWILIO_BASE_URL {base}: {e}"))?;
        if sid.is_empty() || token.is_empty() || from.is_empty() {
            return Err("Twilio needs UMBRAL_TWILIO_ACCOUNT_SID, UMBRAL_TWILIO_AUTH_TOKEN and UMBRAL_TWILIO_FROM".into());
        }
        Ok(Gateway::Twilio {
            base: base.trim_end_matches('/').into(),
            sid: sid.into(),
            token: token.into(),
            from: from.into(),
            client: client()?,
        })
    }

    pub async fn send(&self, m: &Message) -> Result<(), DeliveryError> {
        let language = match m.locale {
            shared::i18n::Locale::En => "en-US",
            shared::i18n::Locale::Es => "es-US",
        };
        match self {
            Gateway::Webhook {
                url,
                secret,
                client,
            } => {
                let body = serde_json::to_vec(&serde_json::json!({
                    "id": m.id,
                    "channel": m.channel.name(),
                    "to": e164(&m.to),
                    "body": m.body,
                    "language": language,
                }))
                .map_err(|e| DeliveryError::Refused(e.to_string()))?;
                let ts = crate::clock::now_secs();
                let r = client
                    .post(url)
                    .header("content-type", "application/json")
                    .header("idempotency-key", &m.id)
                    .header("x-umbral-timestamp", ts.to_string())
                    .header("x-umbral-signature", signature(secret, ts, &body))
                    .body(body)
                    .send()
                    .await
                    .map_err(|e| transport(e, "the webhook"))?;
                judge(r.status(), "the webhook")
            }
            Gateway::Twilio {
                base,
                sid,
                token,
                from,
                client,
            } => {
                let to = e164(&m.to);
                let (path, form): (&str, Vec<(&str, String)>) = match m.channel {
                    Channel::Voice => {
                        let say =
                            format!("<Say language=\"{language}\">{}</Say>", xml_escape(&m.body));
                        (
                            "Calls.json",
                            vec![
                                ("To", to),
                                ("From", from.clone()),
                                (
                                    "Twiml",
                                    format!("<Response>{say}<Pause length=\"1\"/>{say}</Response>"),
                                ),
                            ],
                        )
                    }
                    _ => (
                        "Messages.json",
                        vec![("To", to), ("From", from.clone()), ("Body", m.body.clone())],
                    ),
                };
                let r = client
                    .post(format!("{base}/2010-04-01/Accounts/{sid}/{path}"))
                    .basic_auth(sid, Some(token))
                    .header("idempotency-key", &m.id)
                    .form(&form)
                    .send()
                    .await
                    .map_err(|e| transport(e, "the SMS/voice service"))?;
                judge(r.status(), "the SMS/voice service")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_hmac_sha256_over_timestamp_and_body() {
        // python3: hmac.new(b'0123456789abcdef', b'1800000000.{"a":1}', sha256).hexdigest()
        assert_eq!(
            signature(b"0123456789abcdef", 1_800_000_000, br#"{"a":1}"#),
            "v1=d3e17924cac4a72ca2ee9e5700df170fdb5733eaf69ecd909fb0c18a962b03a5"
        );
    }

    /// Security review 3, G15: a failed delivery's error (logged at every retry and kept
    /// in the queue record) names the host, never the URL's password or query token.
    #[tokio::test]
    async fn a_failed_webhook_names_the_host_not_its_secrets() {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let g = Gateway::webhook(
            &format!("http://hookuser:HookPa55word@127.0.0.1:{port}/sms?token=HookT0kenSecret"),
            "0123456789abcdef",
        )
        .unwrap();
        let m = Message {
            id: "m1".into(),
            locale: shared::i18n::Locale::En,
            channel: crate::delivery::Channel::Sms,
            to: "7875550142".into(),
            subject: String::new(),
            queued_at: 0,
            body: "code 123456".into(),
        };
        let Err(DeliveryError::Later(e)) = g.send(&m).await else {
            panic!("a closed port is a failure to retry");
        };
        assert!(e.contains(&format!("127.0.0.1:{port}")), "{e}");
        for secret in ["HookT0kenSecret", "HookPa55word", "hookuser", "/sms"] {
            assert!(!e.contains(secret), "{secret} in {e}");
        }
        assert_eq!(
            redact("https://u:p@relay.example:8443/a/b?token=t#f"),
            "https://relay.example:8443"
        );
    }

    #[test]
    fn numbers_are_e164() {
        assert_eq!(e164("7875550142"), "+17875550142");
        assert_eq!(e164("17875550142"), "+17875550142");
    }

    #[test]
    fn statuses_decide_retry_or_give_up() {
        use reqwest::StatusCode as S;
        assert!(judge(S::ACCEPTED, "x").is_ok());
        assert!(matches!(
            judge(S::BAD_REQUEST, "x"),
            Err(DeliveryError::Refused(_))
        ));
        assert!(matches!(
            judge(S::TOO_MANY_REQUESTS, "x"),
            Err(DeliveryError::Later(_))
        ));
        assert!(matches!(
            judge(S::INTERNAL_SERVER_ERROR, "x"),
            Err(DeliveryError::Later(_))
        ));
    }
}
