//! Password rules. Source `002_…` (SPOT approver instructions, registration step 4),
//! in our words: 15 to 60 characters; at least one digit, one lower-case and one
//! upper-case letter; other characters optional but only from the ASCII punctuation
//! set listed in [`SPECIALS`]; not one of the last six passwords; no part of the user
//! ID and no part of the first or last name; a change at most once a day.
//!
//! "Parts" are the pieces between non-alphanumeric characters; pieces shorter than
//! three characters are ignored; comparison ignores case (the rule Active Directory
//! uses). The history and once-a-day rules need the store: the server reports them
//! as `reused` and `changed_too_recently`.
//!
//! The printed list is OWASP's set of password special characters in ASCII order,
//! typeset with curly quotes: its first `"` is the double quote and its second, between
//! `&` and `(`, stands where the apostrophe (0x27) falls in ASCII order. So the
//! apostrophe is accepted and the double quote kept; the space, the only other
//! character of OWASP's set, is not listed and stays refused.
use super::{failing, to_result, RuleCode};
use serde::{Deserialize, Serialize};

pub const MIN_LEN: usize = 15;
pub const MAX_LEN: usize = 60;
pub const SPECIALS: &str = "!\"#$%&'()*+,-./\\:;<=>?@[]^_`{|}~";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordRule {
    TooShort,
    TooLong,
    MissingDigit,
    MissingLowercase,
    MissingUppercase,
    InvalidCharacter,
    ContainsUserId,
    ContainsName,
    /// Server only: one of the previous six passwords.
    Reused,
    /// Server only: changed within the last 24 hours.
    ChangedTooRecently,
    /// Server only (the SPA asks `POST /password-checks` as the person types): a
    /// commonly used or breached password, or one too easy to guess (issue 27).
    Common,
}

impl PasswordRule {
    /// The rules the SPA lists live under the field (the server-only ones are not).
    pub const LIVE: [PasswordRule; 8] = [
        PasswordRule::TooShort,
        PasswordRule::TooLong,
        PasswordRule::MissingDigit,
        PasswordRule::MissingLowercase,
        PasswordRule::MissingUppercase,
        PasswordRule::InvalidCharacter,
        PasswordRule::ContainsUserId,
        PasswordRule::ContainsName,
    ];
}

impl RuleCode for PasswordRule {
    fn code(self) -> &'static str {
        match self {
            PasswordRule::TooShort => "too_short",
            PasswordRule::TooLong => "too_long",
            PasswordRule::MissingDigit => "missing_digit",
            PasswordRule::MissingLowercase => "missing_lowercase",
            PasswordRule::MissingUppercase => "missing_uppercase",
            PasswordRule::InvalidCharacter => "invalid_character",
            PasswordRule::ContainsUserId => "contains_user_id",
            PasswordRule::ContainsName => "contains_name",
            PasswordRule::Reused => "reused",
            PasswordRule::ChangedTooRecently => "changed_too_recently",
            PasswordRule::Common => "common",
        }
    }
}

/// What the password must not contain: the user ID and the person's names.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context<'a> {
    pub user_id: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
}

/// The pieces of `s` between non-alphanumeric characters, lower-cased, three or more long.
pub fn parts(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|p| p.chars().count() >= 3)
        .map(str::to_lowercase)
}

/// True when `password` contains `whole` or any of its parts, ignoring case.
fn contains_any_part(password_lower: &str, whole: &str) -> bool {
    let whole_lower = whole.to_lowercase();
    (whole_lower.chars().count() >= 3 && password_lower.contains(&whole_lower))
        || parts(whole).any(|p| password_lower.contains(&p))
}

