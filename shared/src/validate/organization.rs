//! Organisations and role requests (approver instructions step 15, end-user request
//! step 5, the new organisation form).
//!
//! - Creating an organisation asks for its TIN (or the owner's SSN), legal business
//!   name, street address, city, state or territory, ZIP code, company phone and the
//!   submitter ID the help desk sent when it approved the new organisation form. A TIN is an
//!   EIN (`12-3456789`) or an SSN (`123-45-6789`): nine digits, written with or
//!   without those dashes.
//! - An end user finds their organisation by its legal business name and its state or
//!   territory: names are compared by [`name_key`], so "ACME Clinic, Inc." is
//!   found by "acme clinic inc".
//! - The request says why it is made: required, at most [`REASON_MAX`] characters.
use super::contact::FieldRule;

pub const LEGAL_NAME_MAX: usize = 100;
pub const REASON_MAX: usize = 500;
pub const TITLE_MAX: usize = 60;

/// The nine digits of a TIN written `123456789`, `12-3456789` or `123-45-6789`.
pub fn tin_digits(s: &str) -> Option<String> {
    let t = s.trim();
    let b = t.as_bytes();
    let shaped = match b.len() {
        9 => true,
        10 => b[2] == b'-',
        11 => b[3] == b'-' && b[6] == b'-',
        _ => false,
    };
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    let all_digits_or_dash = t.chars().all(|c| c.is_ascii_digit() || c == '-');
    // Nine of one digit (000000000, 999999999) is a placeholder, not a number.
    let placeholder = digits.chars().all(|c| digits.starts_with(c));
    (shaped && all_digits_or_dash && digits.len() == 9 && !placeholder).then_some(digits)
}

pub fn tin(s: &str) -> Result<(), FieldRule> {
    if s.trim().is_empty() {
        Err(FieldRule::Required)
    } else if tin_digits(s).is_some() {
        Ok(())
    } else {
        Err(FieldRule::Invalid)
    }
}

/// `*****6789`: the last four digits, the only part shown outside the help desk.
pub fn mask_tin(digits: &str) -> String {
    let last: String = digits
        .chars()
        .skip(digits.len().saturating_sub(4))
        .collect();
    format!("*****{last}")
}

/// A legal business name: letters, digits, spaces and `& ' . , - / ( ) #`, with at
/// least one letter or digit, at most [`LEGAL_NAME_MAX`] characters.
pub fn legal_name(s: &str) -> Result<(), FieldRule> {
    let t = s.trim();
    if t.is_empty() {
        return Err(FieldRule::Required);
    }
    let ok = t.chars().count() <= LEGAL_NAME_MAX
        && t.chars().any(char::is_alphanumeric)
        && t.chars()
            .all(|c| c.is_alphanumeric() || " &'.,-/()#".contains(c));
    if ok {
        Ok(())
    } else {
        Err(FieldRule::Invalid)
    }
}

// How names are compared when searched: in `crate::fold`, which every search shares.
pub use crate::fold::{name_key, search_matches};

/// A submitter ID as the help desk issues it: `SUB-` and eight letters or digits.
pub fn submitter_id(s: &str) -> Result<(), FieldRule> {
    let t = s.trim();
    if t.is_empty() {
        return Err(FieldRule::Required);
    }
    let upper = t.to_ascii_uppercase();
    match upper.strip_prefix("SUB-") {
        Some(rest) if rest.len() == 8 && rest.chars().all(|c| c.is_ascii_alphanumeric()) => Ok(()),
        _ => Err(FieldRule::Invalid),
    }
}

