//! What every domain module uses and none owns: the audit trail and outgoing messages.
//!
//! - [`Umbral::audit`] appends a security event to an account's trail, with the client's
//!   address of the request being served (set by the web layer with [`with_client`]).
//! - [`Umbral::notify`] emails an account in its language, [`Umbral::mail`] an address
//!   with no account behind it, [`Umbral::send_code`] a passcode by email, text message
//!   or voice call. A failure is [`SendFailed`]; each domain error type says what it means
//!   to its caller.
use crate::delivery::{Channel, Message};
use crate::domain::outbound::Outcome;
use crate::domain::throttle::By;
use crate::domain::throttle::{self, RetryAfter};
use crate::domain::{catalog, Umbral};
use crate::store::{Account, AuditEvent, Store, StoreError};
use shared::api::auth::DeviceKind;
use shared::i18n::Locale;
use std::future::Future;
use std::net::IpAddr;

tokio::task_local! {
    /// The address of the client whose request is being served.
    static CLIENT: Option<IpAddr>;
    /// The device cookies the request carried (see `auth::known_device`).
    static DEVICES: Vec<String>;
}

/// Runs `f` with the device cookies of the request being served.
pub async fn with_devices<F: Future>(devices: Vec<String>, f: F) -> F::Output {
    DEVICES.scope(devices, f).await
}

/// The device cookies of the request being served (none outside a request).
pub(crate) fn device_tokens() -> Vec<String> {
    DEVICES.try_with(|d| d.clone()).unwrap_or_default()
}

/// Runs `f` with `client` as the address recorded by every audit event inside it, and
/// counted by the lock (see `throttle`).
pub async fn with_client<F: Future>(client: Option<IpAddr>, f: F) -> F::Output {
    CLIENT.scope(client, f).await
}

pub(crate) fn current_client() -> Option<String> {
    CLIENT.try_with(|c| c.map(|a| a.to_string())).ok().flatten()
}

/// The throttle's key of the client being served (`"unknown"` outside a request).
pub fn client_key() -> String {
    throttle::client_key(CLIENT.try_with(|c| *c).ok().flatten())
}

/// A message was not sent.
#[derive(Debug, thiserror::Error)]
pub enum SendFailed {
    /// The mail server or gateway refused it (logged where it failed).
    #[error("delivery failed")]
    Delivery,
    /// Over the quota of its account or its destination.
    #[error("too many messages")]
    Throttled(RetryAfter),
}

impl Umbral {
    pub async fn audit(
        &self,
        account_key: &str,
        event: &str,
        detail: Option<String>,
        now: u64,
    ) -> Result<(), StoreError> {
        let e = self.audit_event(account_key, event, detail, now);
        self.store.audit(account_key, &e).await
    }

    /// The audit line of `event` for the client being served, logged now, for a
    /// write that stores it with its change ([`Store::insert_new_audited`]).
    pub(crate) fn audit_event(
        &self,
        account_key: &str,
        event: &str,
        detail: Option<String>,
        now: u64,
    ) -> AuditEvent {
        tracing::info!(
            account = account_key,
            event,
            detail = detail.as_deref().unwrap_or(""),
            "audit"
        );
        AuditEvent {
            at: now,
            event: event.to_string(),
            detail,
            client: current_client(),
        }
    }

    /// Queues a message durably and tries it once (see `outbound`): `Err` only when it
    /// was refused, so the user can choose another way; a message that failed for now
    /// is retried in the background.
    pub(crate) async fn send(
        &self,
        channel: Channel,
        locale: Locale,
        to: &str,
        subject: String,
        body: String,
    ) -> Result<(), SendFailed> {
        if [to, &subject].iter().any(|s| s.contains(['\r', '\n'])) {
            tracing::error!("a recipient or subject contains a line break: not sent");
            return Err(SendFailed::Delivery);
        }
        let m = Message {
            id: crate::crypto::secrets::token(),
            channel,
            locale,
            to: to.to_string(),
            subject,
            body,
            queued_at: 0,
        };
        match self.enqueue(m).await {
            Ok(Outcome::Sent | Outcome::Later) => Ok(()),
            Ok(Outcome::Failed) => Err(SendFailed::Delivery),
            Err(e) => {
                tracing::error!(error = %e, "cannot queue a message");
                Err(SendFailed::Delivery)
            }
        }
    }

