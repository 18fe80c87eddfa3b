//! Throttling: how often a client, an account and a destination may try or be sent to.
//!
//! Three kinds of brake, each answering a finding of the security review:
//!
//! - **Per client address** ([`Throttle::client`], called by the web layer for every
//!   route of an [`Action`]): a GCRA token bucket (`governor`) per address, so one machine
//!   cannot grind logins, codes, recovery mail, registrations or forms. Over it the
//!   answer is `429 too_many_requests` with `Retry-After`, before any account is looked
//!   up, so it is the same for known and unknown user IDs (ASVS v5 6.1.1, 2.4.1).
//! - **Per account and per destination** ([`Throttle::send_to_account`],
//!   [`Throttle::send_to_destination`], [`Throttle::recovery_mail`]): at most so many
//!   texts, calls and emails for one account and to one phone number or address, across
//!   all accounts and clients (F3, F7). A recovery email over its quota is dropped
//!   silently: the `202` a user sees says nothing about the account either way.
//! - **The lock, counted per (user ID, client)** ([`Throttle::reserve`]): NIST 800-63B
//!   5.2.2 asks that failed attempts be limited. Each client address gets
//!   `lockout_threshold` tries at a user ID (known or not); then every attempt from it
//!   answers `423 account_locked` without a password being checked, until the lock
//!   expires or the account is unlocked. Another client (the real user at home) is not
//!   affected, so no one can lock an account they do not share a network with (F4).
//!   Across all clients the account itself locks after `hard_lockout_threshold`
//!   consecutive failures (kept in the account, see `auth::login`), the NIST ceiling.
//!
//! Attempts are *reserved* before the password or code is checked and given back on
//! success, under one mutex: a burst of parallel guesses cannot slip past the count
//! however the checks interleave (F2).
//!
//! On sled the buckets and per-client counts live in this process's memory: a restart
//! forgets them (the account-wide count is stored). On PostgreSQL they live in the
//! database (schema 2, unlogged tables, `store::pg_store::counters`), one statement
//! each, so every instance draws on the same buckets and counts the same tries: two
//! instances do not give a client twice the tries. If the database does not answer, the
//! instance falls back on its own counts for that request. Both are pruned by
//! `jobs::sweep`.
use crate::store::pg_store::PgStore;
use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What a client is doing, for its per-address bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// The password step.
    Login,
    /// A passcode, an email verification code, a device's verification code.
    Code,
    /// Anything that makes Umbral text, call or email a code.
    Send,
    /// Forgot password, forgot user ID, unlock, and completing their links.
    Recovery,
    /// A new account.
    Registration,
    /// The anonymous new-organisation form.
    OrgForm,
    /// "Send a link to this page" (per client address, and per session in the domain).
    Share,
    /// `/oauth2/authorize`: anonymous, and the start of every application sign-in.
    Authorize,
    /// `/oauth2/token`: a relying party's server, for all of its users at once.
    Token,
    /// "Is this password common?", asked by the SPA as a person types a new password.
    PasswordCheck,
}

impl Action {
    pub const ALL: [Action; 10] = [
        Action::Login,
        Action::Code,
        Action::Send,
        Action::Recovery,
        Action::Registration,
        Action::OrgForm,
        Action::Share,
        Action::Authorize,
        Action::Token,
        Action::PasswordCheck,
    ];

    /// Its name in the shared table.
    fn name(self) -> &'static str {
        match self {
            Action::Login => "login",
            Action::Code => "code",
            Action::Send => "send",
            Action::Recovery => "recovery",
            Action::Registration => "registration",
            Action::OrgForm => "org_form",
            Action::Share => "share",
            Action::Authorize => "authorize",
            Action::Token => "token",
            Action::PasswordCheck => "password_check",
        }
    }

    /// (burst, one more every `secs`) per client address, before scaling.
    fn quota(self) -> (u32, u64) {
        match self {
            // 10 at once, then one every 30 s: 120 an hour.
            Action::Login => (10, 30),
            Action::Code => (10, 30),
            // 10 at once, then one a minute.
            Action::Send => (10, 60),
            Action::Recovery => (10, 60),
            // 5 at once, then one every 5 minutes.
            Action::Registration => (5, 300),
            // 3 at once, then one every 10 minutes.
            Action::OrgForm => (3, 600),
            // 10 at once, then one every 3 minutes: 20 an hour.
            Action::Share => (10, 180),
            // 30 at once, then one every 2 s: an office behind one address signing in
            // in the morning passes; a flood stops at 1,800 an hour (and stores nothing).
            Action::Authorize => (30, 2),
            // 300 at once, then one a second: one application's server redeems the codes
            // and refreshes of all its users.
            Action::Token => (300, 1),
            // 30 at once, then one every 2 s: the SPA asks once a pause in typing.
            Action::PasswordCheck => (30, 2),
        }
    }
}

