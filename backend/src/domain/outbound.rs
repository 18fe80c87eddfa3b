//! The durable queue in front of every message (email, text, call).
//!
//! A message is written to the store, on disk, before anything is sent; then it is
//! tried once at once (so a code reaches the outbox or the gateway while the user
//! waits, and a refusal they can act on is told to them: "we could not send the code,
//! choose another device"). If that attempt fails for now, the message stays queued and
//! [`Umbral::deliver_due`] (run by `jobs` every few seconds and at start) tries again
//! with exponential back-off; it is deleted once sent, refused, or too old to matter.
//!
//! Each message carries one random id, sent as the gateway's idempotency key. The one
//! case of a message sent twice is a crash between the gateway's acceptance and the
//! deletion here: the next start sends it again with the same id, and the gateway
//! drops the copy. A message is never lost: no path deletes it before a gateway took
//! it, refused it, or it expired.
//!
//! Background work that must send a message exactly once across crashes (recertification
//! reminders, inactivity warnings) uses [`Umbral::enqueue_once`] with a deterministic id:
//! the queue key is derived from it, so a second enqueue finds the first; and a message
//! that has left the queue leaves a receipt behind (written before the queue entry is
//! deleted), so an enqueue after delivery finds that. The file outbox names such a
//! message's file from its id, so even a crash between writing the file and deleting the
//! entry leaves one file. Over SMTP that crash can repeat one message.
//!
//! Each record is claimed with a lease naming this process's boot, by compare-and-swap,
//! so two attempts never overlap. On a store only this process opens (sled), a lease
//! of another boot was left by a crash and is void at once. On a store several
//! instances share (PostgreSQL), another boot may be a live instance in the middle of
//! its attempt, so its lease is void only [`LEASE_SECS`] after it was taken, longer
//! than any attempt lasts.
use crate::crypto::secrets;
use crate::delivery::{Delivery, Message};
use crate::domain::Umbral;
use crate::store::{Change, Durability, Outgoing, Receipt, Store, StoreError, Table};
use std::sync::OnceLock;

/// Attempts before a message that keeps failing for now is given up.
pub const MAX_ATTEMPTS: u32 = 12;
/// How long an email is worth delivering; texts and calls carry codes that expire sooner.
pub const EMAIL_TTL_SECS: u64 = 24 * 3600;
/// How long a receipt keeps a message queued once from being queued again.
pub const RECEIPT_TTL_SECS: u64 = 400 * 86_400;

fn aad(id: &str) -> String {
    format!("outbound:{id}")
}

/// How long another live instance's lease stands (a gateway call times out sooner).
pub const LEASE_SECS: u64 = 120;

/// This process's boot: leases of older boots are void.
fn boot() -> &'static str {
    static B: OnceLock<String> = OnceLock::new();
    B.get_or_init(secrets::id)
}

/// Seconds before attempt `n + 1`: 5, 10, 20 ... up to 10 minutes.
pub fn backoff(attempts: u32) -> u64 {
    (5u64 << attempts.min(10)).min(600)
}

/// How an attempt ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// Queued for another attempt.
    Later,
    /// Refused by the server or gateway, or given up.
    Failed,
}

impl Umbral {
    /// Queues `m` durably and tries it once.
    pub(crate) async fn enqueue(&self, m: Message) -> Result<Outcome, StoreError> {
        let now = self.clock.now();
        let key = format!("{now:020}-{}", m.id);
        let rec = self.outgoing(&m, now, false)?;
        self.store.insert_new(Table::Outbound, &key, &rec).await?;
        self.attempt(&key, rec).await
    }

    /// Queues `m` unless a message with its id was queued before (it is waiting, or
    /// it left the queue less than [`RECEIPT_TTL_SECS`] ago), and tries it once. `m.id`
    /// must be deterministic, and `at` the instant the message stands for (the same on
    /// every call). Returns whether it was queued now.
    pub(crate) async fn enqueue_once(&self, mut m: Message, at: u64) -> Result<bool, StoreError> {
        m.queued_at = at;
        let key = format!("{at:020}-{}", m.id);
        let rec = self.outgoing(&m, self.clock.now().max(at), true)?;
        match self.store.insert_new(Table::Outbound, &key, &rec).await {
            Err(StoreError::Conflict) => return Ok(false),
            r => r?,
        }
        // A receipt is written before its entry is deleted: if our insert succeeded
        // after an earlier entry left, its receipt is already there.
        if self
            .store
            .get::<Receipt>(Table::Receipts, &m.id)
            .await?
            .is_some()
        {
            self.forget(&key).await?;
            return Ok(false);
        }
        self.attempt(&key, rec).await?;
        Ok(true)
    }

