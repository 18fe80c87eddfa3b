//! The validation rules, one module per rule set. Each returns every violated
//! rule at once as a stable snake_case code; the code is also the key of the
//! localized message (`<field-kind>-<code>` in the Fluent catalogs).
pub mod contact;
pub mod fields;
pub mod organization;
pub mod password;
pub mod person;
pub mod recovery_code;
pub mod user_id;

/// A rule code: stable, snake_case, the same in JSON and in the message catalogs.
pub trait RuleCode: Copy {
    fn code(self) -> &'static str;
}

/// Runs a rule list and keeps the codes that fail.
pub(crate) fn failing<R: Copy>(checks: &[(R, bool)]) -> Vec<R> {
    checks
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(r, _)| *r)
        .collect()
}

pub(crate) fn to_result<R>(v: Vec<R>) -> Result<(), Vec<R>> {
    if v.is_empty() {
        Ok(())
    } else {
        Err(v)
    }
}