    /// An email to the account's address: `<key>-subject` and `<key>-body`.
    pub(crate) async fn notify(
        &self,
        a: &Account,
        key: &str,
        args: &[(&str, String)],
    ) -> Result<(), SendFailed> {
        let l = a.locale;
        let mut args = args.to_vec();
        args.push(("name", a.first_name.clone()));
        args.push(("help_desk", self.help_desk_contact()));
        self.send(
            Channel::Email,
            l,
            &a.email,
            catalog().with(l, &format!("{key}-subject"), &args),
            catalog().with(l, &format!("{key}-body"), &args),
        )
        .await
    }

    /// An email to the account's address, queued at most once under `id` (see
    /// `outbound::enqueue_once`): background jobs that may run twice use it. Returns
    /// whether it was queued now.
    pub(crate) async fn notify_once(
        &self,
        a: &Account,
        key: &str,
        args: &[(&str, String)],
        id: String,
        at: u64,
    ) -> Result<bool, StoreError> {
        let l = a.locale;
        let mut args = args.to_vec();
        args.push(("name", a.first_name.clone()));
        args.push(("help_desk", self.help_desk_contact()));
        let m = Message {
            id,
            channel: Channel::Email,
            locale: l,
            to: a.email.clone(),
            subject: catalog().with(l, &format!("{key}-subject"), &args),
            body: catalog().with(l, &format!("{key}-body"), &args),
            queued_at: at,
        };
        if [&m.to, &m.subject].iter().any(|s| s.contains(['\r', '\n'])) {
            tracing::error!("a recipient or subject contains a line break: not sent");
            return Ok(false);
        }
        self.enqueue_once(m, at).await
    }

    /// Sends `code` for the account `account` the way `kind` receives it, in language
    /// `l`. A voice call reads the code digit by digit, in words. Within the quotas of
    /// the account and of the destination (F3): over either, nothing is sent.
    pub(crate) async fn send_code(
        &self,
        account: &str,
        l: Locale,
        kind: DeviceKind,
        to: &str,
        code: &str,
    ) -> Result<(), SendFailed> {
        if !kind.is_delivered() {
            return Ok(());
        }
        self.send_quota(account, to, By::Owner).await?;
        self.deliver_code(l, kind, to, code).await
    }

    /// Takes one message from the quotas of the account and of the destination (the
    /// destination's budget for `by`: the owner's own logins never wait on what others
    /// asked to be sent there, review 3, G3).
    pub(crate) async fn send_quota(
        &self,
        account: &str,
        to: &str,
        by: By,
    ) -> Result<(), SendFailed> {
        self.throttle
            .send_to_destination(to, by)
            .await
            .map_err(SendFailed::Throttled)?;
        self.throttle
            .send_to_account(account)
            .await
            .map_err(SendFailed::Throttled)
    }

    /// Sends a code with no quota taken (the caller took it).
    pub(crate) async fn deliver_code(
        &self,
        l: Locale,
        kind: DeviceKind,
        to: &str,
        code: &str,
    ) -> Result<(), SendFailed> {
        let minutes = (self.policy.code_ttl_secs / 60).max(1).to_string();
        let c = catalog();
        let code_arg = ("code", code.to_string());
        let (channel, subject, body) = match kind {
            DeviceKind::Authenticator | DeviceKind::Passkey => return Ok(()),
            DeviceKind::Email => {
                let args = [code_arg, ("minutes", minutes)];
                (
                    Channel::Email,
                    c.with(l, "msg-code-subject", &args),
                    c.with(l, "msg-code-email", &args),
                )
            }
            DeviceKind::Sms => (
                Channel::Sms,
                String::new(),
                c.with(l, "msg-code-sms", &[code_arg, ("minutes", minutes)]),
            ),
            DeviceKind::Voice => {
                let digits = code
                    .chars()
                    .map(|d| c.text(l, &format!("digit-{d}")))
                    .collect::<Vec<_>>()
                    .join(", ");
                (
                    Channel::Voice,
                    String::new(),
                    c.with(
                        l,
                        "msg-code-voice",
                        &[("digits", digits), ("minutes", minutes)],
                    ),
                )
            }
        };
        self.send(channel, l, to, subject, body).await
    }

    /// Audits an access event on every account it concerns.
    pub(crate) async fn audit_all(
        &self,
        keys: &[&str],
        event: &str,
        detail: String,
        now: u64,
    ) -> Result<(), StoreError> {
        for k in keys {
            self.audit(k, event, Some(detail.clone()), now).await?;
        }
        Ok(())
    }

