//! Contact rules for registration steps 1 and 2 (email, home address, primary phone).
use serde::{Deserialize, Serialize};

/// States and territories, by USPS code, with their names in English and Spanish. The
/// source's own region is FL, PR and USVI.
pub const STATES: &[(&str, &str, &str)] = &[
    ("AL", "Alabama", "Alabama"),
    ("AK", "Alaska", "Alaska"),
    ("AS", "American Samoa", "Samoa Americana"),
    ("AZ", "Arizona", "Arizona"),
    ("AR", "Arkansas", "Arkansas"),
    ("CA", "California", "California"),
    ("CO", "Colorado", "Colorado"),
    ("CT", "Connecticut", "Connecticut"),
    ("DE", "Delaware", "Delaware"),
    ("DC", "District of Columbia", "Distrito de Columbia"),
    ("FL", "Florida", "Florida"),
    ("GA", "Georgia", "Georgia"),
    ("GU", "Guam", "Guam"),
    ("HI", "Hawaii", "Hawái"),
    ("ID", "Idaho", "Idaho"),
    ("IL", "Illinois", "Illinois"),
    ("IN", "Indiana", "Indiana"),
    ("IA", "Iowa", "Iowa"),
    ("KS", "Kansas", "Kansas"),
    ("KY", "Kentucky", "Kentucky"),
    ("LA", "Louisiana", "Luisiana"),
    ("ME", "Maine", "Maine"),
    ("MD", "Maryland", "Maryland"),
    ("MA", "Massachusetts", "Massachusetts"),
    ("MI", "Michigan", "Míchigan"),
    ("MN", "Minnesota", "Minnesota"),
    ("MS", "Mississippi", "Misisipi"),
    ("MO", "Missouri", "Misuri"),
    ("MT", "Montana", "Montana"),
    ("NE", "Nebraska", "Nebraska"),
    ("NV", "Nevada", "Nevada"),
    ("NH", "New Hampshire", "Nuevo Hampshire"),
    ("NJ", "New Jersey", "Nueva Jersey"),
    ("NM", "New Mexico", "Nuevo México"),
    ("NY", "New York", "Nueva York"),
    ("NC", "North Carolina", "Carolina del Norte"),
    ("ND", "North Dakota", "Dakota del Norte"),
    ("MP", "Northern Mariana Islands", "Islas Marianas del Norte"),
    ("OH", "Ohio", "Ohio"),
    ("OK", "Oklahoma", "Oklahoma"),
    ("OR", "Oregon", "Oregón"),
    ("PA", "Pennsylvania", "Pensilvania"),
    ("PR", "Puerto Rico", "Puerto Rico"),
    ("RI", "Rhode Island", "Rhode Island"),
    ("SC", "South Carolina", "Carolina del Sur"),
    ("SD", "South Dakota", "Dakota del Sur"),
    ("TN", "Tennessee", "Tennessee"),
    ("TX", "Texas", "Texas"),
    (
        "VI",
        "U.S. Virgin Islands",
        "Islas Vírgenes de los Estados Unidos",
    ),
    ("UT", "Utah", "Utah"),
    ("VT", "Vermont", "Vermont"),
    ("VA", "Virginia", "Virginia"),
    ("WA", "Washington", "Washington"),
    ("WV", "West Virginia", "Virginia Occidental"),
    ("WI", "Wisconsin", "Wisconsin"),
    ("WY", "Wyoming", "Wyoming"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldRule {
    Required,
    Invalid,
    InFuture,
    TooYoung,
    TooOld,
}

impl FieldRule {
    pub fn code(self) -> &'static str {
        match self {
            FieldRule::Required => "required",
            FieldRule::Invalid => "invalid",
            FieldRule::InFuture => "in_future",
            FieldRule::TooYoung => "too_young",
            FieldRule::TooOld => "too_old",
        }
    }
}

fn required_then(s: &str, ok: impl FnOnce(&str) -> bool) -> Result<(), FieldRule> {
    let t = s.trim();
    if t.is_empty() {
        Err(FieldRule::Required)
    } else if ok(t) {
        Ok(())
    } else {
        Err(FieldRule::Invalid)
    }
}

/// A practical email check: one `@`, a local part of allowed characters without
/// leading, trailing or doubled dots, and a domain of two or more dot-separated labels.
pub fn is_email(s: &str) -> bool {
    if s.len() > 254 {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    local_ok && domain_ok
}

pub fn email(s: &str) -> Result<(), FieldRule> {
    required_then(s, is_email)
}

/// The ten digits of a US phone number written with the usual separators, or None.
/// A leading country code 1 is accepted; area and exchange codes cannot start with 0 or 1.
pub fn phone_digits(s: &str) -> Option<String> {
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || " ()-.+".contains(c))
    {
        return None;
    }
    let mut d: String = s.chars().filter(char::is_ascii_digit).collect();
    if d.len() == 11 && d.starts_with('1') {
        d.remove(0);
    }
    let b = d.as_bytes();
    (b.len() == 10 && b[0] >= b'2' && b[3] >= b'2').then_some(d)
}

pub fn phone(s: &str) -> Result<(), FieldRule> {
    required_then(s, |t| phone_digits(t).is_some())
}

/// ZIP code: five digits, or ZIP+4 written `12345-6789`.
pub fn zip(s: &str) -> Result<(), FieldRule> {
    required_then(s, |t| {
        let b = t.as_bytes();
        match b.len() {
            5 => b.iter().all(u8::is_ascii_digit),
            10 => b[5] == b'-' && b[..5].iter().chain(&b[6..]).all(u8::is_ascii_digit),
            _ => false,
        }
    })
}

pub fn state(s: &str) -> Result<(), FieldRule> {
    required_then(s, |t| STATES.iter().any(|(code, _, _)| *code == t))
}

/// Free text such as an address line or city: required, at most `max` characters, no control characters.
pub fn text(s: &str, max: usize) -> Result<(), FieldRule> {
    required_then(s, |t| {
        t.chars().count() <= max && !t.chars().any(char::is_control)
    })
}

/// Optional free text: empty is fine, otherwise as [`text`].
pub fn optional_text(s: &str, max: usize) -> Result<(), FieldRule> {
    if s.trim().is_empty() {
        Ok(())
    } else {
        text(s, max)
    }
}

/// The states and territories as a picker lists them: `(code, name)` in the reader's
/// language, in that language's alphabetical order (accents ignored), so a Spanish reader
/// finds "Samoa Americana" under S and "Carolina del Norte" under C.
pub fn states_for(spanish: bool) -> Vec<(&'static str, &'static str)> {
    let mut v: Vec<_> = STATES
        .iter()
        .map(|(code, en, es)| (*code, if spanish { *es } else { *en }))
        .collect();
    v.sort_by_cached_key(|(_, name)| crate::fold::name_key(name));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_names_in_both_languages() {
        let ny = STATES.iter().find(|(c, _, _)| *c == "NY").unwrap();
        assert_eq!((ny.1, ny.2), ("New York", "Nueva York"));
        assert_eq!(STATES.len(), 56);
        assert!(STATES
            .iter()
            .all(|(_, en, es)| !en.is_empty() && !es.is_empty()));
    }

    #[test]
    fn pickers_list_states_in_the_readers_alphabetical_order() {
        let es: Vec<_> = states_for(true).into_iter().map(|(c, _)| c).collect();
        let pos = |c: &str| es.iter().position(|x| *x == c).unwrap();
        // Carolina del Norte (NC) before Nueva York (NY); Samoa Americana (AS) after Ohio.
        assert!(pos("NC") < pos("NY") && pos("OH") < pos("AS"));
        // "Míchigan" sorts as Michigan, before Minnesota.
        assert!(pos("MI") < pos("MN"));
        let en: Vec<_> = states_for(false).into_iter().map(|(c, _)| c).collect();
        assert_eq!(&en[..3], ["AL", "AK", "AS"]);
        assert!(STATES
            .iter()
            .all(|(c, en, es)| !en.contains(c) && !es.contains(c)));
    }

    #[test]
    fn emails() {
        for ok in ["j.doe@abc.com", "a+b@mail.example.org", "x@y.co"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "",
            "jdoe",
            "jdoe@abc",
            "@abc.com",
            "j..doe@abc.com",
            "j@-abc.com",
            "j@abc.c0m",
            "j doe@abc.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn phones() {
        assert_eq!(
            phone_digits("(904) 555-0123").as_deref(),
            Some("9045550123")
        );
        assert_eq!(
            phone_digits("+1 904.555.0123").as_deref(),
            Some("9045550123")
        );
        assert_eq!(phone(""), Err(FieldRule::Required));
        for bad in [
            "904555012",
            "90455501234",
            "104-555-0123",
            "904-155-0123",
            "904-555-01x3",
        ] {
            assert_eq!(phone(bad), Err(FieldRule::Invalid), "{bad}");
        }
    }

    #[test]
    fn zips_and_states() {
        assert_eq!(zip("32202"), Ok(()));
        assert_eq!(zip("32202-1234"), Ok(()));
        for bad in ["3220", "322021", "32202-123", "32202 1234", "abcde"] {
            assert_eq!(zip(bad), Err(FieldRule::Invalid), "{bad}");
        }
        for ok in ["FL", "PR", "VI"] {
            assert_eq!(state(ok), Ok(()));
        }
        assert_eq!(state("XX"), Err(FieldRule::Invalid));
    }
}