/// Free text with a length limit, required (a reason, a title).
pub fn required_text(s: &str, max: usize) -> Result<(), FieldRule> {
    super::contact::text(s, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tins_are_nine_digits_as_ein_or_ssn() {
        assert_eq!(tin_digits("59-1234567").as_deref(), Some("591234567"));
        assert_eq!(tin_digits("123-45-6789").as_deref(), Some("123456789"));
        assert_eq!(tin_digits(" 591234567 ").as_deref(), Some("591234567"));
        for bad in [
            "",
            "5912345678",
            "59-123456",
            "591-234567",
            "59 1234567",
            "59-12a4567",
            "000000000",
            "11-1111111",
        ] {
            assert!(tin_digits(bad).is_none(), "{bad}");
        }
        assert_eq!(tin(""), Err(FieldRule::Required));
        assert_eq!(tin("12"), Err(FieldRule::Invalid));
        assert_eq!(mask_tin("591234567"), "*****4567");
    }

    #[test]
    fn legal_names_and_their_search_form() {
        assert_eq!(legal_name("Sunshine Family Practice, P.A."), Ok(()));
        assert_eq!(legal_name("A&B Billing (North) #2"), Ok(()));
        assert_eq!(legal_name("  "), Err(FieldRule::Required));
        assert_eq!(legal_name("<script>"), Err(FieldRule::Invalid));
        assert_eq!(legal_name(&"x".repeat(101)), Err(FieldRule::Invalid));
        assert_eq!(name_key("ACME  Clinic, Inc."), "acme clinic inc");
    }

    /// A table of names as Puerto Rican and other Spanish-speaking offices write them, and
    /// how a person on a phone keyboard searches for them.
    #[test]
    fn searches_ignore_accents_case_order_and_punctuation() {
        let found = [
            ("coqui", "Coquí Billing Services LLC"),
            ("COQUI BILLING", "Coquí Billing Services LLC"),
            ("billing coqui", "Coquí Billing Services LLC"),
            ("coquí billing services llc", "Coquí Billing Services LLC"),
            ("l.l.c.", "Coquí Billing Services LLC"),
            ("centro medico san jose", "Centro Médico San José, P.S.C."),
            ("psc", "Centro Médico San José, P.S.C."),
            ("jose medico", "Centro Médico San José, P.S.C."),
            ("nino", "Clínica Pediátrica del Niño"),
            ("pediatrica niño", "Clínica Pediátrica del Niño"),
            ("farmacia muñoz", "Farmacia Muñoz & Hijos"),
            ("munoz hijos", "Farmacia Muñoz & Hijos"),
            ("oneill", "O'Neill Family Practice"),
            ("o'neill", "O\u{2019}Neill Family Practice"),
            ("laboratorio clinico", "LABORATORIO CLÍNICO BORINQUEÑO"),
            ("borinqueno", "LABORATORIO CLÍNICO BORINQUEÑO"),
            ("ponce salud", "Salud Integral de Ponce, Inc."),
            ("sunshine, pa", "Sunshine Family Practice, P.A."),
        ];
        for (q, name) in found {
            assert!(search_matches(q, name), "{q:?} should find {name:?}");
        }
        let not_found = [
            ("coquis", "Coquí Billing Services LLC"),
            ("caguas", "Centro Médico San José, P.S.C."),
            ("", "Coquí Billing Services LLC"),
            ("  ,. ", "Coquí Billing Services LLC"),
            ("pediatrica adultos", "Clínica Pediátrica del Niño"),
        ];
        for (q, name) in not_found {
            assert!(!search_matches(q, name), "{q:?} should not find {name:?}");
        }
        assert_eq!(
            name_key("Clínica Pediátrica del Niño"),
            "clinica pediatrica del nino"
        );
        assert_eq!(
            name_key("Centro Médico San José, P.S.C."),
            "centro medico san jose psc"
        );
        // A key is its own key: an index entry compares alike with a fresh query.
        for (_, name) in found {
            assert_eq!(name_key(&name_key(name)), name_key(name));
        }
    }

    #[test]
    fn submitter_ids() {
        assert_eq!(submitter_id("SUB-7K2Q9XJ4"), Ok(()));
        assert_eq!(submitter_id("sub-7k2q9xj4"), Ok(()));
        assert_eq!(submitter_id(""), Err(FieldRule::Required));
        assert_eq!(submitter_id("SUB-123"), Err(FieldRule::Invalid));
        assert_eq!(submitter_id("XYZ-7K2Q9XJ4"), Err(FieldRule::Invalid));
    }
}
