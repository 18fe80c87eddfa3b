//! Personal details, registration step 1 (source `002_…`): first and last name, date of
//! birth and email address, with an optional middle name. Names are letters, spaces, hyphens,
//! apostrophes and periods, up to 50 characters.
use super::contact::FieldRule;
use crate::date::Date;

pub const NAME_MAX: usize = 50;
pub const MIN_AGE: i32 = 18;
pub const MAX_AGE: i32 = 120;

fn name_ok(t: &str) -> bool {
    t.chars().count() <= NAME_MAX
        && t.chars().any(char::is_alphabetic)
        && t.chars().all(|c| c.is_alphabetic() || " -'.".contains(c))
}

pub fn name(s: &str) -> Result<(), FieldRule> {
    let t = s.trim();
    if t.is_empty() {
        Err(FieldRule::Required)
    } else if name_ok(t) {
        Ok(())
    } else {
        Err(FieldRule::Invalid)
    }
}

pub fn optional_name(s: &str) -> Result<(), FieldRule> {
    if s.trim().is_empty() {
        Ok(())
    } else {
        name(s)
    }
}

/// A date of birth `YYYY-MM-DD`, not in the future, aged 18 to 120 on `today`.
pub fn date_of_birth(s: &str, today: Date) -> Result<(), FieldRule> {
    let t = s.trim();
    if t.is_empty() {
        return Err(FieldRule::Required);
    }
    let d = Date::parse(t).ok_or(FieldRule::Invalid)?;
    if d > today {
        return Err(FieldRule::InFuture);
    }
    let age = d.years_until(today);
    if age < MIN_AGE {
        Err(FieldRule::TooYoung)
    } else if age > MAX_AGE {
        Err(FieldRule::TooOld)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_birth() {
        let today = Date::new(2026, 11, 22).unwrap();
        assert_eq!(date_of_birth("1980-01-31", today), Ok(()));
        assert_eq!(date_of_birth("2008-11-22", today), Ok(()));
        assert_eq!(date_of_birth("2008-11-23", today), Err(FieldRule::TooYoung));
        assert_eq!(date_of_birth("2026-11-23", today), Err(FieldRule::InFuture));
        assert_eq!(date_of_birth("1905-01-01", today), Err(FieldRule::TooOld));
        assert_eq!(date_of_birth("1980-02-30", today), Err(FieldRule::Invalid));
        assert_eq!(date_of_birth(" ", today), Err(FieldRule::Required));
    }

    #[test]
    fn names() {
        assert_eq!(name("Mary Beth"), Ok(()));
        assert_eq!(name("O'Neil-Núñez"), Ok(()));
        assert_eq!(name(""), Err(FieldRule::Required));
        assert_eq!(name("R2D2"), Err(FieldRule::Invalid));
        assert_eq!(optional_name(""), Ok(()));
    }
}
