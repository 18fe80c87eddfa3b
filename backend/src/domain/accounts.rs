//! Registration: validate with the very rules the SPA runs, hash the secrets, store
//! the account in `pending_email_verification` (the email is verified at first login).
use super::hashing::Hasher;
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

pub async fn register<S: Store>(
    store: &S,
    hasher: &Hasher,
    req: RegistrationRequest,
    today: Date,
    locale: Locale,
    now_secs: u64,
) -> Result<String, RegisterError> {
    let errors = req.validate(today);
    if !errors.is_empty() {
        return Err(RegisterError::Invalid(errors));
    }
    // Cheap check first so a taken ID does not cost two argon2 hashes; the
    // compare-and-swap in the store is what actually guarantees uniqueness.
    if store.account(&req.user_id)?.is_some() {
        return Err(RegisterError::Taken);
    }
    let password_hash = hasher.hash(req.password.clone()).await;
    let security_answer_hash = hasher.hash(normalize_answer(&req.security_answer)).await;
    let mut address = req.address.clone();
    address.line1 = trimmed(&address.line1);
    address.line2 = optional(&address.line2);
    address.city = trimmed(&address.city);
    address.zip = trimmed(&address.zip);
    let account = Account {
        user_id: req.user_id.clone(),
        first_name: trimmed(&req.first_name),
        middle_name: optional(&req.middle_name),
        last_name: trimmed(&req.last_name),
        date_of_birth: trimmed(&req.date_of_birth),
        email: trimmed(&req.email),
        address,
        phone: shared::validate::contact::phone_digits(req.phone.trim()).unwrap_or_default(),
        password_hash,
        security_question: req.security_question.clone(),
        security_answer_hash,
        status: AccountStatus::PendingEmailVerification,
        locale,
        created_at: now_secs,
        devices: vec![],
        default_device: None,
        failed_attempts: 0,
        password_history: vec![],
        password_changed_at: 0,
        last_login_at: None,
        roles: vec![],
        email_verified: false,
        session_generation: 0,
        grants: vec![],
        identity: Default::default(),
    };
    match store.create_account(&account).await {
        Ok(()) => Ok(account.user_id),
        Err(StoreError::Conflict) => Err(RegisterError::Taken),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hashing::verify_blocking;
    use crate::store::sled_store::SledStore;

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
        let store = SledStore::open(dir.path()).unwrap();
        let h = Hasher::default();
        let id = register(&store, &h, req(), TODAY, Locale::Es, 1)
            .await
            .unwrap();
        assert_eq!(id, "MJones80");
        let a = store.account("mjones80").unwrap().unwrap();
        assert_eq!(a.status, AccountStatus::PendingEmailVerification);
        assert_eq!(a.first_name, "Mary");
        assert_eq!(a.middle_name, None);
        assert_eq!(a.phone, "8135550100");
        assert!(verify_blocking("Correct-Horse-7-Battery", &a.password_hash));
        assert!(verify_blocking("rex", &a.security_answer_hash));
        let raw = serde_json::to_string(&a).unwrap();
        assert!(!raw.contains("Correct-Horse") && !raw.contains("Rex"));

        let mut again = req();
        again.user_id = "mjones80".into();
        assert!(matches!(
            register(&store, &h, again, TODAY, Locale::En, 2).await,
            Err(RegisterError::Taken)
        ));
    }

    #[tokio::test]
    async fn invalid_input_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        let mut r = req();
        r.password = "short".into();
        let Err(RegisterError::Invalid(f)) =
            register(&store, &Hasher::default(), r, TODAY, Locale::En, 1).await
        else {
            panic!("expected validation failure")
        };
        assert!(f["password"].contains(&"too_short".into()));
        assert!(store.account("mjones80").unwrap().is_none());
    }
}
