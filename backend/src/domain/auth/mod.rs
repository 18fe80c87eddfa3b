//! Who you are: login with MFA at every login, sessions, MFA devices, passwords and
//! account recovery, one file each. Sending and auditing are `domain::notify`'s; what is
//! stored is `store::records`'.
//!
//! The rules the sources fix, in our words:
//! - Every login, each time, ends with a passcode, and a code works once (`000_…`, the
//!   MFA FAQ).
//! - A code goes to one device at a time (`000_…`): a login holds at most one live
//!   delivered code, for one device.
//! - A device serves one account (`000_…`): a phone number or email address is the
//!   device of one account only.
//! - People should keep more than one device (`001_…`): the last one cannot be removed.
//! - IDM registration step 6, "Verify with your email": the first login sends a code
//!   to the registered email; typing it verifies the address.
//!
//! A login is a *challenge*: a random ID handed out after the right password that
//! grants nothing but the next step. Only the passcode (or, for an account with no
//! device, verifying its first device) turns it into a session.
#[cfg(test)]
mod attacks;
mod common_password;
pub(crate) mod devices;
pub use common_password::is_common;
pub mod known_device;
mod lockout;
mod login;
mod passkeys;
mod password;
mod profile;
mod recovery;
mod recovery_codes;
mod session;

pub use devices::device_view;
pub(crate) use devices::mask as mask_contact;

use crate::crypto::hashing::Busy;
use crate::crypto::secrets;
use crate::domain::notify::SendFailed;
use crate::domain::throttle::RetryAfter;
use crate::store::{Account, SentCode, StoreError};
pub use crate::store::{Challenge, Link, LinkKind, Session};
use shared::api::error::FieldErrors;

/// Why a password is set: each path has its own consequences.
///
/// One password change a day (source `002_…`, the password rules): every password
/// set, at registration, by a reset, at account setup or from the profile, starts the
/// 24-hour minimum age, and a change from the profile inside it is refused. A reset is
/// the one way back in for a user who is locked out or has forgotten the password, so
/// it is never refused for the minimum age; it still obeys the history of six, needs
/// the emailed link and the security answer, and restarts the 24 hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordSource {
    /// From the profile: refused within 24 hours of the last password set.
    FromProfile,
    /// Through a reset link: also unlocks the account.
    Reset,
    /// The first password of an account made on the command line.
    Setup,
}

/// Most devices an account may hold, pending ones included.
pub const MAX_DEVICES: usize = 10;
/// "one of the last six" passwords: the current one and five before it.
pub const PASSWORD_HISTORY: usize = 5;
/// One change a day: the minimum age of any password
/// before a change from the profile.
pub const MIN_PASSWORD_AGE_SECS: u64 = 24 * 3600;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("validation failed")]
    Invalid(FieldErrors),
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("account locked")]
    Locked,
    /// No login for the inactivity period (only said after a right password).
    #[error("account inactive")]
    Inactive,
    /// Login is closed for maintenance until `until` (the help desk may still log in).
    #[error("maintenance")]
    Maintenance { until: u64, now: u64 },
    /// The application is closed (its weekly window or an outage) until `until`;
    /// Umbral is not.
    #[error("application maintenance")]
    ApplicationMaintenance { until: u64, now: u64 },
    /// The device's channel is out of service until `until` (a scheduled outage).
    #[error("channel unavailable")]
    ChannelUnavailable { until: u64, now: u64 },
    #[error("login expired")]
    ChallengeExpired,
    #[error("not the step this login is at")]
    WrongStep,
    #[error("invalid passcode")]
    InvalidPasscode,
    #[error("not logged in")]
    Unauthenticated,
    #[error("session expired")]
    SessionExpired,
    #[error("a recent login is needed")]
    ReauthRequired,
    #[error("no such device")]
    NotFound,
    #[error("the last device cannot be removed")]
    LastDevice,
    #[error("too many devices")]
    TooManyDevices,
    /// Over a throttle: try again after this many seconds.
    #[error("too many requests")]
    TooMany(u64),
    /// The hashing queue is full.
    #[error("busy")]
    Busy,
    #[error("link used or expired")]
    LinkInvalid,
    #[error("delivery failed")]
    Delivery,
    /// `--public-url` names no site a browser accepts as a WebAuthn relying party.
    #[error("passkeys unavailable")]
    PasskeysOff,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<SendFailed> for AuthError {
    fn from(e: SendFailed) -> AuthError {
        match e {
            SendFailed::Delivery => AuthError::Delivery,
            SendFailed::Throttled(RetryAfter(s)) => AuthError::TooMany(s),
        }
    }
}

impl From<Busy> for AuthError {
    fn from(_: Busy) -> AuthError {
        AuthError::Busy
    }
}

fn field(name: &str, code: &str) -> AuthError {
    AuthError::Invalid([(name.to_string(), vec![code.to_string()])].into())
}

