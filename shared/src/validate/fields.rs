//! Collecting rule violations per field: the `FieldErrors` map every API request type
//! answers with, filled from the rule sets of `validate`.
use super::contact::FieldRule;
use super::RuleCode;
use crate::api::error::FieldErrors;

/// Records the one rule `field` breaks, if any.
pub fn put(errs: &mut FieldErrors, field: &str, r: Result<(), FieldRule>) {
    if let Err(rule) = r {
        errs.insert(field.to_string(), vec![rule.code().to_string()]);
    }
}

/// Records every rule `field` breaks, if any.
pub fn put_all<R: RuleCode>(errs: &mut FieldErrors, field: &str, r: Result<(), Vec<R>>) {
    if let Err(rules) = r {
        errs.insert(
            field.to_string(),
            rules.into_iter().map(|r| r.code().to_string()).collect(),
        );
    }
}