/// Checks every rule that needs no stored state; returns all that fail.
pub fn validate(password: &str, ctx: Context<'_>) -> Result<(), Vec<PasswordRule>> {
    let len = password.chars().count();
    let lower = password.to_lowercase();
    to_result(failing(&[
        (PasswordRule::TooShort, len >= MIN_LEN),
        (PasswordRule::TooLong, len <= MAX_LEN),
        (
            PasswordRule::MissingDigit,
            password.chars().any(|c| c.is_ascii_digit()),
        ),
        (
            PasswordRule::MissingLowercase,
            password.chars().any(|c| c.is_ascii_lowercase()),
        ),
        (
            PasswordRule::MissingUppercase,
            password.chars().any(|c| c.is_ascii_uppercase()),
        ),
        (
            PasswordRule::InvalidCharacter,
            password
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || SPECIALS.contains(c)),
        ),
        (
            PasswordRule::ContainsUserId,
            !contains_any_part(&lower, ctx.user_id),
        ),
        (
            PasswordRule::ContainsName,
            !contains_any_part(&lower, ctx.first_name) && !contains_any_part(&lower, ctx.last_name),
        ),
    ]))
}

#[cfg(test)]
mod tests {
    use super::PasswordRule::*;
    use super::*;
    use proptest::prelude::*;

    const CTX: Context<'static> = Context {
        user_id: "mary.beth-jones",
        first_name: "Mary",
        last_name: "Jones",
    };

    fn errs(p: &str) -> Vec<PasswordRule> {
        validate(p, CTX).err().unwrap_or_default()
    }

    #[test]
    fn accepts_a_strong_password() {
        assert_eq!(validate("Correct-Horse-7-Battery", CTX), Ok(()));
        assert_eq!(
            validate("Aa1!\"#$%&'()*+,-./\\:;<=>?@[]^_`{|}~", CTX),
            Ok(())
        );
    }

    #[test]
    fn each_rule_fires() {
        assert_eq!(errs("Short1a"), vec![TooShort]);
        assert_eq!(errs(&format!("Aa1{}", "x".repeat(58))), vec![TooLong]);
        assert_eq!(errs("Correct-Horse-Battery"), vec![MissingDigit]);
        assert_eq!(errs("CORRECT-HORSE-7-BATTERY"), vec![MissingLowercase]);
        assert_eq!(errs("correct-horse-7-battery"), vec![MissingUppercase]);
        assert_eq!(errs("Correct Horse 7 Battery"), vec![InvalidCharacter]);
        assert_eq!(errs("Correct'Horse7Battery"), vec![]);
        assert_eq!(errs("Correct-Horse-7-Batteryñ"), vec![InvalidCharacter]);
        // "beth" is a part of the user ID; "mary" and "jones" are names.
        assert_eq!(errs("Correct-BETH-7-Battery"), vec![ContainsUserId]);
        assert_eq!(
            errs("Correct-Horse-7-Jonesy"),
            vec![ContainsUserId, ContainsName]
        );
    }

    #[test]
    fn short_parts_are_ignored() {
        let ctx = Context {
            user_id: "al-xy-jdoe",
            first_name: "Al",
            last_name: "Xu",
        };
        assert_eq!(validate("Correct-Al-Xu-7-Horse", ctx), Ok(()));
        assert_eq!(
            validate("Correct-JDOE-7-Horse", ctx),
            Err(vec![ContainsUserId])
        );
    }

    proptest! {
        #[test]
        fn codes_are_justified(p in "[a-zA-Z0-9!#' ]{0,70}") {
            for rule in errs(&p) {
                let l = p.to_lowercase();
                let ok = match rule {
                    TooShort => p.len() < 15,
                    TooLong => p.len() > 60,
                    MissingDigit => !p.chars().any(|c| c.is_ascii_digit()),
                    MissingLowercase => !p.chars().any(|c| c.is_ascii_lowercase()),
                    MissingUppercase => !p.chars().any(|c| c.is_ascii_uppercase()),
                    InvalidCharacter => p.contains(' '),
                    ContainsUserId => ["mary", "beth", "jones"].iter().any(|x| l.contains(x)),
                    ContainsName => ["mary", "jones"].iter().any(|x| l.contains(x)),
                    Reused | ChangedTooRecently | Common => false,
                };
                prop_assert!(ok, "{:?} for {:?}", rule, p);
            }
        }
    }
}
