//! User ID rules. Source `002_…` (SPOT approver instructions, registration step 4), in
//! our words: 6 to 74 characters; an `@` only when the whole ID is an email address;
//! no special character first or last, none next to another; never nine digits in a
//! row (which would include a Social Security number).
//!
//! The specials allowed are `.` `-` `_` `@` (ARCHITECTURE.md section 2). Uniqueness
//! without regard to case needs the store and is checked by the server.
use super::{failing, to_result, RuleCode};
use serde::{Deserialize, Serialize};

pub const MIN_LEN: usize = 6;
pub const MAX_LEN: usize = 74;
const SPECIALS: &[char] = &['.', '-', '_', '@'];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserIdRule {
    TooShort,
    TooLong,
    InvalidCharacter,
    AtSignNotEmail,
    SpecialAtEdge,
    ConsecutiveSpecials,
    NineDigits,
}

impl UserIdRule {
    /// Every rule, in the order the SPA lists them under the field.
    pub const ALL: [UserIdRule; 7] = [
        UserIdRule::TooShort,
        UserIdRule::TooLong,
        UserIdRule::InvalidCharacter,
        UserIdRule::AtSignNotEmail,
        UserIdRule::SpecialAtEdge,
        UserIdRule::ConsecutiveSpecials,
        UserIdRule::NineDigits,
    ];
}

impl RuleCode for UserIdRule {
    fn code(self) -> &'static str {
        match self {
            UserIdRule::TooShort => "too_short",
            UserIdRule::TooLong => "too_long",
            UserIdRule::InvalidCharacter => "invalid_character",
            UserIdRule::AtSignNotEmail => "at_sign_not_email",
            UserIdRule::SpecialAtEdge => "special_at_edge",
            UserIdRule::ConsecutiveSpecials => "consecutive_specials",
            UserIdRule::NineDigits => "nine_digits",
        }
    }
}

fn is_special(c: char) -> bool {
    SPECIALS.contains(&c)
}

/// True when `s` has a run of nine or more digits, or an SSN written in its three
/// groups `123-45-6789` with any separators a user ID allows (`123.45.6789`,
/// `123_45_6789`, `123-45.6789`): the source refuses "your SSN", however punctuated.
pub fn has_ssn_or_nine_digits(s: &str) -> bool {
    let b = s.as_bytes();
    let mut run = 0;
    for &c in b {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        if run >= 9 {
            return true;
        }
    }
    let sep = |c: u8| matches!(c, b'-' | b' ' | b'.' | b'_');
    b.windows(11).any(|w| {
        w.iter().enumerate().all(|(i, c)| match i {
            3 | 6 => sep(*c),
            _ => c.is_ascii_digit(),
        })
    })
}

/// Checks a user ID against every rule and returns all that fail.
pub fn validate(id: &str) -> Result<(), Vec<UserIdRule>> {
    let len = id.chars().count();
    let chars: Vec<char> = id.chars().collect();
    let valid_chars = chars
        .iter()
        .all(|c| c.is_ascii_alphanumeric() || is_special(*c));
    let at_ok = !id.contains('@') || crate::validate::contact::is_email(id);
    let edge_ok = match (chars.first(), chars.last()) {
        (Some(f), Some(l)) => !is_special(*f) && !is_special(*l),
        _ => true,
    };
    let consecutive_ok = !chars
        .windows(2)
        .any(|w| is_special(w[0]) && is_special(w[1]));
    to_result(failing(&[
        (UserIdRule::TooShort, len >= MIN_LEN),
        (UserIdRule::TooLong, len <= MAX_LEN),
        (UserIdRule::InvalidCharacter, valid_chars),
        (UserIdRule::AtSignNotEmail, at_ok),
        (UserIdRule::SpecialAtEdge, edge_ok),
        (UserIdRule::ConsecutiveSpecials, consecutive_ok),
        (UserIdRule::NineDigits, !has_ssn_or_nine_digits(id)),
    ]))
}

/// The key under which user IDs are unique: ASCII case folded.
pub fn canonical(id: &str) -> String {
    id.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::UserIdRule::*;
    use super::*;
    use proptest::prelude::*;

    fn errs(s: &str) -> Vec<UserIdRule> {
        validate(s).err().unwrap_or_default()
    }

    #[test]
    fn accepts_good_ids() {
        for ok in [
            "jdoe01",
            "j.doe@abc.com",
            "Mary_Beth-99",
            &"a".repeat(74),
            "12345678x9",
        ] {
            assert_eq!(validate(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn each_rule_fires() {
        assert_eq!(errs("abc"), vec![TooShort]);
        assert_eq!(errs(&"a".repeat(75)), vec![TooLong]);
        assert_eq!(errs("jdoe 01"), vec![InvalidCharacter]);
        assert_eq!(errs("jdoé001"), vec![InvalidCharacter]);
        assert_eq!(errs("jdoe@abc"), vec![AtSignNotEmail]);
        assert_eq!(errs("a@b@c.com"), vec![AtSignNotEmail]);
        assert_eq!(errs(".jdoe01"), vec![SpecialAtEdge]);
        assert_eq!(errs("jdoe01_"), vec![SpecialAtEdge]);
        assert_eq!(errs("j..doe01"), vec![ConsecutiveSpecials]);
        assert_eq!(errs("j._doe01"), vec![ConsecutiveSpecials]);
        assert_eq!(errs("x123456789"), vec![NineDigits]);
        assert_eq!(errs("me123-45-6789"), vec![NineDigits]);
        assert_eq!(errs("123.45.6789x"), vec![NineDigits]);
        assert_eq!(errs("x123_45_6789"), vec![NineDigits]);
        assert_eq!(errs("me123-45.6789"), vec![NineDigits]);
        // Not an SSN's groups: allowed.
        assert_eq!(validate("me12.345.6789"), Ok(()));
    }

    #[test]
    fn reports_every_rule_at_once() {
        assert_eq!(
            errs("_@"),
            vec![TooShort, AtSignNotEmail, SpecialAtEdge, ConsecutiveSpecials]
        );
    }

    #[test]
    fn canonical_folds_case() {
        assert_eq!(canonical("JDoe01"), canonical("jdoe01"));
    }

    proptest! {
        // Every code returned is justified by the input: each rule is re-checked independently.
        #[test]
        fn every_code_is_justified(s in "[a-zA-Z0-9._@ -]{0,80}") {
            for rule in errs(&s) {
                let n = s.chars().count();
                let justified = match rule {
                    TooShort => n < 6,
                    TooLong => n > 74,
                    InvalidCharacter => s.chars().any(|c| !(c.is_ascii_alphanumeric() || ".-_@".contains(c))),
                    AtSignNotEmail => s.contains('@'),
                    SpecialAtEdge => s.starts_with(['.', '-', '_', '@']) || s.ends_with(['.', '-', '_', '@']),
                    ConsecutiveSpecials => s.chars().collect::<Vec<_>>().windows(2).any(|w| ".-_@".contains(w[0]) && ".-_@".contains(w[1])),
                    NineDigits => s.chars().filter(|c| c.is_ascii_digit()).count() >= 9,
                };
                prop_assert!(justified, "{:?} for {:?}", rule, s);
            }
        }

        #[test]
        fn plain_alphanumerics_in_range_pass(s in "[a-zA-Z]{6,74}") {
            prop_assert_eq!(validate(&s), Ok(()));
        }
    }
}