    fn outgoing(&self, m: &Message, now: u64, once: bool) -> Result<Outgoing, StoreError> {
        let ttl = match m.channel {
            crate::delivery::Channel::Email => EMAIL_TTL_SECS,
            _ => self.policy.code_ttl_secs,
        };
        let json = serde_json::to_vec(m).map_err(|e| StoreError::Backend(e.to_string()))?;
        Ok(Outgoing {
            id: m.id.clone(),
            channel: m.channel,
            sealed: self.keys.seal(&json, &aad(&m.id)),
            created_at: now,
            expires_at: now + ttl,
            attempts: 0,
            next_at: now,
            lease: Some(boot().to_string()),
            leased_at: now,
            last_error: None,
            once,
        })
    }

    async fn forget(&self, key: &str) -> Result<(), StoreError> {
        self.store
            .update::<Outgoing, (), _>(Table::Outbound, key, Durability::Flushed, |_| {
                (Change::Delete, ())
            })
            .await
    }

    /// Takes a message out of the queue for good; one queued once leaves a receipt.
    async fn leave(&self, key: &str, rec: &Outgoing, sent: bool) -> Result<(), StoreError> {
        if rec.once {
            let now = self.clock.now();
            let r = Receipt {
                at: now,
                sent,
                expires_at: now + RECEIPT_TTL_SECS,
            };
            self.store
                .update::<Receipt, (), _>(Table::Receipts, &rec.id, Durability::Flushed, |_| {
                    (Change::Put(r.clone()), ())
                })
                .await?;
        }
        self.forget(key).await
    }

    async fn attempt(&self, key: &str, rec: Outgoing) -> Result<Outcome, StoreError> {
        let opened = self
            .keys
            .open(&rec.sealed, &aad(&rec.id))
            .and_then(|b| serde_json::from_slice::<Message>(&b).ok());
        let Some(m) = opened else {
            tracing::error!(id = %rec.id, "a queued message cannot be opened with this key: dropped");
            self.leave(key, &rec, false).await?;
            return Ok(Outcome::Failed);
        };
        let m = &m;
        let result = self.courier.send(m).await;
        let now = self.clock.now();
        let (outcome, change) = match result {
            Ok(()) => (Outcome::Sent, None),
            Err(e)
                if e.is_transient() && rec.attempts + 1 < MAX_ATTEMPTS && now < rec.expires_at =>
            {
                let wait = backoff(rec.attempts);
                tracing::warn!(channel = m.channel.name(), id = %m.id, attempt = rec.attempts + 1, retry_in_secs = wait, error = %e, "message not delivered yet");
                let next = Outgoing {
                    attempts: rec.attempts + 1,
                    next_at: now + wait,
                    lease: None,
                    last_error: Some(e.to_string()),
                    ..rec.clone()
                };
                (Outcome::Later, Some(next))
            }
            Err(e) => {
                tracing::error!(channel = m.channel.name(), id = %m.id, attempts = rec.attempts + 1, error = %e, "message not delivered: given up");
                (Outcome::Failed, None)
            }
        };
        match change {
            Some(next) => {
                self.store
                    .update::<Outgoing, (), _>(Table::Outbound, key, Durability::Flushed, |_| {
                        (Change::Put(next.clone()), ())
                    })
                    .await?
            }
            None => self.leave(key, &rec, outcome == Outcome::Sent).await?,
        }
        Ok(outcome)
    }

    /// One pass over the queue: every message due and not being tried by this process
    /// is tried. Returns how many were sent.
    pub async fn deliver_due(&self) -> Result<usize, StoreError> {
        let now = self.clock.now();
        let mut sent = 0;
        for (key, rec) in self
            .store
            .scan::<Outgoing>(Table::Outbound, "", usize::MAX)
            .await?
        {
            let mine = rec.lease.as_deref() == Some(boot());
            let live_elsewhere = rec.lease.is_some()
                && self.store.is_shared()
                && now < rec.leased_at.saturating_add(LEASE_SECS);
            if mine || live_elsewhere || rec.next_at > now {
                continue;
            }
            if now >= rec.expires_at {
                tracing::error!(id = %rec.id, attempts = rec.attempts, "message expired undelivered");
                self.leave(&key, &rec, false).await?;
                continue;
            }
            let seen = rec.clone();
            let claimed = self
                .store
                .update::<Outgoing, Option<Outgoing>, _>(
                    Table::Outbound,
                    &key,
                    Durability::Flushed,
                    |r| match r {
                        Some(mut r) if r.lease == seen.lease && r.attempts == seen.attempts => {
                            r.lease = Some(boot().to_string());
                            r.leased_at = now;
                            (Change::Put(r.clone()), Some(r))
                        }
                        _ => (Change::Keep, None),
                    },
                )
                .await?;
            if let Some(r) = claimed {
                if self.attempt(&key, r).await? == Outcome::Sent {
                    sent += 1;
                }
            }
        }
        Ok(sent)
    }

