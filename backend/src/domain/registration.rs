//! Registration: validate with the very rules the SPA runs, hash the secrets, store
//! the account in `pending_email_verification` (the email is verified at first login),
//! and audit it like every other event.
use super::Umbral;
use crate::store::{Account, AccountStatus, Store, StoreError};
use shared::api::error::FieldErrors;
use shared::api::registration::{normalize_answer, RegistrationRequest};
use shared::date::Date;
use shared::i18n::Locale;

#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    #[error("validation failed")]
    Invalid(FieldErrors),
    #[error("user ID taken")]
    Taken,
    #[error("busy")]
    Busy,
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn trimmed(s: &str) -> String {
    s.trim().to_string()
}

fn optional(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl From<crate::crypto::hashing::Busy> for RegisterError {
    fn from(_: crate::crypto::hashing::Busy) -> RegisterError {
        RegisterError::Busy
    }
}

impl Umbral {
    /// Creates the account of a registration, in `locale`, audited as `registered`.
    pub async fn register(
        &self,
        req: RegistrationRequest,
        today: Date,
        locale: Locale,
        now: u64,
    ) -> Result<String, RegisterError> {
        let errors = req.validate(today);
        if !errors.is_empty() {
            return Err(RegisterError::Invalid(errors));
        }
        // Commonly used and breached passwords (NIST SP 800-63B 3.1.1.2).
        let who = [
            req.user_id.as_str(),
            req.first_name.as_str(),
            req.last_name.as_str(),
            req.email.as_str(),
            req.date_of_birth.as_str(),
        ];
        if crate::domain::auth::is_common(&req.password, &who) {
            return Err(RegisterError::Invalid(
                [("password".to_string(), vec!["common".to_string()])].into(),
            ));
        }
        // Cheap check first so a taken ID does not cost two argon2 hashes; the
        // compare-and-swap in the store is what actually guarantees uniqueness.
        if self.store.account(&req.user_id).await?.is_some() {
            return Err(RegisterError::Taken);
        }
        let password_hash = self.hasher.hash(req.password.clone()).await?;
        let security_answer_hash = self
            .hasher
            .hash(normalize_answer(&req.security_answer))
            .await?;
        let address = req.address.trimmed();
        let account = Account {
            middle_name: optional(&req.middle_name),
            date_of_birth: trimmed(&req.date_of_birth),
            address,
            phone: shared::validate::contact::phone_digits(req.phone.trim()).unwrap_or_default(),
            password_hash,
            security_question: req.security_question.clone(),
            security_answer_hash,
            // The registration's password counts for "once per day" too.
            password_changed_at: now,
            ..Account::new(
                &req.user_id,
                &req.first_name,
                &req.last_name,
                &req.email,
                locale,
                AccountStatus::PendingEmailVerification,
                now,
            )
        };
        match self.store.create_account(&account).await {
            Ok(()) => {}
            Err(StoreError::Conflict) => return Err(RegisterError::Taken),
            Err(e) => return Err(e.into()),
        }
        self.audit(&account.key(), "registered", None, now).await?;
        tracing::debug!(user_id = %account.user_id, "account registered");
        Ok(account.user_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::hashing::verify_blocking;
    use crate::domain::testing::umbral;

    fn req() -> RegistrationRequest {
        let mut r = shared::api::registration::example();
        // Untrimmed and empty-optional input, as people type it.
        r.first_name = " Mary ".into();
        r.middle_name = Some("".into());
        r.phone = "(813) 555-0100".into();
        r.user_id = "MJones80".into();
        r.security_answer = "  Rex ".into();
        r
    }

    const TODAY: Date = Date {
        year: 2026,
        month: 11,
        day: 22,
    };

    #[tokio::test]
    async fn registers_hashes_and_refuses_case_variants() {
        let dir = tempfile::tempdir().unwrap();
        let u = umbral(dir.path());
        let id = u.register(req(), TODAY, Locale::Es, 1).await.unwrap();
        assert_eq!(id, "MJones80");
        let a = u.store.account("mjones80").await.unwrap().unwrap();
        assert_eq!(a.status, AccountStatus::PendingEmailVerification);
        assert_eq!(a.first_name, "Mary");
        assert_eq!(a.middle_name, None);
        assert_eq!(a.phone, "8135550100");
        assert!(verify_blocking("Correct-Horse-7-Battery", &a.password_hash));
        assert!(verify_blocking("rex", &a.security_answer_hash));
        let raw = serde_json::to_string(&a).unwrap();
        assert!(!raw.contains("Correct-Horse") && !raw.contains("Rex"));
        let trail = u.store.audit_trail("mjones80", 10).await.unwrap();
        assert_eq!(trail[0].event, "registered");

        let mut again = req();
        again.user_id = "mjones80".into();
        assert!(matches!(
            u.register(again, TODAY, Locale::En, 2).await,
            Err(RegisterError::Taken)
        ));
    }

    #[tokio::test]
    async fn invalid_input_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let u = umbral(dir.path());
        let mut r = req();
        r.password = "short".into();
        let Err(RegisterError::Invalid(f)) = u.register(r, TODAY, Locale::En, 1).await else {
            panic!("expected validation failure")
        };
        assert!(f["password"].contains(&"too_short".into()));
        assert!(u.store.account("mjones80").await.unwrap().is_none());
    }
}
