//! Records of the status page's notices: scheduled outages, urgent alerts, and the
//! state of their emailing (fan-out in batches).
use serde::{Deserialize, Serialize};

/// A scheduled outage (see `domain::outages`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outage {
    pub id: String,
    pub start: u64,
    pub end: u64,
    pub components: Vec<String>,
    pub message_en: String,
    pub message_es: String,
    pub created_by: String,
    pub created_at: u64,
    /// Degraded, not unavailable: shown, nothing closed.
    #[serde(default)]
    pub degraded: bool,
    /// The emailing of its notice to the people it strands (`domain::outage_notice`):
    /// none for an outage that closes no code channel.
    #[serde(default)]
    pub notice: Option<FanOutState>,
}

/// An urgent alert (see `domain::alerts`), with how far its emailing has gone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    pub id: String,
    pub title_en: String,
    pub title_es: String,
    pub body_en: String,
    pub body_es: String,
    pub created_by: String,
    pub created_at: u64,
    /// When it stops showing: set at posting, or when the help desk ends it.
    pub end: Option<u64>,
    /// Whom it is for (site preferences); everyone when empty.
    #[serde(default)]
    pub audience: shared::api::site::Audience,
    pub fan_out: FanOutState,
}

/// The emailing of an alert: accounts are walked in key order; `cursor` is the last key
/// done. Saved every few accounts, so a restart goes back at most that far, and the
/// per-recipient message ids keep those from being mailed twice.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FanOutState {
    pub accounts: u64,
    pub cursor: Option<String>,
    pub done: u64,
    pub emailed: u64,
    pub skipped: u64,
    pub finished_at: Option<u64>,
}

/// One batch of a fan-out: where it started and what it did.
pub struct Batch {
    /// The cursor the batch started from.
    pub start: Option<String>,
    /// The last account walked.
    pub last: Option<String>,
    pub walked: u64,
    pub emailed: u64,
    pub skipped: u64,
    /// Set when the batch reached the end of the accounts.
    pub finished_at: Option<u64>,
}

impl Batch {
    /// The batch that walked `accounts` (at most `limit`, so fewer means the end was
    /// reached at `now`) from the cursor `start`.
    pub fn walked<T>(
        start: Option<String>,
        accounts: &[(String, T)],
        limit: usize,
        emailed: u64,
        skipped: u64,
        now: u64,
    ) -> Batch {
        Batch {
            start,
            last: accounts.last().map(|(k, _)| k.clone()),
            walked: accounts.len() as u64,
            emailed,
            skipped,
            finished_at: (accounts.len() < limit).then_some(now),
        }
    }
}

impl FanOutState {
    /// Records `b` if it started from the saved cursor (of two passes over the same
    /// batch only the first counts) and the fan-out is not finished. Whether it did.
    pub fn record(&mut self, b: &Batch) -> bool {
        if self.cursor != b.start || self.finished_at.is_some() {
            return false;
        }
        if let Some(k) = &b.last {
            self.cursor = Some(k.clone());
        }
        self.done += b.walked;
        self.emailed += b.emailed;
        self.skipped += b.skipped;
        if b.finished_at.is_some() {
            self.finished_at = b.finished_at;
        }
        true
    }
}