/// Limits, with the defaults the README lists. `scale` multiplies every bucket (for a
/// test harness or a large office behind one NAT address); the lock is not scaled.
#[derive(Clone, Debug)]
pub struct Limits {
    pub scale: u32,
    /// Codes sent for one account: burst, then one every `secs`.
    pub account_sends: (u32, u64),
    /// Messages to one phone number or mailbox, across all accounts: one budget for
    /// what its owner asks for (the passcodes and email codes of their own logins), one
    /// for what anyone else does (page links, a number named by another account, a
    /// new address to verify), so nobody else can spend the owner's (review 3, G3).
    pub destination_sends: (u32, u64),
    /// Recovery emails (reset, unlock, user-ID reminder) for one account asked from one
    /// client ...
    pub recovery_mail: (u32, u64),
    /// ... and for one account from all clients together.
    pub recovery_mail_ceiling: (u32, u64),
    /// Lock notices to one account's owner (their own budget: review 3, G2).
    pub lock_notices: (u32, u64),
    /// Failures from one client at one user ID before it is locked out ...
    pub lockout_threshold: u32,
    /// ... for this long.
    pub lockout_secs: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            scale: 1,
            // 5 at once, then one every 6 minutes: at most 14 in the first hour.
            account_sends: (5, 360),
            destination_sends: (5, 360),
            // 3 at once, then one every 20 minutes, per (account, client) ...
            recovery_mail: (3, 1200),
            // ... and 10, then one every 6 minutes, per account.
            recovery_mail_ceiling: (10, 360),
            // One a day.
            lock_notices: (1, 86_400),
            lockout_threshold: 5,
            lockout_secs: 30 * 60,
        }
    }
}

/// Who asks for a message to a destination (see [`Limits::destination_sends`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    /// The destination's owner, for their own login or their own recovery: a verified
    /// device or the account's own address.
    Owner,
    /// Anyone else: a page link, a device or address not verified yet.
    Other,
}

/// Over a limit: try again after this many seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryAfter(pub u64);

#[derive(Default)]
struct Tries {
    failures: u32,
    last: u64,
}

type Bucket = DefaultKeyedRateLimiter<String>;

/// One brake: its name in the shared table, its quota (scaled) and this instance's own
/// bucket.
struct Brake {
    name: &'static str,
    burst: u32,
    period: Duration,
    local: Bucket,
}

pub struct Throttle {
    limits: Limits,
    clients: HashMap<Action, Brake>,
    account_sends: Brake,
    dest_owner: Brake,
    dest_other: Brake,
    recovery: Brake,
    recovery_ceiling: Brake,
    lock_notices: Brake,
    tries: Mutex<HashMap<(String, String), Tries>>,
    /// The database every instance shares, when there is one (PostgreSQL).
    shared: Option<Arc<PgStore>>,
}

fn brake(name: &'static str, (burst, secs): (u32, u64), scale: u32) -> Brake {
    let scale = scale.max(1);
    let burst = NonZeroU32::new(burst.saturating_mul(scale).max(1)).unwrap_or(NonZeroU32::MIN);
    let period = (Duration::from_secs(secs.max(1)) / scale).max(Duration::from_millis(1));
    let quota = Quota::with_period(period)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst);
    Brake {
        name,
        burst: burst.get(),
        period,
        local: DefaultKeyedRateLimiter::keyed(quota),
    }
}

fn take_local(b: &Bucket, key: &str) -> Result<(), RetryAfter> {
    b.check_key(&key.to_string()).map_err(|not_until| {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        RetryAfter(wait.as_secs() + 1)
    })
}

/// Milliseconds since the Unix epoch: the shared buckets' clock, the same on every
/// instance (as NTP keeps them).
fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// A shared count the database did not answer: this instance's own is used instead.
fn fallback(what: &str, e: &crate::store::StoreError) {
    match e {
        // The database being out of reach is logged once, by the store.
        crate::store::StoreError::Unavailable(_) => {
            tracing::debug!(error = %e, "the shared {what} is out of reach; counting on this instance alone")
        }
        _ => {
            tracing::warn!(error = %e, "the shared {what} failed; counting on this instance alone")
        }
    }
}