    /// An email to an address with no account behind it (form officials).
    pub(crate) async fn mail(
        &self,
        l: Locale,
        to: &str,
        key: &str,
        args: &[(&str, String)],
    ) -> Result<(), SendFailed> {
        let mut args = args.to_vec();
        args.push(("help_desk", self.help_desk_contact()));
        self.send(
            Channel::Email,
            l,
            to,
            catalog().with(l, &format!("{key}-subject"), &args),
            catalog().with(l, &format!("{key}-body"), &args),
        )
        .await
    }

    /// The help desk's phone and email as configured, for the messages that say "call
    /// the help desk": ` (904-555-0100, help@example.org)`, or nothing when neither is.
    pub fn help_desk_contact(&self) -> String {
        let h = &self.policy.help_desk;
        let parts: Vec<&str> = [h.phone.as_str(), h.email.as_str()]
            .into_iter()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn messages_that_say_call_the_help_desk_give_its_number() {
        let dir = tempfile::tempdir().unwrap();
        let mut u = crate::domain::testing::umbral(dir.path());
        let body = |u: &Umbral, l| {
            catalog().with(
                l,
                "msg-password-changed-body",
                &[("name", "Ana".into()), ("help_desk", u.help_desk_contact())],
            )
        };
        assert!(body(&u, Locale::En).contains("call the help desk."));
        u.policy.help_desk.phone = "904-555-0100".into();
        u.policy.help_desk.email = "help@example.org".into();
        assert!(
            body(&u, Locale::En).contains("call the help desk (904-555-0100, help@example.org).")
        );
        assert!(body(&u, Locale::Es)
            .contains("llame a la mesa de ayuda (904-555-0100, help@example.org)."));
    }

    #[tokio::test]
    async fn the_client_is_seen_inside_the_scope_only() {
        assert_eq!(current_client(), None);
        let seen = with_client(Some([192, 0, 2, 4].into()), async { current_client() }).await;
        assert_eq!(seen.as_deref(), Some("192.0.2.4"));
        assert_eq!(current_client(), None);
    }

    /// Every event the code audits under a literal name has an activity line in both
    /// languages, so no trail on screen shows a message key (usability walk 3). The
    /// events are read from the source: the first string literal of each `audit(`,
    /// `audit_event(`, `failed(` and `audit_support(` call outside tests.
    #[test]
    fn every_audited_event_has_an_activity_label_in_both_languages() {
        fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs")
                    // Modules that exist only for tests.
                    && !["contract.rs", "scenarios.rs", "testing.rs", "tests.rs"]
                        .iter()
                        .any(|n| p.ends_with(n))
                    && !p.components().any(|c| c.as_os_str() == "attacks")
                {
                    out.push(std::fs::read_to_string(&p).unwrap());
                }
            }
        }
        let mut files = vec![];
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut events = std::collections::BTreeSet::new();
        for text in files {
            // Test modules name events of their own.
            let text = text.split("#[cfg(test)]").next().unwrap_or("");
            for call in [".audit(", ".audit_event(", ".failed(", ".audit_support("] {
                for (i, _) in text.match_indices(call) {
                    let args = &text[i + call.len()..];
                    let args = &args[..args.len().min(200)];
                    if let Some(start) = args.find('"') {
                        let lit: String = args[start + 1..]
                            .chars()
                            .take_while(|c| *c != '"')
                            .collect();
                        if !lit.is_empty()
                            && lit.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                        {
                            events.insert(lit);
                        }
                    }
                }
            }
        }
        assert!(events.len() > 40, "{events:?}");
        let c = catalog();
        let missing: Vec<String> = events
            .iter()
            .flat_map(|e| {
                // `audit_support` records `<event>_by_help_desk` on the person's account.
                let mut keys = vec![format!("activity-{e}")];
                if ["mfa_reset", "phone_released", "email_corrected"].contains(&e.as_str()) {
                    keys.push(format!("activity-{e}_by_help_desk"));
                }
                keys
            })
            .flat_map(|k| Locale::ALL.map(|l| (l, k.clone())))
            .filter(|(l, k)| !c.has(*l, k))
            .map(|(l, k)| format!("{l:?} {k}"))
            .collect();
        assert!(missing.is_empty(), "{missing:?}");
    }
}
