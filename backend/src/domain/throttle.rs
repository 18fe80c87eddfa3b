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
//! The buckets and per-client counts live in memory: a restart forgets them (the
//! account-wide count is stored). Each map is pruned by `jobs::sweep`.
use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
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

pub struct Throttle {
    limits: Limits,
    clients: HashMap<Action, Bucket>,
    account_sends: Bucket,
    dest_owner: Bucket,
    dest_other: Bucket,
    recovery: Bucket,
    recovery_ceiling: Bucket,
    lock_notices: Bucket,
    tries: Mutex<HashMap<(String, String), Tries>>,
}

fn bucket((burst, secs): (u32, u64), scale: u32) -> Bucket {
    let scale = scale.max(1);
    let burst = NonZeroU32::new(burst.saturating_mul(scale).max(1)).unwrap_or(NonZeroU32::MIN);
    let period = Duration::from_secs(secs.max(1)) / scale;
    let quota = Quota::with_period(period.max(Duration::from_millis(1)))
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst);
    DefaultKeyedRateLimiter::keyed(quota)
}

fn take(b: &Bucket, key: &str) -> Result<(), RetryAfter> {
    b.check_key(&key.to_string()).map_err(|not_until| {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        RetryAfter(wait.as_secs() + 1)
    })
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
                .map(|a| (*a, bucket(a.quota(), s)))
                .collect(),
            account_sends: bucket(limits.account_sends, s),
            dest_owner: bucket(limits.destination_sends, s),
            dest_other: bucket(limits.destination_sends, s),
            recovery: bucket(limits.recovery_mail, s),
            recovery_ceiling: bucket(limits.recovery_mail_ceiling, s),
            lock_notices: bucket(limits.lock_notices, s),
            tries: Mutex::new(HashMap::new()),
            limits,
        }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// One request of `action` from `client` (see [`client_key`]).
    pub fn client(&self, action: Action, client: &str) -> Result<(), RetryAfter> {
        match self.clients.get(&action) {
            Some(b) => take(b, client),
            None => Ok(()),
        }
    }

    /// One code sent for the account `key`.
    pub fn send_to_account(&self, key: &str) -> Result<(), RetryAfter> {
        take(&self.account_sends, key)
    }

    /// One message to `destination` (a phone number or an email address, any account),
    /// from the budget of whoever asks for it.
    pub fn send_to_destination(&self, destination: &str, by: By) -> Result<(), RetryAfter> {
        let b = match by {
            By::Owner => &self.dest_owner,
            By::Other => &self.dest_other,
        };
        take(b, &destination_key(destination))
    }

    /// One recovery email for the account `key`, asked from `client`: within that
    /// client's budget for the account, so one client asking again and again cannot
    /// use up what the owner asks from elsewhere, and within the account's ceiling.
    pub fn recovery_mail(&self, key: &str, client: &str) -> Result<(), RetryAfter> {
        take(&self.recovery, &format!("{key}\u{1f}{client}"))?;
        take(&self.recovery_ceiling, key)
    }

    /// One lock notice to the owner of `key` (its own budget: notices never use up
    /// the mail the owner needs to unlock).
    pub fn lock_notice(&self, key: &str) -> Result<(), RetryAfter> {
        take(&self.lock_notices, key)
    }

    fn tries(&self) -> std::sync::MutexGuard<'_, HashMap<(String, String), Tries>> {
        self.tries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Reserves one attempt of `client` at the user ID `user` (case-folded), before the
    /// secret is checked. `Err` while that client is locked out of that user ID: the
    /// caller answers "locked" without checking anything. `Ok(true)` when this attempt
    /// is the last one allowed, so its failure locks.
    pub fn reserve(&self, user: &str, client: &str, now: u64) -> Result<bool, RetryAfter> {
        let t = self.limits.lockout_threshold.max(1);
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
    pub fn refund(&self, user: &str, client: &str) {
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
    pub fn forgive(&self, user: &str, client: &str) {
        self.tries().remove(&(user.to_string(), client.to_string()));
    }

    /// An unlock (link, reset or help desk): every client's count at `user` starts again.
    pub fn forgive_all(&self, user: &str) {
        self.tries().retain(|(u, _), _| u != user);
    }

    /// Whether some client is locked out of `user` now (shown to the help desk).
    pub fn is_locked_somewhere(&self, user: &str, now: u64) -> bool {
        let t = self.limits.lockout_threshold.max(1);
        self.tries().iter().any(|((u, _), e)| {
            u == user && e.failures >= t && now < e.last + self.limits.lockout_secs
        })
    }

    /// Forgets what no longer limits anyone; returns how many per-client counts are kept.
    pub fn prune(&self, now: u64) -> usize {
        for b in self.clients.values().chain([
            &self.account_sends,
            &self.dest_owner,
            &self.dest_other,
            &self.recovery,
            &self.recovery_ceiling,
            &self.lock_notices,
        ]) {
            b.retain_recent();
            b.shrink_to_fit();
        }
        let mut map = self.tries();
        let keep = self.limits.lockout_secs;
        map.retain(|_, e| now < e.last + keep);
        map.shrink_to_fit();
        map.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_mailbox_is_one_destination() {
        for (a, b) in [
            ("Victim+1@Example.org", "victim@example.org"),
            ("victim+a+b@example.org", "victim@example.org"),
            ("v.i.c.tim+x@googlemail.com", "victim@gmail.com"),
            ("V.Ictim@gmail.com", "victim@gmail.com"),
            ("(787) 555-0142", "7875550142"),
        ] {
            assert_eq!(destination_key(a), b, "{a}");
        }
        // Dots count elsewhere: another mailbox.
        assert_eq!(
            destination_key("v.ictim@example.org"),
            "v.ictim@example.org"
        );
        let t = Throttle::default();
        for i in 0..5 {
            t.send_to_destination(&format!("relay+{i}@example.org"), By::Other)
                .unwrap();
        }
        assert!(t
            .send_to_destination("relay+9@example.org", By::Other)
            .is_err());
        assert!(t
            .send_to_destination("RELAY@example.org", By::Other)
            .is_err());
        // The owner's own budget is untouched (review 3, G3).
        for _ in 0..5 {
            t.send_to_destination("relay@example.org", By::Owner)
                .unwrap();
        }
    }

    #[test]
    fn a_client_bucket_empties_and_names_a_wait() {
        let t = Throttle::default();
        for _ in 0..10 {
            t.client(Action::Login, "192.0.2.1").unwrap();
        }
        let RetryAfter(s) = t.client(Action::Login, "192.0.2.1").unwrap_err();
        assert!((1..=31).contains(&s), "{s}");
        // Another address and another action have their own buckets.
        t.client(Action::Login, "192.0.2.2").unwrap();
        t.client(Action::Recovery, "192.0.2.1").unwrap();
    }

    #[test]
    fn scale_multiplies_the_burst() {
        let t = Throttle::new(Limits {
            scale: 3,
            ..Limits::default()
        });
        for _ in 0..30 {
            t.client(Action::Login, "a").unwrap();
        }
        assert!(t.client(Action::Login, "a").is_err());
    }

    #[test]
    fn the_lock_counts_per_client_and_expires() {
        let t = Throttle::default();
        for i in 1..=5 {
            assert_eq!(t.reserve("erin", "attacker", 100), Ok(i == 5));
        }
        assert_eq!(t.reserve("erin", "attacker", 101), Err(RetryAfter(1799)));
        assert!(t.is_locked_somewhere("erin", 101));
        // The real user elsewhere is not locked out.
        assert_eq!(t.reserve("erin", "home", 101), Ok(false));
        t.refund("erin", "home");
        // After the lock time the attacker has a fresh set of tries, not more.
        assert_eq!(t.reserve("erin", "attacker", 100 + 1800), Ok(false));
        t.forgive_all("erin");
        assert!(!t.is_locked_somewhere("erin", 101));
    }

    #[test]
    fn refunds_keep_right_answers_from_counting() {
        let t = Throttle::default();
        for _ in 0..20 {
            t.reserve("u", "c", 1).unwrap();
            t.refund("u", "c");
        }
        assert_eq!(t.reserve("u", "c", 1), Ok(false));
    }

    /// A flood of attempts at random user IDs that the full hashing queue refused (each
    /// refunded) must not grow the map: it once kept one entry per ID for 30 minutes.
    #[test]
    fn refunded_attempts_leave_nothing_in_memory() {
        let t = Throttle::default();
        for i in 0..10_000 {
            let u = format!("nobody{i}");
            t.reserve(&u, "flood", 1).unwrap();
            t.refund(&u, "flood");
        }
        // A real failure is kept; the refunded ones are not.
        t.reserve("erin", "flood", 1).unwrap();
        assert_eq!(t.tries().len(), 1);
        assert_eq!(t.prune(2), 1);
    }

    #[test]
    fn ipv6_clients_count_per_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        assert_eq!(client_key(Some(a)), client_key(Some(b)));
        let m: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(client_key(Some(m)), "192.0.2.7");
    }

    #[test]
    fn pruning_forgets_expired_locks() {
        let t = Throttle::default();
        t.reserve("u", "c", 1).unwrap();
        assert_eq!(t.prune(2), 1);
        assert_eq!(t.prune(1 + 1800), 0);
    }
}