/// The mailbox or line a destination reaches, so that one inbox is one quota: ten
/// digits of a phone number; an email address lower-cased, without a `+tag`
/// sub-address, and for Gmail without the dots it ignores (security review 3, G12).
pub fn destination_key(destination: &str) -> String {
    if !destination.contains('@') {
        return destination.chars().filter(char::is_ascii_digit).collect();
    }
    let a = destination.trim().to_lowercase();
    let Some((local, domain)) = a.rsplit_once('@') else {
        return a;
    };
    let local = local.split('+').next().unwrap_or(local);
    let domain = if domain == "googlemail.com" {
        "gmail.com"
    } else {
        domain
    };
    let local = if domain == "gmail.com" {
        local.replace('.', "")
    } else {
        local.to_string()
    };
    format!("{local}@{domain}")
}

/// The key a client address is counted under: an IPv4 address, or an IPv6 /64 (one
/// household or server gets a whole /64, so counting single addresses would be no limit).
pub fn client_key(addr: Option<IpAddr>) -> String {
    match addr {
        Some(IpAddr::V4(a)) => a.to_string(),
        Some(IpAddr::V6(a)) => match a.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = a.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        None => "unknown".into(),
    }
}

impl Default for Throttle {
    fn default() -> Self {
        Throttle::new(Limits::default())
    }
}

impl Throttle {
    pub fn new(limits: Limits) -> Throttle {
        let s = limits.scale;
        Throttle {
            clients: Action::ALL
                .iter()
                .map(|a| (*a, brake(a.name(), a.quota(), s)))
                .collect(),
            account_sends: brake("account_sends", limits.account_sends, s),
            dest_owner: brake("dest_owner", limits.destination_sends, s),
            dest_other: brake("dest_other", limits.destination_sends, s),
            recovery: brake("recovery", limits.recovery_mail, s),
            recovery_ceiling: brake("recovery_ceiling", limits.recovery_mail_ceiling, s),
            lock_notices: brake("lock_notices", limits.lock_notices, s),
            tries: Mutex::new(HashMap::new()),
            shared: None,
            limits,
        }
    }

