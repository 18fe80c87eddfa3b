//! Recovery codes: ten single-use look-up secrets (NIST SP 800-63B 5.1.2) that stand in
//! for a device's passcode when every device is lost (issue 27).
//!
//! - A set is made from the profile within the reauthentication window (or right after
//!   the first device's enrolment, which is a fresh login), shown once, and kept only as
//!   keyed hashes (`Keys::mac` over the account, the set's instant and the code), so
//!   neither a database copy nor the audit log holds a code. A new set replaces the old.
//! - At the passcode step a code replaces the passcode, never the password: the sources'
//!   "password, then a second factor, at every login" stands. A wrong code counts toward
//!   the lock like a wrong passcode; a right one is removed in the write that opens the
//!   session (so it works once), audited, and the owner is emailed with the count left.
//! - The session remembers it was opened so (`Session::recovered`): the SPA takes the
//!   person to their devices to add or replace one.
use super::*;
use crate::domain::Umbral;
use crate::store::RecoveryCodeSet;
use shared::api::auth::*;
use shared::validate::recovery_code;

impl Umbral {
    fn recovery_code_hash(&self, account: &str, set_at: u64, code: &str) -> String {
        self.keys.mac(&format!("rc:{account}:{set_at}:{code}"))
    }

    /// `POST /me/recovery-codes`: a new set of ten, replacing any earlier set.
    pub async fn make_recovery_codes(
        &self,
        auth: &Authenticated,
        now: u64,
    ) -> Result<RecoveryCodes, AuthError> {
        self.require_recent_login(auth, now)?;
        let key = auth.account.key();
        let codes: Vec<String> = (0..recovery_code::SET_SIZE)
            .map(|_| {
                let mut b = [0u8; recovery_code::LEN];
                rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut b);
                recovery_code::from_random(b)
            })
            .collect();
        let set = RecoveryCodeSet {
            created_at: now,
            unused: codes
                .iter()
                .map(|c| self.recovery_code_hash(&key, now, c))
                .collect(),
        };
        let replaced = self
            .change_account(&key, |a| a.recovery_codes = Some(set.clone()))
            .await?
            .map(|(before, _)| before.recovery_codes.is_some())
            .ok_or(AuthError::Unauthenticated)?;
        self.audit(
            &key,
            "recovery_codes_created",
            replaced.then(|| "replaced".to_string()),
            now,
        )
        .await?;
        self.notify(&auth.account, "msg-recovery-codes-made", &[])
            .await?;
        Ok(RecoveryCodes {
            codes: codes.iter().map(|c| recovery_code::display(c)).collect(),
            created_at: now,
        })
    }

    /// The passcode step with a recovery code: the session opens and the code is spent.
    pub async fn recovery_code_login(
        &self,
        token: &str,
        input: RecoveryCodeInput,
        now: u64,
    ) -> Result<(String, Profile), AuthError> {
        invalid(input.validate())?;
        let code = recovery_code::normalize(&input.code).ok_or_else(|| field("code", "invalid"))?;
        let (ck, c, a) = self.challenge(token, now).await?;
        if Self::next_step(&a, &c) != Next::Passcode {
            return Err(AuthError::WrongStep);
        }
        let key = a.key();
        let attempt = self.reserve(&key, now).await?;
        let hash = a
            .recovery_codes
            .as_ref()
            .map(|set| (self.recovery_code_hash(&key, set.created_at, &code), set))
            .filter(|(h, set)| set.unused.contains(h))
            .map(|(h, _)| h);
        let Some(hash) = hash else {
            self.failed(attempt, "recovery_code_failed", now).await?;
            return Err(AuthError::InvalidPasscode);
        };
        let opened = self
            .finish_login(&ck, &key, SecondFactor::RecoveryCode(hash), now)
            .await?;
        let left = opened.1.recovery_codes_left;
        self.audit(&key, "recovery_code_used", Some(left.to_string()), now)
            .await?;
        // The owner hears of it at once: a code used by someone else is the moment to
        // change the password and make a new set.
        self.notify(&a, "msg-recovery-code-used", &[("left", left.to_string())])
            .await?;
        Ok(opened)
    }
}