pub(crate) fn invalid(e: FieldErrors) -> Result<(), AuthError> {
    if e.is_empty() {
        Ok(())
    } else {
        Err(AuthError::Invalid(e))
    }
}

/// One attempt at a secret, reserved before it is checked (see `login::reserve`): it
/// is either given back (`refund`) or counted (`failed`).
#[must_use]
pub(crate) struct Attempt {
    key: String,
    client: String,
    /// The last try this client has at this user ID before its lock.
    last: bool,
    /// The browser completed a login for this account before (a device cookie): its
    /// tries are its own, and the account-wide count and lock do not apply to it.
    known: bool,
    /// The account as the reservation left it (None for a user ID nobody has): the
    /// password step reads it from here rather than again from the store.
    account: Option<Account>,
}

/// What completed a login after the password.
pub(crate) enum SecondFactor<'a> {
    /// A passcode of this device (or its verification at the first enrolment).
    Device(&'a str),
    /// A recovery code, by its keyed hash: used up as the session opens.
    RecoveryCode(String),
}

/// A logged-in request: which session and whose account.
pub struct Authenticated {
    pub session_key: String,
    pub session: Session,
    pub account: Account,
}

pub(crate) enum CodeCheck {
    Ok,
    Wrong,
    Dead,
}

impl CodeCheck {
    fn field_error(self) -> AuthError {
        match self {
            CodeCheck::Dead => field("code", "expired"),
            _ => field("code", "incorrect"),
        }
    }
}

pub(crate) fn check_sent(
    keys: &secrets::Keys,
    sent: &mut Option<SentCode>,
    target: &str,
    code: &str,
    now: u64,
) -> CodeCheck {
    let Some(s) = sent else {
        return CodeCheck::Dead;
    };
    if s.target != target {
        // A code sent to device A does not work for device B.
        return CodeCheck::Wrong;
    }
    if s.expires_at < now || s.tries_left == 0 {
        *sent = None;
        return CodeCheck::Dead;
    }
    if keys.verify_mac(&format!("{target}:{code}"), &s.hash) {
        *sent = None;
        CodeCheck::Ok
    } else {
        s.tries_left -= 1;
        if s.tries_left == 0 {
            *sent = None;
        }
        CodeCheck::Wrong
    }
}

impl crate::domain::Umbral {
    /// Applies `f` to the stored account `key` in one flushed write: the account before
    /// and after, or `None` when there is no such account.
    pub(crate) async fn change_account(
        &self,
        key: &str,
        f: impl Fn(&mut Account) + Send + Sync,
    ) -> Result<Option<(Account, Account)>, StoreError> {
        use crate::store::{Change, Durability, Store, Table};
        self.store
            .update::<Account, Option<(Account, Account)>, _>(
                Table::Accounts,
                key,
                Durability::Flushed,
                |acc| match acc {
                    None => (Change::Keep, None),
                    Some(before) => {
                        let mut after = before.clone();
                        f(&mut after);
                        (Change::Put(after.clone()), Some((before, after)))
                    }
                },
            )
            .await
    }
}

/// For tests: `a` signed in with a session whose login (password and passcode) was at
/// `auth_at`.
#[cfg(test)]
pub fn signed_in(a: &crate::store::Account, auth_at: u64) -> Authenticated {
    Authenticated {
        session_key: "s".into(),
        session: Session {
            account: a.key(),
            created_at: auth_at,
            last_seen: auth_at,
            auth_at,
            expires_at: auth_at + 1800,
            generation: a.session_generation,
            mfa: None,
            recovered: false,
        },
        account: a.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_work_once_for_their_target_only() {
        let keys = secrets::Keys::from_bytes(&[1u8; 64]);
        let mk = || {
            Some(SentCode {
                target: "dev-a".into(),
                hash: keys.mac("dev-a:123456"),
                expires_at: 100,
                tries_left: 5,
            })
        };
        let mut s = mk();
        assert!(matches!(
            check_sent(&keys, &mut s, "dev-b", "123456", 50),
            CodeCheck::Wrong
        ));
        assert!(matches!(
            check_sent(&keys, &mut s, "dev-a", "123456", 50),
            CodeCheck::Ok
        ));
        assert!(matches!(
            check_sent(&keys, &mut s, "dev-a", "123456", 50),
            CodeCheck::Dead
        ));
        let mut s = mk();
        assert!(matches!(
            check_sent(&keys, &mut s, "dev-a", "123456", 101),
            CodeCheck::Dead
        ));
        let mut s = mk();
        for _ in 0..5 {
            assert!(matches!(
                check_sent(&keys, &mut s, "dev-a", "000000", 50),
                CodeCheck::Wrong
            ));
        }
        assert!(matches!(
            check_sent(&keys, &mut s, "dev-a", "123456", 50),
            CodeCheck::Dead
        ));
    }
}