    /// Counts in `db`, which every instance shares, rather than in this process.
    pub fn shared(mut self, db: Arc<PgStore>) -> Throttle {
        self.shared = Some(db);
        self
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// One token of `b` for `key`: from the shared bucket when there is one.
    async fn take(&self, b: &Brake, key: &str) -> Result<(), RetryAfter> {
        if let Some(db) = &self.shared {
            let period = u64::try_from(b.period.as_millis()).unwrap_or(u64::MAX);
            let k = format!("{}\u{1f}{key}", b.name);
            match db.take_token(&k, b.burst, period, now_ms()).await {
                Ok(None) => return Ok(()),
                Ok(Some(wait)) => return Err(RetryAfter(wait)),
                Err(e) => fallback("rate limit", &e),
            }
        }
        take_local(&b.local, key)
    }

    /// One request of `action` from `client` (see [`client_key`]).
    pub async fn client(&self, action: Action, client: &str) -> Result<(), RetryAfter> {
        match self.clients.get(&action) {
            Some(b) => self.take(b, client).await,
            None => Ok(()),
        }
    }

    /// One code sent for the account `key`.
    pub async fn send_to_account(&self, key: &str) -> Result<(), RetryAfter> {
        self.take(&self.account_sends, key).await
    }

    /// One message to `destination` (a phone number or an email address, any account),
    /// from the budget of whoever asks for it.
    pub async fn send_to_destination(&self, destination: &str, by: By) -> Result<(), RetryAfter> {
        let b = match by {
            By::Owner => &self.dest_owner,
            By::Other => &self.dest_other,
        };
        self.take(b, &destination_key(destination)).await
    }

    /// One recovery email for the account `key`, asked from `client`: within that
    /// client's budget for the account, so one client asking again and again cannot
    /// use up what the owner asks from elsewhere, and within the account's ceiling.
    pub async fn recovery_mail(&self, key: &str, client: &str) -> Result<(), RetryAfter> {
        self.take(&self.recovery, &format!("{key}\u{1f}{client}"))
            .await?;
        self.take(&self.recovery_ceiling, key).await
    }

    /// One lock notice to the owner of `key` (its own budget: notices never use up
    /// the mail the owner needs to unlock).
    pub async fn lock_notice(&self, key: &str) -> Result<(), RetryAfter> {
        self.take(&self.lock_notices, key).await
    }

    fn tries(&self) -> std::sync::MutexGuard<'_, HashMap<(String, String), Tries>> {
        self.tries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Reserves one attempt of `client` at the user ID `user` (case-folded), before the
    /// secret is checked. `Err` while that client is locked out of that user ID: the
    /// caller answers "locked" without checking anything. `Ok(true)` when this attempt
    /// is the last one allowed, so its failure locks.
    pub async fn reserve(&self, user: &str, client: &str, now: u64) -> Result<bool, RetryAfter> {
        let t = self.limits.lockout_threshold.max(1);
        if let Some(db) = &self.shared {
            match db
                .reserve_try(user, client, t, self.limits.lockout_secs, now)
                .await
            {
                Ok(r) => return r.map_err(RetryAfter),
                Err(e) => fallback("lock count", &e),
            }
        }
        let mut map = self.tries();
        let e = map
            .entry((user.to_string(), client.to_string()))
            .or_default();
        if e.failures >= t {
            let until = e.last + self.limits.lockout_secs;
            if now < until {
                return Err(RetryAfter(until - now));
            }
            e.failures = 0;
        }
        e.failures += 1;
        e.last = now;
        Ok(e.failures == t)
    }

    /// Gives back a reservation whose secret was right, or was never checked (the
    /// hashing queue was full). A count back at zero is forgotten, so a flood of
    /// refused attempts at random user IDs leaves nothing behind in memory.
    pub async fn refund(&self, user: &str, client: &str) {
        if let Some(db) = &self.shared {
            match db.refund_try(user, client).await {
                Ok(()) => return,
                Err(e) => fallback("lock count", &e),
            }
        }
        let mut map = self.tries();
        let key = (user.to_string(), client.to_string());
        if let Some(e) = map.get_mut(&key) {
            e.failures = e.failures.saturating_sub(1);
            if e.failures == 0 {
                map.remove(&key);
            }
        }
    }

    /// A complete login from `client`: its count at `user` starts again.
    pub async fn forgive(&self, user: &str, client: &str) {
        self.forget(user, Some(client)).await;
    }

    /// An unlock (link, reset or help desk): every client's count at `user` starts again.
    pub async fn forgive_all(&self, user: &str) {
        self.forget(user, None).await;
    }

    async fn forget(&self, user: &str, client: Option<&str>) {
        if let Some(db) = &self.shared {
            if let Err(e) = db.forgive_tries(user, client).await {
                fallback("lock count", &e);
            }
        }
        // This instance's own counts too: those a fallback may have kept.
        self.tries()
            .retain(|(u, c), _| u != user || client.is_some_and(|cl| cl != c));
    }

    /// Whether some client is locked out of `user` now (shown to the help desk).
    pub async fn is_locked_somewhere(&self, user: &str, now: u64) -> bool {
        let t = self.limits.lockout_threshold.max(1);
        if let Some(db) = &self.shared {
            match db
                .locked_somewhere(user, t, self.limits.lockout_secs, now)
                .await
            {
                Ok(true) => return true,
                Ok(false) => {}
                Err(e) => fallback("lock count", &e),
            }
        }
        self.tries().iter().any(|((u, _), e)| {
            u == user && e.failures >= t && now < e.last + self.limits.lockout_secs
        })
    }

    /// Those of `users` that [`Self::is_locked_somewhere`] would say are locked, with
    /// one question to the database for all of them.
    pub async fn locked_among(&self, users: &[String], now: u64) -> Vec<String> {
        let t = self.limits.lockout_threshold.max(1);
        let mut out = vec![];
        if let Some(db) = &self.shared {
            match db
                .locked_among(users, t, self.limits.lockout_secs, now)
                .await
            {
                Ok(v) => out = v,
                Err(e) => fallback("lock count", &e),
            }
        }
        for ((u, _), e) in self.tries().iter() {
            if users.contains(u) && e.failures >= t && now < e.last + self.limits.lockout_secs {
                out.push(u.clone());
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Forgets what no longer limits anyone; returns how many per-client counts this
    /// instance keeps in memory.
    pub async fn prune(&self, now: u64) -> usize {
        if let Some(db) = &self.shared {
            if let Err(e) = db.prune_counts(self.limits.lockout_secs, now).await {
                fallback("counts' pruning", &e);
            }
        }
        for b in self.clients.values().chain([
            &self.account_sends,
            &self.dest_owner,
            &self.dest_other,
            &self.recovery,
            &self.recovery_ceiling,
            &self.lock_notices,
        ]) {
            b.local.retain_recent();
            b.local.shrink_to_fit();
        }
        let mut map = self.tries();
        let keep = self.limits.lockout_secs;
        map.retain(|_, e| now < e.last + keep);
        map.shrink_to_fit();
        map.len()
    }
}

#[cfg(test)]
mod tests;
