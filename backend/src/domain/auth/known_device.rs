//! Device cookies (OWASP, "Slow down online guessing attacks with device cookies"): a
//! browser that completed a login for an account carries a cookie that says so, signed
//! with the server key and bound to the account. Security review 3, G2: with the lock
//! counted per client address and a lock for everyone at the account-wide ceiling,
//! twenty addresses (or one address and time) locked any account for its owner too.
//!
//! - A known browser's failures are counted under its own key (`device:<nonce>`), so the
//!   locks of addresses it shares with an attacker never apply to it, and it has the
//!   same small budget (`--lockout-threshold`) of its own.
//! - The account-wide count and its lock (`--hard-lockout-threshold`) apply to unknown
//!   browsers only: a distributed attack stops every stranger, the owner's own browser
//!   still gets in with the password and a passcode. From a new browser the owner
//!   unlocks with the emailed link and the security answer, as before.
//! - The cookie proves only that this browser once finished a login for the account: it
//!   replaces no factor. Password and passcode are still asked every time.
use crate::crypto::secrets;
use crate::domain::{notify, Umbral};

/// The cookie names' prefix; the rest names the account without revealing it.
pub const COOKIE_PREFIX: &str = "__Host-umbral_dev_";
/// The prefix over plain http (`--insecure-http`), where `__Host-` cookies are refused.
pub const PLAIN_COOKIE_PREFIX: &str = "umbral_dev_";

/// The device cookies' prefix for a server that is (or is not) on plain http.
pub fn cookie_prefix(insecure_http: bool) -> &'static str {
    if insecure_http {
        PLAIN_COOKIE_PREFIX
    } else {
        COOKIE_PREFIX
    }
}
/// How long a device cookie is kept: six months after the last complete login.
pub const MAX_AGE_SECS: u64 = 180 * 24 * 3600;
/// At most this many device cookies of one request are looked at.
pub const MAX_COOKIES: usize = 16;

impl Umbral {
    /// The name of the device cookie of the account `key`.
    pub fn device_cookie_name(&self, key: &str) -> String {
        format!(
            "{}{}",
            cookie_prefix(self.policy.insecure_http),
            &self.keys.mac(&format!("device-name:{key}"))[..16]
        )
    }

    /// A fresh device cookie's value for the account `key`: a random nonce and its
    /// keyed MAC bound to the account.
    pub fn device_token(&self, key: &str) -> String {
        let nonce = secrets::id();
        format!(
            "{nonce}.{}",
            self.keys.mac(&format!("device:{key}:{nonce}"))
        )
    }

    /// The nonce of a device cookie of the request being served that is good for the
    /// account `key`, if any.
    pub(crate) fn known_device(&self, key: &str) -> Option<String> {
        notify::device_tokens()
            .iter()
            .take(MAX_COOKIES)
            .find_map(|t| {
                let (nonce, mac) = t.split_once('.')?;
                (nonce.len() == 16
                    && nonce.bytes().all(|b| b.is_ascii_hexdigit())
                    && self.keys.verify_mac(&format!("device:{key}:{nonce}"), mac))
                .then(|| nonce.to_string())
            })
    }
}
