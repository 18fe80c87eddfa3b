//! The rules of Umbral, with no HTTP in them: handlers parse and authorise, then call here.
//!
//! `auth` is who you are (login, sessions, devices, passwords, recovery), `access` what
//! you may use (organisations, requests, grants, proofing, hand-over), `admin` the help
//! desk's console, `registration` new accounts, and `notify` the audit trail and
//! messages they all use. Each is a set of methods on [`Umbral`], which holds the store,
//! the keys, the clock and the policies. No module here names an HTTP type. The building
//! blocks it uses and that know nothing of people or rules live below it: keys, hashing
//! and TOTP in `crate::crypto`, the encrypted files in `crate::store::vault`.
pub mod access;
pub mod admin;
pub mod alerts;
pub mod applications;
pub mod auth;
pub mod documents;
pub mod identity;
pub mod licences;
pub mod lifecycle;
pub mod notify;
pub mod oidc;
pub mod outage_notice;
pub mod outages;
pub mod outbound;
pub mod registration;
pub mod share;
pub mod status;
pub mod support;
#[cfg(test)]
pub(crate) mod testing;
pub mod throttle;

use crate::clock::Clock;
use crate::delivery::Courier;
use shared::i18n::Catalog;

/// The message catalogs (compiled in by `shared`).
pub fn catalog() -> &'static Catalog {
    &Catalog
}

/// Times and limits of login, sessions and recovery. Defaults follow the issue and
/// ARCHITECTURE.md section 4; each can be changed by configuration.
#[derive(Clone, Debug)]
pub struct Policy {
    /// Consecutive failures, from all clients together, that lock the account for
    /// everyone (100, NIST 800-63B 5.2.2's ceiling). One client is locked out much
    /// sooner: see `throttle::Limits::lockout_threshold`.
    pub hard_lockout_threshold: u32,
    /// A session ends after this long without a request (30 minutes).
    pub session_idle_secs: u64,
    /// ... and this long after login whatever happens (12 hours).
    pub session_max_secs: u64,
    /// Adding or removing a device, or changing a number or address, needs a login
    /// this recent (10 minutes).
    pub reauth_secs: u64,
    /// Emailed reset and unlock links expire after this long (30 minutes).
    pub link_ttl_secs: u64,
    /// A delivered code lives this long (10 minutes) ...
    pub code_ttl_secs: u64,
    /// ... and can be tried this many times (5).
    pub code_tries: u32,
    /// A login between password and passcode lasts this long (15 minutes).
    pub challenge_ttl_secs: u64,
    /// Codes a login or device may have sent before it must start again.
    pub max_sends: u32,
    /// The address users reach the SPA at, for links in emails.
    pub public_url: String,
    /// Served over plain http to other machines by the operator's choice
    /// (`--insecure-http`): cookies without `Secure` and the `__Host-` prefix, which
    /// browsers refuse over http, and a warning on every screen.
    pub insecure_http: bool,
    /// A role is recertified this many days after it was granted or last recertified
    /// (365), or it expires.
    pub recert_days: u64,
    /// Reminders to the approvers, days before a due date (30, 14, 7, 1).
    pub reminder_days: Vec<u32>,
    /// An account with no login for this many days is inactive (30).
    pub inactive_days: u64,
    /// The warning is emailed this many days before (7).
    pub inactivity_warning_days: u64,
    /// Umbral's own weekly maintenance window, closing its login, or none (the default;
    /// the applications' windows are in the catalogue, `App::weekly`).
    pub weekly: Option<shared::calendar::WeeklyWindow>,
    /// How to reach the help desk, shown on the status page and in messages.
    pub help_desk: shared::api::status::HelpDeskContact,
    /// Alert emails queued per second at most (0: as fast as the store goes).
    pub alert_rate: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            insecure_http: false,
            hard_lockout_threshold: 100,
            session_idle_secs: 30 * 60,
            session_max_secs: 12 * 3600,
            reauth_secs: 10 * 60,
            link_ttl_secs: 30 * 60,
            code_ttl_secs: 10 * 60,
            code_tries: 5,
            challenge_ttl_secs: 15 * 60,
            max_sends: 5,
            public_url: "http://127.0.0.1:8080".into(),
            recert_days: 365,
            reminder_days: vec![30, 14, 7, 1],
            inactive_days: 30,
            inactivity_warning_days: 7,
            weekly: None,
            help_desk: Default::default(),
            alert_rate: 20,
        }
    }
}

/// Everything the domain needs, shared by every request.
pub struct Umbral {
    /// sled or PostgreSQL, as the server was started (one type, so the domain and the
    /// HTTP layer are compiled once; the store's own tests run against each store).
    pub store: crate::store::any::AnyStore,
    pub hasher: crate::crypto::hashing::Hasher,
    pub keys: crate::crypto::secrets::Keys,
    pub courier: Courier,
    pub policy: Policy,
    /// Applications and roles that can be requested.
    pub apps: applications::Applications,
    /// Remote identity proofing.
    pub verifier: Box<dyn identity::IdentityVerifier>,
    /// The time every handler and job works with.
    pub clock: Clock,
    /// How often clients, accounts and destinations may try or be sent to.
    pub throttle: throttle::Throttle,
    /// Submitted documents, encrypted, under the data directory.
    pub documents: crate::store::vault::Vault,
}
