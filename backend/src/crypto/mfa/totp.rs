//! Authenticator-app passcodes, RFC 6238: SHA-1, 6 digits, 30-second steps, one step
//! of clock drift either side (ARCHITECTURE.md section 4); the MFA FAQ (`000_…`) gives
//! the same six digits and thirty seconds.
//!
//! totp-rs computes codes but keeps no record of what was accepted, so a code could be
//! replayed within its window. [`Totp::matching_step`] says which time step a code
//! belongs to; the caller must then record that step with the store's atomic
//! [`crate::store::Store::accept_totp_step`], which accepts each step once and never an
//! older one, and only then let the user in.
use totp_rs::{Algorithm, TOTP};

pub const DIGITS: usize = 6;
pub const STEP_SECS: u64 = 30;
/// Steps of drift tolerated either side of the server's clock.
pub const DRIFT_STEPS: u64 = 1;

pub struct Totp {
    inner: TOTP,
}

#[derive(Debug, thiserror::Error)]
#[error("a TOTP secret must be at least 128 bits")]
pub struct WeakSecret;

impl Totp {
    /// A verifier for `secret` (at least 16 bytes; enrolment makes 20 random bytes).
    pub fn new(secret: Vec<u8>) -> Result<Totp, WeakSecret> {
        TOTP::new(Algorithm::SHA1, DIGITS, 0, STEP_SECS, secret)
            .map(|inner| Totp { inner })
            .map_err(|_| WeakSecret)
    }

    /// The code for the step containing `unix_secs`.
    pub fn code_at(&self, unix_secs: u64) -> String {
        self.inner.generate(unix_secs)
    }

    /// The time step (`unix_secs / 30`) whose code equals `code`, looking one step
    /// either side of `now`, compared in constant time; None when no step matches.
    pub fn matching_step(&self, code: &str, now: u64) -> Option<u64> {
        let code = code.trim();
        if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let current = now / STEP_SECS;
        let mut found = None;
        // Check every candidate, whatever matches, so timing does not say which step did.
        for step in current.saturating_sub(DRIFT_STEPS)..=current + DRIFT_STEPS {
            let expected = self.inner.generate(step * STEP_SECS);
            if constant_time_eq(expected.as_bytes(), code.as_bytes()) && found.is_none() {
                found = Some(step);
            }
        }
        found
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    /// RFC 6238 appendix B, SHA-1 column (8 digits).
    #[test]
    fn rfc6238_test_vectors() {
        let t = TOTP::new(Algorithm::SHA1, 8, 0, 30, RFC_SECRET.to_vec()).unwrap();
        for (time, code) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(t.generate(time), code, "t = {time}");
        }
    }

    #[test]
    fn six_digit_codes_are_the_low_digits_of_the_rfc_values() {
        let t = Totp::new(RFC_SECRET.to_vec()).unwrap();
        assert_eq!(t.code_at(59), "287082");
        assert_eq!(t.code_at(1_111_111_109), "081804");
    }

    #[test]
    fn one_step_of_drift_is_tolerated_two_are_not() {
        let t = Totp::new(RFC_SECRET.to_vec()).unwrap();
        let now = 1_700_000_000;
        let step = now / 30;
        assert_eq!(t.matching_step(&t.code_at(now), now), Some(step));
        assert_eq!(t.matching_step(&t.code_at(now - 30), now), Some(step - 1));
        assert_eq!(t.matching_step(&t.code_at(now + 30), now), Some(step + 1));
        let two_back = t.code_at(now - 60);
        let two_ahead = t.code_at(now + 60);
        // (A code can repeat across steps by chance; these do not for this secret and time.)
        assert_eq!(t.matching_step(&two_back, now), None);
        assert_eq!(t.matching_step(&two_ahead, now), None);
    }

    #[test]
    fn malformed_codes_never_match() {
        let t = Totp::new(RFC_SECRET.to_vec()).unwrap();
        for bad in ["", "12345", "1234567", "12a456", "２８７０８２"] {
            assert_eq!(t.matching_step(bad, 59), None, "{bad}");
        }
    }

    #[test]
    fn short_secrets_are_refused() {
        assert!(Totp::new(vec![1; 15]).is_err());
        assert!(Totp::new(vec![1; 20]).is_ok());
    }
}