    /// Messages waiting for another attempt (shown by the health check).
    pub async fn queued(&self) -> Result<usize, StoreError> {
        Ok(self
            .store
            .keys_with_prefix(Table::Outbound, "")
            .await?
            .len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::Channel;

    #[test]
    fn backoff_doubles_to_ten_minutes() {
        assert_eq!(
            (0..9).map(backoff).collect::<Vec<_>>(),
            [5, 10, 20, 40, 80, 160, 320, 600, 600]
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_message_is_stored_sent_and_then_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let u = crate::domain::testing::umbral(dir.path());
        let m = Message {
            id: secrets::token(),
            channel: Channel::Sms,
            locale: Default::default(),
            to: "7875550142".into(),
            subject: String::new(),
            queued_at: 0,
            body: "code 123456".into(),
        };
        assert_eq!(u.enqueue(m.clone()).await.unwrap(), Outcome::Sent);
        assert_eq!(u.queued().await.unwrap(), 0);
        assert_eq!(
            std::fs::read_dir(u.courier.outbox.dir()).unwrap().count(),
            1
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failing_transport_keeps_the_message_sealed_and_retries_it() {
        let dir = tempfile::tempdir().unwrap();
        let u = crate::domain::testing::umbral(dir.path());
        // The outbox cannot be written: a file stands where its directory was.
        let outbox = u.courier.outbox.dir().to_path_buf();
        std::fs::remove_dir_all(&outbox).unwrap();
        std::fs::write(&outbox, b"not a directory").unwrap();
        let m = Message {
            id: secrets::token(),
            channel: Channel::Voice,
            locale: Default::default(),
            to: "7875550142".into(),
            subject: String::new(),
            queued_at: 0,
            body: "secret-code-918273".into(),
        };
        assert_eq!(u.enqueue(m).await.unwrap(), Outcome::Later);
        assert_eq!(u.queued().await.unwrap(), 1);
        u.store.flush().unwrap();
        let mut disk = vec![];
        for e in std::fs::read_dir(dir.path().join("db")).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                disk.extend(std::fs::read(p).unwrap());
            }
        }
        let needle = b"secret-code-918273";
        assert!(
            !disk.windows(needle.len()).any(|w| w == needle),
            "stored in clear"
        );
        // Not due yet; then due, and the outbox is back.
        assert_eq!(u.deliver_due().await.unwrap(), 0);
        std::fs::remove_file(&outbox).unwrap();
        std::fs::create_dir(&outbox).unwrap();
        u.clock.advance(backoff(0));
        assert_eq!(u.deliver_due().await.unwrap(), 1);
        assert_eq!(u.queued().await.unwrap(), 0);
        let sent = std::fs::read_dir(&outbox)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        assert!(std::fs::read_to_string(sent)
            .unwrap()
            .contains("secret-code-918273"));
    }

    fn reminder(id: &str) -> Message {
        Message {
            id: id.into(),
            channel: Channel::Email,
            locale: Default::default(),
            to: "ann@example.com".into(),
            subject: "Reminder".into(),
            body: "due".into(),
            queued_at: 0,
        }
    }

    fn files(u: &crate::domain::Umbral) -> usize {
        std::fs::read_dir(u.courier.outbox.dir())
            .unwrap()
            .filter(|e| {
                !e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with('.')
            })
            .count()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_message_queued_once_is_queued_and_written_once_whatever_happens() {
        let dir = tempfile::tempdir().unwrap();
        let u = crate::domain::testing::umbral(dir.path());
        let at = u.clock.now();
        assert!(u.enqueue_once(reminder("r-1"), at).await.unwrap());
        assert_eq!(files(&u), 1);
        // After it was sent: the receipt stops it.
        assert!(!u.enqueue_once(reminder("r-1"), at).await.unwrap());
        assert_eq!(files(&u), 1);
        // Waiting in the queue (the transport is down): the entry stops it.
        let outbox = u.courier.outbox.dir().to_path_buf();
        std::fs::rename(&outbox, dir.path().join("away")).unwrap();
        std::fs::write(&outbox, b"not a directory").unwrap();
        assert!(u.enqueue_once(reminder("r-2"), at).await.unwrap());
        assert!(!u.enqueue_once(reminder("r-2"), at).await.unwrap());
        assert_eq!(u.queued().await.unwrap(), 1);
        std::fs::remove_file(&outbox).unwrap();
        std::fs::rename(dir.path().join("away"), &outbox).unwrap();
        // A crash after the file was written and before the entry was forgotten: the
        // next attempt finds the file and writes no second one.
        let m = reminder("r-2");
        let mut written = m.clone();
        written.queued_at = at;
        u.courier.send(&written).await.unwrap();
        assert_eq!(files(&u), 2);
        u.clock.advance(backoff(0));
        assert_eq!(u.deliver_due().await.unwrap(), 1);
        assert_eq!(files(&u), 2);
        assert!(!u.enqueue_once(m, at).await.unwrap());
        assert_eq!((u.queued().await.unwrap(), files(&u)), (0, 2));
    }
}
